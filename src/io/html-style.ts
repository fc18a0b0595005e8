/**
 * What the `<style>` sheets of an HTML file saved as .xls hide: enough CSS to tell a row, a cell or a
 * column hidden by a class (`<style>.h{display:none}</style>` … `<tr class="h">`, Excel's
 * `.xl65{visibility:hidden}`) from a visible one. Understood: selectors made of one table element's
 * tag and/or classes (`.h`, `tr.h`, `td.a.b`, `col.h`, `tr`), a list of them (`.a, tr.b`), setting
 * `display` or `visibility`, with the cascade (specificity, then order; `!important`; an inline style
 * over a sheet's). Class names match in any case (Excel's files have no doctype: quirks mode). A rule
 * setting `display: none` or `visibility: hidden|collapse` with any other selector (`table .h`,
 * `tr:nth-child(3)`, `#id`, `[hidden]`, `*`), or inside an at-rule (`@media`), is not interpreted: it
 * is listed in `unread`, for a finding, instead of being passed over in silence.
 */

/** The tags a rule is applied to: what html.ts reads hiding from. */
const TABLE_TAGS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'col', 'colgroup']);

interface Decl {
  value: string;
  important: boolean;
  /** Specificity (classes × 1000 + tag), then source order. */
  spec: number;
  order: number;
}

interface Rule {
  tag: string | undefined;
  classes: string[];
  display?: Decl | undefined;
  visibility?: Decl | undefined;
}

export interface StyleSheet {
  /** The rules setting display or visibility, by each of their classes (lower case), and those with a tag only. */
  byClass: Map<string, Rule[]>;
  byTag: Map<string, Rule[]>;
  /** Selectors of rules that hide but are not interpreted, in order. */
  unread: string[];
}

const SIMPLE = /^([a-z][a-z0-9]*)?((?:\.[^\s.#:[\]>+~*(),'"]+)*)$/i;

function declarations(block: string): { display?: [string, boolean]; visibility?: [string, boolean] } {
  const out: { display?: [string, boolean]; visibility?: [string, boolean] } = {};
  for (const decl of block.split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const prop = decl.slice(0, i).trim().toLowerCase();
    if (prop !== 'display' && prop !== 'visibility') continue;
    const raw = decl.slice(i + 1).trim();
    const important = /!\s*important\s*$/i.test(raw);
    const value = raw.replace(/!\s*important\s*$/i, '').trim().toLowerCase();
    // a later normal declaration does not override an earlier !important one
    if (out[prop]?.[1] === true && !important) continue;
    out[prop] = [value, important];
  }
  return out;
}

const hidingValue = (d: { display?: [string, boolean]; visibility?: [string, boolean] }): boolean =>
  d.display?.[0] === 'none' || d.visibility?.[0] === 'hidden' || d.visibility?.[0] === 'collapse';

/**
 * The text of every `<style>` element outside comments (Excel wraps the sheet in `<!-- -->` inside it),
 * and its `media` when not for the screen (`print`: its rules are read as inside `@media print`).
 */
function styleTexts(html: string): { text: string; media: string | undefined }[] {
  const out: { text: string; media: string | undefined }[] = [];
  if (!/<style\b/i.test(html)) return out;
  for (const m of html.matchAll(/<!--[\s\S]*?-->|<style\b([^>]*)>([\s\S]*?)(?:<\/style\s*>|$)/gi)) {
    if (m[2] === undefined) continue;
    const media = /\bmedia\s*=\s*["']?([^"'>]*)/i.exec(m[1] ?? '')?.[1]?.trim().toLowerCase();
    out.push({ text: m[2], media: media === undefined || media === '' || media === 'all' || media === 'screen' ? undefined : `@media ${media}` });
  }
  return out;
}

/** The `{ … }` blocks at the top of `css`: prelude and body (a body may hold nested blocks). */
function blocks(css: string): { prelude: string; body: string }[] {
  const out: { prelude: string; body: string }[] = [];
  let depth = 0;
  let start = 0;
  let open = 0;
  for (let i = 0; i < css.length; i++) {
    const ch = css[i];
    if (ch === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (ch === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        out.push({ prelude: css.slice(start, open).trim(), body: css.slice(open + 1, i) });
        start = i + 1;
      }
    } else if (ch === ';' && depth === 0) start = i + 1; // `@charset "x";`, `@import …;`
  }
  return out;
}

/** The display/visibility rules of a document's `<style>` sheets (empty when none sets either). */
export function parseStyleSheets(html: string): StyleSheet {
  const sheet: StyleSheet = { byClass: new Map(), byTag: new Map(), unread: [] };
  let order = 0;
  const add = (map: Map<string, Rule[]>, key: string, rule: Rule): void => {
    const list = map.get(key);
    if (list) list.push(rule);
    else map.set(key, [rule]);
  };
  const walk = (css: string, inAtRule: string | undefined): void => {
    for (const { prelude, body } of blocks(css)) {
      if (prelude.startsWith('@')) {
        // @media, @supports: rules inside apply only sometimes; @page, @font-face: no selectors
        if (body.includes('{')) walk(body, prelude.replace(/\s+/g, ' '));
        continue;
      }
      const d = declarations(body);
      if (d.display === undefined && d.visibility === undefined) continue;
      const hides = hidingValue(d);
      for (const sel of prelude.split(',')) {
        const s = sel.trim().replace(/\s+/g, ' ');
        if (s === '') continue;
        const m = inAtRule === undefined ? SIMPLE.exec(s) : null;
        const tag = m?.[1]?.toLowerCase();
        const classes = (m?.[2] ?? '').split('.').filter(Boolean).map((c) => c.toLowerCase());
        if (!m || (tag === undefined && classes.length === 0) || (tag !== undefined && !TABLE_TAGS.has(tag))) {
          // a span or div hidden is text inside a cell (read as the cell's value, as inline styles are)
          const otherTag = m && tag !== undefined && !TABLE_TAGS.has(tag);
          if (hides && !otherTag) sheet.unread.push(inAtRule === undefined ? s : `${inAtRule} { ${s} }`);
          continue;
        }
        const spec = classes.length * 1000 + (tag !== undefined ? 1 : 0);
        const o = order++;
        const decl = (x: [string, boolean] | undefined): Decl | undefined => (x ? { value: x[0], important: x[1], spec, order: o } : undefined);
        const rule: Rule = { tag, classes, display: decl(d.display), visibility: decl(d.visibility) };
        if (classes.length > 0) add(sheet.byClass, classes[0]!, rule);
        else add(sheet.byTag, tag!, rule);
      }
    }
  };
  for (const { text, media } of styleTexts(html)) walk(text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/<!--|-->/g, ' '), media);
  return sheet;
}

/** Whether a sheet has rules that may hide anything (else the inline-only test is enough). */
export function sheetMatters(sheet: StyleSheet): boolean {
  return sheet.byClass.size > 0 || sheet.byTag.size > 0;
}

/** Of two declarations, the one the cascade keeps. */
function winner(a: Decl | undefined, b: Decl | undefined): Decl | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.important !== b.important) return a.important ? a : b;
  if (a.spec !== b.spec) return a.spec > b.spec ? a : b;
  return a.order > b.order ? a : b;
}

/**
 * The display and visibility the sheet gives an element with `tag` and `classList` (undefined: none
 * set), and whether each is `!important` (an inline style does not override those).
 */
export function sheetValues(sheet: StyleSheet, tag: string, classList: string | undefined): { display?: Decl | undefined; visibility?: Decl | undefined } {
  let display: Decl | undefined;
  let visibility: Decl | undefined;
  const consider = (rules: Rule[] | undefined, classes: ReadonlySet<string>): void => {
    for (const r of rules ?? []) {
      if (r.tag !== undefined && r.tag !== tag) continue;
      if (!r.classes.every((c) => classes.has(c))) continue;
      display = winner(display, r.display);
      visibility = winner(visibility, r.visibility);
    }
  };
  const classes = new Set((classList ?? '').toLowerCase().split(/[ \t\r\n\f]+/).filter(Boolean));
  consider(sheet.byTag.get(tag), classes);
  for (const c of classes) consider(sheet.byClass.get(c), classes);
  return { display, visibility };
}
