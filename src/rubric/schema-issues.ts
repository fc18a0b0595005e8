/**
 * zod issues → diagnostics that say where (a JSON path, located later), what was expected and what
 * was found. Unions are resolved to the branch the user evidently meant (by value type, then by the
 * key that selects the branch, e.g. `sum:` in a metric) so the message talks about that branch only.
 * Unknown keys get a "did you mean" from the keys the schema allows at that place.
 */
import type { MessageParams } from '../shared/message-template.js';
import { builtinCodes, builtinMessage } from './lint/builtin.js';
import type { z } from 'zod';
import { formatPath, type JsonPath } from './locate.js';

export interface SchemaProblem {
  code: 'schema' | 'unknown-key';
  path: JsonPath;
  /** Point at the key (unknown keys) or the value. */
  at: 'key' | 'value';
  message: string;
  /** For the frequent problems: the message id of `builtinCodes` and its facts (report/ words them in other languages). */
  messageId?: string;
  params?: MessageParams;
}

const worded = (code: 'schema' | 'unknown-key', messageId: string, params: MessageParams) => builtinMessage(code, messageId, params);

const WORDS_EXPECTED: Record<string, string> = builtinCodes.find((c) => c.id === 'schema')!.words!.expected!;

/** A value repr() shows as it is (a string quoted, a number, true/false), not as a kind word. */
const scalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** A simple expected kind as a code (`mapping`, `number`…), or undefined for a union, enum or literal. */
function kindCode(s: AnySchema): string | undefined {
  const t = def(unwrap(s)).type;
  if (t === 'object' || t === 'record') return 'mapping';
  if (t === 'array' || t === 'tuple') return 'list';
  if (t === 'string' || t === 'number' || t === 'boolean') return t;
  if (t === 'int') return 'number';
  return undefined;
}

type AnySchema = z.ZodType;
interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  innerType?: AnySchema;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  items?: AnySchema[];
  in?: AnySchema;
  values?: unknown[];
  entries?: Record<string, unknown>;
}

function def(s: AnySchema): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strip optional/default/nullable wrappers. */
function unwrap(s: AnySchema): AnySchema {
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const d = def(cur);
    if ((d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'prefault' || d.type === 'readonly' || d.type === 'catch') && d.innerType) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else break;
  }
  return cur;
}

function kindOf(v: unknown): 'mapping' | 'list' | 'string' | 'number' | 'boolean' | 'nothing' {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'mapping';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  return 'boolean';
}

function acceptsKind(s: AnySchema, kind: ReturnType<typeof kindOf>): boolean {
  const d = def(unwrap(s));
  switch (d.type) {
    case 'object':
    case 'record':
      return kind === 'mapping';
    case 'array':
    case 'tuple':
      return kind === 'list';
    case 'string':
    case 'enum':
      return kind === 'string';
    case 'number':
    case 'int':
      return kind === 'number';
    case 'boolean':
      return kind === 'boolean';
    case 'literal':
      return (d.values ?? []).some((x) => kindOf(x) === kind);
    case 'union':
      return (d.options ?? []).some((o) => acceptsKind(o, kind));
    default:
      return true;
  }
}

/** "a positive number or a mapping", for messages. */
function describe(s: AnySchema): string {
  const d = def(unwrap(s));
  switch (d.type) {
    case 'object':
    case 'record':
      return 'a mapping';
    case 'array':
    case 'tuple':
      return 'a list';
    case 'string':
      return 'a string';
    case 'enum':
      return `one of ${Object.values(d.entries ?? {}).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'number':
    case 'int':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'literal':
      return (d.values ?? []).map((v) => JSON.stringify(v)).join(' or ');
    case 'union':
      return [...new Set((d.options ?? []).map(describe))].join(' or ');
    default:
      return d.type;
  }
}

function requiredKeys(s: AnySchema): string[] {
  const d = def(unwrap(s));
  if (d.type !== 'object' || !d.shape) return [];
  return Object.entries(d.shape)
    .filter(([, v]) => {
      const t = def(v).type;
      return t !== 'optional' && t !== 'default' && t !== 'prefault';
    })
    .map(([k]) => k);
}

function objectKeys(s: AnySchema): string[] {
  const d = def(unwrap(s));
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

/** `"high"`, `120`, `a list`, `a mapping`, `nothing`. */
export function repr(v: unknown): string {
  const k = kindOf(v);
  if (k === 'string') {
    const s = v as string;
    return JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);
  }
  if (k === 'number' || k === 'boolean') return String(v);
  if (k === 'list') return 'a list';
  if (k === 'mapping') return 'a mapping';
  return 'nothing';
}

export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n]!;
}

/** The closest candidate within a small edit distance, for "did you mean …". */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD && d <= limit) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

function getAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

/** The schema at a path relative to `s`, following objects, arrays, records and tuples. */
function schemaAt(s: AnySchema, path: readonly PropertyKey[], value: unknown): AnySchema | undefined {
  let cur: AnySchema | undefined = s;
  let val = value;
  for (const seg of path) {
    if (!cur) return undefined;
    const u = unwrap(cur);
    const d = def(u);
    if (d.type === 'object') cur = d.shape?.[String(seg)];
    else if (d.type === 'array') cur = d.element;
    else if (d.type === 'record') cur = d.valueType;
    else if (d.type === 'tuple') cur = d.items?.[Number(seg)];
    else if (d.type === 'union') {
      const pick = pickBranch(u, val);
      cur = pick ? schemaAt(pick, [seg], val) : undefined;
    } else return undefined;
    val = getAt(val, [seg]);
  }
  return cur;
}

/** The union branch the user meant, or undefined when none is evident. */
function pickBranch(union: AnySchema, value: unknown): AnySchema | undefined {
  const options = def(unwrap(union)).options ?? [];
  const byKind = options.filter((o) => acceptsKind(o, kindOf(value)));
  if (byKind.length === 1) return byKind[0];
  if (byKind.length > 1 && kindOf(value) === 'mapping') {
    const keys = Object.keys(value as object);
    const selected = byKind.filter((o) => {
      const req = requiredKeys(o);
      return req.length > 0 && req.every((k) => keys.includes(k));
    });
    if (selected.length === 1) return selected[0];
    const withKey = byKind.filter((o) => requiredKeys(o).some((k) => keys.includes(k)));
    if (withKey.length === 1) return withKey[0];
  }
  return undefined;
}

function numberBound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, big: boolean): [string, string] {
  const n = big ? issue.maximum : issue.minimum;
  const op = big ? (issue.inclusive ? '≤' : '<') : issue.inclusive ? '≥' : '>';
  return [op, String(n)];
}

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  keys?: string[];
  values?: unknown[];
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  origin?: string;
  issues?: IssueLike[];
  errors?: IssueLike[][];
}

function toPath(p: readonly PropertyKey[]): JsonPath {
  return p.map((s) => (typeof s === 'number' ? s : String(s)));
}

function mapIssue(issue: IssueLike, root: AnySchema, data: unknown, base: JsonPath, out: SchemaProblem[]): void {
  const rel = toPath(issue.path);
  const path = [...base, ...rel];
  const value = getAt(data, rel);
  const where = formatPath(path);
  const push = (message: string, at: 'key' | 'value' = 'value', p: JsonPath = path, code: SchemaProblem['code'] = 'schema') =>
    out.push({ code, path: p, at, message });
  const pushId = (code: SchemaProblem['code'], messageId: string, params: MessageParams, at: 'key' | 'value' = 'value', p: JsonPath = path) =>
    out.push({ code, path: p, at, ...worded(code, messageId, params) });

  switch (issue.code) {
    case 'unrecognized_keys': {
      let here = schemaAt(root, rel, data) ?? root;
      if (def(unwrap(here)).type === 'union') here = pickBranch(here, value) ?? here;
      const allowed = objectKeys(here);
      for (const key of issue.keys ?? []) {
        const s = suggest(key, allowed);
        const params = { where: formatPath([...path, key]), key };
        if (s) pushId('unknown-key', 'didYouMean', { ...params, suggestion: s }, 'key', [...path, key]);
        else if (allowed.length) pushId('unknown-key', 'expected', { ...params, allowed }, 'key', [...path, key]);
        else pushId('unknown-key', 'unknown', params, 'key', [...path, key]);
      }
      return;
    }
    case 'invalid_union': {
      const unionSchema = schemaAt(root, rel, data);
      const branch = unionSchema ? pickBranch(unionSchema, value) : undefined;
      if (branch) {
        const r = branch.safeParse(value);
        if (!r.success) for (const sub of r.error.issues as unknown as IssueLike[]) mapIssue(sub, branch, value, path, out);
        return;
      }
      if (unionSchema && kindOf(value) === 'mapping') {
        // A mapping that selects no branch: name the keys that would (`sum`, `count`, `ratio` …).
        const selectors = [...new Set((def(unwrap(unionSchema)).options ?? []).flatMap(requiredKeys))];
        const found = Object.keys(value as object);
        const present = found.filter((k) => selectors.includes(k));
        if (present.length > 1) {
          push(`${where}: expected exactly one of the keys ${selectors.join(', ')}, found ${present.join(' and ')}`);
          return;
        }
        const near = found.map((k) => suggest(k, selectors)).find((x) => x !== undefined);
        push(`${where}: expected one of the keys ${selectors.join(', ')}, found ${found.length ? found.join(', ') : 'none'}${near ? `; did you mean "${near}"?` : ''}`);
        return;
      }
      const expected = unionSchema ? describe(unionSchema) : 'a different value';
      // a union whose branches are all one kind (every metric is a mapping): the type message
      const code = Object.keys(WORDS_EXPECTED).find((k) => WORDS_EXPECTED[k] === expected);
      if (code !== undefined) pushId('schema', scalar(value) ? 'type' : 'typeKind', { where, expected: code, got: repr(value) });
      else push(`${where}: expected ${expected}, got ${repr(value)}`);
      return;
    }
    case 'invalid_type': {
      if (value === undefined) {
        const key = path[path.length - 1];
        pushId('schema', 'missing', { where: formatPath(path.slice(0, -1)), key: String(key) }, 'value', path.slice(0, -1));
        return;
      }
      const s = schemaAt(root, rel, data);
      const code = issue.expected === 'int' ? 'int' : s ? kindCode(s) : undefined;
      if (code !== undefined && (code === 'int' || describe(s!) === (WORDS_EXPECTED[code] ?? ''))) {
        pushId('schema', scalar(value) ? 'type' : 'typeKind', { where, expected: code, got: repr(value) });
        return;
      }
      const expected = issue.expected === 'int' ? 'a whole number' : s ? describe(s) : `a ${issue.expected ?? 'value'}`;
      push(`${where}: expected ${expected}, got ${repr(value)}`);
      return;
    }
    case 'too_small':
    case 'too_big': {
      const big = issue.code === 'too_big';
      if (issue.origin === 'array') {
        const n = Array.isArray(value) ? value.length : 0;
        pushId('schema', big ? 'atMost' : 'atLeast', { where, n: String(big ? issue.maximum : issue.minimum), count: n });
      } else if (issue.origin === 'string') {
        push(`${where}: expected ${big ? `at most ${String(issue.maximum)} characters` : 'a non-empty string'}, got ${repr(value)}`);
      } else {
        const [op, bound] = numberBound(issue, big);
        if (scalar(value)) pushId('schema', 'number', { where, op, bound, got: repr(value) });
        else push(`${where}: expected a number ${op} ${bound}, got ${repr(value)}`);
      }
      return;
    }
    case 'invalid_value': {
      const vals = issue.values ?? [];
      const strs = vals.filter((v): v is string => typeof v === 'string');
      const s = typeof value === 'string' ? suggest(value, strs) : undefined;
      if (vals.length > 1 && scalar(value)) {
        const params = { where, values: vals.map((v) => JSON.stringify(v)), got: repr(value) };
        if (s) pushId('schema', 'oneOfDidYouMean', { ...params, suggestion: s });
        else pushId('schema', 'oneOf', params);
        return;
      }
      const expected = vals.length === 1 ? JSON.stringify(vals[0]) : `one of ${vals.map((v) => JSON.stringify(v)).join(', ')}`;
      push(`${where}: expected ${expected}, got ${repr(value)}${s ? `; did you mean "${s}"?` : ''}`);
      return;
    }
    case 'invalid_format':
    case 'invalid_string': {
      const what = /^Invalid/.test(issue.message) ? 'a differently formatted string' : issue.message;
      push(`${where}: expected ${what}, got ${repr(value)}`);
      return;
    }
    case 'invalid_key': {
      const key = rel[rel.length - 1];
      const what = issue.issues?.[0]?.message;
      push(`${formatPath(path)}: the key ${JSON.stringify(String(key))} is not ${what && !/^Invalid/.test(what) ? what : 'a valid key'}`, 'key');
      return;
    }
    case 'not_multiple_of':
      push(`${where}: expected a whole number, got ${repr(value)}`);
      return;
    default:
      push(`${where}: ${issue.message}`);
  }
}

/** Map a failed parse to problems, in the order zod found them. */
export function schemaProblems(schema: AnySchema, data: unknown, issues: readonly unknown[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  for (const issue of issues as IssueLike[]) mapIssue(issue, schema, data, [], out);
  return out;
}
