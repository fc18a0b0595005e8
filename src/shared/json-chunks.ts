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

function indented(text: string, pad: string): string {
  // (one pass: split and join made an array of every line of a 14 MB rep with 10,000 KPIs)
  return text.indexOf('\n') < 0 ? text : text.replaceAll('\n', `\n${pad}`);
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
  yield indented(JSON.stringify(value as Plain, null, 2), pad);
}
