/** The rubric's JSON Schema, generated from the zod schema (never hand-written), for editor completion. */
import { z } from 'zod';
import { Rubric } from './schema.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The schema a file with `extends` must meet: what it extends is merged in (rubric/load.ts: mappings
 * key by key, lists replaced), so no key reached through mappings alone is required here — a child
 * may give `roster: { sheet: … }` and take `file` from its base. A list replaces the base's whole
 * list, so its items keep their required keys.
 */
function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'required') continue;
    if (k === 'items' || k === 'prefixItems' || k === 'examples' || k === 'default' || k === 'enum' || k === 'const') out[k] = v;
    else if (k === 'properties' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, withoutRequired(s)]));
    else out[k] = withoutRequired(v);
  }
  return out;
}

export function rubricJsonSchema(): Record<string, unknown> {
  // `io: 'input'`: what a file may contain, so keys with defaults are optional.
  const schema = z.toJSONSchema(Rubric, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json;
  const { $schema, properties, required, ...rest } = schema;
  // Top level: every key described, nothing nested required (hover and completion read these); a
  // file without `extends` must also meet the full schema (`else`), one with `extends` is checked
  // after the merge by `salesgrade check` — here it gets no false "missing property" errors.
  return {
    $schema,
    title: 'salesgrade rubric, format version 1',
    description:
      'A salesgrade rubric: how to read CRM exports, metrics, KPIs with SMART targets, tiers, movement, levels, actions and quota rules. With extends, a file gives only what it changes.',
    ...rest,
    properties: withoutRequired(properties),
    if: { properties: { extends: true }, required: ['extends'] },
    else: { required, properties },
  };
}

/** The text `salesgrade schema` prints and schema/rubric.schema.json holds. */
export function rubricJsonSchemaText(): string {
  return `${JSON.stringify(rubricJsonSchema(), null, 2)}\n`;
}
