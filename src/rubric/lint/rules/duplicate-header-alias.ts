import { formatPath, type JsonPath } from '../../locate.js';
import type { FieldSpec } from '../../schema.js';
import { normalizeHeader } from '../../../shared/text.js';
import { defineRule } from '../types.js';

/** One column cannot feed two fields: the second field would silently read the first's column. */
export const duplicateHeaderAlias = defineRule({
  meta: {
    id: 'duplicate-header-alias',
    description: 'No header alias is listed under two fields (in `source.fields`, and in `roster.fields`).',
    defaultSeverity: 'error',
    messages: { dup: '{where}: header "{header}" is also listed for field "{other}"; one column cannot be two fields' },
  },
  check(ctx) {
    const sections: [JsonPath, Record<string, FieldSpec>][] = [[['source', 'fields'], ctx.rubric.source.fields]];
    if (ctx.rubric.roster) sections.push([['roster', 'fields'], ctx.rubric.roster.fields]);
    for (const [base, fields] of sections) {
      const owner = new Map<string, string>();
      for (const [field, spec] of Object.entries(fields)) {
        const headers = Array.isArray(spec) ? spec : spec.headers;
        headers.forEach((h, i) => {
          const path: JsonPath = Array.isArray(spec) ? [...base, field, i] : [...base, field, 'headers', i];
          // the reader's own normalisation: two aliases it would read as one header are one header here
          const k = normalizeHeader(h);
          const other = owner.get(k);
          if (other !== undefined && other !== field) ctx.report({ path, messageId: 'dup', data: { where: formatPath(path), header: h, other } });
          else owner.set(k, field);
        });
      }
    }
  },
});
