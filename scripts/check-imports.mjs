// Guard rails for the layers (run by `npm run lint`; `node scripts/check-imports.mjs [srcRoot]`).
//
// 1. Direction: cli → {report, io, rubric, quota, engine} → shared. report/, io/ and rubric/ may import
//    only types from engine/ and quota/.
// 2. An ALLOWLIST of bare package imports per layer (a package not listed is rejected, `node:*` and bare
//    `fs` included). Subpaths count as their package: `chinese-days/package.json` is `chinese-days`.
// 3. engine/, quota/ and shared/ are pure: no `process.`, `Date.now(`, argument-less `new Date()`,
//    `Math.random(`, `globalThis`, `require(` or non-literal `import(` in their code (comments and
//    string text are ignored).
// Every problem is printed as `file:line: message`; exit code 1 when there is any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const layerImports = {
  shared: [],
  engine: ['shared'],
  quota: ['shared'],
  rubric: ['shared', 'engine:type', 'quota:type'],
  io: ['shared', 'engine:type', 'rubric', 'quota:type'],
  report: ['shared', 'engine:type', 'quota:type', 'rubric'],
  cli: ['shared', 'engine', 'quota', 'rubric', 'io', 'report'],
};

/** Bare packages each layer may import; `'*'` means any (the layers that talk to the outside world). */
export const packageAllowlist = {
  shared: ['decimal.js'],
  engine: ['decimal.js'],
  quota: ['decimal.js', 'date-fns', 'chinese-days'],
  report: ['decimal.js', 'chalk', 'string-width'],
  rubric: '*',
  io: '*',
  cli: '*',
};

// shared/ too: engine/ and quota/ import it, so a clock read there would be one in them.
const PURE = new Set(['engine', 'quota', 'shared']);
const impurities = [
  [/\bprocess\s*\./g, '`process.` (environment, argv, exit: pass the value in from cli/)'],
  [/\bDate\s*\.\s*now\s*\(/g, '`Date.now()` (the clock: pass the time in from cli/)'],
  [/\bnew\s+Date\s*\(\s*\)/g, '`new Date()` without arguments (the clock: pass the time in from cli/)'],
  [/\bMath\s*\.\s*random\s*\(/g, '`Math.random()` (results must be reproducible)'],
  [/\bglobalThis\b/g, '`globalThis` (the outside world: pass the value in)'],
  [/(?<![.\w$])require\s*\(/g, '`require()` (use a static import the allowlist can check)'],
  [/(?<![.\w$])import\s*\(\s*(?![\s'"])/g, '`import()` of a computed name (the allowlist cannot check it)'],
];

/**
 * Two views of TypeScript source of the same length and line breaks: `code` with comments blanked,
 * and `bare` with string, template and regular-expression text blanked too (template `${…}` parts kept).
 */
export function blank(text) {
  const code = text.split('');
  const bare = text.split('');
  const wipe = (from, to, both) => {
    for (let k = from; k < to; k++) {
      if (text[k] === '\n' || text[k] === '\r') continue;
      bare[k] = ' ';
      if (both) code[k] = ' ';
    }
  };
  const templates = []; // brace depth at each open `${`
  let depth = 0;
  let prev = ''; // last significant character, to tell a regex literal from a division
  let i = 0;
  const n = text.length;
  const scanTemplate = (start) => {
    // from just after ` or }, to the closing ` or the next ${
    let j = start;
    while (j < n && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{')) j += text[j] === '\\' ? 2 : 1;
    wipe(start, Math.min(j, n), false);
    if (text[j] === '`') return j + 1;
    templates.push(depth);
    return j + 2;
  };
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const j = text.indexOf('\n', i);
      const end = j < 0 ? n : j;
      wipe(i, end, true);
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const j = text.indexOf('*/', i + 2);
      const end = j < 0 ? n : j + 2;
      wipe(i, end, true);
      i = end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      wipe(i + 1, j, false);
      i = j + 1;
      prev = 'a';
    } else if (c === '`') {
      i = scanTemplate(i + 1);
      prev = 'a';
    } else if (c === '}' && templates.length && templates[templates.length - 1] === depth) {
      templates.pop();
      i = scanTemplate(i + 1);
      prev = 'a';
    } else if (c === '/' && (prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev) || /\b(return|typeof|case|in|of|void|yield|await)$/.test(text.slice(Math.max(0, i - 8), i).trimEnd()))) {
      let j = i + 1;
      let inClass = false;
      while (j < n && text[j] !== '\n' && (inClass || text[j] !== '/')) {
        if (text[j] === '\\') j++;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        j++;
      }
      wipe(i + 1, j, false);
      i = j + 1;
      prev = 'a';
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      if (!/\s/.test(c)) prev = /[\w$)\]]/.test(c) ? 'a' : c;
      i++;
    }
  }
  return { code: code.join(''), bare: bare.join('') };
}

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.(m|c)?tsx?$/.test(p) && !p.endsWith('.d.ts')) yield p;
  }
}

const lineAt = (text, index) => {
  let line = 1;
  for (let k = 0; k < index; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
};

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** Every guard-rail problem under `root` (a `src/` tree), as `file:line: message` strings. */
export function checkTree(root, display = (file) => relative(process.cwd(), file)) {
  const problems = [];
  for (const file of walk(root)) {
    const layer = relative(root, file).split(sep)[0];
    const text = readFileSync(file, 'utf8');
    const { code, bare } = blank(text);
    const at = (index, message) => problems.push(`${display(file)}:${lineAt(text, index)}: ${message}`);
    const re = /(?<![.\w$])(import|export)\s+(type\s+)?[^'";]*?from\s*['"]([^'"]+)['"]|(?<![.\w$])import\s*['"]([^'"]+)['"]|(?<![.\w$])import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
    for (const m of code.matchAll(re)) {
      // the match must start in code, not inside a string or template
      if (bare[m.index] === ' ' && text[m.index] !== ' ') continue;
      const spec = m[3] ?? m[4] ?? m[5];
      const typeOnly = Boolean(m[2]);
      if (spec.startsWith('.')) {
        const target = relative(root, join(file, '..', spec)).split(sep)[0];
        if (target === layer || target.startsWith('..')) continue;
        const rules = layerImports[layer] ?? [];
        const ok = rules.includes(target) || (typeOnly && rules.includes(`${target}:type`));
        if (!ok) at(m.index, `${layer}/ may not import ${typeOnly ? 'type ' : ''}${target}/ (${spec})`);
      } else {
        const allow = packageAllowlist[layer] ?? [];
        if (allow !== '*' && !allow.includes(packageOf(spec))) {
          at(m.index, `${layer}/ may not import '${spec}' (allowed packages: ${allow.length ? allow.join(', ') : 'none'})`);
        }
      }
    }
    if (PURE.has(layer)) {
      for (const [pattern, what] of impurities) {
        for (const m of bare.matchAll(pattern)) at(m.index, `${layer}/ is pure: ${what}`);
      }
    }
  }
  return problems.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(process.argv[2] ?? fileURLToPath(new URL('../src/', import.meta.url)));
  const problems = checkTree(root);
  if (problems.length) {
    console.error(problems.join('\n'));
    console.error(`check-imports: ${problems.length} problem${problems.length === 1 ? '' : 's'} under ${relative(process.cwd(), root) || '.'}`);
    process.exit(1);
  }
}
