/**
 * A stable JSON shape for tools: per file (clean ones included) the findings with 1-based
 * positions, plus totals. Documented in the README; fields are only ever added.
 */
import { countBySeverity } from '../../shared/diagnostic.js';
import { fileOrder, position, type LintFormatter } from './types.js';

export const json: LintFormatter = (diagnostics, options) => {
  const files = fileOrder(diagnostics, options.files).map((file) => {
    const ds = diagnostics.filter((d) => d.source === file);
    const n = countBySeverity(ds);
    return {
      file,
      errorCount: n.error,
      warningCount: n.warning,
      messages: ds.map((d) => ({
        ruleId: d.code,
        severity: d.severity,
        message: d.message,
        ...position(d),
        ...(d.path ? { path: d.path } : {}),
      })),
    };
  });
  const n = countBySeverity(diagnostics);
  return `${JSON.stringify({ tool: 'salesgrade', version: options.version, errorCount: n.error, warningCount: n.warning, files }, null, 2)}\n`;
};
