/**
 * The evaluate pipeline shared by `evaluate` and `explain`: find and load the rubric → read the roster
 * → read every data file through `openExport`, feeding the evaluator a batch of rows at a time (streaming: memory
 * grows with reps × periods, plus 4 bytes a row for the workbook's data sheets: `RowCodes`) → finish. Heavy
 * modules are imported here, never by the command files, so `salesgrade --help` stays fast.
 * `diff` and `calibrate` use `runEvaluations`: one read feeding one evaluator per rubric or period.
 */
import { pushAll } from '../../shared/iter.js';
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { Evaluator } from '../../engine/evaluate.js';
import type { ActivityRecord, Evaluation, ExcludedRow, HistoryEntry, InputFile, ManifestFile, RowAnnotation, SourceRef } from '../../engine/types.js';
import type { ExportReader, ReadOptions } from '../../io/read-export.js';
import type { DataRowInput, DataSheetInput } from '../../report/workbook.js';
import { MAX_SHEET_ROWS } from '../../shared/sheet-model.js';
import type { LoadedRubric } from '../../rubric/load.js';
import type { Rubric } from '../../rubric/schema.js';
import { compareDiagnostics, type Diagnostic } from '../../shared/diagnostic.js';
import { STRICT_ERROR_READER_CODES, type FindingCode } from '../../shared/finding-codes.js';
import { SalesgradeError, templatedError, UsageError } from '../../shared/errors.js';
import { SeenRows } from '../../io/seen-rows.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { displayPath } from './paths.js';
import { boundHeapGrowth, collectBeforeDataSheet } from './heap.js';
import { SKIP_ROW, changedWhileWritten, codedDataRows } from './data-rows.js';
import { salesgradeVersion } from '../version.js';
import { warningLine } from '../messages.js';

export interface EvaluateRequest {
  io: CliIo;
  data: string[];
  /** `--metrics FILE`: grade a MetricTable file (the `salesgrade sql` query's result) instead of `data`. */
  metrics?: string;
  /** `--query FILE` with `--metrics`: the query that produced the table (its sha256 goes into the manifest). */
  query?: string;
  /** `--engine duckdb`: aggregate `data` with the compiled query in embedded DuckDB, then grade the table. */
  engine?: 'js' | 'duckdb';
  /**
   * With `engine: 'duckdb'`: DuckDB opened while the rubric is loaded (`startDuckDb`, by the command,
   * which closes it at the end); the first query of the run takes it, later ones open their own.
   */
  duckdb?: import('../../io/duckdb-session.js').DuckDbSession;
  /**
   * With `engine: 'duckdb'`: called once the query is sent to DuckDB, for the caller to start loading
   * what it needs after the run (its renderer) while DuckDB works, not on the path after the query.
   */
  duringQuery?: () => void;
  rubric?: string;
  roster?: string;
  period?: string;
  asOf?: string;
  history?: string[];
  encoding?: ReadOptions['encoding'];
  /** Count Monday–Friday for a `cn` year without official data (warned in the report), instead of failing. */
  weekdayFallback?: boolean;
  /** Keep up to this many source rows for the workbook's data sheets; 0 = keep none. */
  keepRows?: number;
  /**
   * The data sheets' reference twin (tests): the second read runs every row through the row rules and
   * the evaluator's `classify` again, instead of taking each row's annotation from the code the first
   * read kept for it.
   */
  rereadDataSheets?: boolean;
  /**
   * The data sheets' second read and writing: in a worker thread from this script (default: the built
   * cli/pipeline/raw-rows-worker.js for an XLSX export of WORKER_READ_ROWS rows or more, none when
   * running from the sources), or on the main thread (`false`: the reference, as it was before the
   * worker). A script given here is used for every format and size (tests).
   */
  dataSheetWorker?: URL | false;
  /** Source rows listed per metric trace (explain). */
  sampleRows?: number;
  quiet?: boolean;
  /** Report language (`--locale`): the rubric's labels follow it; report/ words explanations in it. */
  locale?: 'zh-CN' | 'en';
  /** `--strict`: rows that would feed a KPI but were lost to a data problem are an error finding. */
  strict?: boolean;
  /** How to name a data file in messages when not by its path: the stdin spool file is `<stdin>`. */
  displayNames?: Readonly<Record<string, string>>;
  note: (message: string) => void;
  /** Told the rubric's language once it is loaded (a later fatal error is worded in it). */
  rubricLocale?: (locale: 'zh-CN' | 'en') => void;
}

export interface EvaluateOutcome {
  evaluation: Evaluation;
  rubric: LoadedRubric;
  /** Absolute paths of every file read (data, roster, rubric and what it extends, history). */
  inputs: string[];
  /** Data sheets for the workbook (undefined when not kept or over the limit). */
  dataSheets?: DataSheetInput[];
  /** True when the period was chosen as the latest in the data. */
  periodDefaulted: boolean;
}

/** Canonical field → the metrics that need it (aggregated field, `where` fields, date field). */
export function fieldsNeeded(rubric: Rubric): Map<string, string[]> {
  const need = new Map<string, string[]>();
  // (pushed, not copied: a copy per metric was quadratic, 0.5 s of a 10,000-KPI rubric's run)
  const add = (field: string, metric: string) => {
    const list = need.get(field);
    if (list === undefined) need.set(field, [metric]);
    else list.push(metric);
  };
  const used = new Set<string>();
  const visit = (id: string) => {
    if (used.has(id)) return;
    used.add(id);
    const m = rubric.metrics[id];
    if (!m) return;
    if ('ratio' in m) {
      for (const part of m.ratio) visit(part);
      return;
    }
    for (const f of ['sum', 'distinct', 'avg', 'min', 'max'] as const) {
      const v = (m as Record<string, unknown>)[f];
      if (typeof v === 'string') add(v, id);
    }
    for (const f of Object.keys(m.where ?? {})) add(f, id);
    add(m.date ?? 'date', id);
  };
  for (const k of rubric.kpis) visit(k.metric);
  for (const t of rubric.tiers) for (const g of t.gates) visit(g.metric);
  for (const level of [rubric.levels?.team, rubric.levels?.region]) for (const k of level?.kpis ?? []) visit(k.metric);
  return need;
}

function headersTried(rubric: Rubric, field: string): readonly string[] {
  const spec = rubric.source.fields[field];
  if (!spec) return [];
  return Array.isArray(spec) ? spec : spec.headers;
}

function checkLayout(reader: ExportReader, rubric: Rubric, shown: string): void {
  const need = fieldsNeeded(rubric);
  const missing = reader.layout.missingFields.filter((f) => f === 'rep' || need.has(f)).sort();
  const first = missing[0];
  if (first === undefined) return;
  const tried = headersTried(rubric, first);
  const by = first === 'rep' ? 'every row' : `metric ${need.get(first)!.join(', ')}`;
  const found = reader.layout.columns.map((c) => c.header).filter(Boolean);
  const location: { file: string; sheet?: string; line?: number } = { file: shown };
  if (reader.layout.sheet !== undefined) location.sheet = reader.layout.sheet;
  if (tried.length && found.length) {
    // worded from facts (the run's language); the rare field without headers or header row without text below
    const params = { field: first, tried, row: reader.layout.headerRow, found: [...found.slice(0, 12), ...(found.length > 12 ? ['…'] : [])] };
    const others = missing.slice(1);
    if (first === 'rep') {
      throw others.length ? templatedError('field-missing', 'field-missing-rep-more', { ...params, others }, { location }) : templatedError('field-missing', 'field-missing-rep', params, { location });
    }
    const metrics = need.get(first)!;
    throw others.length
      ? templatedError('field-missing', 'field-missing-metric-more', { ...params, metrics, others }, { location })
      : templatedError('field-missing', 'field-missing-metric', { ...params, metrics }, { location });
  }
  throw new SalesgradeError(
    'field-missing',
    `no column for field "${first}"${tried.length ? ` (tried: ${tried.join(', ')})` : ''}, needed by ${by}` +
      (missing.length > 1 ? `; also missing: ${missing.slice(1).join(', ')}` : ''),
    {
      location,
      hint: `header row ${reader.layout.headerRow} has: ${found.slice(0, 12).join(', ')}${found.length > 12 ? ', …' : ''}`,
    },
  );
}

/** What the first read learnt about one input's data sheet. */
interface KeptSheet {
  name: string;
  abs: string;
  shown: string;
  headers: string[];
  headerRow: number;
  /** Rows read. */
  rows: number;
  sha256: string;
  /** The export's format (the data sheet's second read goes to a worker thread for XLSX only). */
  format: 'csv' | 'xlsx' | 'html';
  /** Rows the data sheet shows, and those past a sheet's last row (left out). */
  count: number;
  pastEnd: number;
  /** Widest row's cell count. */
  width: number;
  first: SourceRef | undefined;
  /** Per row read, in read order, what the first read found (`RowCodes`); none on the reference twin or over the limit. */
  codes?: RowCodes | undefined;
}

/**
 * What the first read found of each row, in read order, as one number a row (4 bytes; no record is
 * kept): a record's class (the evaluator's `rowCode`, annotated once the period is known) × 2, or an
 * excluded row's reason and detail (an index into `ExclusionNames`) × 2 + 1. The workbook's second read
 * of the file then takes each row's values alone and its annotation from here, by its place in the
 * read order.
 */
class RowCodes {
  static readonly SKIP = SKIP_ROW;
  private buf = new Uint32Array(1024);
  length = 0;

  push(code: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = code;
  }

  at(i: number): number {
    return i < this.length ? this.buf[i]! : RowCodes.SKIP;
  }

  /** The codes pushed, in a buffer of their own (to transfer to a thread). */
  copy(): Uint32Array {
    return this.buf.slice(0, this.length);
  }

  /** The classes (`code >>> 1` of an even code) the codes use, each once, in first-use order. */
  classes(): number[] {
    const seen = new Set<number>();
    for (let i = 0; i < this.length; i++) {
      const code = this.buf[i]!;
      if (code !== RowCodes.SKIP && !(code & 1)) seen.add(code >>> 1);
    }
    return [...seen];
  }
}

/** The excluded rows' annotations by index (reason and detail, each distinct pair once). */
class ExclusionNames {
  private readonly ids = new Map<string, number>();
  readonly list: RowAnnotation[] = [];

  id(reason: ExcludedRow['reason'], detail: string | undefined): number {
    const key = detail === undefined ? reason : `${reason}\u0000${detail}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.list.push(detail ? { excluded: reason, detail } : { excluded: reason }) - 1;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** One rubric to score the data with, in a run that reads the data once for all of them. */
export interface ScoringJob {
  /** A rubric path (relative to the working directory); default: the request's, then discovery. */
  rubric?: string;
  /** A rubric already loaded (a git revision): used instead of reading `rubric`. */
  loaded?: LoadedRubric;
  /** Period label; default: the request's, then the latest in the data. */
  period?: string;
}

/** What decides how the exports are read: jobs whose rubrics agree on it can share one read. */
export function readerKey(rubric: Rubric): string {
  return JSON.stringify([rubric.source, rubric.currency, rubric.locale, rubric.fx ?? null]);
}

/** Run the evaluation. Throws `SalesgradeError` for anything the user can fix. */
export async function runEvaluation(req: EvaluateRequest): Promise<EvaluateOutcome> {
  const [outcome] = await runEvaluations(req, [{}]);
  return outcome!;
}

interface PreparedJob {
  period: string | undefined;
  loaded: LoadedRubric;
  rubric: Rubric;
  rubricPath: string;
  inputs: string[];
  readerFindings: Diagnostic[];
  evaluator: Evaluator;
  fx: ReturnType<typeof import('../../io/values.js').fxRates>;
  targetFiles: Awaited<ReturnType<typeof import('./targets.js').readRubricTargetFiles>>;
  calendar: Awaited<ReturnType<typeof import('./calendar.js').loadQuotaCalendar>>;
  roster?: import('../../engine/types.js').RosterEntry[];
}

/**
 * Score the same data with several rubrics (or periods) reading the data once: every record is fed to
 * one evaluator per job. The jobs' rubrics must read the exports alike (`readerKey`); the first job's
 * rubric decides how they are read, and only the first job gets the workbook's data sheets.
 */
export async function runEvaluations(req: EvaluateRequest, jobs: ScoringJob[]): Promise<EvaluateOutcome[]> {
  const { io } = req;
  const cwd = io.cwd;
  // The readers only when rows are read (not for --engine duckdb: they are ~60 CPU-ms of modules).
  const openExport = async (path: string, options: ReadOptions): Promise<ExportReader> => (await import('../../io/read-export.js')).openExport(path, options);

  // history from earlier result files: the same for every job
  const history: HistoryEntry[] = [];
  const historyInputs: string[] = [];
  const historyFiles: ManifestFile[] = [];
  if (req.history?.length) {
    const { historyFromJson } = await import('../../report/evaluation-json.js');
    for (const h of req.history) {
      const abs = resolve(cwd, h);
      let text: string;
      try {
        const buf = await readFile(abs);
        historyFiles.push({ role: 'history', path: displayPath(cwd, h), sha256: createHash('sha256').update(buf).digest('hex') });
        text = buf.toString('utf8');
      } catch (e) {
        throw new SalesgradeError('history-invalid', `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
          location: { file: displayPath(cwd, h) },
        });
      }
      for (const entry of historyFromJson(text, displayPath(cwd, h))) history.push(entry);
      historyInputs.push(abs);
    }
  }

  const inputFiles: InputFile[] = [];
  const prepared: PreparedJob[] = [];
  for (const job of jobs) prepared.push(await prepareJob(req, job, { history, inputs: historyInputs, files: historyFiles }, inputFiles, prepared));
  const lead = prepared[0]!;
  const rubric = lead.rubric;
  for (const p of prepared) {
    if (readerKey(p.rubric) !== readerKey(rubric)) {
      throw new SalesgradeError('internal', `${p.rubricPath} reads the exports differently from ${lead.rubricPath}: score it in its own run`);
    }
  }
  // Jobs whose rubrics aggregate alike share one aggregation (engine/evaluate.ts `aggregationKey`): the
  // rows are fed once per distinct aggregation, and each job scores the shared table. A job whose rubric
  // changes some metrics has its own aggregator, which borrows the columns an earlier job's defines alike
  // and aggregates only the others (and keeps its own row ledger): every row is fed to both, in one pass.
  const evaluators = [...new Set(prepared.map((p) => p.evaluator.feed))];
  const evaluator = lead.evaluator.feed;
  const many = evaluators.length > 1;

  // data: one file given twice is a usage error before anything is read (a renamed copy is found by
  // its sha256 once read); rows repeated across files are found by one duplicate index for the run
  const byPath = new Map<string, string>();
  for (const p of req.data) {
    const abs = resolve(cwd, p);
    const before = byPath.get(abs);
    if (before !== undefined) {
      throw new UsageError(`${displayPath(cwd, p)} is given twice (as ${before} and ${p}); its rows would be counted twice`, 'give each export once');
    }
    byPath.set(abs, p);
  }
  // (dropped once read, unless the data sheets' reference twin replays it: 32 MB at a million rows)
  let seen: SeenRows | undefined = new SeenRows();
  const keepLimit = req.keepRows ?? 0;
  // Rows the readers excluded, by reason: what to say when no row is left to grade.
  const excludedBy = new Map<string, number>();
  // The data sheets' rows are not held: this read counts them (and their widest row) and keeps a code
  // per row, and the workbook reads each file's values again as it writes that file's sheet (`codedRows`).
  const kept: KeptSheet[] = [];
  let keptCount = 0;
  const exclusions = new ExclusionNames();
  // --engine duckdb: the files were aggregated by DuckDB when the jobs were prepared; no row is read here.
  const toRead = req.engine === 'duckdb' ? [] : req.data;
  // many reps: the heap's growth bounded once the read has seen BOUNDED_GROWTH_REPS of them (heap.ts)
  let bounded = false;
  for (const p of toRead) {
    const abs = resolve(cwd, p);
    const shown = req.displayNames?.[p] ?? displayPath(cwd, p);
    for (const j of prepared) j.inputs.push(abs);
    const progress = createProgress(io, shown, { quiet: req.quiet ?? false });
    // Opened by its absolute path (relative to io.cwd) and named in messages as the user sees it.
    const reader = await openExport(abs, {
      displayName: shown,
      source: rubric.source,
      currency: rubric.currency,
      locale: rubric.locale,
      fx: lead.fx,
      ...(req.encoding ? { encoding: req.encoding } : {}),
      // the data sheets' rows are read again as their sheet is written: this read counts them and their widths
      keepWidth: keepLimit > 0,
      onProgress: (done, total) => progress.update(done, total),
      seen,
    });
    for (const j of prepared) checkLayout(reader, j.rubric, shown);
    let rows = 0;
    const keep = keepLimit > 0;
    const sheet = { count: 0, width: 0, pastEnd: 0, first: undefined as SourceRef | undefined };
    // One code per row read (kept or not: the second read finds a row's by its place in the read order).
    let codes = keep && !req.rereadDataSheets ? new RowCodes() : undefined;
    const keepRow = (source: SourceRef, width: number) => {
      if (source.row > MAX_SHEET_ROWS) sheet.pastEnd++;
      else sheet.count++;
      if (width > sheet.width) sheet.width = width;
      sheet.first ??= source;
    };
    for await (const batch of progress.track(reader.batches())) {
      for (let b = 0; b < batch.length; b++) {
        const row = batch[b]!;
        rows++;
        // The reader names the file as it was opened, which is `shown` in the usual case: no copy per row.
        const source = row.source.file === shown ? row.source : { ...row.source, file: shown };
        if (row.record) {
          const record = row.record.source === source ? row.record : { ...row.record, source };
          if (many) for (const e of evaluators) e.add(record);
          else evaluator.add(record);
          if (keep && row.width !== undefined) {
            keepRow(source, row.width);
            codes?.push(2 * lead.evaluator.rowCode(record));
          } else codes?.push(RowCodes.SKIP);
        } else if (row.excluded) {
          const ex: ExcludedRow = { source, reason: row.excluded.reason };
          if (row.excluded.detail) ex.detail = row.excluded.detail;
          excludedBy.set(ex.reason, (excludedBy.get(ex.reason) ?? 0) + 1);
          const full: ExcludedRow = row.lost ? { ...ex, fields: row.lost.fields, ...(row.lost.badFields ? { badFields: row.lost.badFields } : {}) } : ex;
          if (many) for (const e of evaluators) e.exclude(full);
          else evaluator.exclude(full);
          if (keep && row.width !== undefined) {
            keepRow(source, row.width);
            codes?.push(2 * exclusions.id(ex.reason, ex.detail) + 1);
          } else codes?.push(RowCodes.SKIP);
        } else codes?.push(RowCodes.SKIP);
      }
      // over the limit the data sheets are left out: their codes are not needed
      if (codes && keptCount + sheet.count > keepLimit) codes = undefined;
      if (!bounded) bounded = boundHeapGrowth(evaluator.repCount());
    }
    progress.finish();
    for (const f of reader.findings) {
      const placed = f.source === shown ? f : { ...f, source: shown };
      const found = strictReaderFinding(placed, req.strict);
      for (const j of prepared) j.readerFindings.push(found);
    }
    const sha256 = reader.sha256();
    const same = inputFiles.find((f) => f.sha256 === sha256);
    if (same) {
      throw new UsageError(`${shown} and ${same.path} are the same file (sha256 ${sha256.slice(0, 12)}…); its rows would be counted twice`, 'give each export once');
    }
    inputFiles.push({ path: shown, sha256, rows });
    if (keepLimit > 0) {
      keptCount += sheet.count;
      // Two inputs may share a sheet or file name (monthly exports): number the later ones.
      const base = reader.layout.sheet ?? basename(p, extname(p));
      let name = base;
      for (let n = 2; kept.some((k) => k.name === name); n++) name = `${base} (${n})`;
      kept.push({ name, abs, shown, headers: reader.layout.columns.map((c) => c.header), headerRow: reader.layout.headerRow, rows, sha256, format: reader.layout.format, ...sheet, codes });
    }
  }
  const overLimit = keptCount > keepLimit;
  const again = req.rereadDataSheets && keepLimit > 0 ? seen.replay() : undefined;
  seen = undefined;

  const evaluations: Evaluation[] = [];
  // One job: its table is scored once, and freed rep by rep as it is (Evaluator.finish `last`).
  for (const job of prepared) evaluations.push(await finishJob(req, job, inputFiles, excludedBy, prepared.length === 1));
  // Every job is graded: the tables go (as large as the Evaluations again); the data sheets' rows are
  // annotated from the row classes, kept apart.
  for (const job of prepared) job.evaluator.release();

  let dataSheets: DataSheetInput[] | undefined;
  if (keepLimit > 0) {
    // Over the limit, every data sheet is left out (rows: [], omitted: n) and the Summary says so.
    if (overLimit) req.note(`note: more than ${keepLimit.toLocaleString('en-US')} source rows: the workbook leaves out the data sheets (raise with --data-rows N)`);
    // A second read of the files, one at a time as the workbook writes their sheets, for the rows'
    // values (not held between the reads). Each row's annotation is the one its code from the first read
    // gives (`RowCodes`): the second read runs no row rules, no duplicate index and no evaluator.
    // The workbook's read of one file: the first read's options, with its progress line.
    const reread = async (k: KeptSheet, extra: Pick<ReadOptions, 'rawOnly' | 'seen'>) => {
      const progress = createProgress(io, `${k.shown} → workbook`, { quiet: req.quiet ?? false });
      const reader = await openExport(k.abs, {
        displayName: k.shown,
        source: rubric.source,
        currency: rubric.currency,
        locale: rubric.locale,
        fx: lead.fx,
        ...(req.encoding ? { encoding: req.encoding } : {}),
        keepRaw: true,
        onProgress: (done, total) => progress.update(done, total),
        ...extra,
      });
      return { progress, reader };
    };
    const annotations: RowAnnotation[] = [];
    const annotation = (code: number): RowAnnotation => (code & 1 ? exclusions.list[code >>> 1]! : (annotations[code >>> 1] ??= lead.evaluator.annotation(code >>> 1)));
    // The data sheet of a long XLSX export written in a worker thread — read again, annotated, its rows
    // built and encoded — on the other core while this thread deflates it (cli/pipeline/raw-rows.ts),
    // when the worker is built and the read's options cross a thread: from WORKER_READ_ROWS rows (a short
    // export's costs less than starting the worker). Not a CSV's by default: three 1M-row pairs showed no
    // gain in CPU or wall for ~30 MB more peak RSS, up to 249 MB of the 250 MB bar (README, Performance).
    const rawRowsModule = req.dataSheetWorker === false ? undefined : await import('./raw-rows.js');
    const builtScript = req.dataSheetWorker === false ? undefined : (req.dataSheetWorker ?? rawRowsModule?.rawRowsWorkerScript());
    const inWorker = (k: KeptSheet, codes: RowCodes): DataSheetInput['elsewhere'] => {
      const workerScript = req.dataSheetWorker !== undefined || (k.format === 'xlsx' && k.rows >= (rawRowsModule?.WORKER_READ_ROWS ?? Infinity)) ? builtScript : undefined;
      if (workerScript === undefined || rawRowsModule === undefined) return undefined;
      const options = { displayName: k.shown, source: rubric.source, currency: rubric.currency, locale: rubric.locale, ...(req.encoding ? { encoding: req.encoding } : {}) };
      try {
        structuredClone({ options, fx: rubric.fx });
      } catch {
        return undefined;
      }
      return (spec) =>
        (async function* () {
          // a long export's first read left a heap of garbage: collected before the second read adds its own
          collectBeforeDataSheet(k.rows);
          const classes = codes.classes().map((c): [number, RowAnnotation] => [c, annotation(2 * c)]);
          const sheet = { shown: k.shown, rows: k.rows, sha256: k.sha256, count: k.count, pastEnd: k.pastEnd };
          const job = { path: k.abs, options, fx: rubric.fx, sheet, codes: codes.copy(), exclusions: exclusions.list, classes, spec };
          const progress = createProgress(io, `${k.shown} → workbook`, { quiet: req.quiet ?? false });
          try {
            yield* rawRowsModule.dataSheetInWorker(
              workerScript,
              job,
              (done, total) => progress.update(done, total),
              (n) => progress.rows(n),
            );
          } finally {
            progress.finish();
          }
        })();
    };
    // (a batch of rows at a time, as the reader gives them: no async step per row)
    const codedRows = async function* (k: KeptSheet, codes: RowCodes): AsyncGenerator<DataRowInput[]> {
      // a long export's first read left a heap of garbage: collected before the second read adds its own
      collectBeforeDataSheet(k.rows);
      const { progress, reader } = await reread(k, { rawOnly: true });
      yield* codedDataRows(k, progress.track(reader.batches()), (i) => codes.at(i), annotation, () => reader.sha256());
    };
    // The reference twin (`rereadDataSheets`): every row through the row rules and `classify` again,
    // with the first read's duplicate index replayed (a row is a repeat exactly when the first read
    // found it one; nothing is added, so no second index of the same size).
    const annotatedRows = async function* (k: KeptSheet): AsyncGenerator<DataRowInput[]> {
      if (!again) throw new SalesgradeError('internal', `${k.shown}: no row codes for its data sheet, and no duplicate index to read it again with`);
      const { progress, reader } = await reread(k, { seen: again });
      let count = 0;
      for await (const batch of progress.track(reader.batches())) {
        const out: DataRowInput[] = [];
        for (let b = 0; b < batch.length; b++) {
          const row = batch[b]!;
          if (!row.raw) continue;
          const source = row.source.file === k.shown ? row.source : { ...row.source, file: k.shown };
          if (row.record) {
            count++;
            const record = row.record.source === source ? row.record : { ...row.record, source };
            out.push({ source, raw: row.raw, annotation: lead.evaluator.classify(record) });
          } else if (row.excluded) {
            count++;
            const { reason, detail } = row.excluded;
            out.push({ source, raw: row.raw, annotation: detail ? { excluded: reason, detail } : { excluded: reason } });
          }
        }
        if (out.length > 0) yield out;
      }
      progress.finish();
      if (reader.sha256() !== k.sha256 || count !== k.count + k.pastEnd) throw changedWhileWritten(k);
    };
    dataSheets = kept.map((k): DataSheetInput => {
      const base = { name: k.name, headers: k.headers, headerRow: k.headerRow };
      if (overLimit || k.count === 0) return { ...base, rows: [], ...(overLimit ? { omitted: k.rows } : {}) };
      if (k.pastEnd > 0) req.note(`note: ${k.shown}: ${k.pastEnd.toLocaleString('en-US')} source rows lie past row ${MAX_SHEET_ROWS.toLocaleString('en-US')}, the last of a sheet: its data sheet leaves them out`);
      const batches = k.codes ? codedRows(k, k.codes) : annotatedRows(k);
      const elsewhere = k.codes ? inWorker(k, k.codes) : undefined;
      return {
        ...base,
        // one pass for both: the workbook reads `batches`; `rows` gives the same rows one at a time
        rows: (async function* () {
          for await (const b of batches) yield* b;
        })(),
        batches,
        count: k.count,
        width: k.width,
        source: { file: k.shown, ...(k.first?.sheet !== undefined ? { sheet: k.first.sheet } : {}) },
        ...(k.pastEnd > 0 ? { omitted: k.pastEnd } : {}),
        ...(elsewhere ? { elsewhere } : {}),
      };
    });
  }
  const outcomes = prepared.map((job, n): EvaluateOutcome => ({
    evaluation: evaluations[n]!,
    rubric: job.loaded,
    inputs: job.inputs,
    periodDefaulted: job.period === undefined,
  }));
  if (dataSheets) outcomes[0]!.dataSheets = dataSheets;
  return outcomes;
}

/** Everything one rubric needs before the data is read: the rubric, roster, calendar and its evaluator. */
async function prepareJob(
  req: EvaluateRequest,
  job: ScoringJob,
  shared: { history: HistoryEntry[]; inputs: string[]; files: ManifestFile[] },
  inputFiles: InputFile[],
  earlier: readonly PreparedJob[] = [],
): Promise<PreparedJob> {
  const { history } = shared;
  const cwd = req.io.cwd;
  const period = job.period ?? req.period;
  // (the roster's reader, and with it the export readers, only when there is a roster)
  const [{ loadRubric, discoverRubric }, { createEvaluator }, { fxRates }, { sha256File }] = await Promise.all([
    import('../../rubric/load.js'),
    import('../../engine/evaluate.js'),
    import('../../io/values.js'),
    import('../../io/file-identity.js'),
  ]);

  // rubric
  const rubricPath = job.loaded?.path ?? job.rubric ?? req.rubric ?? displayPath(cwd, await discoverRubric(cwd));
  const loaded = job.loaded ?? (await loadRubric(displayPath(cwd, rubricPath), { cwd }));
  const rubric = loaded.rubric;
  req.rubricLocale?.(rubric.locale);
  if (loaded.warnings?.length) {
    // the rubric's lint warnings in the report's language (report/lint-messages.ts)
    const { lintMessage } = await import('../../report/lint-messages.js');
    const locale = (req.locale ?? rubric.locale) === 'zh-CN' ? 'zh-CN' : 'en';
    for (const w of loaded.warnings) req.note(warningLine(lintMessage(w, locale), job.loaded ? w.source : displayPath(cwd, w.source), w.code));
  }
  if (period !== undefined && (req.metrics !== undefined || req.engine === 'duckdb')) {
    // A view (another period kind than the rubric's) re-aggregates the rows: a table is by the rubric's period.
    const { viewOf } = await import('../../engine/view.js');
    const view = viewOf(rubric, period);
    if (view) {
      throw new UsageError(
        `--period ${period} is a ${view.kind}, the rubric grades by ${view.of}: ${req.metrics !== undefined ? 'a MetricTable' : '--engine duckdb'} aggregates by ${view.of}, so it cannot give a ${view.kind} view`,
        `grade the exports with the default engine for a ${view.kind} view, or give a ${view.of} period`,
      );
    }
  }
  const inputs: string[] = job.loaded ? [] : [resolve(cwd, rubricPath), ...(loaded.sources ?? []).map((s) => resolve(cwd, s.path))];
  // Every file besides the data that decides the result, hashed, for the manifest (a git revision's
  // files are named rev:path, as given).
  const shown = (p: string) => (job.loaded ? p : displayPath(cwd, p));
  const files: ManifestFile[] = [{ role: 'rubric', path: shown(rubricPath), sha256: loaded.sha256 }];
  for (const s of (loaded.sources ?? []).slice(1)) files.push({ role: 'extends', path: shown(s.path), sha256: s.sha256 });

  // roster: --roster (relative to the working directory) wins over the rubric's (relative to the rubric)
  let roster: Awaited<ReturnType<typeof import('../../io/roster.js').readRoster>> | undefined;
  const rosterAbs = req.roster ? resolve(cwd, req.roster) : rubric.roster ? resolve(loaded.dir, rubric.roster.file) : undefined;
  if (rosterAbs) {
    const { readRoster } = await import('../../io/roster.js');
    roster = await readRoster(rosterAbs, rubric.roster, rubric.tiers, displayPath(cwd, rosterAbs));
    inputs.push(rosterAbs);
    files.push({ role: 'roster', path: displayPath(cwd, rosterAbs), sha256: roster.file.sha256 });
  }
  pushAll(inputs, shared.inputs);
  pushAll(files, shared.files);

  // pacing calendar and target proration from the quota rules (the calendar file, if any, is read as
  // `quota` reads it). A cn year without official data is refused when first asked for, as `quota`
  // does, unless --weekday-fallback: then Monday–Friday, a finding and the manifest say so.
  const [{ loadQuotaCalendar }, { makeProrate }] = await Promise.all([import('./calendar.js'), import('../../quota/prorate.js')]);
  const beforeCalendar = inputs.length;
  const calendar = await loadQuotaCalendar(rubric, loaded.dir, cwd, {
    ...(req.weekdayFallback ? { weekdayFallback: true } : {}),
    note: req.note,
    inputs,
    locale: (req.locale ?? rubric.locale) === 'zh-CN' ? 'zh-CN' : 'en',
  });
  for (const abs of inputs.slice(beforeCalendar)) files.push({ role: 'calendar', path: displayPath(cwd, abs), sha256: await sha256File(abs) });

  // targets files named by `target: { file }` (read once each, relative to the rubric)
  const { readRubricTargetFiles } = await import('./targets.js');
  const targetFiles = await readRubricTargetFiles(rubric, loaded.dir, cwd, shown(rubricPath));
  pushAll(inputs, targetFiles.paths);
  for (const abs of targetFiles.paths) files.push({ role: 'target', path: displayPath(cwd, abs), sha256: await sha256File(abs) });

  // the roster's and the targets files' reader warnings are errors under --strict as an export's are
  const readerFindings: Diagnostic[] = [...(roster?.findings ?? []), ...targetFiles.findings].map((f) => strictReaderFinding(f, req.strict));
  const fx = fxRates(rubric.fx);
  const manifest = {
    salesgradeVersion: salesgradeVersion(),
    rubric: { name: rubric.name, path: job.loaded ? rubricPath : displayPath(cwd, rubricPath), sha256: loaded.sha256 },
    inputs: inputFiles,
    ...(roster && rosterAbs ? { roster: { ...roster.file, path: displayPath(cwd, rosterAbs) } } : {}),
    ...(fx ? { fx: Object.fromEntries(Object.entries(fx).map(([k, d]) => [k, d.toFixed()])) } : {}),
    files,
  };
  // --metrics: the table is read here (its columns depend on the rubric), not fed row by row.
  let table: import('../../engine/aggregate.js').MetricTable | undefined;
  let duckSource: string | undefined;
  if (req.engine === 'duckdb') {
    const run = await duckDbTable(req, rubric, roster?.entries, inputFiles);
    table = run.table;
    duckSource = run.shown;
    files.push({ role: 'query', path: '(--engine duckdb)', sha256: run.querySha256 });
    for (const p of req.data) if (!inputs.includes(resolve(cwd, p))) inputs.push(resolve(cwd, p));
  }
  if (req.metrics !== undefined) {
    const [{ readMetricTableFile }, { tableFromSqlFile }] = await Promise.all([import('../../io/metric-table-file.js'), import('../../engine/sql/to-table.js')]);
    const abs = resolve(cwd, req.metrics);
    const file = await readMetricTableFile(abs, displayPath(cwd, req.metrics));
    table = tableFromSqlFile(rubric, file);
    for (const f of file.findings) readerFindings.push(strictReaderFinding(f, req.strict));
    if (!inputFiles.some((f) => f.path === displayPath(cwd, req.metrics!))) inputFiles.push({ path: displayPath(cwd, req.metrics), sha256: file.sha256, rows: file.rows.length });
    if (!inputs.includes(abs)) inputs.push(abs);
  }
  if (req.metrics !== undefined && req.query !== undefined) {
    const { readQueryFile } = await import('./metric-query.js');
    files.push({ role: 'query', path: displayPath(cwd, req.query), sha256: await readQueryFile(resolve(cwd, req.query), displayPath(cwd, req.query), rubric) });
    inputs.push(resolve(cwd, req.query));
  }
  // What a MetricTable cannot carry is said on every such run: a note (info) when the table holds the
  // data's dates, so `--fail-on warning` still fails only on real problems; a warning when it does not
  // (a partly covered latest period is then not recognised and could count toward movement).
  if (table && duckSource !== undefined) {
    readerFindings.push({
      code: 'metric-table-limits' satisfies FindingCode,
      severity: table.dataRange ? 'info' : 'warning',
      message:
        `graded with --engine duckdb: DuckDB aggregated the rows with the compiled query (its sha256 is in the manifest) and salesgrade graded the MetricTable; ` +
        `the messy-export findings are the default engine's (duplicate rows, totals rows, ambiguous numbers and dates: this path reads clean, typed columns); ` +
        `dates far outside the data (typos) are not told apart; rows read / counted / excluded are the query's per-period group counts (a row dated in two periods counts as read in each); rows lost for no date are at most the no-date rows that would feed a KPI metric; no source rows (explain, samples, workbook data sheets)`,
      source: duckSource,
      data: { via: 'duckdb' },
    });
  }
  if (table && req.metrics !== undefined) {
    readerFindings.push({
      code: 'metric-table-limits' satisfies FindingCode,
      severity: table.dataRange ? 'info' : 'warning',
      message:
        (table.dataRange
          ? `graded from a MetricTable, not from the rows: the data's range is the table's first_date … last_date (${table.dataRange.first} … ${table.dataRange.last}), without per-date counts, so dates far outside it (typos) are not told apart; `
          : `graded from a MetricTable, not from the rows: the data's dates are not in it (a table without first_date / last_date), so a latest period the data covers only in part is not recognised (it counts toward promotion and demotion as if complete: choose a closed period with --period); `) +
        `rows read / counted / excluded are the query's per-period group counts (a row dated in two periods counts as read in each${table.ledger.filteredIn.size === 0 && !table.dataRange ? '; a row a where kept out counts as counted' : ''}); rows lost for no date are at most the no-date rows that would feed a KPI metric; no source rows (explain, samples)`,
      source: displayPath(cwd, req.metrics),
      data: table.dataRange ? { via: 'metrics', first: table.dataRange.first, last: table.dataRange.last } : { via: 'metrics' },
    });
  }
  const evaluator = createEvaluator(req.locale && req.locale !== rubric.locale ? { ...rubric, locale: req.locale } : rubric, {
    manifest,
    ...(period !== undefined ? { period } : {}),
    ...(req.asOf !== undefined ? { asOf: req.asOf } : {}),
    ...(roster ? { roster: roster.entries } : {}),
    ...(history.length ? { history } : {}),
    // proration is facts, kept on each KPI result; report/evaluation-text.ts words them when shown
    prorate: makeProrate(rubric, calendar, {}),
    workdays: (from, to) => calendar.workdays(from, to),
    ...(targetFiles.results.length ? { fileTargets: targetFiles.fileTargets } : {}),
    findings: readerFindings,
    ...(req.sampleRows !== undefined ? { sampleRows: req.sampleRows } : {}),
    ...(req.strict ? { strict: true } : {}),
    ...(table ? { table } : {}),
  }, earlier.map((e) => e.evaluator));
  return { period, loaded, rubric, rubricPath: shown(rubricPath), inputs, readerFindings, evaluator, fx, targetFiles, calendar, ...(roster ? { roster: roster.entries } : {}) };
}

async function finishJob(req: EvaluateRequest, job: PreparedJob, inputFiles: InputFile[], excludedBy: ReadonlyMap<string, number>, last = false): Promise<Evaluation> {
  const cwd = req.io.cwd;
  const { evaluator, readerFindings } = job;
  let evaluation: Evaluation;
  try {
    evaluation = evaluator.finish({ last });
  } catch (e) {
    // The engine knows what is missing (a period with no rows); the pipeline knows where, and why.
    const where = { file: req.data.map((d) => displayPath(cwd, d)).join(', ') };
    const read = inputFiles.reduce((n, f) => n + f.rows, 0);
    const excluded = [...excludedBy.values()].reduce((a, b) => a + b, 0);
    if (e instanceof SalesgradeError && e.code === 'no-data' && req.period === undefined && read === 0) {
      throw templatedError('no-data', 'header-but-no-rows', {}, { location: where, cause: e });
    }
    if (e instanceof SalesgradeError && e.code === 'no-data' && req.period === undefined && read > 0 && excluded === read) {
      // each reason is a finding code with its count: the same in every language
      const why = [...excludedBy.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([reason, n]) => `${reason} ${n.toLocaleString('en-US')}`);
      throw templatedError('no-data', 'all-rows-excluded', { read: read.toLocaleString('en-US'), why, file: displayPath(cwd, req.data[0]!) }, { location: where, cause: e });
    }
    if (e instanceof SalesgradeError && !e.location && e.code !== 'calendar-unsupported') {
      throw new SalesgradeError(e.code, e.message, {
        location: { file: req.data.map((d) => displayPath(cwd, d)).join(', ') },
        ...(e.hint ? { hint: e.hint } : {}),
        cause: e,
        ...(e.facts ? { facts: e.facts } : {}),
      });
    }
    throw e;
  }
  // The manifest's inputs and the reader findings are complete only now.
  evaluation.manifest = { ...evaluation.manifest, inputs: inputFiles };
  const { unknownTargetNames } = await import('./targets.js');
  for (const f of await unknownTargetNames(job.targetFiles, evaluation, job.roster)) readerFindings.push(f);
  const { thinCalendarYearFindings } = await import('./calendar.js');
  pushAll(readerFindings, await thinCalendarYearFindings(job.calendar, job.rubricPath, job.loaded.layers));
  const fallbackYears = job.calendar.fallbackYears();
  if (fallbackYears.length) {
    evaluation.manifest.calendar = { name: job.calendar.name, weekdayFallback: fallbackYears };
    const years = fallbackYears.join(', ');
    readerFindings.push({
      code: 'calendar-weekday-fallback' satisfies FindingCode,
      severity: 'warning',
      message: `the cn calendar has no official holidays or make-up workdays for ${years}: working days there were counted Monday–Friday (--weekday-fallback); targets and pacing that touch ${years} may be off`,
      source: job.rubricPath,
      path: ['quota', 'calendar'],
      data: { years },
    });
  }
  const known = new Set(evaluation.findings);
  const extra = readerFindings.filter((f) => !known.has(f));
  if (extra.length) evaluation.findings = [...evaluation.findings, ...extra].sort(compareDiagnostics);

  if (job.period !== undefined && evaluation.rows.counted === 0) {
    const have = evaluation.periods.map((x) => x.label);
    const location = { file: req.data.map((d) => displayPath(cwd, d)).join(', ') };
    const period = evaluation.period.label;
    throw have.length
      ? templatedError('no-data', 'no-rows-in-period', { period, covers: `${have[0]}${have.length > 1 ? ` – ${have[have.length - 1]}` : ''}` }, { location })
      : templatedError('no-data', 'no-dated-rows-in-period', { period }, { location });
  }
  return evaluation;
}

/** Decimals `--engine duckdb` keeps for money and numbers (the query's DECIMAL(38, 4), `salesgrade sql`'s default). */
const DUCKDB_SCALE = 4;

/** One DuckDB run per distinct query in a run (diff and calibrate prepare several jobs over the same files). */
const duckRuns = new WeakMap<EvaluateRequest, Map<string, Promise<import('../../io/duckdb-engine.js').DuckDbEarlyRun>>>();

/**
 * `--engine duckdb`: the rubric compiled to the DuckDB query (the roster inlined as `evaluate` read it),
 * run over the data files, its result converted to the scoring table. The files go into the manifest's
 * inputs with their sha256 and row counts.
 */
async function duckDbTable(
  req: EvaluateRequest,
  rubric: Rubric,
  roster: readonly import('../../engine/types.js').RosterEntry[] | undefined,
  inputFiles: InputFile[],
): Promise<{ table: import('../../engine/aggregate.js').MetricTable; shown: string; querySha256: string }> {
  const cwd = req.io.cwd;
  const [{ compileSql }, { startDuckDbMetricQuery, DUCKDB_FILE_COLUMN, DUCKDB_BLANK_COLUMN }, { tableFromSqlFile }] = await Promise.all([
    import('../../engine/sql/compile.js'),
    import('../../io/duckdb-engine.js'),
    import('../../engine/sql/to-table.js'),
  ]);
  const files = req.data.map((p) => ({ abs: resolve(cwd, p), shown: req.displayNames?.[p] ?? displayPath(cwd, p) }));
  const shown = files.map((f) => f.shown).join(', ');
  const options = {
    dialect: 'duckdb',
    from: 'sg_input',
    scale: DUCKDB_SCALE,
    ...(roster ? { roster: { entries: roster.map((e) => ({ rep: e.rep, ...(e.team !== undefined ? { team: e.team } : {}), ...(e.region !== undefined ? { region: e.region } : {}) })) } } : {}),
  } as const;
  // The manifest names the query `salesgrade sql --dialect duckdb --from sg_input` prints; the run adds
  // the rows that count the source rows (per file), so the files are read once.
  const { sql } = compileSql(rubric, options);
  const { sql: runSql } = compileSql(rubric, { ...options, sourceRows: { blankColumn: DUCKDB_BLANK_COLUMN, ...(files.length > 1 ? { fileColumn: DUCKDB_FILE_COLUMN } : {}) } });
  let runs = duckRuns.get(req);
  if (!runs) duckRuns.set(req, (runs = new Map()));
  let pending = runs.get(runSql);
  if (!pending) {
    const session = req.duckdb?.claim() ? req.duckdb : undefined;
    pending = startDuckDbMetricQuery(files, rubric.source, new Set(fieldsNeeded(rubric).keys()), runSql, DUCKDB_SCALE, `DuckDB's result for ${shown}`, { session, querySent: req.duringQuery });
    runs.set(runSql, pending);
  }
  const run = await pending;
  // The scoring table is built while DuckDB's thread hashes the files; what their check says comes first.
  let table: import('../../engine/aggregate.js').MetricTable;
  try {
    table = tableFromSqlFile(rubric, run);
  } catch (e) {
    await run.verified;
    throw e;
  }
  const fileSha256 = await run.verified;
  if (inputFiles.length === 0) {
    for (const [i, f] of files.entries()) {
      const sha256 = fileSha256[i]!;
      const same = inputFiles.find((x) => x.sha256 === sha256);
      if (same) throw new UsageError(`${f.shown} and ${same.path} are the same file (sha256 ${sha256.slice(0, 12)}…); its rows would be counted twice`, 'give each export once');
      inputFiles.push({ path: f.shown, sha256, rows: run.fileRows[i] ?? 0 });
    }
  }
  // Blank rows are among the query's no-rep rows: named as the default engine names them
  const reader = table.ledger.reader;
  const blank = Math.min(run.blankRows, reader['no-rep'] ?? 0);
  if (blank > 0) {
    reader.blank = (reader.blank ?? 0) + blank;
    if (reader['no-rep'] === blank) delete reader['no-rep'];
    else reader['no-rep'] = reader['no-rep']! - blank;
  }
  // A row whose date fields fall in two periods is in the query's rows of both: the files' own row count
  // says by how many rows that overcounts (read, and out of period)
  const fileTotal = run.fileRows.reduce((a, b) => a + b, 0);
  const over = table.ledger.added + table.ledger.readerTotal - fileTotal;
  if (over > 0) table.ledger.overcounted = over;
  return { table, shown, querySha256: createHash('sha256').update(sql).digest('hex') };
}

/**
 * A reader finding as `--strict` reports it: the warnings of STRICT_ERROR_READER_CODES (a value or row
 * counted whose grade may not be what the file meant) are errors; the same for exports, the roster and
 * targets files.
 */
function strictReaderFinding(f: Diagnostic, strict: boolean | undefined): Diagnostic {
  return strict && f.severity === 'warning' && STRICT_ERROR_READER_CODES.has(f.code as FindingCode) ? { ...f, severity: 'error' } : f;
}
