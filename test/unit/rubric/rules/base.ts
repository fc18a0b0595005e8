/** The smallest valid rubric, for rule tests: 13 lines, the KPI on line 10, tiers on lines 12–13. */
import { yaml } from '../rule-tester.js';

export const BASE = yaml`
  salesgrade: 1
  name: t
  source:
    fields:
      date: [Date]
      amount: { headers: [Amount], type: money }
  metrics:
    revenue: { sum: amount }
  kpis:
    - { metric: revenue, weight: 100, target: 1000 }
  tiers:
    - { id: senior, min_score: 90 }
    - { id: junior, min_score: 0 }
`;

/** BASE with whole sections replaced: `{ tiers: 'tiers:\n  - …' }`; later keys are appended. */
export function withSections(sections: Record<string, string>): string {
  const lines = BASE.split('\n');
  const out: string[] = [];
  let skip = false;
  const done = new Set<string>();
  for (const line of lines) {
    const top = /^([a-z_$]+):/.exec(line)?.[1];
    if (top !== undefined) {
      skip = top in sections;
      if (skip) {
        out.push(...sections[top]!.replace(/\n$/, '').split('\n'));
        done.add(top);
        continue;
      }
    } else if (skip) continue;
    out.push(line);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  for (const [k, v] of Object.entries(sections)) if (!done.has(k)) out.push(...v.replace(/\n$/, '').split('\n'));
  return `${out.join('\n')}\n`;
}
