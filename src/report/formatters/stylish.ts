/** ESLint's stylish: a header per file, aligned `line:col  severity  message  rule` rows, a summary. */
import { Chalk } from 'chalk';
import { countBySeverity } from '../../shared/diagnostic.js';
import { cleanStrings } from '../safe-text.js';
import { position, type LintFormatter } from './types.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const stylish: LintFormatter = (found, options) => {
  if (found.length === 0) return '';
  // Messages quote the rubric (names, labels, values): no escape sequences reach the terminal.
  const diagnostics = cleanStrings(found);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const byFile = new Map<string, typeof diagnostics[number][]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.source);
    if (list) list.push(d);
    else byFile.set(d.source, [d]);
  }
  const lines: string[] = [];
  for (const [file, ds] of byFile) {
    lines.push(c.underline(file));
    const rows = ds.map((d) => {
      const p = position(d);
      return { where: `${p.line}:${p.column}`, sev: d.severity, message: d.message, code: d.code };
    });
    // reduce, not Math.max(...rows): a file can have 100,000 findings, too many for spread arguments.
    const w = rows.reduce((m, r) => Math.max(m, r.where.length), 0);
    const s = rows.reduce((m, r) => Math.max(m, r.sev.length), 0);
    for (const r of rows) {
      const sev = r.sev === 'error' ? c.red(r.sev.padEnd(s)) : r.sev === 'warning' ? c.yellow(r.sev.padEnd(s)) : c.blue(r.sev.padEnd(s));
      lines.push(`  ${c.dim(r.where.padEnd(w))}  ${sev}  ${r.message}  ${c.dim(r.code)}`);
    }
    lines.push('');
  }
  const n = countBySeverity(diagnostics);
  const total = diagnostics.length;
  const summary =
    options.locale === 'zh-CN'
      ? `✖ ${total} 个问题（${n.error} 个错误，${n.warning} 个警告）`
      : `✖ ${plural(total, 'problem')} (${plural(n.error, 'error')}, ${plural(n.warning, 'warning')})`;
  lines.push(n.error ? c.red.bold(summary) : c.yellow.bold(summary));
  return `${lines.join('\n')}\n`;
};
