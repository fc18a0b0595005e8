#!/usr/bin/env bash
# Packaging end to end, as a user installs salesgrade:
#   1. npm pack → npm install -g ./salesgrade-*.tgz into a clean temporary prefix → --version, check rules/,
#      evaluate the shipped sample;
#   2. npm install git+file://<path of a git clone> (a git dependency, like github:owner/salesgrade; no dist/
#      in the clone: npm installs its dev dependencies and `prepare` builds it) → npx salesgrade --version.
#   (A plain folder path is a symlink by npm's rules: that folder needs its own `npm install` first.)
# Prints `pack: N passed, N failed` last; exit 1 on any failure.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
passed=0 failed=0
step() { # name, command...
  local name="$1"; shift
  if out="$("$@" 2>&1)"; then passed=$((passed + 1)); echo "ok   $name";
  else failed=$((failed + 1)); echo "FAIL $name"; printf '%s\n' "$out" | tail -20 | sed 's/^/     /'; fi
}
expect_version() { local v; v="$("$@")" && [ "$v" = "$(node -p "require('$root/package.json').version")" ]; }

# 1. The tarball, from a clean clone of the committed tree (what a release would pack).
git clone -q "$root" "$tmp/clone" || { echo "pack: 0 passed, 1 failed"; exit 1; }
step "npm pack (prepack builds dist/)" bash -c "cd '$tmp/clone' && npm ci --ignore-scripts --prefer-offline >/dev/null && npm pack --pack-destination '$tmp' >/dev/null"
tgz="$(ls "$tmp"/salesgrade-*.tgz 2>/dev/null | head -1)"
step "tarball ships dist/, bin/, rules/, schema/" bash -c "tar -tzf '$tgz' | grep -q '^package/dist/cli/main.js$' && tar -tzf '$tgz' | grep -q '^package/bin/salesgrade.js$' && tar -tzf '$tgz' | grep -q '^package/rules/' && tar -tzf '$tgz' | grep -q '^package/schema/rubric.schema.json$' && ! tar -tzf '$tgz' | grep -q '^package/src/'"
step "npm install -g ./salesgrade-*.tgz (clean prefix)" npm install -g --prefix "$tmp/prefix" --prefer-offline "$tgz"
step "salesgrade --version" expect_version "$tmp/prefix/bin/salesgrade" --version
step "salesgrade check rules/" bash -c "cd '$tmp' && '$tmp/prefix/bin/salesgrade' check '$root/rules'"
step "salesgrade evaluate (shipped sample, JSON)" bash -c "cd '$tmp' && '$tmp/prefix/bin/salesgrade' evaluate '$root/samples/inside-sales-2026.csv' -r '$root/samples/inside-sales.yaml' -f json -q | node -e 'let s=\"\";process.stdin.on(\"data\",d=>s+=d).on(\"end\",()=>{const j=JSON.parse(s);if(!j.reps||j.reps.length<1)process.exit(1)})'"

# 2. A git dependency on the clone: no dist/ there, `prepare` builds it.
mkdir -p "$tmp/app" && (cd "$tmp/app" && npm init -y >/dev/null)
step "npm install git+file://<git-clone-path>" bash -c "cd '$tmp/app' && npm install --prefer-offline 'git+file://$tmp/clone'"
step "npx salesgrade --version (git-clone dependency)" expect_version bash -c "cd '$tmp/app' && npx --no-install salesgrade --version"
step "npx salesgrade init: \$schema is the installed package's schema, and it exists" bash -c "cd '$tmp/app' && npx --no-install salesgrade init -q && head -1 salesgrade.yaml | grep -qx '# yaml-language-server: \$schema=./node_modules/salesgrade/schema/rubric.schema.json' && test -s node_modules/salesgrade/schema/rubric.schema.json && ! test -e rubric.schema.json"

echo "pack: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
