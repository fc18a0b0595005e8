/**
 * The semantic pass: runs every registered rule over a schema-valid rubric and turns the paths they
 * report into positioned, sorted diagnostics.
 */
import { compareDiagnostics, type Diagnostic } from '../../shared/diagnostic.js';
import { ENGLISH_LISTS, fillTemplate } from '../../shared/message-template.js';
import type { Locator } from '../locate.js';
import type { Rubric } from '../schema.js';
import { builtinCodes } from './builtin.js';
import { rules as registered } from './rules/index.js';
import type { FileFacts } from './file-refs.js';
import type { Rule, RuleContext, RuleMeta } from './types.js';


/** Run the rules (all by default) over a rubric; diagnostics sorted by file, line, column, rule. */
export function lintRubric(rubric: Rubric, locator: Locator, rules: readonly Rule[] = registered, options: { files?: ReadonlyMap<string, FileFacts>; years?: RuleContext['years']; extendsPeriod?: RuleContext['extendsPeriod'] } = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    rule.check({
      rubric,
      has: (path) => locator.has(path),
      ...(options.files ? { files: options.files } : {}),
      ...(options.years ? { years: options.years } : {}),
      ...(options.extendsPeriod !== undefined ? { extendsPeriod: options.extendsPeriod } : {}),
      report: (r) => {
        const template = (rule.meta.messages as Record<string, string>)[r.messageId];
        if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message "${r.messageId}"`);
        const loc = locator.locate(r.path, r.at);
        const d: Diagnostic = {
          code: rule.meta.id,
          // English, from the rule's own templates; report/lint-messages.ts renders other languages from messageId + params
          message: fillTemplate(template, r.data, { ...ENGLISH_LISTS, words: rule.meta.words }),
          severity: r.severity ?? rule.meta.defaultSeverity,
          source: loc?.source ?? locator.layers[0]?.source ?? '<rubric>',
          path: r.path,
        };
        if (loc) d.range = loc.range;
        d.messageId = r.messageId;
        if (r.data) d.params = r.data;
        out.push(d);
      },
    });
  }
  return out.sort(compareDiagnostics);
}

/** Metadata of every code `check` can report: built-in codes, then rules. */
export function allRuleMeta(): RuleMeta[] {
  return [...builtinCodes, ...registered.map((r) => r.meta as RuleMeta)];
}

export { registered as rules };
