// No import circles in src/ (static, type-only and dynamic `import('…')` alike): `pipeline/evaluate.ts`
// and `pipeline/quota.ts` imported each other (for a path helper and the calendar loader), and
// `pipeline/targets.ts` and `pipeline/evaluate.ts` too; they now share cli/pipeline/paths.ts and
// cli/pipeline/calendar.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../../src');

function importGraph(): Map<string, string[]> {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(root);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const deps = new Set<string>();
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"](\.[^'"]+)['"]/g)) deps.add(resolve(dirname(f), m[1]!.replace(/\.js$/, '.ts')));
    graph.set(f, [...deps].filter((d) => d !== f));
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (u: string): void => {
    state.set(u, 1);
    stack.push(u);
    for (const v of graph.get(u) ?? []) {
      if (!graph.has(v)) continue;
      if (state.get(v) === 1) found.push([...stack.slice(stack.indexOf(v)), v].map((x) => relative(root, x)).join(' → '));
      else if (state.get(v) === undefined) visit(v);
    }
    stack.pop();
    state.set(u, 2);
  };
  for (const f of graph.keys()) if (state.get(f) === undefined) visit(f);
  return found;
}

describe('import circles', () => {
  it('src/ has none', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it('the check finds one (a probe graph a → b → a)', () => {
    const g = new Map([
      [join(root, 'a.ts'), [join(root, 'b.ts')]],
      [join(root, 'b.ts'), [join(root, 'a.ts')]],
    ]);
    expect(cycles(g)).toEqual(['a.ts → b.ts → a.ts']);
  });
});
