import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { deepMerge } from '../../../src/rubric/load.js';
import { Locator } from '../../../src/rubric/locate.js';
import { checkDepth, parseYamlSafe } from '../../../src/rubric/yaml-safe.js';
import { parse } from 'yaml';

const key = fc.constantFrom('a', 'b', 'c', 'kpis', 'metrics', '名称', 'x_y');
const leaf = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom('赢单', 'Won', 'a b', '', 'x: y', '#not a comment'), fc.boolean());
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
})).node;
const mapping = fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 });

function leaves(v: unknown, path: (string | number)[] = []): [(string | number)[], unknown][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [[path, v]];
}
function getAt(v: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((cur, seg) => (cur as Record<string | number, unknown>)[seg], v);
}

describe('properties', () => {
  test('deepMerge: every leaf of the extending file wins; base keys it does not mention survive', () => {
    fc.assert(
      fc.property(mapping, mapping, (base, over) => {
        const merged = deepMerge(base, over) as Record<string, unknown>;
        for (const [path, value] of leaves(over)) expect(getAt(merged, path)).toEqual(value);
        for (const k of Object.keys(base)) if (!(k in over)) expect(merged[k]).toEqual(base[k]);
      }),
    );
  });

  test('the locator points every leaf path at text that parses back to that leaf (block and flow YAML)', () => {
    fc.assert(
      fc.property(mapping, fc.boolean(), (value, flow) => {
        const text = stringify(value, flow ? { collectionStyle: 'flow' } : {});
        const parsed = parseYamlSafe(text, 'p.yaml');
        expect(parsed.diagnostics).toEqual([]);
        const locator = new Locator([parsed.layer!]);
        const lines = text.split('\n');
        for (const [path, v] of leaves(value)) {
          if (path.length === 0) continue;
          const loc = locator.locate(path)!;
          const { start, end } = loc.range;
          // Single-line leaves: the located slice is the YAML for the value.
          if (start.line !== end.line) continue;
          const slice = lines[start.line]!.slice(start.character, end.character);
          expect(parse(slice)).toEqual(v);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('nesting: refused exactly when flow depth plus block depth exceeds 64, and never throws', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), (n) => {
        const text = `a: ${'['.repeat(n)}${']'.repeat(n)}\n`;
        const d = checkDepth(text, 't.yaml');
        expect(d !== undefined).toBe(n + 1 > 64);
        if (d) expect(d.range!.start).toEqual({ line: 0, character: 3 + 63 });
        else expect(parseYamlSafe(text, 't.yaml').diagnostics).toEqual([]);
      }),
    );
  });
});
