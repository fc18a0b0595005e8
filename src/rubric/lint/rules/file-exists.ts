import { formatPath } from '../../locate.js';
import { fileReferences, fileRefKey, type FileRefKind } from '../file-refs.js';
import { defineRule } from '../types.js';

const KIND: Record<FileRefKind, string> = {
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
      missing: '{key}: the {kind} "{file}" does not exist',
      // where it was looked for, when that is not what the rubric says (a base's path, a rubric in another folder)
      missingAt: '{key}: the {kind} "{file}" does not exist (looked for {shown})',
      unreadable: '{key}: the {kind} "{file}" cannot be read ({shown}: {reason})',
    },
    words: {
      kind: KIND,
      // FileFacts.reason codes; another code (an errno name such as EIO) is shown as it is
      reason: { directory: 'a directory, not a file', 'not-file': 'not a regular file', permission: 'permission denied', unreadable: 'unreadable' },
    },
  },
  check(ctx) {
    if (!ctx.files) return;
    for (const ref of fileReferences(ctx.rubric)) {
      const facts = ctx.files.get(fileRefKey(ref.path));
      if (!facts || facts.status === 'ok') continue;
      ctx.report({
        path: ref.path,
        messageId: facts.status === 'missing' ? (facts.shown === ref.file ? 'missing' : 'missingAt') : 'unreadable',
        data: {
          key: formatPath(ref.path),
          kind: ref.kind,
          file: ref.file,
          shown: facts.shown,
          reason: facts.reason ?? 'unreadable',
        },
      });
    }
  },
});
