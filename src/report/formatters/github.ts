/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the file and line.
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
 */
import { terminalText } from '../safe-text.js';
import { position, type LintFormatter } from './types.js';

// Escaping as in @actions/core `toCommandValue`/`escapeProperty`.
export function escapeData(s: string): string {
  // Messages quote the rubric: no escape sequences in the CI log.
  return terminalText(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const github: LintFormatter = (diagnostics) =>
  diagnostics
    .map((d) => {
      const p = position(d);
      const kind = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      const props = `file=${escapeProperty(d.source)},line=${p.line},col=${p.column},endLine=${p.endLine},endColumn=${p.endColumn},title=${escapeProperty(d.code)}`;
      return `::${kind} ${props}::${escapeData(d.message)}\n`;
    })
    .join('');
