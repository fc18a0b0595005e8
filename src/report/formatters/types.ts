import type { Diagnostic } from '../../shared/diagnostic.js';
import type { RuleMeta } from '../../rubric/lint/types.js';
import type { ReportLocale } from '../labels.js';

export const LINT_FORMATS = ['stylish', 'json', 'junit', 'sarif', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface LintFormatterOptions {
  /** ANSI colours (stylish only). */
  color: boolean;
  /** Every file checked, in order, including clean ones (json, junit, sarif list them). */
  files: string[];
  /** Metadata of every code that can be reported (SARIF `tool.driver.rules`). */
  rules: RuleMeta[];
  /** salesgrade version, for SARIF and JSON. */
  version: string;
  /** The language of stylish's summary line (default English); messages arrive already in it (report/lint-messages.ts). */
  locale?: ReportLocale;
}

/** A formatter is pure: sorted diagnostics in, the whole output text out. */
export type LintFormatter = (diagnostics: readonly Diagnostic[], options: LintFormatterOptions) => string;

/** 1-based start and end of a diagnostic; files without a range point at 1:1. */
export function position(d: Diagnostic): { line: number; column: number; endLine: number; endColumn: number } {
  const r = d.range;
  if (!r) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/** Files in the order given, then any file only the diagnostics mention. */
export function fileOrder(diagnostics: readonly Diagnostic[], files: readonly string[]): string[] {
  const out = [...files];
  for (const d of diagnostics) if (!out.includes(d.source)) out.push(d.source);
  return out;
}
