/**
 * The notes the CLI prints on stderr after a run (which period was chosen, what was written), in the
 * report's language: one catalog per language, the same keys (the type makes a missing one a compile
 * error; test/unit/report/cli-notes.test.ts checks the wording).
 */
import type { ReportLocale } from './labels.js';

interface NoteCatalog {
  /** The period was not named: the latest in the data was graded. */
  periodLatest(p: { period: string }): string;
  /** calibrate: the period pooled when none was named. */
  periodsLatest(p: { period: string }): string;
  /** quota: the year was not named. */
  yearCurrent(p: { year: string }): string;
  /** A file was written. */
  wrote(p: { file: string }): string;
  /** --statements: the files and their manifest. */
  wroteStatements(p: { count: number; dir: string }): string;
  /** calibrate --write. */
  wroteThresholds(p: { file: string; changed: number }): string;
}

const en: NoteCatalog = {
  periodLatest: ({ period }) => `period ${period}: the latest in the data (choose another with --period)`,
  periodsLatest: ({ period }) => `period ${period}: the latest in the data (choose others with --period or --periods)`,
  yearCurrent: ({ year }) => `year ${year}: the current one (choose another with --year)`,
  wrote: ({ file }) => `wrote ${file}`,
  wroteStatements: ({ count, dir }) => `wrote ${count} statement${count === 1 ? '' : 's'} and manifest.json in ${dir}`,
  wroteThresholds: ({ file, changed }) => `wrote ${file} (${changed} min_score value${changed === 1 ? '' : 's'} changed)`,
};

const zh: NoteCatalog = {
  periodLatest: ({ period }) => `考核期 ${period}：数据中最新的一期（用 --period 选择其他考核期）`,
  periodsLatest: ({ period }) => `考核期 ${period}：数据中最新的一期（用 --period 或 --periods 选择其他考核期）`,
  yearCurrent: ({ year }) => `年度 ${year}：当前年度（用 --year 选择其他年度）`,
  wrote: ({ file }) => `已写入 ${file}`,
  wroteStatements: ({ count, dir }) => `已在 ${dir} 写入 ${count} 份个人报告及 manifest.json`,
  wroteThresholds: ({ file, changed }) => `已写入 ${file}（修改了 ${changed} 个 min_score）`,
};

export const CLI_NOTES: Record<ReportLocale, NoteCatalog> = { en, 'zh-CN': zh };

/** The stderr notes in `locale` (English when none is known yet). */
export function cliNotes(locale: ReportLocale | undefined): NoteCatalog {
  return CLI_NOTES[locale ?? 'en'];
}
