import { formatPath } from '../../locate.js';
import { fileReferences, fileRefKey, problemFacts } from '../file-refs.js';
import { defineRule } from '../types.js';

/** Problems listed per file; the rest are counted in one more finding. */
const MAX_LISTED = 20;

export const targetsFileValid = defineRule({
  meta: {
    id: 'targets-file-valid',
    description: 'A targets file (`target.file`) has a rep, team or region column and a column for every KPI that names it; its rows have positive numbers, a name, and no name twice.',
    defaultSeverity: 'error',
    messages: {
      problem: '{key}: {at}: {problem}',
      more: '{key}: {count} more problems in {shown}',
    },
  },
  check(ctx) {
    if (!ctx.files) return;
    for (const ref of fileReferences(ctx.rubric)) {
      if (ref.kind !== 'targets') continue;
      const facts = ctx.files.get(fileRefKey(ref.path));
      const problems = facts?.status === 'ok' ? (facts.problems ?? []) : [];
      const key = formatPath(ref.path);
      for (const p of problems.slice(0, MAX_LISTED)) ctx.report({ path: ref.path, messageId: 'problem', data: { key, ...problemFacts(p) }, severity: p.severity });
      if (problems.length > MAX_LISTED) ctx.report({ path: ref.path, messageId: 'more', data: { key, count: problems.length - MAX_LISTED, shown: facts!.shown } });
    }
  },
});
