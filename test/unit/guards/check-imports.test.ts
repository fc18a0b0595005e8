// The import/purity guard (scripts/check-imports.mjs) is run against TEMPORARY COPIES of src/ with probe
// files added: it must reject what the layer rules forbid, each with file:line, and accept clean code.
// Nothing here writes into src/.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { blank, checkTree, packageOf } from '../../../scripts/check-imports.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const script = join(repo, 'scripts', 'check-imports.mjs');
const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A copy of the real src/ tree (or an empty tree) in a temp directory, plus the given probe files. */
function tree(files: Record<string, string>, copySrc = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'salesgrade-guards-'));
  temps.push(dir);
  const root = join(dir, 'src');
  if (copySrc) cpSync(join(repo, 'src'), root, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
const check = (root: string): string[] => checkTree(root, (file) => relative(root, file));

const DIRTY_ENGINE = [
  "import { readFileSync } from 'node:fs';", // 1
  "import fs from 'fs';", // 2
  "import yauzl from 'yauzl';", // 3
  "import { format } from 'date-fns';", // 4
  'export const home = process.env.HOME;', // 5
  'export const now = Date.now();', // 6
  'export const today = new Date();', // 7
  'export const dice = Math.random();', // 8
  'export const g = globalThis;', // 9
  'export const all = [readFileSync, fs, yauzl, format];', // 10
].join('\n');

describe('check-imports: the allowlist and purity scan', () => {
  it('rejects a probe engine file importing node:fs, fs, yauzl and date-fns and reading process.env, the clock and randomness — each with file:line', () => {
    const root = tree({ 'engine/zz-probe.ts': DIRTY_ENGINE }, true);
    expect(check(root)).toEqual([
      "engine/zz-probe.ts:1: engine/ may not import 'node:fs' (allowed packages: decimal.js)",
      "engine/zz-probe.ts:2: engine/ may not import 'fs' (allowed packages: decimal.js)",
      "engine/zz-probe.ts:3: engine/ may not import 'yauzl' (allowed packages: decimal.js)",
      "engine/zz-probe.ts:4: engine/ may not import 'date-fns' (allowed packages: decimal.js)",
      'engine/zz-probe.ts:5: engine/ is pure: `process.` (environment, argv, exit: pass the value in from cli/)',
      'engine/zz-probe.ts:6: engine/ is pure: `Date.now()` (the clock: pass the time in from cli/)',
      'engine/zz-probe.ts:7: engine/ is pure: `new Date()` without arguments (the clock: pass the time in from cli/)',
      'engine/zz-probe.ts:8: engine/ is pure: `Math.random()` (results must be reproducible)',
      'engine/zz-probe.ts:9: engine/ is pure: `globalThis` (the outside world: pass the value in)',
    ]);
  });

  it('the real src/ tree passes, and so does a copy with a clean probe engine file', () => {
    expect(checkTree(join(repo, 'src'))).toEqual([]);
    const clean = [
      "import { Decimal } from 'decimal.js';",
      "import type { Diagnostic } from '../shared/diagnostic.js';",
      '// process.env and Date.now() in a comment are not code',
      '/* nor is new Date() or Math.random( or globalThis here; import x from "node:fs" */',
      "export const words = 'process.env Date.now() globalThis';",
      'export const tpl = (d: Diagnostic) => `new Date() ${String(d)} Math.random(`;',
      "export const quote = /['\"]process\\./;",
      'export const fixed = new Date(Date.UTC(2026, 0, 1));',
      'export const half = new Decimal(1).div(2);',
      'export const obj = { process: 1 }; export const p = obj.process;',
    ].join('\n');
    expect(check(tree({ 'engine/zz-clean.ts': clean }, true))).toEqual([]);
  });

  it('quota may use date-fns and chinese-days (subpaths too) but not node:*; shared only decimal.js; report no fs, no exceljs', () => {
    const root = tree({
      'quota/a.ts': "import { getISOWeek } from 'date-fns';\nimport cn from 'chinese-days/package.json' with { type: 'json' };\nimport { join } from 'node:path';\n",
      'shared/b.ts': "import { Decimal } from 'decimal.js';\nimport { z } from 'zod';\n",
      'report/c.ts': "import chalk from 'chalk';\nimport ExcelJS from 'exceljs';\nimport { writeFileSync } from 'node:fs';\nimport { exit } from 'node:process';\n",
      'io/d.ts': "import { readFileSync } from 'node:fs';\nimport yauzl from 'yauzl';\n",
      'cli/e.ts': "import { Command } from 'commander';\n",
    });
    expect(check(root)).toEqual([
      "quota/a.ts:3: quota/ may not import 'node:path' (allowed packages: decimal.js, date-fns, chinese-days)",
      "report/c.ts:2: report/ may not import 'exceljs' (allowed packages: decimal.js, chalk, string-width)",
      "report/c.ts:3: report/ may not import 'node:fs' (allowed packages: decimal.js, chalk, string-width)",
      "report/c.ts:4: report/ may not import 'node:process' (allowed packages: decimal.js, chalk, string-width)",
      "shared/b.ts:2: shared/ may not import 'zod' (allowed packages: decimal.js)",
    ]);
  });

  it('keeps the direction rules: no back edges, only type imports from engine/quota into report/io/rubric', () => {
    const root = tree({
      'engine/a.ts': "import { x } from '../io/x.js';\n",
      'shared/b.ts': "import { y } from '../engine/y.js';\n",
      'report/c.ts': "import type { T } from '../engine/types.js';\nimport { score } from '../engine/scoring.js';\n",
      'quota/d.ts': "export { z } from '../shared/z.js';\nconst lazy = () => import('../cli/main.js');\n",
    });
    expect(check(root)).toEqual([
      'engine/a.ts:1: engine/ may not import io/ (../io/x.js)',
      'quota/d.ts:2: quota/ may not import cli/ (../cli/main.js)',
      'report/c.ts:2: report/ may not import engine/ (../engine/scoring.js)',
      'shared/b.ts:1: shared/ may not import engine/ (../engine/y.js)',
    ]);
  });

  it('flags require() and computed import() in pure layers, and the clock in shared/ (not in report/, which is not scanned)', () => {
    const root = tree({
      'quota/r.ts': "const name = 'fs';\nexport const a = require(name);\nexport const b = import(name);\n",
      'shared/s.ts': '// shared/ is below engine/: a clock read here is one in engine/\nexport const stamp = () => new Date ( );\n',
      'report/t.ts': 'export const stamp = () => new Date();\n',
    });
    expect(check(root)).toEqual([
      'quota/r.ts:2: quota/ is pure: `require()` (use a static import the allowlist can check)',
      'quota/r.ts:3: quota/ is pure: `import()` of a computed name (the allowlist cannot check it)',
      'shared/s.ts:2: shared/ is pure: `new Date()` without arguments (the clock: pass the time in from cli/)',
    ]);
  });

  it('blank() keeps length and line breaks, hides comments from both views and string text from the bare view', () => {
    const src = "a('x') // c\n/* d\n*/ `t${b('y')}u` / 2 + /q'/.source";
    const { code, bare } = blank(src);
    expect(code.length).toBe(src.length);
    expect(bare.split('\n').length).toBe(src.split('\n').length);
    expect(code).toBe("a('x')     \n    \n   `t${b('y')}u` / 2 + /q'/.source");
    expect(bare).toBe("a(' ')     \n    \n   ` ${b(' ')} ` / 2 + /  /.source");
    expect(packageOf('@scope/pkg/sub')).toBe('@scope/pkg');
    expect(packageOf('chinese-days/dist/x.json')).toBe('chinese-days');
  });

  it('as a command: takes the source root as an argument, exits 1 with file:line on stderr, 0 when clean', () => {
    const dirty = tree({ 'engine/zz-probe.ts': DIRTY_ENGINE });
    const bad = spawnSync(process.execPath, [script, dirty], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/zz-probe\.ts:3: engine\/ may not import 'yauzl'/);
    expect(bad.stderr).toMatch(/check-imports: 9 problems/);
    const good = spawnSync(process.execPath, [script, tree({ 'engine/ok.ts': "import { Decimal } from 'decimal.js';\nexport const d = new Decimal(1);\n" })], { encoding: 'utf8' });
    expect(good.status).toBe(0);
    expect(good.stderr).toBe('');
  });
});
