/**
 * The shape of a lint rule: `meta` plus `check(ctx)`, which reports JSON paths (never positions;
 * the locator resolves them). The id equals the file name equals `docs/rules/<id>.md`.
 */
import type { Severity } from '../../shared/diagnostic.js';
import type { MessageParams } from '../../shared/message-template.js';
import type { FileFacts } from './file-refs.js';
import type { JsonPath } from '../locate.js';
import type { Rubric } from '../schema.js';

export interface RuleMeta<M extends string = string> {
  id: string;
  description: string;
  defaultSeverity: Severity;
  /**
   * English message templates; `{name}` is replaced from the report's data (a list joined with `, `,
   * `(none)` when empty). The zh-CN ones, with the same ids and placeholders, are in
   * report/lint-messages.ts (a test keeps the two one-to-one).
   */
  messages: Record<M, string>;
  /** English words for codes a rule reports, by parameter name (`{ kind: { roster: 'roster file' } }`). */
  words?: Record<string, Record<string, string>>;
}

export interface RuleReport<M extends string = string> {
  path: JsonPath;
  messageId: M;
  /** Facts only — names, numbers, codes, lists of names — never an English phrase (report/ words them). */
  data?: MessageParams;
  /** Point at the key of the last path segment instead of its value. */
  at?: 'key' | 'value';
  /** Overrides the rule's default severity for this report. */
  severity?: Severity;
}

export interface RuleContext<M extends string = string> {
  /** The rubric after the schema pass: defaults applied, `extends` merged. */
  rubric: Rubric;
  /** True when `path` is written in a file (not filled in by a default). */
  has(path: JsonPath): boolean;
  /**
   * What `check` found on disk for each referenced file, by `fileRefKey(path)`; undefined when the rubric
   * is linted without a file system (text in an editor, most tests): the file rules then stay silent.
   */
  files?: ReadonlyMap<string, FileFacts>;
  /**
   * The years the rubric is about to be used for (`check --year`, default this year) and the years the
   * `cn` calendar data covers; undefined without a caller that knows them (the rule then stays silent).
   */
  years?: { check: readonly number[]; cn: readonly [number, number]; cnFewestWeekdayHolidays?: number };
  /**
   * The `period` of the file(s) this rubric extends, when the file itself sets another one (see the
   * `extends-period` rule); undefined otherwise, and for text linted without its bases.
   */
  extendsPeriod?: Rubric['period'];
  report(r: RuleReport<M>): void;
}

export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  check(ctx: RuleContext<M>): void;
}

/** Helps TypeScript infer the message ids of a rule literal. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}
