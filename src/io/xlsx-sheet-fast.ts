/**
 * The fast path of the sheet reader: a row written the common way — `<row r=".." …>` holding cells
 * `<c r=".." t=".." s="..">` with an `<f>`, a `<v>` and/or a plain `<is><t>…</t></is>` — is read in
 * one indexOf-driven pass over the decoded text, without a tag object, an attribute map or a string per
 * tag; shared-string cells are one object per index, whole-day dates one object per day.
 *
 * Everything else goes to the reference (`XmlScanner` + `SheetRows`, xlsx-sheet.ts), construct by
 * construct and on the same state: the sheet's head and tail, comments, CDATA, rich text, prefixed
 * names, single quotes, entities in attributes, a row or cell the reference would refuse (whose error
 * the reference then gives, word for word). A row is only read here from a clean state (between rows,
 * nothing captured), and its effects are applied when its `</row>` is reached, so a row given up half
 * way is read again from its start by the reference. A construct or row still open after
 * `HANDOVER_CHARS` hands the rest of the sheet to the reference (linear in its input, however long).
 * test/unit/io/xlsx-fast-differential.test.ts ties the two paths.
 */
import type { ErrorLocation } from '../shared/errors.js';
import type { RawCell } from './values.js';
import { isAttrNameChar, XmlScanner } from './xml.js';
import { MAX_CELL_CHARS, MAX_COLS, MAX_ROWS, readCellValue, type SheetRows } from './xlsx-sheet.js';
import { serialTime, serialToIsoDate } from './values.js';

/** A row or construct still open after this many characters: the reference takes the rest of the sheet. */
export const HANDOVER_CHARS = 1024 * 1024;

/** `row()`: the row is not complete in the text yet (try again with more). */
const INCOMPLETE = -1;
/** `row()`: a shape the fast path does not read: the reference reads this row. */
const GIVE_UP = -2;

// cell types (`t`), as codes
const T_N = 0;
const T_S = 1;
const T_OTHER = 2;

const isXmlSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** The end (exclusive) of the construct at `lt` as XmlScanner reads it, or -1 when it is not complete in `s`. */
function constructEnd(s: string, lt: number): number {
  const n = s.length;
  if (lt + 1 >= n) return -1;
  const c1 = s.charCodeAt(lt + 1);
  if (c1 === 33 /* ! */) {
    if (s.startsWith('<!--', lt)) {
      const e = s.indexOf('-->', lt + 4);
      return e < 0 ? -1 : e + 3;
    }
    if (s.startsWith('<![CDATA[', lt)) {
      const e = s.indexOf(']]>', lt + 9);
      return e < 0 ? -1 : e + 3;
    }
    if (n - lt < 9) return -1;
    const e = s.indexOf('>', lt);
    return e < 0 ? -1 : e + 1;
  }
  if (c1 === 63 /* ? */) {
    const e = s.indexOf('?>', lt + 2);
    return e < 0 ? -1 : e + 2;
  }
  let q = 0;
  for (let j = lt + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (q) {
      if (c === q) q = 0;
    } else if (c === 34 || c === 39) q = c;
    else if (c === 62) return j + 1;
  }
  return -1;
}

/**
 * `s[a, b)` when `String(Number(x))` gives it back unchanged — so it is already the text `xlsxNumber`
 * returns: an optional `-`, an integer part without a leading zero, an optional fraction without a
 * trailing zero, at most 15 digits (exact in a double, so no shorter text reads back the same), not
 * `-0`, and not below 1e-6 (written with an exponent). Tied to `xlsxNumber` by a property test.
 */
export function isCanonicalNumber(s: string, a: number, b: number): boolean {
  let i = a;
  if (i < b && s.charCodeAt(i) === 45 /* - */) i++;
  if (i >= b) return false;
  let digits = 0;
  const first = s.charCodeAt(i);
  let zeroInt = false;
  if (first === 48) {
    zeroInt = true;
    i++;
  } else {
    while (i < b) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      digits++;
      i++;
    }
    if (digits === 0) return false;
  }
  if (i === b) return !(zeroInt && s.charCodeAt(a) === 45) && digits <= 15;
  if (s.charCodeAt(i) !== 46 /* . */) return false;
  i++;
  if (i >= b) return false;
  let leadingZeros = 0;
  let seenNonZero = false;
  for (; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    if (c !== 48) seenNonZero = true;
    else if (!seenNonZero) leadingZeros++;
    digits++;
  }
  if (s.charCodeAt(b - 1) === 48) return false;
  if (zeroInt && leadingZeros > 5) return false;
  return digits <= 15;
}

export class FastSheetScanner {
  /** The text from the start of an unfinished construct or row, kept for the next chunk. */
  private rest = '';
  /** The reference scanner, fed every construct the fast path does not read itself. */
  private readonly sc: XmlScanner;
  private handedOver = false;
  /** One cell object per shared-string index (cells are read-only downstream). */
  private readonly sharedCells: (RawCell | undefined)[] = [];
  /** One cell object per whole-day date serial. */
  private readonly dayCells = new Map<number, RawCell & { t: 'd' }>();
  /** Rows read by the fast path and by the reference (for tests). */
  readonly stats = { fast: 0, reference: 0 };

  constructor(
    private readonly rows: SheetRows,
    location?: ErrorLocation,
  ) {
    this.sc = new XmlScanner(rows, location);
  }

  feed(chunk: string): void {
    if (this.handedOver) {
      this.sc.feed(chunk);
      return;
    }
    const s = this.rest.length > 0 ? this.rest + chunk : chunk;
    this.rest = '';
    const n = s.length;
    const rows = this.rows;
    const sc = this.sc;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        if (rows.capture !== 0) sc.feed(i === 0 ? s : s.slice(i));
        i = n;
        break;
      }
      // text outside <v> and <t> means nothing to the reader
      if (lt > i && rows.capture !== 0) sc.feed(s.slice(i, lt));
      i = lt;
      if (s.charCodeAt(lt + 1) === 114 /* r */ && s.startsWith('<row', lt) && rows.clean) {
        const end = this.row(s, lt);
        if (end >= 0) {
          this.stats.fast++;
          i = end;
          continue;
        }
        if (end === INCOMPLETE) break;
        this.stats.reference++;
      }
      const end = constructEnd(s, lt);
      if (end < 0) break;
      // comments, processing instructions and declarations mean nothing to the reader: the reference
      // skips them too (and a short `<!…>` fed alone would wait in it for more text)
      const c1 = s.charCodeAt(lt + 1);
      if (c1 !== 63 && (c1 !== 33 || s.startsWith('<![CDATA[', lt))) sc.feed(s.slice(lt, end));
      i = end;
    }
    if (i < n) {
      this.rest = s.slice(i);
      if (this.rest.length > HANDOVER_CHARS) {
        this.handedOver = true;
        const r = this.rest;
        this.rest = '';
        sc.feed(r);
      }
    }
  }

  /** True when the text fed so far ends inside a construct (after `end()`: the sheet was cut short). */
  get unfinished(): boolean {
    return this.rest.length > 0 || this.sc.unfinished;
  }

  /** The end of the sheet's text: what is left is read as the reference does (a construct cut short stays unfinished). */
  end(): void {
    if (this.rest.length > 0) {
      const r = this.rest;
      this.rest = '';
      this.sc.feed(r);
    }
  }

  /**
   * The row whose `<row` is at `lt`: its end (past `</row>`) with its cells applied to the state, or
   * INCOMPLETE / GIVE_UP with the state untouched.
   */
  private row(s: string, lt: number): number {
    const n = s.length;
    const st = this.rows;
    const cx = st.cx;
    let i = lt + 4;
    if (n - i < 2) return INCOMPLETE;
    let c = s.charCodeAt(i);
    if (!isXmlSpace(c) && c !== 62 && c !== 47) return GIVE_UP; // <rows…, <row="…
    // the row's attributes: r, and hidden (a row hidden by a filter is read, and counted for a finding)
    let r = -1;
    let hidden = false;
    let self = false;
    for (;;) {
      if (i >= n) return INCOMPLETE;
      c = s.charCodeAt(i);
      if (isXmlSpace(c)) {
        i++;
        continue;
      }
      if (c === 62) {
        i++;
        break;
      }
      if (c === 47) {
        if (i + 1 >= n) return INCOMPLETE;
        if (s.charCodeAt(i + 1) !== 62) return GIVE_UP;
        i += 2;
        self = true;
        break;
      }
      if (!isAttrNameChar(c)) return GIVE_UP;
      const nameStart = i;
      let colon = -1;
      while (i < n && isAttrNameChar((c = s.charCodeAt(i)))) {
        if (c === 58 && colon < 0) colon = i;
        i++;
      }
      if (i + 1 >= n) return INCOMPLETE;
      if (c !== 61 || s.charCodeAt(i + 1) !== 34) return GIVE_UP;
      const vs = i + 2;
      const ve = s.indexOf('"', vs);
      if (ve < 0) return INCOMPLETE;
      const local = colon < 0 ? nameStart : colon + 1;
      if (i - local === 1 && s.charCodeAt(local) === 114 /* r */) {
        // [1-9]\d{0,6}, at most MAX_ROWS
        if (ve - vs < 1 || ve - vs > 7 || s.charCodeAt(vs) === 48) return GIVE_UP;
        let v = 0;
        for (let k = vs; k < ve; k++) {
          const d = s.charCodeAt(k) - 48;
          if (d < 0 || d > 9) return GIVE_UP;
          v = v * 10 + d;
        }
        if (v > MAX_ROWS) return GIVE_UP;
        r = v;
      } else if (i - local === 6 && s.startsWith('hidden', local)) {
        const hv = s.slice(vs, ve);
        if (hv === '1' || hv === 'true') hidden = true;
        else if (hv === '0' || hv === 'false') hidden = false;
        else return GIVE_UP; // spaces, entities: the reference reads it
      }
      i = ve + 1;
    }
    if (r < 0) r = st.rowNo + 1;
    if (r > MAX_ROWS || r <= st.rowNo) return GIVE_UP; // the reference refuses it, in its words
    if (self) {
      st.rowNo = r;
      st.cells = [];
      st.any = false;
      st.col = -1;
      st.inRow = false;
      st.rowHidden = hidden;
      return i;
    }

    const cells: (RawCell | undefined)[] = [];
    let any = false;
    let col = -1;
    // the last cell's attributes and content, left in the state as the reference leaves them
    let refStart = -1;
    let refEnd = -1;
    let cellSeen = false;
    let typeStart = -1;
    let typeEnd = -1;
    let style = 0;
    let hasF = false;
    let hasV = false;
    let hasIs = false;
    let vs = 0;
    let ve = 0;
    let is0 = 0;
    let is1 = 0;
    for (;;) {
      const at = s.indexOf('<', i);
      if (at < 0 || n - at < 16) return INCOMPLETE;
      i = at;
      const c1 = s.charCodeAt(i + 1);
      if (c1 === 47 /* / */) {
        if (!s.startsWith('</row>', i)) return GIVE_UP;
        i += 6;
        break;
      }
      if (c1 !== 99 /* c */) return GIVE_UP;
      // <c …>
      i += 2;
      c = s.charCodeAt(i);
      if (!isXmlSpace(c) && c !== 62 && c !== 47) return GIVE_UP; // <col…
      let cr0 = -1;
      let cr1 = -1;
      let t0 = -1;
      let t1 = -1;
      let sty = 0;
      let cellSelf = false;
      for (;;) {
        if (i >= n) return INCOMPLETE;
        c = s.charCodeAt(i);
        if (isXmlSpace(c)) {
          i++;
          continue;
        }
        if (c === 62) {
          i++;
          break;
        }
        if (c === 47) {
          if (i + 1 >= n) return INCOMPLETE;
          if (s.charCodeAt(i + 1) !== 62) return GIVE_UP;
          i += 2;
          cellSelf = true;
          break;
        }
        if (!isAttrNameChar(c)) return GIVE_UP;
        const nameStart = i;
        let colon = -1;
        while (i < n && isAttrNameChar((c = s.charCodeAt(i)))) {
          if (c === 58 && colon < 0) colon = i;
          i++;
        }
        if (i + 1 >= n) return INCOMPLETE;
        if (c !== 61 || s.charCodeAt(i + 1) !== 34) return GIVE_UP;
        const a0 = i + 2;
        const a1 = s.indexOf('"', a0);
        if (a1 < 0) return INCOMPLETE;
        const local = colon < 0 ? nameStart : colon + 1;
        if (i - local === 1) {
          const which = s.charCodeAt(local);
          if (which === 114 /* r */) {
            cr0 = a0;
            cr1 = a1;
          } else if (which === 116 /* t */) {
            t0 = a0;
            t1 = a1;
          } else if (which === 115 /* s */) {
            if (a1 - a0 > 9) return GIVE_UP;
            let v = 0;
            for (let k = a0; k < a1; k++) {
              const d = s.charCodeAt(k) - 48;
              if (d < 0 || d > 9) return GIVE_UP;
              v = v * 10 + d;
            }
            sty = v;
          }
        }
        i = a1 + 1;
      }
      // the cell's column, from its reference (upper-case letters and this row's number) or after the last
      let cc: number;
      if (cr0 >= 0) {
        let k = cr0;
        let letters = 0;
        cc = 0;
        for (; k < cr1; k++) {
          const d = s.charCodeAt(k);
          if (d < 65 || d > 90) break;
          cc = cc * 26 + (d - 64);
          letters++;
        }
        if (letters === 0 || letters > 3) return GIVE_UP;
        cc -= 1;
        if (cr1 - k > 7 || k === cr1 || s.charCodeAt(k) === 48) return GIVE_UP;
        let rn = 0;
        for (; k < cr1; k++) {
          const d = s.charCodeAt(k) - 48;
          if (d < 0 || d > 9) return GIVE_UP;
          rn = rn * 10 + d;
        }
        if (rn !== r) return GIVE_UP;
      } else cc = col + 1;
      if (cc >= MAX_COLS || cc <= col) return GIVE_UP;
      col = cc;
      // the type: n (absent), s, or another the reference reads (str, b, e, d, inlineStr)
      let type = T_N;
      if (t0 >= 0) {
        const len = t1 - t0;
        const t = s.charCodeAt(t0);
        if (len === 1 && t === 115) type = T_S;
        else if (len === 1 && t === 110) type = T_N;
        else if (len === 1 && (t === 98 || t === 101 || t === 100)) type = T_OTHER;
        else if ((len === 3 && s.startsWith('str', t0)) || (len === 9 && s.startsWith('inlineStr', t0))) type = T_OTHER;
        else return GIVE_UP;
      }
      let fF = false;
      let fV = false;
      let fIs = false;
      let v0 = 0;
      let v1 = 0;
      let i0 = 0;
      let i1 = 0;
      if (!cellSelf) {
        // the cell's content: <f>, <v>, <is><t>, white space; then </c>
        for (;;) {
          const at2 = s.indexOf('<', i);
          if (at2 < 0 || n - at2 < 16) return INCOMPLETE;
          i = at2;
          const d1 = s.charCodeAt(i + 1);
          if (d1 === 47 /* / */) {
            if (s.charCodeAt(i + 2) !== 99 || s.charCodeAt(i + 3) !== 62) return GIVE_UP; // </c>
            i += 4;
            break;
          }
          if (d1 === 118 /* v */) {
            if (fV) return GIVE_UP;
            const d2 = s.charCodeAt(i + 2);
            if (d2 === 47) {
              if (s.charCodeAt(i + 3) !== 62) return GIVE_UP; // <v/>: no value
              i += 4;
              continue;
            }
            if (d2 !== 62) return GIVE_UP;
            v0 = i + 3;
            const e = s.indexOf('<', v0);
            if (e < 0 || n - e < 4) return INCOMPLETE;
            if (s.charCodeAt(e + 1) !== 47 || s.charCodeAt(e + 2) !== 118 || s.charCodeAt(e + 3) !== 62) return GIVE_UP;
            v1 = e;
            if (v1 - v0 > MAX_CELL_CHARS) return GIVE_UP;
            fV = true;
            i = e + 4;
            continue;
          }
          if (d1 === 102 /* f */) {
            const end = constructEnd(s, i);
            if (end < 0) return INCOMPLETE;
            const d2 = s.charCodeAt(i + 2);
            if (!isXmlSpace(d2) && d2 !== 62 && d2 !== 47) return GIVE_UP;
            fF = true;
            i = end;
            if (s.charCodeAt(end - 2) === 47) continue; // <f …/>
            const e = s.indexOf('<', i);
            if (e < 0 || n - e < 4) return INCOMPLETE;
            if (s.charCodeAt(e + 1) !== 47 || s.charCodeAt(e + 2) !== 102 || s.charCodeAt(e + 3) !== 62) return GIVE_UP;
            i = e + 4;
            continue;
          }
          if (d1 === 105 /* i */) {
            // <is><t …>text</t></is>, nothing else inside
            if (fIs || !s.startsWith('<is><t', i)) return GIVE_UP;
            const d6 = s.charCodeAt(i + 6);
            if (!isXmlSpace(d6) && d6 !== 62) return GIVE_UP; // <is><tx, <is><t/>
            const tEnd = constructEnd(s, i + 4);
            if (tEnd < 0) return INCOMPLETE;
            if (s.charCodeAt(tEnd - 2) === 47) return GIVE_UP;
            i0 = tEnd;
            const e = s.indexOf('<', i0);
            if (e < 0 || n - e < 9) return INCOMPLETE;
            if (!s.startsWith('</t></is>', e)) return GIVE_UP;
            i1 = e;
            if (i1 - i0 > MAX_CELL_CHARS) return GIVE_UP;
            fIs = true;
            i = e + 9;
            continue;
          }
          return GIVE_UP;
        }
      }
      // the value
      let cell: RawCell | undefined;
      if (type === T_S && fV && !fIs) cell = this.sharedCell(s, v0, v1);
      else if (type === T_N && fV) cell = this.numberCell(s, v0, v1, sty);
      else cell = undefined;
      if (cell === undefined) {
        const typeText = t0 >= 0 ? s.slice(t0, t1) : 'n';
        cell = readCellValue(cx, typeText, fV ? s.slice(v0, v1) : '', fV, fF, fIs, fIs ? s.slice(i0, i1) : '', sty);
      }
      cells[col] = cell;
      if (cell !== undefined) any = true;
      cellSeen = true;
      refStart = cr0;
      refEnd = cr1;
      typeStart = t0;
      typeEnd = t1;
      style = sty;
      hasF = fF;
      hasV = fV;
      hasIs = fIs;
      vs = v0;
      ve = v1;
      is0 = i0;
      is1 = i1;
    }
    // apply the row, leaving the state as the reference would
    st.rowNo = r;
    st.cells = cells;
    st.any = any;
    st.col = col;
    st.inRow = false;
    st.rowHidden = hidden;
    if (cellSeen) {
      st.ref = refStart >= 0 ? s.slice(refStart, refEnd) : '';
      st.type = typeStart >= 0 ? s.slice(typeStart, typeEnd) : 'n';
      st.style = style;
      st.hasF = hasF;
      st.hasV = hasV;
      st.hasIs = hasIs;
      st.inIs = false;
      st.v = hasV ? s.slice(vs, ve) : '';
      st.inline = hasIs ? s.slice(is0, is1) : '';
    }
    if (any) {
      st.queue.push({ row: r, cells });
      if (hidden) st.countHidden(r);
    }
    return i;
  }

  /** A shared-string cell written as plain digits, or undefined for the reference to read. */
  private sharedCell(s: string, a: number, b: number): RawCell | undefined {
    if (b - a < 1 || b - a > 10) return undefined;
    let idx = 0;
    for (let k = a; k < b; k++) {
      const d = s.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return undefined;
      idx = idx * 10 + d;
    }
    const shared = this.rows.cx.shared;
    if (idx >= shared.length) return undefined;
    let cell = this.sharedCells[idx];
    if (cell === undefined) this.sharedCells[idx] = cell = { t: 's', v: shared[idx]! };
    return cell;
  }

  /** A number cell whose text is already canonical, or undefined for the reference to read. */
  private numberCell(s: string, a: number, b: number, style: number): RawCell | undefined {
    if (!isCanonicalNumber(s, a, b)) return undefined;
    const cx = this.rows.cx;
    if (cx.dateStyles[style]) {
      // the day: its whole part (the date depends on nothing else); one cell object per whole day
      if (s.charCodeAt(a) === 45) return undefined;
      let k = a;
      let day = 0;
      for (; k < b; k++) {
        const d = s.charCodeAt(k) - 48;
        if (d < 0 || d > 9) break;
        day = day * 10 + d;
      }
      if (k - a > 7) return undefined;
      // one cell per day and style (the style's date format rides on the cell, for the data sheets)
      const key = style * 1e7 + day;
      let cell = this.dayCells.get(key);
      if (cell === undefined) {
        const iso = serialToIsoDate(day, cx.date1904);
        if (!iso) return undefined;
        cell = { t: 'd', v: iso, serial: String(day), fmt: cx.formatStyles[style] ?? 'yyyy-mm-dd' };
        this.dayCells.set(key, cell);
      }
      if (k === b) return cell;
      // a time of day (the text is canonical: at most 15 digits, so its whole part is `day`)
      const serial = s.slice(a, b);
      const time = serialTime(Number(serial));
      return { t: 'd', v: time ? `${cell.v} ${time}` : cell.v, serial, fmt: cx.formatStyles[style] ?? 'yyyy-mm-dd' };
    }
    const cur = cx.currencyStyles[style];
    const v = s.slice(a, b);
    const fmt = cx.formatStyles[style];
    if (fmt === undefined) return cur === undefined ? { t: 'n', v } : { t: 'n', v, cur };
    return cur === undefined ? { t: 'n', v, fmt } : { t: 'n', v, cur, fmt };
  }
}
