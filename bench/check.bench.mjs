// `salesgrade check` on a folder of 20 rubric files (copies of the shipped presets), end to end
// through the binary: Node start-up, module loading, YAML, schema, rules, output. Bar: well under 1 s.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'bench', '.data', 'check-20');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const presets = ['zh-CN-field-sales', 'en-inside-sales', 'managers'];
for (let i = 0; i < 20; i++) copyFileSync(join(root, 'rules', `${presets[i % 3]}.yaml`), join(dir, `r${String(i).padStart(2, '0')}.yaml`));

const runs = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'salesgrade.js'), 'check', dir], { encoding: 'utf8' });
  runs.push(performance.now() - t0);
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    process.exit(1);
  }
}
runs.sort((a, b) => a - b);
const t0 = performance.now();
spawnSync(process.execPath, [join(root, 'bin', 'salesgrade.js'), '--version']);
const startup = performance.now() - t0;
console.log(`check 20 rubric files: ${runs[3].toFixed(0)} ms median of 7 (min ${runs[0].toFixed(0)}) (bar: well under 1000 ms)`);
console.log(`salesgrade --version (start-up alone): ${startup.toFixed(0)} ms`);
process.exitCode = runs[3] < 1000 ? 0 : 1;
