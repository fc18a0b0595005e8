import { formatPath } from '../../locate.js';
import { fileReferences, fileRefKey, type FileRefKind } from '../file-refs.js';
import { defineRule } from '../types.js';

const WHAT: Record<FileRefKind, string> = {
  roster: 'roster file',
  targets: 'targets file',
  calendar: 'calendar file',
  'quota-annual': 'annual targets file',
};

export const fileExists = defineRule({
  meta: {
    id: 'file-exists',
    description: 'Every file the rubric names (roster, targets, quota annual targets, calendar) exists and can be read.',
    defaultSeverity: 'error',
    messages: {
      missing: '{key}: the {what} "{file}" does not exist{looked}',
      unreadable: '{key}: the {what} "{file}" cannot be read ({shown}: {reason})',
    },
  },
  check(ctx) {
    if (!ctx.files) return;
    for (const ref of fileReferences(ctx.rubric)) {
      const facts = ctx.files.get(fileRefKey(ref.path));
      if (!facts || facts.status === 'ok') continue;
      ctx.report({
        path: ref.path,
        messageId: facts.status,
        data: {
          key: formatPath(ref.path),
          what: WHAT[ref.kind],
          file: ref.file,
          shown: facts.shown,
          // where it was looked for, when that is not what the rubric says (a base's path, a rubric in another folder)
          looked: facts.shown === ref.file ? '' : ` (looked for ${facts.shown})`,
          reason: facts.reason ?? 'unreadable',
        },
      });
    }
  },
});
