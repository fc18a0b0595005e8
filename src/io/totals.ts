/**
 * Totals and subtotal rows recognised by their label: `合计`, `小计：`, `Grand Totals (12 records)`
 * (Salesforce's report footer), `Total`, `张三 小计`… `isTotalLabel` is the reference; `TotalLabels`
 * is its fast twin for the per-row check (a character precheck, then a cache), tied to it by a
 * property test.
 */
import { cleanIdentifier, isSpaceOrInvisible } from '../shared/text.js';

const TOTAL_LABEL =
  /^(?:合计|小计|总计|总合计|共计|累计|汇总|总额|grand\s*totals?|sub\s*-?\s*totals?|totals?|sum)(?:\s*[:：].*|\s*[(（].*[)）])?$/i;
const TOTAL_SUFFIX = /(?:小计|合计|总计|汇总|\bsubtotals?|\btotals?)\s*[:：]?$/i;
// The last character every totals label can end with (after cleaning), unless it holds a colon.
const TOTAL_LAST = new Set(['计', '总', '额', 'l', 'L', 'm', 'M', 's', 'S', ')', '）', ':', '：']);
// The first character of every totals label (TOTAL_LABEL's words, either case).
const TOTAL_FIRST = new Set(['合', '小', '总', '共', '累', '汇', 'g', 'G', 's', 'S', 't', 'T']);
/** Longer texts are never labels (cheap bound for the fast twin; a label is at most 40 characters once cleaned). */
const MAX_RAW = 200;
const MAX_LABEL = 40;

/**
 * True when a label cell marks a totals or subtotal row. The text is cleaned first (Unicode spaces
 * such as U+3000 and NBSP, zero-width characters), so `合计\u3000` is a totals label. `suffixToo`: a
 * rep cell ending in a totals word (`张三 小计`) counts too.
 */
export function isTotalLabel(text: string, suffixToo = false): boolean {
  if (text.length > MAX_RAW) return false;
  const t = cleanIdentifier(text);
  if (t.length > MAX_LABEL || t === '') return false;
  return TOTAL_LABEL.test(t) || (suffixToo && TOTAL_SUFFIX.test(t));
}

/**
 * The fast twin of `isTotalLabel` for the per-row check: the cleaned label, or undefined. A label
 * whose last visible character cannot end one must have a colon after a totals word, so it must start
 * with one; the answers for texts that pass that precheck are cached (labels repeat).
 */
export class TotalLabels {
  private readonly cache = new Map<string, string | null>();
  private readonly cacheSuffix = new Map<string, string | null>();

  of(v: string, suffixToo: boolean): string | undefined {
    if (!totalPrecheck(v)) return undefined;
    const cache = suffixToo ? this.cacheSuffix : this.cache;
    let hit = cache.get(v);
    if (hit === undefined) {
      hit = isTotalLabel(v, suffixToo) ? cleanIdentifier(v) : null;
      if (cache.size < 10_000) cache.set(v, hit);
    }
    return hit ?? undefined;
  }
}

/** False only when `isTotalLabel(v, any)` is certainly false (no cleaning, no regular expression). */
export function totalPrecheck(v: string): boolean {
  const n = v.length;
  if (n > MAX_RAW || n === 0) return false;
  let end = n - 1;
  while (end >= 0 && isSpaceOrInvisible(v.charCodeAt(end))) end--;
  if (end < 0) return false;
  if (TOTAL_LAST.has(v[end]!)) return true;
  let start = 0;
  while (start < n && isSpaceOrInvisible(v.charCodeAt(start))) start++;
  if (!TOTAL_FIRST.has(v[start]!)) return false;
  return v.indexOf(':') >= 0 || v.indexOf('：') >= 0;
}
