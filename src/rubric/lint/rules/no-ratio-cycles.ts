import { defineRule } from '../types.js';

/** A ratio of ratios is fine; a ratio that depends on itself has no value. */
export const noRatioCycles = defineRule({
  meta: {
    id: 'no-ratio-cycles',
    description: 'Ratio metrics do not depend on themselves, directly or through other ratios.',
    defaultSeverity: 'error',
    messages: { cycle: 'metrics.{metric}.ratio: the ratio depends on itself: {cycle}' },
  },
  check(ctx) {
    const metrics = ctx.rubric.metrics;
    const operands = (name: string): string[] => {
      const m = metrics[name];
      return m && 'ratio' in m ? [...m.ratio] : [];
    };
    const reported = new Set<string>();
    for (const start of Object.keys(metrics)) {
      if (operands(start).length === 0) continue;
      // Depth-first search for a path back to `start`.
      const stack: { name: string; path: string[] }[] = [{ name: start, path: [start] }];
      const seen = new Set<string>();
      let cycle: string[] | undefined;
      while (stack.length && !cycle) {
        const { name, path } = stack.pop()!;
        for (const op of operands(name)) {
          if (op === start) {
            cycle = [...path, op];
            break;
          }
          if (!seen.has(op)) {
            seen.add(op);
            stack.push({ name: op, path: [...path, op] });
          }
        }
      }
      if (!cycle) continue;
      // Report each cycle once, at the member that comes first in the file.
      const key = [...new Set(cycle)].sort().join('|');
      if (reported.has(key)) continue;
      reported.add(key);
      ctx.report({ path: ['metrics', start, 'ratio'], messageId: 'cycle', data: { metric: start, cycle: cycle.join(' → ') } });
    }
  },
});
