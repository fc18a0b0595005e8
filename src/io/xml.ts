/**
 * A small streaming XML tokenizer for the parts of an xlsx we read (workbook, rels, shared strings,
 * styles, sheets). Namespace prefixes are dropped from element names. Text is passed through raw
 * (entities undecoded) and may arrive in several pieces; `decodeXml` decodes it.
 */
export interface XmlHandler {
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  text(raw: string): void;
}

function localName(tag: string): string {
  const colon = tag.indexOf(':');
  return colon >= 0 ? tag.slice(colon + 1) : tag;
}

export class XmlScanner {
  private buf = '';

  constructor(private readonly h: XmlHandler) {}

  feed(chunk: string): void {
    const s = this.buf.length ? this.buf + chunk : chunk;
    const h = this.h;
    let i = 0;
    const n = s.length;
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        if (i < n) h.text(s.slice(i));
        i = n;
        break;
      }
      if (lt > i) h.text(s.slice(i, lt));
      i = lt;
      const c1 = s.charCodeAt(lt + 1);
      if (Number.isNaN(c1)) break;
      if (c1 === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const e = s.indexOf('-->', lt + 4);
          if (e < 0) break;
          i = e + 3;
          continue;
        }
        if (s.startsWith('<![CDATA[', lt)) {
          const e = s.indexOf(']]>', lt + 9);
          if (e < 0) break;
          h.text(s.slice(lt + 9, e).replace(/&/g, '&amp;').replace(/</g, '&lt;'));
          i = e + 3;
          continue;
        }
        if (n - lt < 9) break;
        const e = s.indexOf('>', lt);
        if (e < 0) break;
        i = e + 1;
        continue;
      }
      if (c1 === 63 /* ? */) {
        const e = s.indexOf('?>', lt);
        if (e < 0) break;
        i = e + 2;
        continue;
      }
      let j = lt + 1;
      let q = 0;
      for (; j < n; j++) {
        const c = s.charCodeAt(j);
        if (q) {
          if (c === q) q = 0;
        } else if (c === 34 || c === 39) q = c;
        else if (c === 62) break;
      }
      if (j >= n) break;
      if (c1 === 47 /* / */) {
        h.close(localName(s.slice(lt + 2, j).trim()));
      } else {
        const self = s.charCodeAt(j - 1) === 47;
        const body = s.slice(lt + 1, self ? j - 1 : j);
        let k = 0;
        while (k < body.length) {
          const c = body.charCodeAt(k);
          if (c === 32 || c === 9 || c === 10 || c === 13) break;
          k++;
        }
        const name = localName(body.slice(0, k));
        h.open(name, body.slice(k), self);
        if (self) h.close(name);
      }
      i = j + 1;
    }
    this.buf = i < n ? s.slice(i) : '';
  }
}

/** Attributes of a tag (prefixes dropped): `r="A1" t="s"` → { r: 'A1', t: 's' }. */
export function parseAttrs(attrs: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!attrs) return out;
  const re = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(attrs); m; m = re.exec(attrs)) out[localName(m[1]!)] = decodeXml(m[2] ?? m[3] ?? '');
  return out;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML entities and OOXML `_xHHHH_` escapes. */
export function decodeXml(s: string): string {
  let out = s.indexOf('&') >= 0
    ? s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
      if (e[0] === '#') {
        const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      }
      return XML_ENTITIES[e]!;
    })
    : s;
  if (out.indexOf('_x') >= 0) out = out.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return out;
}
