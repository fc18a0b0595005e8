#!/usr/bin/env bash
# npm run check:workbook — does a real spreadsheet program open the workbook salesgrade writes?
#
# Builds salesgrade, writes the evaluation workbook for the shipped samples (zh-CN and en; or the
# test fixture when samples/ is missing), opens each in LibreOffice headless and converts it to PDF,
# one page per sheet, and fails when a conversion fails. Then renders the en Scorecard page to
# docs/images/scorecard.png for the README (with pdftoppm, or the `mupdf` npm package if found:
# MUPDF_MODULE=/path/to/node_modules/mupdf/dist/mupdf.js when it lives outside this project).
#
# Needs LibreOffice Calc:   apt-get install libreoffice-calc-nogui
# For the picture:          apt-get install poppler-utils           (pdftoppm)
# For Chinese text in PDFs: apt-get install fonts-noto-cjk          (else CJK shows as boxes)
#
# Options: --no-build (use dist/ as it is), --keep (keep the temp folder), --no-image.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

build=1 keep=0 image=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    --no-image) image=0 ;;
    *) echo "check-workbook: unknown option $arg" >&2; exit 2 ;;
  esac
done

soffice_bin="$(command -v soffice || command -v libreoffice || true)"
if [ -z "$soffice_bin" ]; then
  echo "check-workbook: LibreOffice is not installed; install it with: apt-get install libreoffice-calc-nogui" >&2
  exit 2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/sg-check-workbook.XXXXXX")"
cleanup() { if [ "$keep" = 0 ]; then rm -rf "$tmp"; else echo "check-workbook: kept $tmp"; fi; }
trap cleanup EXIT

if [ "$build" = 1 ]; then npm run --silent build; fi

# Same bytes for the same inputs: the document date comes from the data, never the clock.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-}"
books=()
run_sample() { # name data rubric [roster]
  local name="$1" data="$2" rubric="$3" roster="${4:-}"
  local args=(evaluate "$root/$data" -r "$root/$rubric" -o "$tmp/$name.xlsx" -f json --quiet)
  [ -n "$roster" ] && args+=(--roster "$root/$roster")
  if (cd "$tmp" && node "$root/bin/salesgrade.js" "${args[@]}" >"$tmp/$name.json"); then
    books+=("$name")
  else
    echo "check-workbook: salesgrade evaluate failed for $data" >&2
    exit 1
  fi
}

zh_rubric="rules/zh-CN-field-sales.yaml"; [ -f samples/salesgrade.yaml ] && zh_rubric="samples/salesgrade.yaml"
if [ -f samples/east-china-2026.xlsx ] && [ -f "$zh_rubric" ]; then
  # samples/salesgrade.yaml names its roster; the bare preset gets samples/roster.xlsx here
  if [ "$zh_rubric" != samples/salesgrade.yaml ] && [ -f samples/roster.xlsx ]; then
    run_sample zh-CN samples/east-china-2026.xlsx "$zh_rubric" samples/roster.xlsx
  else run_sample zh-CN samples/east-china-2026.xlsx "$zh_rubric"; fi
fi
en_rubric="rules/en-inside-sales.yaml"; [ -f samples/inside-sales.yaml ] && en_rubric="samples/inside-sales.yaml"
if [ -f samples/inside-sales-2026.csv ] && [ -f "$en_rubric" ]; then
  run_sample en samples/inside-sales-2026.csv "$en_rubric"
fi
if [ "${#books[@]}" = 0 ]; then
  # No samples: the read-back test writes the fixture workbooks where we ask.
  SG_WORKBOOK_DIR="$tmp" npx vitest run test/unit/report/workbook.test.ts --reporter=dot >/dev/null
  books=(fixture-zh-CN fixture-en)
fi

# A private LibreOffice profile: parallel runs and a user's open LibreOffice do not collide.
profile="file://$tmp/lo-profile"
filter='pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'
failed=0
for name in "${books[@]}"; do
  xlsx="$tmp/$name.xlsx"
  if ! timeout 180 "$soffice_bin" "-env:UserInstallation=$profile" --headless --norestore \
      --convert-to "$filter" --outdir "$tmp" "$xlsx" >"$tmp/$name.log" 2>&1; then
    echo "check-workbook: LibreOffice failed on $name.xlsx:" >&2; cat "$tmp/$name.log" >&2; failed=1; continue
  fi
  pdf="$tmp/$name.pdf"
  if [ ! -s "$pdf" ] || [ "$(head -c 5 "$pdf")" != "%PDF-" ]; then
    echo "check-workbook: no PDF for $name.xlsx:" >&2; cat "$tmp/$name.log" >&2; failed=1; continue
  fi
  sheets="$(node -e '
    const yauzl = require("yauzl");
    yauzl.open(process.argv[1], { lazyEntries: true }, (e, z) => { if (e) throw e; let n = 0;
      z.on("entry", (x) => { if (/^xl\/worksheets\/sheet\d+\.xml$/.test(x.fileName)) n++; z.readEntry(); });
      z.on("end", () => console.log(n)); z.readEntry(); });' "$xlsx")"
  pages="$(grep -a -c '/Type */Page[^s]' "$pdf" || true)"
  echo "check-workbook: $name.xlsx → $name.pdf: $sheets sheets, $pages pages, $(wc -c <"$pdf") bytes"
  if [ "$pages" -lt "$sheets" ]; then echo "check-workbook: fewer pages than sheets in $name.pdf" >&2; failed=1; fi
done
[ "$failed" = 0 ] || exit 1

# The README picture: the Scorecard (sheet 2 → page 2) of the en sample, which needs no CJK fonts.
if [ "$image" = 1 ]; then
  pick="${books[0]}"; for b in "${books[@]}"; do case "$b" in *en) pick="$b" ;; esac; done
  out="$root/docs/images/scorecard.png"
  mkdir -p "$(dirname "$out")"
  if command -v pdftoppm >/dev/null; then
    pdftoppm -f 2 -l 2 -r 110 -png -singlefile "$tmp/$pick.pdf" "${out%.png}"
    echo "check-workbook: wrote docs/images/scorecard.png (pdftoppm)"
  elif node -e 'import(process.env.MUPDF_MODULE || "mupdf").then(() => process.exit(0), () => process.exit(1))' 2>/dev/null; then
    # MUPDF_MODULE: path to mupdf's dist/mupdf.js when it is installed outside this project.
    node --input-type=module -e '
      const mupdf = await import(process.env.MUPDF_MODULE || "mupdf"); import { readFileSync, writeFileSync } from "node:fs";
      const doc = mupdf.Document.openDocument(readFileSync(process.argv[1]), "application/pdf");
      const page = doc.loadPage(1);
      const pix = page.toPixmap(mupdf.Matrix.scale(1.5, 1.5), mupdf.ColorSpace.DeviceRGB, false, true);
      writeFileSync(process.argv[2], pix.asPNG());' "$tmp/$pick.pdf" "$out"
    echo "check-workbook: wrote docs/images/scorecard.png (mupdf)"
  else
    echo "check-workbook: no PDF rasteriser: install poppler-utils (pdftoppm) to refresh docs/images/scorecard.png" >&2
  fi
fi
echo "check-workbook: ok"
