import { formatPath, type JsonPath } from '../../locate.js';
import { suggest } from '../../schema-issues.js';
import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

/** `actions` keys and `by_tier` keys name tiers of the rep level. */
export const knownTier = defineRule({
  meta: {
    id: 'known-tier',
    description: 'Every `actions` key and every `target.by_tier` key names a tier defined under `tiers` (for `levels`, that level\'s tiers).',
    defaultSeverity: 'error',
    messages: {
      unknown: '{where}: "{tier}" is not a tier id; tiers: {tiers}',
      unknownDidYouMean: '{where}: "{tier}" is not a tier id; did you mean "{suggestion}"?',
    },
  },
  check(ctx) {
    const checkKey = (tier: string, path: JsonPath, ids: string[]) => {
      if (ids.includes(tier)) return;
      const s = suggest(tier, ids);
      const data = { where: formatPath(path), tier, tiers: ids };
      if (s) ctx.report({ path, at: 'key', messageId: 'unknownDidYouMean', data: { ...data, suggestion: s } });
      else ctx.report({ path, at: 'key', messageId: 'unknown', data });
    };
    const repTiers = ctx.rubric.tiers.map((t) => t.id);
    for (const k of Object.keys(ctx.rubric.actions ?? {})) checkKey(k, ['actions', k], repTiers);
    for (const l of kpiLists(ctx.rubric)) {
      const ids = l.tiers.map((t) => t.id);
      l.kpis.forEach((kpi, i) => {
        const t = kpi.target;
        if (typeof t !== 'object' || !t.by_tier) return;
        for (const k of Object.keys(t.by_tier)) checkKey(k, [...l.path, i, 'target', 'by_tier', k], ids);
      });
    }
  },
});
