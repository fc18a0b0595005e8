// A small JSON Schema (2020-12) checker for the keywords schema/evaluation.schema.json uses: $ref to
// #/$defs, type, const, enum, required, properties, additionalProperties, propertyNames, items,
// anyOf, pattern, minimum, maximum. Returns every violation as `path: problem`, so a test can assert
// both that real output passes and that a broken document fails.
import { readFileSync } from 'node:fs';

type Schema = Record<string, unknown>;

const USED = new Set([
  '$schema', '$id', 'title', 'description', '$defs', '$ref', 'type', 'const', 'enum', 'required', 'properties',
  'additionalProperties', 'propertyNames', 'items', 'anyOf', 'pattern', 'minimum', 'maximum',
]);

export function loadEvaluationSchema(): Schema {
  return JSON.parse(readFileSync(new URL('../../../schema/evaluation.schema.json', import.meta.url), 'utf8')) as Schema;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function validate(value: unknown, schema: Schema, root: Schema = schema, path = '$'): string[] {
  for (const k of Object.keys(schema)) if (!USED.has(k)) return [`${path}: schema keyword ${k} not supported by the checker`];
  const errs: string[] = [];
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/$defs/', '');
    const target = (root.$defs as Record<string, Schema>)[name];
    if (!target) return [`${path}: unknown $ref ${schema.$ref}`];
    errs.push(...validate(value, target, root, path));
  }
  if (schema.anyOf) {
    const branches = (schema.anyOf as Schema[]).map((s) => validate(value, s, root, path));
    if (!branches.some((b) => b.length === 0)) errs.push(`${path}: matches no anyOf branch (${branches.map((b) => b[0]).join(' | ')})`);
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return [...errs, `${path}: expected ${types.join('|')}, got ${t}`];
  }
  if ('const' in schema && value !== schema.const) errs.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) errs.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    errs.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errs.push(`${path}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errs.push(`${path}: above ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errs.push(...validate(v, schema.items as Schema, root, `${path}[${i}]`)));
  if (typeOf(value) === 'object') {
    const o = value as Record<string, unknown>;
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in o)) errs.push(`${path}: missing ${r}`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, v] of Object.entries(o)) {
      if (schema.propertyNames) errs.push(...validate(k, schema.propertyNames as Schema, root, `${path}.${k}(name)`));
      if (props[k]) errs.push(...validate(v, props[k], root, `${path}.${k}`));
      else if (schema.additionalProperties === false) errs.push(`${path}: unexpected property ${k}`);
      else if (typeof schema.additionalProperties === 'object') errs.push(...validate(v, schema.additionalProperties as Schema, root, `${path}.${k}`));
    }
  }
  return errs;
}
