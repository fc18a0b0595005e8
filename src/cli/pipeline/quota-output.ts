/**
 * Rendering and writing the quota plan: stdout formats and the workbook (written atomically, never
 * over an input, with a document date from the plan — not the clock — so the bytes are reproducible).
 */
import { resolve } from 'node:path';
import type { QuotaPlan } from '../../quota/decompose.js';
import type { LoadedRubric } from '../../rubric/load.js';
import { salesgradeVersion } from '../version.js';
import { displayPath } from './paths.js';

export interface RenderQuotaOptions {
  locale: 'zh-CN' | 'en';
  currency: string;
  color: boolean;
  tierLabels?: Record<string, string>;
  meta: { rubric: LoadedRubric; rubricPath: string; rosterFile?: { path: string; sha256: string } };
}

export async function renderQuota(format: 'table' | 'json' | 'csv', plan: QuotaPlan, o: RenderQuotaOptions): Promise<string> {
  if (format === 'json') {
    const { renderQuotaJson } = await import('../../report/quota-json.js');
    return renderQuotaJson(plan, {
      salesgradeVersion: salesgradeVersion(),
      rubric: { name: o.meta.rubric.rubric.name, path: o.meta.rubricPath, sha256: o.meta.rubric.sha256 },
      ...(o.meta.rosterFile ? { roster: o.meta.rosterFile } : {}),
      currency: o.currency,
      locale: o.locale,
    });
  }
  if (format === 'csv') {
    const { renderQuotaCsv } = await import('../../report/quota-csv.js');
    return renderQuotaCsv(plan, { locale: o.locale });
  }
  const { renderQuotaTable } = await import('../../report/quota-table.js');
  return renderQuotaTable(plan, { locale: o.locale, currency: o.currency, color: o.color, ...(o.tierLabels ? { tierLabels: o.tierLabels } : {}) });
}

export async function writeQuotaWorkbook(
  plan: QuotaPlan,
  o: { cwd: string; out: string; locale: 'zh-CN' | 'en'; currency: string; inputs: string[]; rubricName?: string; tierLabels?: Record<string, string> },
): Promise<string> {
  const [{ buildQuotaWorkbook }, { writeWorkbookAtomic }] = await Promise.all([import('../../report/quota-workbook.js'), import('../../io/xlsx-write.js')]);
  const wb = buildQuotaWorkbook(plan, { locale: o.locale, currency: o.currency, ...(o.rubricName ? { rubricName: o.rubricName } : {}), ...(o.tierLabels ? { tierLabels: o.tierLabels } : {}) });
  const abs = resolve(o.cwd, o.out);
  await writeWorkbookAtomic(wb, abs, { inputs: o.inputs, date: new Date(`${plan.start}T00:00:00Z`) });
  return displayPath(o.cwd, abs);
}
