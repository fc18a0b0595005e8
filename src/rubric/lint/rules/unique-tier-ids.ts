import { formatPath } from '../../locate.js';
import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

export const uniqueTierIds = defineRule({
  meta: {
    id: 'unique-tier-ids',
    description: 'Tier ids are unique within a tier list (and so are labels).',
    defaultSeverity: 'error',
    messages: {
      id: '{where}: tier id "{id}" is already used by {first}',
      label: '{where}: tier label "{label}" is already used by {first}; reports could not tell them apart',
    },
  },
  check(ctx) {
    for (const l of kpiLists(ctx.rubric)) {
      const ids = new Map<string, number>();
      const labels = new Map<string, number>();
      l.tiers.forEach((t, i) => {
        const first = ids.get(t.id);
        if (first !== undefined) {
          const path = [...l.tiersPath, i, 'id'];
          ctx.report({ path, messageId: 'id', data: { where: formatPath(path), id: t.id, first: formatPath([...l.tiersPath, first]) } });
        } else ids.set(t.id, i);
        if (t.label !== undefined) {
          const f = labels.get(t.label);
          if (f !== undefined) {
            const path = [...l.tiersPath, i, 'label'];
            ctx.report({ path, messageId: 'label', data: { where: formatPath(path), label: t.label, first: formatPath([...l.tiersPath, f]) } });
          } else labels.set(t.label, i);
        }
      });
    }
  },
});
