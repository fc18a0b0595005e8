/**
 * A small streaming XML tokenizer for the parts of an xlsx we read (workbook, rels, shared strings,
 * styles, sheets). Namespace prefixes are dropped from element names. Text is passed through raw
 * (entities undecoded) and may arrive in several pieces; `decodeXml` decodes it.
 *
 * Linear in its input however the chunks fall: a construct cut by a chunk boundary (a tag, comment,
 * CDATA section, processing instruction) is kept as pieces and only its new chunk is scanned on the
 * next feed, from where the last scan stopped (never the whole pending text again: a 1 MB attribute
 * fed in 16 KB chunks was quadratic). One construct is capped at `MAX_CONSTRUCT_CHARS`.
 */
import { templatedError, type ErrorLocation } from '../shared/errors.js';

export interface XmlHandler {
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  text(raw: string): void;
}

/** The longest tag, comment, CDATA section or processing instruction accepted (characters). */
export const MAX_CONSTRUCT_CHARS = 32 * 1024 * 1024;

function localName(tag: string): string {
  const colon = tag.indexOf(':');
  return colon >= 0 ? tag.slice(colon + 1) : tag;
}

const enum Pending {
  None,
  /** `<` or `<!…` too short to tell what it opens. */
  Unknown,
  Tag,
  Comment,
  Cdata,
  Pi,
  Decl,
}

const TERMINATOR: Partial<Record<Pending, string>> = {
  [Pending.Comment]: '-->',
  [Pending.Cdata]: ']]>',
  [Pending.Pi]: '?>',
  [Pending.Decl]: '>',
};

export class XmlScanner {
  /** Pieces of the construct cut by the last chunk boundary (starting with its `<`). */
  private pieces: string[] = [];
  private pendingChars = 0;
  private pending: Pending = Pending.None;
  /** Inside a pending tag: the quote character open at its end (0 = none). */
  private quote = 0;
  /** The last characters of the pending construct (a terminator may straddle the boundary). */
  private tail = '';

  /** `location`: where a too-long construct is reported (the file and part). */
  constructor(
    private readonly h: XmlHandler,
    private readonly location?: ErrorLocation,
  ) {}

  feed(chunk: string): void {
    let s = chunk;
    if (this.pending !== Pending.None) {
      const rest = this.resume(chunk);
      if (rest === undefined) return;
      s = rest;
    }
    this.scan(s);
  }

  /** Continues a pending construct with `chunk`: the rest of the chunk after it, or undefined. */
  private resume(chunk: string): string | undefined {
    if (this.pending === Pending.Unknown) {
      // a few characters at most: classify them again with the new chunk
      const s = this.pieces.join('') + chunk;
      this.clear();
      return s;
    }
    let end = -1; // index in chunk just past the construct
    if (this.pending === Pending.Tag) {
      let q = this.quote;
      const n = chunk.length;
      let j = 0;
      for (; j < n; j++) {
        const c = chunk.charCodeAt(j);
        if (q) {
          if (c === q) q = 0;
        } else if (c === 34 || c === 39) q = c;
        else if (c === 62) break;
      }
      this.quote = q;
      if (j < n) end = j + 1;
    } else {
      const term = TERMINATOR[this.pending]!;
      const joined = this.tail + chunk;
      const k = joined.indexOf(term);
      if (k >= 0) end = k + term.length - this.tail.length;
      else this.tail = term.length > 1 ? joined.slice(-(term.length - 1)) : '';
    }
    if (end < 0) {
      this.keep(chunk);
      return undefined;
    }
    const whole = this.pieces.join('') + chunk.slice(0, end);
    const kind = this.pending;
    this.clear();
    this.emit(whole, kind);
    return chunk.slice(end);
  }

  private keep(piece: string): void {
    this.pieces.push(piece);
    this.pendingChars += piece.length;
    if (this.pendingChars > MAX_CONSTRUCT_CHARS) {
      throw templatedError('input-too-large', 'xml-too-long', { max: MAX_CONSTRUCT_CHARS }, this.location ? { location: this.location } : {});
    }
  }

  /** True while a tag, comment, CDATA section or text run is still open: the text so far ends inside it. */
  get unfinished(): boolean {
    return this.pending !== Pending.None;
  }

  private clear(): void {
    this.pieces = [];
    this.pendingChars = 0;
    this.pending = Pending.None;
    this.quote = 0;
    this.tail = '';
  }

  /** A whole construct `s` (from `<` to its end). */
  private emit(s: string, kind: Pending): void {
    const h = this.h;
    switch (kind) {
      case Pending.Tag:
        this.tag(s, 0, s.length - 1);
        break;
      case Pending.Cdata:
        h.text(cdataText(s.slice(9, -3)));
        break;
      default:
        break; // comments, processing instructions, declarations: skipped
    }
  }

  /** The tag `s[lt..gt]`, `gt` being its `>`. */
  private tag(s: string, lt: number, gt: number): void {
    const h = this.h;
    if (s.charCodeAt(lt + 1) === 47 /* / */) {
      h.close(localName(s.slice(lt + 2, gt).trim()));
      return;
    }
    const self = s.charCodeAt(gt - 1) === 47;
    const body = s.slice(lt + 1, self ? gt - 1 : gt);
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

  private suspend(s: string, lt: number, kind: Pending, quote = 0, tailFrom = lt): void {
    this.pending = kind;
    this.quote = quote;
    const term = TERMINATOR[kind];
    this.tail = term ? s.slice(Math.max(tailFrom, s.length - (term.length - 1))) : '';
    this.keep(s.slice(lt));
  }

  private scan(s: string): void {
    const h = this.h;
    let i = 0;
    const n = s.length;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        h.text(i === 0 ? s : s.slice(i));
        return;
      }
      if (lt > i) h.text(s.slice(i, lt));
      if (lt + 1 >= n) return this.suspend(s, lt, Pending.Unknown);
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const e = s.indexOf('-->', lt + 4);
          if (e < 0) return this.suspend(s, lt, Pending.Comment, 0, lt + 4);
          i = e + 3;
          continue;
        }
        if (s.startsWith('<![CDATA[', lt)) {
          const e = s.indexOf(']]>', lt + 9);
          if (e < 0) return this.suspend(s, lt, Pending.Cdata, 0, lt + 9);
          h.text(cdataText(s.slice(lt + 9, e)));
          i = e + 3;
          continue;
        }
        if (n - lt < 9) return this.suspend(s, lt, Pending.Unknown);
        const e = s.indexOf('>', lt);
        if (e < 0) return this.suspend(s, lt, Pending.Decl);
        i = e + 1;
        continue;
      }
      if (c1 === 63 /* ? */) {
        const e = s.indexOf('?>', lt + 2);
        if (e < 0) return this.suspend(s, lt, Pending.Pi, 0, lt + 2);
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
      if (j >= n) return this.suspend(s, lt, Pending.Tag, q);
      this.tag(s, lt, j);
      i = j + 1;
    }
  }
}

/** CDATA content as raw text (so that `decodeXml` gives it back unchanged). */
function cdataText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** `[\w:.-]`: a character of an attribute name as `parseAttrs` reads it. */
export function isAttrNameChar(c: number): boolean {
  return (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * Attributes of a tag (prefixes dropped): `r="A1" t="s"` → { r: 'A1', t: 's' }. Reads what the
 * regular expression `/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g` finds (the test keeps it as the
 * reference), in one pass: the expression backtracked quadratically over a long run of name characters.
 */
export function parseAttrs(attrs: string): Record<string, string> {
  const out: Record<string, string> = {};
  const n = attrs.length;
  // once a quote has no closing twin from some point on, it has none from any later point
  let noDouble = false;
  let noSingle = false;
  let i = 0;
  while (i < n) {
    if (!isAttrNameChar(attrs.charCodeAt(i))) {
      i++;
      continue;
    }
    let k = i + 1;
    while (k < n && isAttrNameChar(attrs.charCodeAt(k))) k++;
    // a shorter name starting inside [i, k) would meet the same text after it: no match either
    let j = k;
    while (j < n && isSpace(attrs.charCodeAt(j))) j++;
    if (j < n && attrs.charCodeAt(j) === 61 /* = */) {
      j++;
      while (j < n && isSpace(attrs.charCodeAt(j))) j++;
      const q = attrs.charCodeAt(j);
      if ((q === 34 && !noDouble) || (q === 39 && !noSingle)) {
        const close = attrs.indexOf(q === 34 ? '"' : "'", j + 1);
        if (close >= 0) {
          out[localName(attrs.slice(i, k))] = decodeXml(attrs.slice(j + 1, close));
          i = close + 1;
          continue;
        }
        if (q === 34) noDouble = true;
        else noSingle = true;
      }
    }
    i = k;
  }
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
