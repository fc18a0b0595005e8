/**
 * Typed errors. A `SalesgradeError` is something the user can fix: the CLI prints it as one line
 * (`location: message`) and exits 2; the stack is shown only with `--verbose`.
 */
import { ERROR_TEMPLATES_EN, type TemplatedErrorId } from './error-templates.js';
import { ENGLISH_LISTS, fillTemplate, type MessageParams } from './message-template.js';

export type ErrorCode =
  | 'usage'
  | 'rubric-not-found'
  | 'rubric-invalid'
  | 'rubric-too-large'
  | 'rubric-encoding'
  | 'input-not-found'
  | 'input-unreadable'
  | 'input-format'
  | 'input-encoding'
  | 'input-too-large'
  | 'input-changed'
  | 'zip-unsafe'
  | 'input-password'
  | 'header-not-found'
  | 'field-missing'
  | 'sheet-not-found'
  | 'roster-invalid'
  | 'history-invalid'
  | 'period-invalid'
  | 'no-data'
  | 'calendar-unsupported'
  | 'calendar-invalid'
  | 'targets-invalid'
  | 'quota-invalid'
  | 'output-is-input'
  | 'output-unwritable'
  | 'output-exists'
  | 'git-revision'
  | 'sql-unsupported'
  | 'internal';

/**
 * Message ids of the reader errors users hit most (a missing or empty file, a format salesgrade does not
 * read, an encoding, a header row, a sheet or a column not found, a broken CSV quote). An error with
 * `facts` is worded in the run's language by report/error-messages.ts (English: its own `message`).
 */
export const READER_ERROR_IDS = [
  'file-not-found',
  'is-directory',
  'unreadable',
  'cannot-open',
  'empty-file',
  'parquet',
  'binary',
  'password',
  'legacy-xls',
  'zip-not-xlsx',
  'zip-damaged',
  'encoding-unknown',
  'csv-quote',
  'header-not-found',
  'field-missing',
  'sheet-missing',
  'sheets-hidden',
  'no-visible-sheet',
  'table-sheet-hidden',
  'html-no-rows',
  'table-no-header',
] as const;
export type ReaderErrorId = (typeof READER_ERROR_IDS)[number];

/** What an error says, as a message id and its facts (names, numbers, codes, lists of names). */
export interface ErrorFacts {
  /** A reader error (report/error-messages.ts words it) or a templated one (shared/error-templates.ts). */
  id: ReaderErrorId | TemplatedErrorId;
  params?: MessageParams;
  /** An invalid rubric's first finding, worded in the run's language by the lint catalogs. */
  finding?: { code: string; message: string; messageId?: string; params?: MessageParams };
  /** The facts of an error this one quotes (`targets file: <the reader's error>`). */
  cause?: ErrorFacts;
  /** The language the invalid rubric declares (its `locale`, when valid): a run without --locale speaks it. */
  locale?: 'zh-CN' | 'en';
}

export const ExitCode = {
  Ok: 0,
  Findings: 1,
  Fatal: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorLocation {
  file?: string;
  sheet?: string;
  cell?: string;
  line?: number; // 1-based
  column?: number; // 1-based
}

export class SalesgradeError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;
  readonly hint: string | undefined;
  /** The message id and facts the message (and hint) were written from, for other languages. */
  readonly facts: ErrorFacts | undefined;

  constructor(code: ErrorCode, message: string, options: { location?: ErrorLocation; hint?: string; cause?: unknown; facts?: ErrorFacts } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SalesgradeError';
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
    this.facts = options.facts;
  }

  /** One clean line: `file Sheet!C3: message (hint)`. */
  toLine(): string {
    const where = formatErrorLocation(this.location);
    return `${where ? `${where}: ` : ''}${this.message}${this.hint ? ` (${this.hint})` : ''}`;
  }
}

/**
 * An error written from a template of shared/error-templates.ts: its English message and hint are the
 * template filled from `params`, and its facts let report/ word it in another language.
 */
export function templatedError(
  code: ErrorCode,
  id: TemplatedErrorId,
  params: MessageParams = {},
  options: { location?: ErrorLocation; cause?: unknown; finding?: ErrorFacts['finding']; locale?: 'zh-CN' | 'en'; quotes?: ErrorFacts } = {},
): SalesgradeError {
  const t: { message: string; hint?: string; words?: Readonly<Record<string, Readonly<Record<string, string>>>> } = ERROR_TEMPLATES_EN[id];
  const lang = { ...ENGLISH_LISTS, words: t.words };
  const facts: ErrorFacts = { id, params };
  if (options.finding) facts.finding = options.finding;
  if (options.locale) facts.locale = options.locale;
  if (options.quotes) facts.cause = options.quotes;
  return new SalesgradeError(code, fillTemplate(t.message, params, lang), {
    ...(options.location ? { location: options.location } : {}),
    ...(t.hint !== undefined ? { hint: fillTemplate(t.hint, params, lang) } : {}),
    ...(options.cause !== undefined ? { cause: options.cause } : {}),
    facts,
  });
}

/**
 * Names quoted (`"a"`), as a list a template joins the language's way (`"a", "b"` / `"a"、"b"`); an
 * empty list is the empty string, as `join(', ')` wrote it (a template's `(none)` would change the text).
 */
export function quotedList(names: readonly string[]): readonly string[] | string {
  return names.length ? names.map((h) => `"${h}"`) : '';
}

export class UsageError extends SalesgradeError {
  constructor(message: string, hint?: string) {
    super('usage', message, hint === undefined ? {} : { hint });
    this.name = 'UsageError';
  }
}

export function formatErrorLocation(loc: ErrorLocation | undefined): string {
  if (!loc) return '';
  let s = loc.file ?? '';
  if (loc.sheet !== undefined) s += `${s ? ' ' : ''}${loc.sheet}${loc.cell ? `!${loc.cell}` : ''}`;
  else if (loc.cell) s += `${s ? ' ' : ''}${loc.cell}`;
  if (loc.line !== undefined) s += `:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}`;
  return s;
}

export function isSalesgradeError(e: unknown): e is SalesgradeError {
  return e instanceof SalesgradeError;
}
