// Item 14 of issue 10: `-f json` for 200,000 reps is over 500 MB, past V8's longest string ("Invalid
// string length"). The CLI writes it in pieces; joined, they are exactly JSON.stringify(value, null, 2).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEvaluationJson, renderEvaluationJsonChunks } from '../../../src/report/evaluation-json.js';
import { jsonChunks, jsonPieces, LazyArray } from '../../../src/shared/json-chunks.js';
import { fixtureEvaluation } from '../report/evaluation-fixture.js';

describe('jsonChunks', () => {
  it('property: joined pieces equal JSON.stringify(v, null, 2) at every split depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (v, depth) => {
        expect(jsonChunks(v, depth).join('')).toBe(JSON.stringify(v, null, 2));
      }),
    );
  });

  it.each([[{ a: undefined, b: 1 }], [[undefined, 1]], [{}], [[]], [{ a: {} }], [{ d: new Date(0) }], ['x\ny']])('%j like JSON.stringify', (v) => {
    expect(jsonChunks(v, 3).join('')).toBe(JSON.stringify(v, null, 2));
  });

  it('the evaluation in pieces is the evaluation JSON', () => {
    const ev = fixtureEvaluation();
    const pieces = [...renderEvaluationJsonChunks(ev)];
    expect(pieces.length).toBeGreaterThan(ev.reps.length);
    expect(pieces.join('')).toBe(renderEvaluationJson(ev));
  });

  it('the pieces are made as they are taken: a rep is turned into JSON only when its piece is reached (issue 10 item 16: 61,000 reps kept their whole JSON tree and text in memory)', () => {
    const ev = fixtureEvaluation();
    const last = [...ev.reps].sort((a, b) => b.rank - a.rank || (a.rep < b.rep ? 1 : -1))[0]!;
    let read = 0;
    const reps = ev.reps.map((r) => (r !== last ? r : Object.defineProperty({ ...r }, 'kpis', { get: () => (read++, r.kpis), enumerable: true })));
    const it = renderEvaluationJsonChunks({ ...ev, reps })[Symbol.iterator]();
    let text = '';
    while (!text.includes(`"rep": ${JSON.stringify(ev.reps.find((r) => r !== last)!.rep)}`)) text += it.next().value as string;
    expect(read).toBe(0);
    for (let p = it.next(); !p.done; p = it.next()) text += p.value;
    expect(read).toBeGreaterThan(0);
    expect(text).toBe(renderEvaluationJson(ev));
  });

  it('a LazyArray is written as the array of its elements, empty or not', () => {
    for (const xs of [[], [1], [{ a: [1, 2] }, 'x', null]]) {
      expect([...jsonPieces({ k: new LazyArray(xs.length, (i) => xs[i]) }, 2)].join('')).toBe(JSON.stringify({ k: xs }, null, 2));
    }
  });
});
