/** The lint formatters, by the name `--format` takes (the same string as the file name). */
import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { LintFormat, LintFormatter } from './types.js';

export const formatters: Record<LintFormat, LintFormatter> = { stylish, json, junit, sarif, github };
export { LINT_FORMATS, type LintFormat, type LintFormatter } from './types.js';
