// Enforces the dependency direction cli → {report, io, rubric, quota, engine} → shared.
// report/, io/ and rubric/ may import only types from engine/ and quota/; engine/ and quota/ are pure.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = new URL('../src/', import.meta.url).pathname;
const allowed = {
  shared: [],
  engine: ['shared'],
  quota: ['shared'],
  rubric: ['shared', 'engine:type', 'quota:type'],
  io: ['shared', 'engine:type', 'rubric', 'quota:type'],
  report: ['shared', 'engine:type', 'quota:type', 'rubric'],
  cli: ['shared', 'engine', 'quota', 'rubric', 'io', 'report'],
};
// Pure layers may not touch the outside world.
const forbiddenPackages = {
  engine: [/^node:/, /^exceljs$/, /^chalk$/, /^csv-parse/, /^commander$/],
  quota: [/^node:/, /^exceljs$/, /^chalk$/, /^csv-parse/, /^commander$/],
  report: [/^node:(fs|child_process|process)/, /^commander$/],
  shared: [/^node:/],
};

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

const problems = [];
for (const file of walk(root)) {
  const layer = relative(root, file).split(sep)[0];
  const text = readFileSync(file, 'utf8');
  const re = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5];
    const typeOnly = Boolean(m[2]);
    if (spec.startsWith('.')) {
      const target = relative(root, join(file, '..', spec)).split(sep)[0];
      if (target === layer || target.startsWith('..')) continue;
      const rules = allowed[layer] ?? [];
      const ok = rules.includes(target) || (typeOnly && rules.includes(`${target}:type`));
      if (!ok) problems.push(`${relative(process.cwd(), file)}: ${layer}/ may not import ${typeOnly ? 'type ' : ''}${target}/ (${spec})`);
    } else {
      for (const bad of forbiddenPackages[layer] ?? []) {
        if (bad.test(spec)) problems.push(`${relative(process.cwd(), file)}: ${layer}/ may not import ${spec}`);
      }
    }
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
