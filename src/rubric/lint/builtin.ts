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
  { id: 'schema', description: 'Every value has the type and range the rubric format v1 expects.', defaultSeverity: 'error', messages: {} },
  { id: 'unknown-key', description: 'Every key is one the rubric format knows; a near miss gets a "did you mean" suggestion.', defaultSeverity: 'error', messages: {} },
];
