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
  return text.indexOf('\n') < 0 ? text : text.split('\n').join(`\n${pad}`);
}

/** The pieces of `JSON.stringify(value, null, 2)`, split down to `depth` levels of nesting. */
export function jsonChunks(value: unknown, depth = 2, level = 0): string[] {
  const pad = '  '.repeat(level);
  const inner = '  '.repeat(level + 1);
  if (depth > 0 && Array.isArray(value) && value.length > 0) {
    const out = ['[\n'];
    value.forEach((el, i) => {
      const parts = jsonChunks(el === undefined || typeof el === 'function' || typeof el === 'symbol' ? null : el, depth - 1, level + 1);
      out.push(inner);
      for (const p of parts) out.push(p);
      out.push(i < value.length - 1 ? ',\n' : '\n');
    });
    out.push(`${pad}]`);
    return out;
  }
  if (depth > 0 && isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => {
      const v = value[k];
      return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
    });
    if (keys.length > 0) {
      const out = ['{\n'];
      keys.forEach((k, i) => {
        out.push(`${inner}${JSON.stringify(k)}: `);
        for (const p of jsonChunks(value[k], depth - 1, level + 1)) out.push(p);
        out.push(i < keys.length - 1 ? ',\n' : '\n');
      });
      out.push(`${pad}}`);
      return out;
    }
  }
  return [indented(JSON.stringify(value as Plain, null, 2), pad)];
}
