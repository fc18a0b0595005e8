// Item 14 of issue 10: `-f json` for 200,000 reps is over 500 MB, past V8's longest string ("Invalid
// string length"). The CLI writes it in pieces; joined, they are exactly JSON.stringify(value, null, 2).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEvaluationJson, renderEvaluationJsonChunks } from '../../../src/report/evaluation-json.js';
import { jsonChunks } from '../../../src/shared/json-chunks.js';
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
    const pieces = renderEvaluationJsonChunks(ev);
    expect(pieces.length).toBeGreaterThan(ev.reps.length);
    expect(pieces.join('')).toBe(renderEvaluationJson(ev));
  });
});
