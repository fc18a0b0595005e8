/**
 * Codes reported before the rules run (reading, YAML, schema, extends). They are documented like
 * rules (`docs/rules/<id>.md`) and appear in SARIF rule metadata, but have no `check`.
 */
import type { RuleMeta } from './types.js';

export const builtinCodes: RuleMeta[] = [
  { id: 'encoding', description: 'A rubric file is UTF-8 (a BOM is allowed); UTF-16 and GB18030/GBK files are detected and refused.', defaultSeverity: 'error', messages: {} },
  { id: 'yaml-syntax', description: 'The file is well-formed YAML: no syntax errors, no tabs in indentation, only string keys.', defaultSeverity: 'error', messages: {} },
  { id: 'duplicate-key', description: 'A key appears at most once in a mapping.', defaultSeverity: 'error', messages: {} },
  { id: 'yaml-unsafe', description: 'No custom tags, at most 100 alias expansions, nesting at most 64 deep, files at most 1 MiB, no __proto__/constructor/prototype keys.', defaultSeverity: 'error', messages: {} },
  { id: 'extends', description: 'Every file named in `extends` exists, parses, and no file extends itself through a cycle.', defaultSeverity: 'error', messages: {} },
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
    },
    words: {
      expected: { mapping: 'a mapping', list: 'a list', string: 'a string', number: 'a number', boolean: 'true or false', int: 'a whole number' },
      // repr() of a value that is no scalar (typeKind); a scalar is shown as it is (a string quoted)
      got: { 'a list': 'a list', 'a mapping': 'a mapping', nothing: 'nothing' },
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
