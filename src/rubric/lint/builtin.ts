/**
 * Codes reported before the rules run (reading, YAML, schema, extends). They are documented like
 * rules (`docs/rules/<id>.md`) and appear in SARIF rule metadata, but have no `check`.
 */
import { ENGLISH_LISTS, fillTemplate, type MessageParams } from '../../shared/message-template.js';
import type { RuleMeta } from './types.js';

export const builtinCodes: RuleMeta[] = [
  {
    id: 'encoding',
    description: 'A rubric file is UTF-8 (a BOM is allowed); UTF-16 and GB18030/GBK files are detected and refused.',
    defaultSeverity: 'error',
    messages: {
      utf16: 'expected UTF-8, found a UTF-16 byte order mark; save the file as UTF-8',
      gb18030: 'expected UTF-8, found GB18030/GBK bytes (this line reads "{sample}" as GB18030); save the file as UTF-8',
      byte: 'expected UTF-8, found the byte 0x{byte} that is not valid UTF-8; save the file as UTF-8',
    },
  },
  {
    id: 'yaml-syntax',
    description: 'The file is well-formed YAML: no syntax errors, no tabs in indentation, only string keys.',
    defaultSeverity: 'error',
    messages: {
      // the YAML parser's own sentence (English, from the yaml package) beside its error code, which
      // report/lint-messages.ts words in zh-CN (the one template whose placeholders differ by language)
      parser: '{detail}',
      tab: 'tab character in indentation; indent with spaces',
      keyNotString: 'a key must be a plain string, not a collection or alias',
    },
  },
  {
    id: 'duplicate-key',
    description: 'A key appears at most once in a mapping.',
    defaultSeverity: 'error',
    messages: { dup: 'duplicate key "{key}"; each key may appear once in a mapping' },
  },
  {
    id: 'yaml-unsafe',
    description: 'No custom tags, at most 100 alias expansions, nesting at most 64 deep, files at most 1 MiB, no __proto__/constructor/prototype keys.',
    defaultSeverity: 'error',
    messages: {
      tooLarge: 'the file is {size} bytes; a rubric may be at most {max} bytes (1 MiB)',
      tooDeep: 'nesting deeper than {max} levels; a rubric never needs that (refused before parsing)',
      tag: 'unknown tag {tag}; rubric files allow plain YAML only (no custom tags)',
      forbiddenKey: 'the key "{key}" is not allowed (prototype pollution)',
      more: '{count} more problems of this kind not shown',
      aliases: 'more than {max} alias expansions ({count} aliases); refused as a resource-exhaustion ("billion laughs") attempt',
      convert: 'cannot convert the YAML: {reason}',
    },
  },
  {
    id: 'extends',
    description: 'Every file named in `extends` exists, parses, and no file extends itself through a cycle.',
    defaultSeverity: 'error',
    messages: {
      // {cycle}: the file names joined by " → "
      cycle: 'extends: cycle {cycle}; a rubric cannot extend itself',
      // {reason}: the system's code (a word) or, for another failure, its message as it came
      unreadable: 'extends: cannot read {name} ({file}): {reason}',
    },
    words: { reason: { ENOENT: 'no such file', EACCES: 'permission denied' } },
  },
  {
    id: 'schema',
    description: 'Every value has the type and range the rubric format v1 expects.',
    defaultSeverity: 'error',
    // the frequent schema problems (schema-issues.ts); the others are worded there, in English only
    messages: {
      missing: '{where}: missing required key "{key}"',
      type: '{where}: expected {expected}, got {got}',
      // got a list, a mapping or nothing (a word, not a value)
      typeKind: '{where}: expected {expected}, got {got}',
      oneOf: '{where}: expected one of {values}, got {got}',
      oneOfDidYouMean: '{where}: expected one of {values}, got {got}; did you mean "{suggestion}"?',
      number: '{where}: expected a number {op} {bound}, got {got}',
      atLeast: '{where}: expected at least {n} item(s), got {count}',
      atMost: '{where}: expected at most {n} item(s), got {count}',
      root: '(root): expected a mapping with "salesgrade: 1", got {rootKind}',
      rootText: '(root): expected a mapping with "salesgrade: 1"',
    },
    words: {
      expected: { mapping: 'a mapping', list: 'a list', string: 'a string', number: 'a number', boolean: 'true or false', int: 'a whole number' },
      // repr() of a value that is no scalar (typeKind); a scalar is shown as it is (a string quoted)
      got: { 'a list': 'a list', 'a mapping': 'a mapping', nothing: 'nothing' },
      rootKind: { empty: 'an empty file', list: 'a list', value: 'a single value' },
    },
  },
  {
    id: 'unknown-key',
    description: 'Every key is one the rubric format knows; a near miss gets a "did you mean" suggestion.',
    defaultSeverity: 'error',
    messages: {
      unknown: '{where}: unknown key "{key}"',
      didYouMean: '{where}: unknown key "{key}"; did you mean "{suggestion}"?',
      expected: '{where}: unknown key "{key}"; expected one of: {allowed}',
    },
  },
];

/**
 * A built-in code's finding text: its English message (the template of `messageId` filled from the
 * facts, the one source of that text) beside the id and facts report/ words other languages from.
 */
export function builtinMessage(code: string, messageId: string, params: MessageParams = {}): { message: string; messageId: string; params: MessageParams } {
  const meta = builtinCodes.find((c) => c.id === code)!;
  return { message: fillTemplate(meta.messages[messageId]!, params, { ...ENGLISH_LISTS, words: meta.words }), messageId, params };
}
