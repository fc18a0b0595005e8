// `salesgrade check` messages in zh-CN: the rules' English templates (meta.messages / meta.words) and the
// zh-CN catalog (report/lint-messages.ts) one-to-one, and a table of rules rendered in Chinese at their
// line:col from the same facts the English message was built from.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { makeFileProbe } from '../../../src/cli/pipeline/check-files.js';
import { allRuleMeta, rules } from '../../../src/rubric/lint/index.js';
import { lintRubricFile, lintRubricText } from '../../../src/rubric/load.js';
import { LINT_MESSAGES_ZH, lintMessage, localizeLint } from '../../../src/report/lint-messages.js';
import { templatePlaceholders } from '../../../src/shared/message-template.js';
import type { Diagnostic } from '../../../src/shared/diagnostic.js';
import { yaml } from '../rubric/rule-tester.js';
import { BASE, withSections } from '../rubric/rules/base.js';

describe('the lint message catalogs are one-to-one', () => {
  // every rule, and the built-in codes with message ids (schema, unknown-key)
  const worded = allRuleMeta().filter((m) => Object.keys(m.messages).length > 0);

  it('every rule has zh-CN templates, and the zh-CN catalog names no rule that does not exist', () => {
    expect(Object.keys(LINT_MESSAGES_ZH).sort()).toEqual(worded.map((m) => m.id).sort());
    for (const r of rules) expect(worded.map((m) => m.id)).toContain(r.meta.id);
  });

  it.each(worded.map((m) => [m.id, { meta: m }] as const))('%s: the same message ids, placeholders and words in en and zh-CN', (id, rule) => {
    const en = rule.meta.messages as Record<string, string>;
    const zh = LINT_MESSAGES_ZH[id]!;
    expect(Object.keys(zh.messages).sort()).toEqual(Object.keys(en).sort());
    for (const [messageId, template] of Object.entries(en)) {
      expect([messageId, templatePlaceholders(zh.messages[messageId]!)]).toEqual([messageId, templatePlaceholders(template)]);
      // a zh-CN sentence (not an English copy; `key：{problem}` passes a located problem on), a full-width colon after the location
      if (!/^\S*?(：\{\w+\})+$/.test(zh.messages[messageId]!)) expect(zh.messages[messageId]).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.messages[messageId]).not.toMatch(/^[\w.{}[\]]+: /);
    }
    const words = (w: Record<string, Record<string, string>> | undefined) => Object.fromEntries(Object.entries(w ?? {}).map(([k, v]) => [k, Object.keys(v).sort()]));
    expect(words(zh.words)).toEqual(words(rule.meta.words));
  });
});

/** The findings of one rule in `text`, as [line, column, zh-CN message]. */
function zhFindings(text: string, code: string): [number, number, string][] {
  const { diagnostics } = lintRubricText(text, 'case.yaml');
  return localizeLint(diagnostics, 'zh-CN')
    .filter((d) => d.code === code)
    .map((d) => [d.range!.start.line + 1, d.range!.start.character + 1, d.message]);
}

const head = yaml`
  salesgrade: 1
  name: t
  source: { fields: { date: [Date], amount: { headers: [Amount], type: money } } }
  metrics: { revenue: { sum: amount }, deals: { count: rows } }
  tiers: [{ id: senior, min_score: 90 }, { id: junior, min_score: 0 }]
`;

describe('zh-CN lint messages, rule by rule, at line:col', () => {
  const table: { rule: string; text: string; found: [number, number, string][] }[] = [
    {
      rule: 'weights-sum-to-100',
      text: `${head}kpis:\n  - { metric: revenue, weight: 60, target: 5 }\n  - { metric: deals, weight: 30, target: 5 }\n`,
      found: [[7, 3, 'kpis：KPI 权重之和必须为 100，实际为 90（60 + 30）']],
    },
    {
      rule: 'known-tier',
      text: `${head}kpis: [{ metric: revenue, weight: 100, target: 5 }]\nactions:\n  seniour: { bonus_multiplier: 1.5 }\n  lead: { training: 基础培训 }\n`,
      found: [
        [8, 3, 'actions.seniour："seniour" 不是等级 id；是否应为 "senior"？'],
        [9, 3, 'actions.lead："lead" 不是等级 id；等级：senior、junior'],
      ],
    },
    {
      rule: 'known-field',
      text: `${head.replace('deals: { count: rows }', 'won: { count: rows, where: { stage: [Won] } }')}kpis: [{ metric: revenue, weight: 50, target: 5 }, { metric: won, weight: 50, target: 5 }]\n`,
      found: [[4, 67, 'metrics.won.where.stage：字段 "stage" 未在 source.fields 中声明；已声明：date、amount']],
    },
    {
      rule: 'unused-metric',
      text: `${head}kpis: [{ metric: revenue, weight: 100, target: 5 }]\n`,
      found: [[4, 38, 'metrics.deals：已定义，但没有任何 KPI、门槛、比率或配额使用它']],
    },
    {
      rule: 'money-conventions',
      text: withSections({ currency: 'currency: EUR' }),
      found: [[14, 11, '货币 EUR 使用小数逗号 ","，而语言区域 en 使用小数点 "."：值两种读法都说得通（1.234）的数字列会被拒绝；请声明 source.decimal_separator']],
    },
    {
      rule: 'smart-target',
      text: `${head}kpis: [{ metric: revenue, weight: 100, target: { by_tier: {} } }]\n`,
      found: [[6, 48, 'kpis[0].target：目标没有给出任何数字；请设置 `default`、`by_tier` 或 `file`']],
    },
  ];

  test.each(table)('$rule', ({ rule, text, found }) => {
    expect(zhFindings(text, rule)).toEqual(found);
  });

  it('the same findings in English are the rules\' own messages, unchanged', () => {
    const { diagnostics } = lintRubricText(withSections({ currency: 'currency: EUR' }), 'case.yaml');
    expect(localizeLint(diagnostics, 'en')).toEqual(diagnostics);
    expect(diagnostics.map((d) => lintMessage(d, 'en'))).toEqual(diagnostics.map((d) => d.message));
  });

  it('a base rubric is valid as it is (the table above tests what it claims)', () => {
    expect(lintRubricText(BASE, 'case.yaml').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a finding without a message id (YAML, schema) or with an unknown one keeps its English message', () => {
    const schema: Diagnostic = { code: 'schema', message: 'kpis[0]: missing required key "weight"', severity: 'error', source: 'r.yaml' };
    expect(lintMessage(schema, 'zh-CN')).toBe(schema.message);
    expect(lintMessage({ ...schema, code: 'unused-metric', messageId: 'nope' }, 'zh-CN')).toBe(schema.message);
  });
});

describe('zh-CN schema and unknown-key findings (built-in codes), at line:col', () => {
  it('the typos fixture in Chinese: enum with did-you-mean, unknown keys, a missing key, a wrong type', () => {
    const text = readFileSync(join(import.meta.dirname, '../../fixtures/rubrics/broken/typos.yaml'), 'utf8');
    const { diagnostics } = lintRubricText(text, 'typos.yaml');
    expect(localizeLint(diagnostics, 'zh-CN').map((d) => [d.range!.start.line + 1, d.range!.start.character + 1, d.code, d.message])).toEqual([
      [3, 9, 'schema', 'locale：应为 "zh-CN"、"en" 之一，实际为 "zh-cn"；是否应为 "zh-CN"？'],
      [9, 27, 'unknown-key', 'metrics.revenue.wher：未知的键 "wher"；是否应为 "where"？'],
      [11, 5, 'schema', 'kpis[0]：缺少必填键 "weight"'],
      [11, 24, 'unknown-key', 'kpis[0].wieght：未知的键 "wieght"；是否应为 "weight"？'],
      [14, 30, 'schema', 'tiers[1].min_score：应为数字，实际为 "zero"'],
    ]);
    // the English is the golden's, unchanged
    expect(diagnostics.map((d) => d.message)).toEqual([
      'locale: expected one of "zh-CN", "en", got "zh-cn"; did you mean "zh-CN"?',
      'metrics.revenue.wher: unknown key "wher"; did you mean "where"?',
      'kpis[0]: missing required key "weight"',
      'kpis[0].wieght: unknown key "wieght"; did you mean "weight"?',
      'tiers[1].min_score: expected a number, got "zero"',
    ]);
  });

  it('a list where a mapping belongs, a number out of range, too few items, an unknown key with no near miss', () => {
    const bad = withSections({
      kpis: 'kpis:\n  - { metric: revenue, weight: -5, target: 1000, colour: red }',
      tiers: 'tiers: []',
    }).replace('metrics:\n  revenue: { sum: amount }', 'metrics:\n  revenue: [amount]');
    const { diagnostics } = lintRubricText(bad, 'case.yaml');
    const zh = localizeLint(diagnostics, 'zh-CN');
    const pairs = diagnostics.map((d, i) => [d.message, zh[i]!.message]);
    expect(pairs).toEqual([
      ['metrics.revenue: expected a mapping, got a list', 'metrics.revenue：应为映射，实际为列表'],
      ['kpis[0].weight: expected a number > 0, got -5', 'kpis[0].weight：应为 > 0 的数字，实际为 -5'],
      [
        'kpis[0].colour: unknown key "colour"; expected one of: id, metric, label, weight, direction, floor, cap, threshold, bands, missing, target',
        'kpis[0].colour：未知的键 "colour"；可用的键：id、metric、label、weight、direction、floor、cap、threshold、bands、missing、target',
      ],
      ['tiers: expected at least 1 item(s), got 0', 'tiers：至少需要 1 项，实际为 0 项'],
    ]);
    // every finding has a message id here, so every one is Chinese
    expect(diagnostics.every((d) => d.messageId !== undefined)).toBe(true);
    expect(zh.every((d) => /[\u4e00-\u9fff]/.test(d.message))).toBe(true);
    expect(pairs.length).toBeGreaterThan(0);
  });
});

describe('zh-CN file rules: words for codes', () => {
  const root = mkdtempSync(join(tmpdir(), 'sg-lint-zh-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('file-exists: the kind of file and why it cannot be read, in Chinese; a code without a word as it is', async () => {
    mkdirSync(join(root, 't.csv'));
    const text = yaml`
      salesgrade: 1
      name: t
      source: { fields: { date: [Date], amount: { headers: [Amount], type: money } } }
      metrics: { revenue: { sum: amount } }
      kpis: [{ metric: revenue, weight: 100, target: { default: 1, file: t.csv } }]
      tiers: [{ id: senior, min_score: 90 }, { id: junior, min_score: 0 }]
      roster: { file: roster.csv }
    `;
    writeFileSync(join(root, 'r.yaml'), text);
    const { diagnostics } = await lintRubricFile('r.yaml', { cwd: root, probeFiles: makeFileProbe(root) });
    const mine = localizeLint(diagnostics, 'zh-CN').filter((d) => d.code === 'file-exists');
    expect(mine.map((d) => [d.range!.start.line + 1, d.range!.start.character + 1, d.message])).toEqual([
      [5, 68, 'kpis[0].target.file：无法读取目标文件 "t.csv"（t.csv：是文件夹，不是文件）'],
      [7, 17, 'roster.file：名单文件 "roster.csv" 不存在'],
    ]);
    const eio = { ...diagnostics.find((d) => d.messageId === 'unreadable')!, params: { key: 'x.file', kind: 'targets', file: 't.csv', shown: 't.csv', reason: 'EIO' } };
    expect(lintMessage(eio, 'zh-CN')).toBe('x.file：无法读取目标文件 "t.csv"（t.csv：EIO）');
  });

  it('calendar-file-valid: the problems inside the file worded by the data findings\' catalog, at the key', async () => {
    const cal = join(root, 'cal');
    mkdirSync(cal);
    const text = yaml`
      salesgrade: 1
      name: t
      source: { fields: { date: [Date], amount: { headers: [Amount], type: money } } }
      metrics: { revenue: { sum: amount } }
      kpis: [{ metric: revenue, weight: 100, target: 1000 }]
      tiers: [{ id: senior, min_score: 90 }, { id: junior, min_score: 0 }]
      quota:
        annual: { revenue: 1000 }
        calendar: { base: cn, file: holidays-2027.csv }
    `;
    writeFileSync(join(cal, 'r.yaml'), text);
    writeFileSync(join(cal, 'holidays-2027.csv'), 'date,kind,name\n2027-01-01,off,New Year\n2027-02-30,off,x\n2027-02-07,wrk,y\n');
    const { diagnostics } = await lintRubricFile('r.yaml', { cwd: cal, probeFiles: makeFileProbe(cal) });
    const mine = diagnostics.filter((d) => d.code === 'calendar-file-valid');
    expect(mine.map((d) => d.message)).toEqual([
      'quota.calendar.file: holidays-2027.csv:3:1: date: expected a date like 2027-02-06, found "2027-02-30"',
      'quota.calendar.file: holidays-2027.csv:4:12: kind: expected off or work, found "wrk"',
    ]);
    const zh = localizeLint(mine, 'zh-CN').map((d) => [d.range!.start.line + 1, d.range!.start.character + 1, d.message]);
    expect(zh.map(([line, col]) => [line, col])).toEqual([[9, 31], [9, 31]]);
    for (const [, , m] of zh) {
      expect(m).toMatch(/^quota\.calendar\.file：holidays-2027\.csv:\d+:\d+：/);
      // the problem itself in Chinese, not the reader's English
      expect(m).not.toMatch(/expected|found/);
      expect(String(m).split('：').slice(2).join('：')).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
