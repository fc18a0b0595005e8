/**
 * Edits a rubric's text in place for `calibrate --write`: only the `min_score` values of the tiers
 * change, byte for byte everything else stays (comments, order, spacing, quoting, flow or block style).
 * The yaml Document API locates each value (its node range in the source); the new number replaces
 * exactly that range, and the result is parsed back and checked to differ in nothing but those values.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { SalesgradeError } from '../shared/errors.js';

export interface ThresholdEdit {
  text: string;
  /** Tier ids whose min_score changed. */
  changed: string[];
}

/** A number as a rubric writes it: `115`, `112.5`, never `1e2` or `112.50`. */
export function formatThreshold(v: number): string {
  const s = String(v);
  if (!/e/i.test(s)) return s;
  return v.toFixed(20).replace(/\.?0+$/, '');
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'min_score') out[k] = strip(x);
    return out;
  }
  return v;
}

/**
 * Set `tiers[*].min_score` to `values` (tier id → number) in `text`. Returns undefined when this text
 * has no `tiers` list of its own (they come from what it extends). Throws `internal` if the edited text
 * does not read back as intended (then nothing is written).
 */
export function setTierThresholds(text: string, values: Record<string, number>, source: string): ThresholdEdit | undefined {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const tiers = doc.getIn(['tiers'], true);
  if (!isSeq(tiers)) return undefined;
  const splices: { start: number; end: number; text: string; id: string }[] = [];
  for (const item of tiers.items) {
    if (!isMap(item)) continue;
    const id = item.get('id');
    if (typeof id !== 'string' || !(id in values)) continue;
    const node = item.get('min_score', true);
    if (!isScalar(node) || !node.range) {
      throw new SalesgradeError('internal', `${source}: tiers.${id}.min_score is not a plain number in the file; edit it by hand`);
    }
    const want = values[id]!;
    if (node.value === want) continue;
    splices.push({ start: node.range[0], end: node.range[1], text: formatThreshold(want), id });
  }
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.text + out.slice(s.end);

  // read back: the wanted values, and nothing else different
  const before = parseDocument(text).toJS() as { tiers?: { id?: string; min_score?: number }[] };
  const after = parseDocument(out).toJS() as { tiers?: { id?: string; min_score?: number }[] };
  const same = JSON.stringify(strip(before)) === JSON.stringify(strip(after));
  const ok = (after.tiers ?? []).every((t) => t.id === undefined || !(t.id in values) || t.min_score === values[t.id]);
  if (!same || !ok) throw new SalesgradeError('internal', `${source}: the edited rubric does not read back as intended; nothing was written`);
  return { text: out, changed: splices.map((s) => s.id) };
}
