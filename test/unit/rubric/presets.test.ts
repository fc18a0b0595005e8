import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { rubricJsonSchemaText } from '../../../src/rubric/json-schema.js';
import { lintRubricFile, loadRubric } from '../../../src/rubric/load.js';

function rubricFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`)
    .filter((p) => /^salesgrade\s*:/m.test(readFileSync(p, 'utf8')));
}

describe('shipped rubrics pass check with zero findings', () => {
  const files = [...rubricFiles('rules'), ...rubricFiles('samples')];
  test('the three presets are there', () => {
    expect(rubricFiles('rules').sort()).toEqual(['rules/en-inside-sales.yaml', 'rules/managers.yaml', 'rules/zh-CN-field-sales.yaml']);
  });
  test.each(files.map((f) => [f]))('%s', async (file) => {
    const { diagnostics } = await lintRubricFile(file);
    expect(diagnostics.map((d) => `${d.source}:${(d.range?.start.line ?? 0) + 1} ${d.code} ${d.message}`)).toEqual([]);
  });
});

describe('presets say what the brief asks', () => {
  test('zh-CN field sales: revenue, win rate, new customers, visits, a CSAT gate, 高级/中级/初级, cn quota calendar, CRM headers', async () => {
    const { rubric } = await loadRubric('rules/zh-CN-field-sales.yaml');
    expect(rubric.kpis.map((k) => k.metric)).toEqual(['revenue', 'win_rate', 'new_customers', 'visits']);
    expect(rubric.tiers.map((t) => [t.id, t.label])).toEqual([['senior', '高级'], ['intermediate', '中级'], ['junior', '初级']]);
    expect(rubric.tiers[0]!.gates).toEqual([{ metric: 'csat', min: 4.2 }]);
    expect(rubric.quota?.calendar).toBe('cn');
    const headers = Object.values(rubric.source.fields).flatMap((f) => (Array.isArray(f) ? f : f.headers));
    for (const h of ['销售代表', '负责人', '日期', '活动日期', '结单日期', '金额', '阶段', '客户名称', '活动类型', '满意度', '商机编号', 'Sales Rep', 'Amount']) {
      expect(headers).toContain(h);
    }
  });
  test('en inside sales: calls, meetings, pipeline, bookings', async () => {
    const { rubric } = await loadRubric('rules/en-inside-sales.yaml');
    expect(rubric.kpis.map((k) => k.metric)).toEqual(['calls', 'meetings', 'pipeline', 'bookings']);
    expect(rubric.locale).toBe('en');
  });
  test('managers: team and region KPIs on roll-ups', async () => {
    const { rubric } = await loadRubric('rules/managers.yaml');
    expect(rubric.levels?.team?.kpis.map((k) => [k.metric, k.target])).toEqual([['revenue', 'members'], ['win_rate', 0.3], ['new_customers', 20]]);
    expect(rubric.levels?.region?.tiers.map((t) => t.id)).toEqual(['a', 'b', 'c']);
  });
});

test('schema/rubric.schema.json is the JSON Schema generated from zod (run: node bin/salesgrade.js schema > schema/rubric.schema.json)', () => {
  expect(readFileSync('schema/rubric.schema.json', 'utf8')).toBe(rubricJsonSchemaText());
  // the sections are required only without `extends` (issue 16): a file that extends gives what it changes
  const schema = JSON.parse(rubricJsonSchemaText()) as { else: { required: string[] }; additionalProperties: boolean; properties: Record<string, unknown> };
  expect(schema.else.required.sort()).toEqual(['kpis', 'metrics', 'name', 'salesgrade', 'tiers']);
  expect(schema.additionalProperties).toBe(false);
  expect(Object.keys(schema.properties)).toContain('quota');
});

test('the README\'s rubric-by-example checks clean (its extends resolves against rules/)', async () => {
  const { mkdtempSync, mkdirSync, cpSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('## The rubric format (v1), by example');
  expect(start).toBeGreaterThan(-1);
  const body = readme.slice(readme.indexOf('```yaml\n', start) + 8);
  const dir = mkdtempSync(join(tmpdir(), 'sg-readme-'));
  mkdirSync(join(dir, 'team'));
  cpSync('rules', join(dir, 'rules'), { recursive: true });
  writeFileSync(join(dir, 'team', 'rubric.yaml'), body.slice(0, body.indexOf('```')));
  const { diagnostics } = await lintRubricFile('team/rubric.yaml', { cwd: dir });
  expect(diagnostics.map((d) => `${(d.range?.start.line ?? 0) + 1} ${d.code} ${d.message}`)).toEqual([]);
});
