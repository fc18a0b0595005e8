// Item 17 of issue 10: the rubric's name and labels reached the terminal raw — an escape sequence in
// `name:` could set the window title or clear the screen — and the Markdown report passed HTML through
// (`<img onerror>`, `<!--`). Rubric text is now cleaned like data text in every text renderer, and
// every text in the Markdown report is escaped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../src/engine/types.js';
import { renderEvaluationMarkdown } from '../../../src/report/evaluation-md.js';
import { renderExplain } from '../../../src/report/explain.js';
import { formatters } from '../../../src/report/formatters/index.js';
import { cleanStrings, markdownText, terminalText } from '../../../src/report/safe-text.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { allRuleMeta } from '../../../src/rubric/lint/index.js';
import { fixtureEvaluation } from './evaluation-fixture.js';
import { binaryUnit } from '../shared/adversarial.js';

const TITLE = '\u001b]0;pwned\u0007'; // OSC: set the window title
const CLEAR = '\u001b[2J\u001b[H'; // clear the screen, cursor home
const CSI1 = '\u009b2J'; // the one-byte CSI
const BIDI = '\u202Eevil\u202C';
const HTML = '<img src=x onerror=alert(1)> <!-- [x](javascript:alert(1)) ![t](http://tracker.example/p.png)';

/** The fixture with hostile text in the rubric's name, KPI and tier labels, an action and a rep name. */
function hostile(): Evaluation {
  const ev = fixtureEvaluation();
  ev.manifest.rubric.name = `Plan ${TITLE}${CLEAR} ${HTML}`;
  ev.kpis[0]!.label = `Rev${CSI1}enue${BIDI}`;
  ev.tiers[0]!.label = `Sen${CLEAR}ior`;
  ev.distribution[0]!.label = `Sen${CLEAR}ior`;
  ev.reps[0]!.rep = `Ann ${HTML}`;
  ev.reps[0]!.kpis[0]!.label = `Rev${CSI1}enue`;
  // a period label from the data inside the reason (rendered from the facts by report/evaluation-text.ts)
  ev.reps[0]!.decision.reasonFacts.movement = { code: 'partial', tier: 'senior', coverage: { period: `Q ${TITLE}`, until: '2026-09-01' } };
  return ev;
}

const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe('terminal renderers print no escape sequence from the rubric', () => {
  it('evaluate (table)', () => {
    const text = renderTerminal(hostile(), { color: false, locale: 'en' });
    expect(text).not.toMatch(UNSAFE);
    expect(text).toContain('Plan ]0;pwned[2J[H');
  });

  it('with colour on, the only escapes are our own SGR colour codes', () => {
    const text = renderTerminal(hostile(), { color: true, locale: 'en' });
    expect(text.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(UNSAFE);
  });

  it('explain', () => {
    const ev = hostile();
    expect(renderExplain(ev, ev.reps[0]!, { color: false, locale: 'en' })).not.toMatch(UNSAFE);
  });

  it('check (stylish): messages that quote the rubric', () => {
    const out = formatters.stylish(
      [{ code: 'schema', severity: 'error', source: 'a.yaml', message: `tiers[0].label: "${CLEAR}${TITLE}" is too long`, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } }],
      { color: false, files: ['a.yaml'], rules: allRuleMeta(), version: '0' },
    );
    expect(out).not.toMatch(UNSAFE);
  });

  it('terminalText keeps printable text, newlines and CJK as they are', () => {
    expect(terminalText('张三 Ann\nB')).toBe('张三 Ann\nB');
    expect(terminalText(`a\tb${CSI1}c\u202Ed`)).toBe('a b2Jcd');
  });

  it('property: cleaned text holds no control, bidi override or unpaired surrogate; clean text is kept', () => {
    fc.assert(
      fc.property(fc.string({ unit: binaryUnit, maxLength: 40 }), (s) => {
        const out = terminalText(s);
        expect(out).not.toMatch(UNSAFE);
        expect(terminalText(out)).toBe(out);
      }),
    );
  });

  it('cleanStrings keeps Decimal values and returns clean input as the same object', () => {
    const ev = fixtureEvaluation();
    expect(cleanStrings(ev)).toBe(ev);
    const dirty = hostile();
    const clean = cleanStrings(dirty);
    expect(clean.reps[0]!.score).toBe(dirty.reps[0]!.score);
    expect(clean.reps[1]).toBe(dirty.reps[1]);
  });
});

describe('Markdown report escapes HTML and Markdown syntax', () => {
  const md = renderEvaluationMarkdown(hostile(), { locale: 'en' });

  it('no raw HTML, no comment opener, no live link or image', () => {
    expect(md).not.toMatch(/<img|<!--|(?<!\\)\]\(javascript:|!\[t\]\(/);
    expect(md).not.toMatch(UNSAFE);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt; &lt;!-- \\[x\\](javascript:alert(1)) !\\[t\\](http://tracker.example/p.png)');
  });

  it.each([
    ['<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['a|b', 'a\\|b'],
    ['*bold* _it_ `code` ~s~', '\\*bold\\* \\_it\\_ \\`code\\` \\~s\\~'],
    ['AT&T', 'AT&amp;T'],
    ['line\nbreak', 'line break'],
    ['a\\b', 'a\\\\b'],
  ])('%j → %j', (text, expected) => {
    expect(markdownText(text)).toBe(expected);
  });
});
