/**
 * Sentences in the rubric's locale for KPI results, metric traces and tier decisions. Numbers go
 * through shared/format.ts so explanations match what the renderers print.
 */
import type { Decimal } from 'decimal.js';
import { formatMoney, formatNumber, formatPercent, toFixedHalfUp } from '../shared/format.js';

export type Locale = 'zh-CN' | 'en';
export type Unit = 'money' | 'count' | 'percent' | 'number' | 'score';

/** A value in its unit: `¥1,284,300`, `12`, `30.0%`, `4.25`. */
export function formatValue(v: Decimal | null, unit: Unit, currency: string, locale: Locale): string {
  if (v === null) return locale === 'zh-CN' ? '无数据' : 'no value';
  const s = v.toFixed();
  switch (unit) {
    case 'money':
      return formatMoney(s, currency);
    case 'percent':
      return formatPercent(s, 1);
    case 'count':
      return v.isInteger() ? formatNumber(s) : formatNumber(s, 2);
    case 'score':
      return formatNumber(s, 2);
    default:
      return v.isInteger() ? formatNumber(s) : formatNumber(trimZeros(toFixedHalfUp(s, 2)));
  }
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * The same string, stored flat. V8 keeps a string built from parts (a template literal, `+`) as a tree
 * of its parts until a character is first read; an explanation kept per rep × KPI is then ~5× its
 * flat size (measured: 571 → 117 bytes). Reading one character flattens it in place.
 */
export function flatten(s: string): string {
  s.charCodeAt(0);
  return s;
}

export function pct(v: Decimal | number): string {
  return formatPercent(typeof v === 'number' ? String(v) : v.toFixed(), 1);
}

export function pts(v: Decimal): string {
  return toFixedHalfUp(v.toFixed(), 2);
}

const zh = {
  target: '目标',
  noValue: '无数据',
  noTarget: '无目标',
  zeroDen: '分母为 0',
  capped: (c: string) => `封顶 ${c}`,
  floored: (f: string) => `保底 ${f}`,
  threshold: (t: string) => `低于门槛 ${t} → 0 分`,
  band: (at: string, f: string) => `档位 ≥ ${at} → 系数 ${f}`,
  linearBand: (f: string) => `线性档位 → 系数 ${f}`,
  belowBands: (at: string) => `低于最低档位 ${at} → 0 分`,
  points: (expr: string, p: string) => `${expr} = ${p} 分`,
  zeroPoints: '0 分',
  excluded: '不计入总分（missing: exclude），权重按其余指标折算',
  lowerPerfect: (c: string) => `实际为 0（越低越好）→ 按 ${c} 计`,
  sep: '；',
  colon: '：',
};

const en: typeof zh = {
  target: 'target',
  noValue: 'no value',
  noTarget: 'no target',
  zeroDen: 'zero denominator',
  capped: (c) => `capped at ${c}`,
  floored: (f) => `floor ${f}`,
  threshold: (t) => `below threshold ${t} → 0 points`,
  band: (at, f) => `band ≥ ${at} → factor ${f}`,
  linearBand: (f) => `linear band → factor ${f}`,
  belowBands: (at) => `below the lowest band ${at} → 0 points`,
  points: (expr, p) => `${expr} = ${p} points`,
  zeroPoints: '0 points',
  excluded: 'excluded from the score (missing: exclude); the other weights are rescaled',
  lowerPerfect: (c) => `actual is 0 (lower is better) → counted as ${c}`,
  sep: '; ',
  colon: ': ',
};

export function phrases(locale: Locale): typeof zh {
  return locale === 'zh-CN' ? zh : en;
}

const movementZh = {
  newRep: (q: string) => `无历史等级，按本期达标等级 ${q} 定级`,
  unchanged: (t: string) => `本期达标等级与当前等级 ${t} 相同，连续计数清零`,
  promoted: (n: number, t: string) => `连续 ${n} 期达到更高等级，晋升为 ${t}（该连续期内达到的最低等级）`,
  heldUp: (run: number, need: number, t: string) => `连续 ${run}/${need} 期达到更高等级，暂保持 ${t}`,
  demoted: (n: number, t: string) => `连续 ${n} 期低于当前等级，降为 ${t}（该连续期内达到的最高等级）`,
  heldDown: (run: number, need: number, t: string) => `连续 ${run}/${need} 期低于当前等级，暂保持 ${t}`,
  grace: (t: string, g: number) => `处于前 ${g} 期保护期，不降级，保持 ${t}`,
  partial: (t: string, why: string) => `${why}，不计入晋升/降级连续期，保持 ${t}`,
  coveredFrom: (p: string, d: string) => `${p} 的数据仅从 ${d} 开始`,
  coveredUntil: (p: string, d: string) => `${p} 的数据仅到 ${d} 为止`,
  score: (s: string, q: string) => `总分 ${s}，达标等级 ${q}`,
  gateFailed: (tier: string, what: string) => `${tier} 门槛未通过：${what}`,
};

const movementEn: typeof movementZh = {
  newRep: (q) => `no earlier tier: takes the qualified tier ${q}`,
  unchanged: (t) => `qualified for the current tier ${t}; both runs reset`,
  promoted: (n, t) => `qualified above the current tier for ${n} consecutive period${n === 1 ? '' : 's'}: promoted to ${t} (the lowest tier qualified for in that run)`,
  heldUp: (run, need, t) => `qualified above the current tier ${run} of ${need} consecutive period${need === 1 ? '' : 's'} needed: stays ${t}`,
  demoted: (n, t) => `qualified below the current tier for ${n} consecutive period${n === 1 ? '' : 's'}: demoted to ${t} (the highest tier qualified for in that run)`,
  heldDown: (run, need, t) => `qualified below the current tier ${run} of ${need} consecutive period${need === 1 ? '' : 's'} needed: stays ${t}`,
  grace: (t, g) => `within the first ${g === 1 ? 'period' : `${g} periods`} (grace): no demotion, stays ${t}`,
  partial: (t, why) => `${why}: not counted toward promotion or demotion, stays ${t}`,
  coveredFrom: (p, d) => `${p} is covered by the data only from ${d}`,
  coveredUntil: (p, d) => `${p} is covered by the data only until ${d}`,
  score: (s, q) => `score ${s} qualifies for ${q}`,
  gateFailed: (tier, what) => `${tier} gate failed: ${what}`,
};

export function movementPhrases(locale: Locale): typeof movementZh {
  return locale === 'zh-CN' ? movementZh : movementEn;
}
