// Item 14 of issue 10: `Math.max(...rows)` or `out.push(...lines)` over data throws "Maximum call stack
// size exceeded" past ~125,000 elements (every spread element is a stack slot). No call in src/ may
// spread an argument; use a loop, `reduce`, or the helpers in src/shared/iter.ts instead.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../../../src', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** `file:line  text` of every spread argument in a call or `new` expression. */
export function spreadArguments(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const hits: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isSpreadElement(node) && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent))) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      hits.push(`${relative(srcDir, file)}:${line}  ${node.parent.getText().slice(0, 80)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return hits;
}

describe('no argument spreads in src/ (call stack limits on big exports)', () => {
  it('the detector finds spreads in calls and new, and ignores array/object literals', () => {
    const sample = 'Math.max(...xs); out.push(...lines); new Foo(...a); const b = [...xs]; const o = { ...y }; f([...xs]);';
    expect(spreadArguments(join(srcDir, 'sample.ts'), sample)).toHaveLength(3);
  });

  it('no call or constructor in src/ spreads its arguments', () => {
    const hits = tsFiles(srcDir).flatMap((f) => spreadArguments(f, readFileSync(f, 'utf8')));
    expect(hits).toEqual([]);
  });
});
