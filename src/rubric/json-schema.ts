/** The rubric's JSON Schema, generated from the zod schema (never hand-written), for editor completion. */
import { z } from 'zod';
import { Rubric } from './schema.js';

export function rubricJsonSchema(): Record<string, unknown> {
  // `io: 'input'`: what a file may contain, so keys with defaults are optional.
  const schema = z.toJSONSchema(Rubric, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'salesgrade rubric, format version 1',
    description: 'A salesgrade rubric: how to read CRM exports, metrics, KPIs with SMART targets, tiers, movement, levels, actions and quota rules.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The text `salesgrade schema` prints and schema/rubric.schema.json holds. */
export function rubricJsonSchemaText(): string {
  return `${JSON.stringify(rubricJsonSchema(), null, 2)}\n`;
}
