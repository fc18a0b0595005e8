// The evaluation JSON's fields documented as rendered text (README "Output formats"): the only ones that
// may differ between `--locale en` and `--locale zh-CN`. Shared by the unit and the e2e locale tests.

/** Every leaf path where `a` and `b` differ (`reps[1].kpis[0].explanation`). */
export function differingPaths(a: unknown, b: unknown, at = ''): string[] {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b) ? [] : [at];
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const path = Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k;
    for (const p of differingPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path)) out.push(p);
  }
  return out;
}

const GROUP = String.raw`(company|(teams|regions)\[\d+\])`;
/** The fields README "Output formats" documents as rendered text. */
export const RENDERED: readonly RegExp[] = [
  /^locale$/,
  /^(kpis|tiers|distribution)\[\d+\]\.label$/,
  /^levels\.(team|region)\.(kpis|tiers)\[\d+\]\.label$/,
  /^reps\[\d+\]\.kpis\[\d+\]\.(label|explanation|targetSource)$/,
  /^reps\[\d+\]\.metrics\.\w+\.formula$/,
  /^reps\[\d+\]\.decision\.reason$/,
  new RegExp(`^${GROUP}\\.kpis\\[\\d+\\]\\.(label|explanation|targetSource)$`),
  new RegExp(`^${GROUP}\\.(tierLabel|decision\\.reason)$`),
  /^findings\[\d+\]\.message$/,
];

/** The differing paths that are not documented as rendered text (a locale-dependent number or code). */
export function undocumentedDifferences(a: unknown, b: unknown): string[] {
  return differingPaths(a, b).filter((p) => !RENDERED.some((r) => r.test(p)));
}
