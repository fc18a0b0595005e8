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
import { YAML_ERROR_CODES } from '../../../src/rubric/yaml-safe.js';
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
      // the one exception: the YAML parser's sentence (English only, from the yaml package) is worded
      // in zh-CN from its error code, which the English message does not show
      const parser = id === 'yaml-syntax' && messageId === 'parser';
      expect([messageId, templatePlaceholders(zh.messages[messageId]!)]).toEqual([messageId, parser ? ['yamlCode'] : templatePlaceholders(template)]);
      if (parser) expect(templatePlaceholders(template)).toEqual(['detail']);
      // a zh-CN sentence (not an English copy; `key：{problem}` passes a located problem on), a full-width colon after the location
      if (!/^\S*?(：\{\w+\})+$/.test(zh.messages[messageId]!)) expect(zh.messages[messageId]).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.messages[messageId]).not.toMatch(/^[\w.{}[\]]+: /);
    }
    const words = (w: Record<string, Record<string, string>> | undefined) => Object.fromEntries(Object.entries(w ?? {}).map(([k, v]) => [k, Object.keys(v).sort()]));
    expect(words(zh.words)).toEqual(id === 'yaml-syntax' ? { yamlCode: words(zh.words).yamlCode } : words(rule.meta.words));
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

describe('zh-CN findings of the reading, YAML and extends codes, at line:col (the English as before)', () => {
  const ok = 'salesgrade: 1\nlocale: zh-CN\n';
  const table: { name: string; text: string; code: string; en: [number, number, string][]; zh: [number, number, string][] }[] = [
    {
      name: 'a tab in the indentation',
      text: `${ok}name:\n\t  x: 1\n`,
      code: 'yaml-syntax',
      en: [[4, 1, 'tab character in indentation; indent with spaces']],
      zh: [[4, 1, '缩进中有制表符；请用空格缩进']],
    },
    {
      name: 'a flow sequence never closed (the parser: its code in words)',
      text: `${ok}name: [a\n`,
      code: 'yaml-syntax',
      en: [[4, 1, 'Flow sequence in block collection must be sufficiently indented and end with a ]']],
      zh: [[4, 1, 'YAML 语法错误：缩进不正确']],
    },
    {
      name: 'a key that is a list',
      text: `${ok}? [a, b]\n: 1\n`,
      code: 'yaml-syntax',
      en: [[3, 3, 'a key must be a plain string, not a collection or alias']],
      zh: [[3, 3, '键必须是普通字符串，不能是集合或别名']],
    },
    {
      name: 'a duplicate key',
      text: `${ok}name: a\nname: b\n`,
      code: 'duplicate-key',
      en: [[4, 1, 'duplicate key "name"; each key may appear once in a mapping']],
      zh: [[4, 1, '重复的键 "name"；同一映射中每个键只能出现一次']],
    },
    {
      name: 'a custom tag',
      text: `${ok}name: !include other.yaml\n`,
      code: 'yaml-unsafe',
      en: [[3, 7, 'unknown tag !include; rubric files allow plain YAML only (no custom tags)']],
      zh: [[3, 7, '未知的标签 !include；规则文件只允许普通 YAML（不能有自定义标签）']],
    },
    {
      name: 'a __proto__ key',
      text: `${ok}__proto__: 1\n`,
      code: 'yaml-unsafe',
      en: [[3, 1, 'the key "__proto__" is not allowed (prototype pollution)']],
      zh: [[3, 1, '不允许使用键 "__proto__"（原型污染）']],
    },
    {
      name: 'nesting over 64 levels',
      text: `${ok}a: ${'['.repeat(70)}${']'.repeat(70)}\n`,
      code: 'yaml-unsafe',
      en: [[3, 67, 'nesting deeper than 64 levels; a rubric never needs that (refused before parsing)']],
      zh: [[3, 67, '嵌套超过 64 层；规则文件不需要这么深（解析前即拒绝）']],
    },
    {
      name: 'a list, not a mapping',
      text: '- a\n- b\n',
      code: 'schema',
      en: [[1, 1, '(root): expected a mapping with "salesgrade: 1"']],
      zh: [[1, 1, '(root)：应为含有 "salesgrade: 1" 的映射']],
    },
  ];

  it('every error code of the YAML parser has a zh-CN wording', () => {
    expect(Object.keys(LINT_MESSAGES_ZH['yaml-syntax']!.words!.yamlCode!).sort()).toEqual([...YAML_ERROR_CODES].sort());
  });

  it.each(table)('$name ($code)', ({ text, code, en, zh }) => {
    const { diagnostics } = lintRubricText(text, 'case.yaml');
    const mine = diagnostics.filter((d) => d.code === code);
    expect(mine.map((d) => [d.range!.start.line + 1, d.range!.start.character + 1, d.message])).toEqual(en);
    expect(localizeLint(mine, 'zh-CN').map((d) => [d.range!.start.line + 1, d.range!.start.character + 1, d.message])).toEqual(zh);
    // the same code and place in both languages; only the message differs
    expect(localizeLint(mine, 'en')).toEqual(mine);
  });

  const root = mkdtempSync(join(tmpdir(), 'sg-lint-zh-read-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('extends: a base that is not there, and a cycle', async () => {
    writeFileSync(join(root, 'missing.yaml'), `${ok}extends: nothere.yaml\n`);
    writeFileSync(join(root, 'a.yaml'), `${ok}extends: b.yaml\n`);
    writeFileSync(join(root, 'b.yaml'), `${ok}extends: a.yaml\n`);
    const missing = (await lintRubricFile('missing.yaml', { cwd: root })).diagnostics;
    expect(missing.map((d) => [d.code, d.message])).toEqual([['extends', 'extends: cannot read "nothere.yaml" (nothere.yaml): no such file']]);
    expect(localizeLint(missing, 'zh-CN').map((d) => d.message)).toEqual(['extends：无法读取 "nothere.yaml"（nothere.yaml）：文件不存在']);
    const cycle = (await lintRubricFile('a.yaml', { cwd: root })).diagnostics.filter((d) => d.code === 'extends');
    expect(cycle.map((d) => d.message)).toEqual(['extends: cycle a.yaml → b.yaml → a.yaml; a rubric cannot extend itself']);
    expect(localizeLint(cycle, 'zh-CN').map((d) => d.message)).toEqual(['extends：循环继承 a.yaml → b.yaml → a.yaml；规则文件不能继承自身']);
  });

  it('encoding: a UTF-16 file and a GB18030 file', async () => {
    writeFileSync(join(root, 'u16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('salesgrade: 1\n', 'utf16le')]));
    writeFileSync(join(root, 'gb.yaml'), Buffer.from([...Buffer.from('salesgrade: 1\nname: '), 0xb2, 0xe2, 0xca, 0xd4, 0x0a]));
    const u16 = (await lintRubricFile('u16.yaml', { cwd: root })).diagnostics;
    const gb = (await lintRubricFile('gb.yaml', { cwd: root })).diagnostics;
    expect([...u16, ...gb].map((d) => d.message)).toEqual([
      'expected UTF-8, found a UTF-16 byte order mark; save the file as UTF-8',
      'expected UTF-8, found GB18030/GBK bytes (this line reads "测试" as GB18030); save the file as UTF-8',
    ]);
    expect(localizeLint([...u16, ...gb], 'zh-CN').map((d) => d.message)).toEqual([
      '应为 UTF-8，但文件以 UTF-16 字节顺序标记开头；请将文件另存为 UTF-8',
      '应为 UTF-8，但文件是 GB18030/GBK 编码（按 GB18030 读，这一行是 "测试"）；请将文件另存为 UTF-8',
    ]);
  });
});
