/** Every lint rule, in the order they run. Add a rule here, in docs/rules/ and in test/unit/rubric/rules/. */
import type { Rule } from '../types.js';

export const rules: Rule[] = [];
