/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), as GitHub code
 * scanning reads it: every rule's metadata in `tool.driver.rules`, results pointing at files by
 * relative URI with 1-based regions.
 */
import type { Severity } from '../../shared/diagnostic.js';
import { fileOrder, position, type LintFormatter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

// Relative paths stay relative (GitHub resolves them against the checkout); absolute ones become file: URIs.
function uri(file: string): string {
  const path = file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
  return path.startsWith('/') ? `file://${path}` : path;
}

export const sarif: LintFormatter = (diagnostics, options) => {
  const ruleIds = options.rules.map((r) => r.id);
  const extra = [...new Set(diagnostics.map((d) => d.code))].filter((c) => !ruleIds.includes(c));
  const rules = [
    ...options.rules.map((r) => ({
      id: r.id,
      name: r.id,
      shortDescription: { text: r.description },
      fullDescription: { text: r.description },
      defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
      help: { text: `See docs/rules/${r.id}.md in the salesgrade package.` },
    })),
    ...extra.map((id) => ({ id, name: id, shortDescription: { text: id }, defaultConfiguration: { level: 'error' as const } })),
  ];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const files = fileOrder(diagnostics, options.files);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'salesgrade', version: options.version, rules } },
        artifacts: files.map((f) => ({ location: { uri: uri(f) } })),
        results: diagnostics.map((d) => {
          const p = position(d);
          return {
            ruleId: d.code,
            ruleIndex: index.get(d.code)!,
            level: LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: uri(d.source), index: files.indexOf(d.source) },
                  region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
                },
              },
            ],
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
