/**
 * `JSON.stringify(value, null, 2)` in pieces, byte for byte the same once joined. A result with
 * 200,000 reps is over 500 MB of JSON: one string that size is past V8's string limit ("Invalid string
 * length"); pieces of one top-level entry or array element each are not, and go to stdout one by one.
 */
type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** `[`-and-newline openings and closings of `level` nested arrays, each with its indentation (see `stringifyAt`). */
const wrappers: { open: string; close: string }[] = [];

function wrapper(level: number): { open: string; close: string } {
  let w = wrappers[level];
  if (w === undefined) {
    let open = '';
    let close = '';
    for (let k = 0; k < level; k++) {
      open += `${'  '.repeat(k)}[\n`;
      close = `\n${'  '.repeat(k)}]${close}`;
    }
    wrappers[level] = w = { open: open + '  '.repeat(level), close };
  }
  return w;
}

/**
 * `JSON.stringify(value, null, 2)` with every line after the first indented by `level` levels, as the
 * value is written inside its parents: stringified inside `level` one-element arrays (JSON.stringify
 * indents by depth) and the arrays' own text cut off — one native pass, instead of the text split at
 * each newline and joined again with the indentation (a third of writing a 5 MB report went to that).
 * The same text: `[v]` holds `v` as its element, where undefined, a function or a symbol is `null`
 * (which `jsonPieces` writes for them itself) and a `toJSON(key)` is asked with key "0" instead of the
 * parent's key (no value of a salesgrade payload reads its key).
 */
function stringifyAt(value: unknown, level: number): string {
  if (level === 0 || value === null || typeof value !== 'object') return JSON.stringify(value as Plain, null, 2);
  const w = wrapper(level);
  let v: unknown = value;
  for (let k = 0; k < level; k++) v = [v];
  const text = JSON.stringify(v as Plain, null, 2);
  return text.slice(w.open.length, text.length - w.close.length);
}

/**
 * An array whose elements are made only when their pieces are written (`jsonPieces`): a result's reps
 * as JSON values one at a time, never all of them (nor all their text) at once.
 */
export class LazyArray {
  constructor(
    readonly length: number,
    readonly at: (i: number) => unknown,
  ) {}
}

/** The pieces of `JSON.stringify(value, null, 2)`, split down to `depth` levels of nesting. */
export function jsonChunks(value: unknown, depth = 2, level = 0): string[] {
  return [...jsonPieces(value, depth, level)];
}

/**
 * `jsonChunks` one piece at a time; a `LazyArray` is written as the array of its elements (each made
 * as it is reached, and dropped once written).
 */
export function* jsonPieces(value: unknown, depth = 2, level = 0): Generator<string> {
  const pad = '  '.repeat(level);
  const inner = '  '.repeat(level + 1);
  if (value instanceof LazyArray) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      const el = value.at(i);
      yield inner;
      yield* jsonPieces(el === undefined || typeof el === 'function' || typeof el === 'symbol' ? null : el, depth - 1, level + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${pad}]`;
    return;
  }
  if (depth > 0 && Array.isArray(value) && value.length > 0) {
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      const el: unknown = value[i];
      yield inner;
      yield* jsonPieces(el === undefined || typeof el === 'function' || typeof el === 'symbol' ? null : el, depth - 1, level + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${pad}]`;
    return;
  }
  if (depth > 0 && isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => {
      const v = value[k];
      return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
    });
    if (keys.length > 0) {
      yield '{\n';
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        yield `${inner}${JSON.stringify(k)}: `;
        yield* jsonPieces(value[k], depth - 1, level + 1);
        yield i < keys.length - 1 ? ',\n' : '\n';
      }
      yield `${pad}}`;
      return;
    }
  }
  yield stringifyAt(value, level);
}
