import { formatPath, type JsonPath } from '../../locate.js';
import { metricField } from '../../schema.js';
import { suggest } from '../../schema-issues.js';
import { defineRule } from '../types.js';

/** Metrics read fields by canonical name; each must be declared (with its headers) in `source.fields`. */
export const knownField = defineRule({
  meta: {
    id: 'known-field',
    description: 'Every field a metric aggregates, filters on (`where`) or dates by (`date`, default `date`), and `source.unique_key`, is declared in `source.fields`.',
    defaultSeverity: 'error',
    messages: {
      unknown: '{where}: field "{field}" is not declared in source.fields; declared: {declared}',
      unknownDidYouMean: '{where}: field "{field}" is not declared in source.fields; declared: {declared}; did you mean "{suggestion}"?',
      defaultDate: '{where}: counts rows by the field "date" (no `date:` given), which is not declared in source.fields; declare it or set `date:`',
    },
  },
  check(ctx) {
    const fields = Object.keys(ctx.rubric.source.fields);
    const need = (field: string, path: JsonPath, at: 'key' | 'value' = 'value') => {
      if (fields.includes(field)) return;
      const s = suggest(field, fields);
      const data = { where: formatPath(path), field, declared: fields };
      if (s) ctx.report({ path, at, messageId: 'unknownDidYouMean', data: { ...data, suggestion: s } });
      else ctx.report({ path, at, messageId: 'unknown', data });
    };
    for (const [name, m] of Object.entries(ctx.rubric.metrics)) {
      if ('ratio' in m) continue;
      const base: JsonPath = ['metrics', name];
      const f = metricField(m);
      if (f !== undefined) {
        const key = 'sum' in m ? 'sum' : 'distinct' in m ? 'distinct' : 'avg' in m ? 'avg' : 'min' in m ? 'min' : 'max';
        need(f, [...base, key]);
      }
      for (const w of Object.keys(m.where ?? {})) need(w, [...base, 'where', w], 'key');
      if (m.date !== undefined) need(m.date, [...base, 'date']);
      else if (!fields.includes('date')) ctx.report({ path: base, at: 'key', messageId: 'defaultDate', data: { where: formatPath(base) } });
    }
    const uk = ctx.rubric.source.unique_key;
    if (uk !== undefined) need(uk, ['source', 'unique_key']);
  },
});
