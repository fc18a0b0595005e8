import { formatPath } from '../../locate.js';
import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

export const floorLeCap = defineRule({
  meta: {
    id: 'floor-le-cap',
    description: 'A KPI\'s `floor` is not above its `cap` (attainment is clamped to [floor, cap]).',
    defaultSeverity: 'error',
    messages: { order: '{where}: floor {floor} is above cap {cap}; attainment is clamped to [floor, cap]' },
  },
  check(ctx) {
    for (const l of kpiLists(ctx.rubric)) {
      l.kpis.forEach((k, i) => {
        if (k.floor !== undefined && k.cap !== undefined && k.floor > k.cap) {
          const path = [...l.path, i, 'floor'];
          ctx.report({ path, messageId: 'order', data: { where: formatPath([...l.path, i]), floor: k.floor, cap: k.cap } });
        }
      });
    }
  },
});
