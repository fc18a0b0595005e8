// The rubric's JSON Schema for editors (issue 16, item 2): generated from the zod schema, described
// on every property and enum value, and checked by a real JSON-Schema validator (ajv, draft 2020-12)
// against every shipped rubric — no false errors, in particular none for a rubric that `extends` —
// and against broken rubrics, which must get errors.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { rubricJsonSchema, rubricJsonSchemaText } from '../../../src/rubric/json-schema.js';

const root = join(import.meta.dirname, '..', '..', '..');

function validator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  // The editors' extension keyword (VS Code, yaml-language-server): one description per enum value.
  ajv.addKeyword({ keyword: 'enumDescriptions', schemaType: 'array' });
  return ajv.compile(rubricJsonSchema());
}

const validate = validator();
const errorsOf = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const shipped = [
  ...readdirSync(join(root, 'rules')).filter((n) => n.endsWith('.yaml')).map((n) => `rules/${n}`),
  ...readdirSync(join(root, 'samples')).filter((n) => n.endsWith('.yaml')).map((n) => `samples/${n}`),
];

describe('rubric JSON Schema', () => {
  it('the committed schema/rubric.schema.json is the generated one (run: node bin/salesgrade.js schema > schema/rubric.schema.json)', () => {
    expect(readFileSync(join(root, 'schema', 'rubric.schema.json'), 'utf8')).toBe(rubricJsonSchemaText());
  });

  it('every property and every enum value has a description', () => {
    const undescribed: string[] = [];
    const enums: string[] = [];
    let properties = 0;
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${path}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, { description?: string }>)) {
        properties++;
        if (!v.description) undescribed.push(`${path}.${k}`);
      }
      if (Array.isArray(n.enum) && (!Array.isArray(n.enumDescriptions) || n.enumDescriptions.length !== n.enum.length)) enums.push(path);
      // `if` is a condition (has extends?), not a place a key is defined
      for (const [k, v] of Object.entries(n)) if (k !== 'examples' && k !== 'default' && k !== 'if') walk(v, `${path}/${k}`);
    };
    walk(rubricJsonSchema(), '#');
    expect(properties).toBeGreaterThan(200);
    expect(undescribed).toEqual([]);
    expect(enums).toEqual([]);
  });

  it.each(shipped)('%s validates with no errors', (file) => {
    expect(errorsOf(parse(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });

  it('the shipped samples use extends, and a rubric that extends needs no metrics / kpis / tiers of its own', () => {
    const samples = shipped.filter((f) => f.startsWith('samples/')).map((f) => parse(readFileSync(join(root, f), 'utf8')) as Record<string, unknown>);
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) expect(s.extends).toBeDefined();
    // a mapping merges into its base key by key: roster.file may come from the base
    expect(errorsOf({ salesgrade: 1, extends: 'base.yaml', roster: { sheet: '花名册' }, metrics: { revenue: { where: { stage: 'Won' } } } })).toEqual([]);
  });

  const base = parse(readFileSync(join(root, 'rules', 'en-inside-sales.yaml'), 'utf8')) as Record<string, unknown>;
  const broken: [string, Record<string, unknown>, RegExp][] = [
    ['a typo in a top-level key (kpi)', { ...Object.fromEntries(Object.entries(base).filter(([k]) => k !== 'kpis')), kpi: base.kpis }, /must have required property 'kpis'|must NOT have additional properties/],
    ['a typo in a top-level key with extends', { salesgrade: 1, extends: 'x.yaml', tier: [] }, /must NOT have additional properties/],
    ['no tiers and no extends', Object.fromEntries(Object.entries(base).filter(([k]) => k !== 'tiers')), /must have required property 'tiers'/],
    ['a weight that is not a number', { ...base, kpis: [{ metric: 'calls', weight: 'high', target: 1 }] }, /\/kpis\/0\/weight must be number/],
    ['an unknown period', { ...base, period: 'fortnight' }, /\/period must be equal to one of the allowed values/],
    ['a KPI without its metric, even with extends (a list replaces the base list)', { salesgrade: 1, extends: 'x.yaml', kpis: [{ weight: 100, target: 1 }] }, /\/kpis\/0 must have required property 'metric'/],
  ];
  it.each(broken)('%s: an error', (_name, doc, expected) => {
    const errors = errorsOf(doc);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });
});
