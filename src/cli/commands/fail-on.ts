/**
 * When findings fail a run (exit 1), the same way on `evaluate` (data findings) and `check` (rubric
 * findings): `--fail-on error|warning`, with `--strict` = `--fail-on error` and `--max-warnings N`
 * = fail on errors and on more than N warnings (`--fail-on warning` = `--max-warnings 0`).
 * `check` fails on errors by default; `evaluate` fails on nothing by default (data findings are the
 * report), and any of these flags also turns on its strict checks (kpi-rows-lost and where typos are
 * errors).
 */
import { Option, type Command } from 'commander';
import { UsageError } from '../../shared/errors.js';

export const FAIL_ON = ['error', 'warning'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface FailOnCliOptions {
  failOn?: FailOn;
  strict?: boolean;
  maxWarnings?: number;
}

/** What fails the run; `label` is the flag as the user gave it, for the reason line. */
export interface FailPolicy {
  errors: boolean;
  maxWarnings?: number;
  label: string;
}

function parseMaxWarnings(v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings: expected a whole number ≥ 0, got "${v}"`);
  return Number(v);
}

export function addFailOnOptions(cmd: Command, strictHelp: string): Command {
  return cmd
    .addOption(new Option('--fail-on <severity>', 'exit 1 when there are findings of this severity or worse').choices([...FAIL_ON]))
    .option('--strict', strictHelp)
    .option('--max-warnings <n>', 'exit 1 on any error and when there are more than n warnings', parseMaxWarnings);
}

/** The policy for these flags, or undefined when nothing fails the run (`evaluate` without them). */
export function failPolicy(o: FailOnCliOptions, byDefault?: FailOn): FailPolicy | undefined {
  if (o.failOn === 'warning' && o.maxWarnings !== undefined && o.maxWarnings > 0) {
    throw new UsageError(`--fail-on warning and --max-warnings ${o.maxWarnings} contradict each other (--fail-on warning is --max-warnings 0)`);
  }
  if (o.failOn === 'warning') return { errors: true, maxWarnings: 0, label: '--fail-on warning' };
  if (o.maxWarnings !== undefined) return { errors: true, maxWarnings: o.maxWarnings, label: '--max-warnings' };
  if (o.failOn === 'error') return { errors: true, label: '--fail-on error' };
  if (o.strict) return { errors: true, label: '--strict' };
  if (byDefault === 'error') return { errors: true, label: 'errors' };
  return undefined;
}

/**
 * Why the run fails, or undefined when it passes: `line` is for stderr (printed even with -q), `by`
 * says whether errors or the warning count failed it.
 */
export function failReason(
  policy: FailPolicy | undefined,
  n: { error: number; warning: number },
  what: string,
  extra = '',
): { by: 'errors' | 'warnings'; line: string } | undefined {
  if (!policy) return undefined;
  if (policy.errors && n.error > 0) return { by: 'errors', line: `salesgrade: ${policy.label}: ${n.error} ${what}error${n.error === 1 ? '' : 's'} found${extra}` };
  if (policy.maxWarnings !== undefined && n.warning > policy.maxWarnings) {
    return { by: 'warnings', line: `salesgrade: too many warnings (${n.warning}); ${policy.label} allows ${policy.maxWarnings}` };
  }
  return undefined;
}
