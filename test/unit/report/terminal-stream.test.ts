// Issue 10 item 16: the terminal report is streamed — made in chunks of lines as they are written, its
// tables laid out from a first pass over the cells' display widths — so a leaderboard of 61,000 reps is
// never held whole (it was: a cell object per rep × column, every line, then the joined text, beside
// the Evaluation). Its text must not change by a byte: the whole-string renderer it replaced is kept
// frozen in reference/terminal-whole.ts as the twin.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Decimal } from 'decimal.js';
import type { Evaluation, RepEvaluation } from '../../../src/engine/types.js';
import { renderTerminal, renderTerminalChunks, TERMINAL_CHUNK_CHARS } from '../../../src/report/terminal.js';
import { renderEvaluation } from '../../../src/cli/pipeline/evaluate-output.js';
import { emitPayload, PAYLOAD_WRITE_CHARS } from '../../../src/cli/output.js';
import type { CliContext } from '../../../src/cli/context.js';
import { renderTerminal as renderTerminalWhole } from './reference/terminal-whole.js';
import { CSV_CHUNK_CHARS, renderEvaluationCsvChunks } from '../../../src/report/evaluation-csv.js';
import { MD_CHUNK_CHARS, renderEvaluationMarkdownChunks } from '../../../src/report/evaluation-md.js';
import { renderEvaluationCsv as renderEvaluationCsvWhole } from './reference/evaluation-csv-whole.js';
import { renderEvaluationMarkdown as renderEvaluationMarkdownWhole } from './reference/evaluation-md-whole.js';
import { fixtureEvaluation } from './evaluation-fixture.js';

const D = (v: string | number) => new Decimal(v);

/** `n` reps made from the fixture's four, renamed and ranked in order (their KPI objects shared). */
function manyReps(n: number, name: (i: number) => string = (i) => `R${i}`): Evaluation {
  const ev = fixtureEvaluation();
  const base = ev.reps;
  ev.reps = Array.from({ length: n }, (_, i) => ({ ...base[i % base.length]!, rep: name(i), rank: i + 1 }));
  return ev;
}

// Names and labels that exercise the layout: CJK (2 columns), emoji and combining marks (string-width's
// path), long ones (cut with …), spaces (two-line headers), an escape (cleaned), empty.
const text = fc.oneof(
  fc.constantFrom('张伟', '王芳芳芳芳芳芳芳芳芳芳', 'Ann', 'Bartholomew Featherstonehaugh-Smythe', '👍🏽 Zoë', 'e\u0301clair', '\u001b[2Jx', '', 'A B C'),
  fc.string({ maxLength: 30 }),
  fc.stringMatching(/^[a-z一-龥 ]{0,16}$/),
);

const attainment = fc.option(fc.integer({ min: 0, max: 40_000 }).map((n) => D(n).div(10_000)), { nil: null });

/** An evaluation built from the fixture: random reps (names, teams, attainments, movement, bonus), labels, pacing. */
const evaluations = fc
  .record({
    reps: fc.array(
      fc.record({ name: text, team: fc.constantFrom('上海一组', '(unassigned)', 'North'), from: fc.nat(3), att: fc.array(attainment, { minLength: 4, maxLength: 4 }), excluded: fc.boolean(), movement: fc.constantFrom('promoted', 'demoted', 'held', 'new', 'view'), bonus: fc.option(fc.constantFrom(0.5, 1, 1.25), { nil: undefined }) }),
      { maxLength: 25 },
    ),
    labels: fc.array(text, { minLength: 4, maxLength: 4 }),
    // a distinct count without a group target: `—` and the legend under the group tables
    distinct: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    paced: fc.boolean(),
  })
  .map(({ reps, labels, distinct, paced }) => {
    const ev = fixtureEvaluation();
    const base = ev.reps;
    ev.kpis = ev.kpis.map((k, i) => ({ ...k, label: labels[i]!, ...(distinct[i] ? { distinct: true } : {}) }));
    for (const g of [...ev.teams, ...ev.regions]) for (const k of ev.kpis) if (k.distinct) g.targets = { ...g.targets, [k.kpi]: null, [k.metric]: null };
    if (paced) {
      ev.manifest.asOf = '2026-08-15';
      ev.pacing = { elapsedWorkdays: 30, totalWorkdays: 60, fraction: D('0.5') };
    }
    ev.reps = reps.map((r, i): RepEvaluation => {
      const b = base[r.from]!;
      return {
        ...b,
        rep: r.name,
        team: r.team,
        rank: i + 1,
        kpis: b.kpis.map((k, j) => ({
          ...k,
          attainment: r.att[j]!,
          excluded: r.excluded && j === 1,
          ...(paced && k.target !== null && k.actual !== null ? { pacing: { target: k.target.div(2), attainment: r.att[j]!, projected: k.actual.mul(2), projectedAttainment: r.att[(j + 1) % 4]! } } : {}),
        })),
        decision: { ...b.decision, movement: r.movement as RepEvaluation['decision']['movement'] },
        ...(r.bonus !== undefined ? { action: { bonus_multiplier: r.bonus } } : {}),
      };
    });
    return ev;
  });

describe('the streamed terminal report', () => {
  it('its chunks, joined, are the whole-string renderer\'s text byte for byte (random reps, labels, widths, colour, locale, pacing)', () => {
    fc.assert(
      fc.property(evaluations, fc.integer({ min: 20, max: 220 }), fc.boolean(), fc.constantFrom('en', 'zh-CN') as fc.Arbitrary<'en' | 'zh-CN'>, (ev, width, color, locale) => {
        const options = { color, width, locale };
        const chunks = [...renderTerminalChunks(ev, options)];
        expect(chunks.join('')).toBe(renderTerminalWhole(ev, options));
        expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('the fixture and 400 reps at widths from 40 to 160, coloured and plain: the same text as the whole-string renderer', () => {
    for (const ev of [fixtureEvaluation(), manyReps(400, (i) => (i % 7 === 0 ? `销售代表${i}` : `Rep ${i}`))]) {
      for (const width of [40, 57, 100, 160]) {
        for (const color of [false, true]) {
          const options = { color, width, inspectTarget: null };
          expect(renderTerminal(ev, options)).toBe(renderTerminalWhole(ev, options));
        }
      }
    }
  });

  // The chunk size is an option (default TERMINAL_CHUNK_CHARS, ~32K characters as the README says), so
  // many chunks take 1,000 reps at 2,048 characters instead of 10,000 reps at the default.
  it('chunks of whole lines, none much over the chunk size: 1,000 reps at 2,048 characters are many chunks, never one string; ~32K characters by default', () => {
    const ev = manyReps(1000);
    const whole = renderTerminal(ev, { color: false, width: 100 });
    for (const chunkChars of [2048, undefined]) {
      const size = chunkChars ?? TERMINAL_CHUNK_CHARS;
      const chunks = [...renderTerminalChunks(ev, { color: false, width: 100, ...(chunkChars ? { chunkChars } : {}) })];
      // ~95 characters a rep: 1,000 reps are ~46 chunks of 2,048, 3 of the default
      expect(chunks.length).toBeGreaterThan(chunkChars ? 20 : 2);
      expect(chunks.join('')).toBe(whole);
      for (const c of chunks.slice(0, -1)) {
        expect(c.endsWith('\n')).toBe(true);
        // a chunk ends at the first line end past the size: at most one line (≤ 100 columns, ≤ 2 units each) over
        expect(c.length).toBeGreaterThanOrEqual(size);
        expect(c.length).toBeLessThan(size + 200);
      }
    }
    expect(TERMINAL_CHUNK_CHARS).toBe(32_768);
  });
});

describe('the streamed CSV and Markdown reports', () => {
  it('their chunks, joined, are the whole-string renderers\' text byte for byte (random evaluations, both locales)', () => {
    fc.assert(
      fc.property(evaluations, fc.constantFrom('en', 'zh-CN') as fc.Arbitrary<'en' | 'zh-CN'>, fc.boolean(), (ev, locale, bom) => {
        expect([...renderEvaluationCsvChunks(ev, { locale, bom })].join('')).toBe(renderEvaluationCsvWhole(ev, { locale, bom }));
        expect([...renderEvaluationMarkdownChunks(ev, { locale })].join('')).toBe(renderEvaluationMarkdownWhole(ev, { locale }));
      }),
      { numRuns: 100 },
    );
  });

  // Chunks of 1,024 characters (an option; ~32K by default) make 600 reps many chunks, as 5,000 reps
  // at the default did.
  it('600 reps: many chunks, the same text; the Markdown\'s trailing blank lines trimmed once, at the end (and at every chunk size up to 400 on the fixture); ~32K-character chunks by default', () => {
    const ev = manyReps(600, (i) => (i % 3 === 0 ? `代表 ${i}  ` : `Rep ${i}`));
    const csvWhole = renderEvaluationCsvWhole(ev, {});
    const mdWhole = renderEvaluationMarkdownWhole(ev, {});
    for (const chunkChars of [1024, undefined]) {
      const options = chunkChars ? { chunkChars } : {};
      const csv = [...renderEvaluationCsvChunks(ev, options)];
      const md = [...renderEvaluationMarkdownChunks(ev, options)];
      expect(csv.length).toBeGreaterThan(chunkChars ? 10 : 1);
      expect(md.length).toBeGreaterThan(chunkChars ? 10 : 1);
      expect(csv.join('')).toBe(csvWhole);
      expect(md.join('')).toBe(mdWhole);
      for (const c of csv.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(chunkChars ?? CSV_CHUNK_CHARS);
      // every Markdown chunk but the last ends on text, so trimming the last is trimming the whole
      for (const c of md.slice(0, -1)) expect(/\s$/.test(c)).toBe(false);
    }
    expect([CSV_CHUNK_CHARS, MD_CHUNK_CHARS]).toEqual([32_768, 32_768]);
    // every chunk size from 1 to 400 characters on the fixture: chunk ends at every line, blank ones too
    const fixture = fixtureEvaluation();
    const [csvFixture, mdFixture] = [renderEvaluationCsvWhole(fixture, {}), renderEvaluationMarkdownWhole(fixture, {})];
    for (let chunkChars = 1; chunkChars <= 400; chunkChars++) {
      const md = [...renderEvaluationMarkdownChunks(fixture, { chunkChars })];
      expect([...renderEvaluationCsvChunks(fixture, { chunkChars })].join('') === csvFixture && md.join('') === mdFixture, `${chunkChars} characters`).toBe(true);
      expect(md.slice(0, -1).some((c) => /\s$/.test(c)), `${chunkChars} characters`).toBe(false);
    }
  });
});

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('memory while the terminal report is written', () => {
  it('what rendering keeps alive between writes stays under 1.5 MB for 20,000 reps (~330 KB alone, once 606 KB after other files in the same thread; the whole-string renderer held its whole text, 5.8 MB of heap, after building every cell and line)', async () => {
    const ev = manyReps(20_000);
    const options = { locale: 'en' as const, color: false, width: 100 };
    const warm = await renderEvaluation('table', manyReps(50), options);
    let total = 0;
    for (const piece of typeof warm === 'string' ? [warm] : warm) total += piece.length; // warm up
    gc();
    const before = process.memoryUsage().heapUsed;
    const payload = await renderEvaluation('table', ev, options);
    let kept = 0;
    let n = 0;
    total = 0;
    for (const piece of typeof payload === 'string' ? [payload] : payload) {
      total += piece.length;
      if (n++ % 8 === 0) {
        gc();
        kept = Math.max(kept, process.memoryUsage().heapUsed - before);
      }
    }
    expect(total).toBeGreaterThan(1_800_000);
    expect(kept).toBeLessThan(1536 * 1024);
  });
});

// The write size is the writer's `writeChars` (default PAYLOAD_WRITE_CHARS, ~1 MB): at 64K characters a
// write, a report of 2,000 reps (~190K characters) crosses it as one of 20,000 reps crossed the default.
const WRITE_CHARS = 1 << 16;
const REPS = 2000;

describe('the payload on stdout', () => {
  it('is written ~1 MB a write by default (PAYLOAD_WRITE_CHARS), in whole pieces', async () => {
    const writes: number[] = [];
    const ctx = { io: { stdout: { isTTY: false, write: (s: string) => void writes.push(s.length) } } } as unknown as CliContext;
    await emitPayload(ctx, undefined, Array.from({ length: 25 }, () => 'x'.repeat(100_000)), []);
    // a write as soon as the pieces reach 1,048,576 characters: 11 pieces, 11 more, the last 3
    expect(writes).toEqual([1_100_000, 1_100_000, 300_000]);
    expect(PAYLOAD_WRITE_CHARS).toBe(1 << 20);
  });

  /** A context whose stdout records its writes and holds back until `release()`. */
  function slowStdout() {
    const writes: number[] = [];
    let waiting: (() => void) | undefined;
    const ctx = {
      io: {
        stdout: {
          isTTY: false,
          writeChars: WRITE_CHARS,
          write: (s: string) => void writes.push(s.length),
          ready: () => new Promise<void>((resolve) => (waiting = resolve)),
        },
      },
    } as unknown as CliContext;
    return { ctx, writes, release: () => waiting?.(), waiting: () => waiting !== undefined };
  }

  it(`writes of at most the write size, and the next pieces are made only once stdout has room (backpressure), for the report of ${REPS.toLocaleString('en-US')} reps`, async () => {
    const { ctx, writes, release, waiting } = slowStdout();
    let made = 0;
    const payload = await renderEvaluation('table', manyReps(REPS), { locale: 'en', color: false, width: 100 });
    const counted = (function* () {
      for (const piece of typeof payload === 'string' ? [payload] : payload) {
        made += piece.length;
        yield piece;
      }
    })();
    const done = emitPayload(ctx, undefined, counted, []);
    // the first write has gone out and stdout is full: nothing more is made until it drains
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(1);
    const madeAtFirst = made;
    await new Promise((r) => setImmediate(r));
    expect(made).toBe(madeAtFirst);
    let finished = false;
    void done.then(() => (finished = true));
    for (let i = 0; i < 100 && !finished; i++) {
      // while stdout holds back, what was made is what was written: nothing rendered ahead
      if (waiting()) expect(made).toBe(writes.reduce((a, b) => a + b, 0));
      release();
      await new Promise((r) => setImmediate(r));
    }
    await done;
    expect(writes.length).toBeGreaterThan(2);
    expect(Math.max(...writes)).toBeLessThan(WRITE_CHARS + TERMINAL_CHUNK_CHARS + 200);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(made);
  });

  it('once stdout is closed (the reader went away: `| head`), the rest of the report is not rendered', async () => {
    const writes: number[] = [];
    const ctx = { io: { stdout: { isTTY: false, writeChars: WRITE_CHARS, write: (s: string) => void writes.push(s.length), closed: () => writes.length > 0 } } } as unknown as CliContext;
    let made = 0;
    const options = { locale: 'en' as const, color: false, width: 100 };
    // the whole report's size
    let total = 0;
    const whole = await renderEvaluation('table', manyReps(REPS), options);
    for (const piece of typeof whole === 'string' ? [whole] : whole) total += piece.length;
    const again = await renderEvaluation('table', manyReps(REPS), options);
    const counted = (function* () {
      for (const piece of typeof again === 'string' ? [again] : again) {
        made += piece.length;
        yield piece;
      }
    })();
    await emitPayload(ctx, undefined, counted, []);
    expect(writes).toHaveLength(1);
    expect(total).toBeGreaterThan(2.5 * WRITE_CHARS);
    // rendering stopped after the first write (before: every piece of the report was made)
    expect(made).toBeLessThan(WRITE_CHARS + TERMINAL_CHUNK_CHARS + 200);
  });
});
