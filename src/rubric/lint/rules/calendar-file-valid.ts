import { fileReferences, fileRefKey, problemFacts } from '../file-refs.js';
import { defineRule } from '../types.js';

/** Problems listed per file; the rest are counted in one more finding. */
const MAX_LISTED = 20;

export const calendarFileValid = defineRule({
  meta: {
    id: 'calendar-file-valid',
    description: 'The calendar file (`quota.calendar.file`) has a date and a kind column, and every row a real date and a kind `off` or `work`, no date both.',
    defaultSeverity: 'error',
    messages: {
      problem: 'quota.calendar.file: {at}: {problem}',
      more: 'quota.calendar.file: {count} more problems in {shown}',
    },
  },
  check(ctx) {
    if (!ctx.files) return;
    for (const ref of fileReferences(ctx.rubric)) {
      if (ref.kind !== 'calendar') continue;
      const facts = ctx.files.get(fileRefKey(ref.path));
      const problems = facts?.status === 'ok' ? (facts.problems ?? []) : [];
      for (const p of problems.slice(0, MAX_LISTED)) ctx.report({ path: ref.path, messageId: 'problem', data: problemFacts(p), severity: p.severity });
      if (problems.length > MAX_LISTED) ctx.report({ path: ref.path, messageId: 'more', data: { count: problems.length - MAX_LISTED, shown: facts!.shown } });
    }
  },
});
