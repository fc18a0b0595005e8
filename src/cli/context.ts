import type { Command } from 'commander';
import type { CliIo } from './io.js';

export interface GlobalOptions {
  locale?: 'zh-CN' | 'en';
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}

/** What every command gets: the injected IO and a way to read the global flags. */
export interface CliContext {
  io: CliIo;
  globals(): GlobalOptions;
  /** Commands report their exit code here; main returns it. */
  setExitCode(code: number): void;
  /** A warning or note on stderr (suppressed by --quiet). */
  note(message: string): void;
  /**
   * The loaded rubric's language: a fatal error after it is worded in it when `--locale` does not say
   * (report/error-messages.ts); the first rubric of a run decides.
   */
  rubricLocale(locale: 'zh-CN' | 'en'): void;
}

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Colour on stdout only when it is a TTY, and never with --no-color or NO_COLOR. */
export function useColor(ctx: CliContext, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  const g = ctx.globals();
  if (!g.color) return false;
  if (ctx.io.env.NO_COLOR !== undefined && ctx.io.env.NO_COLOR !== '') return false;
  if (ctx.io.env.FORCE_COLOR !== undefined && ctx.io.env.FORCE_COLOR !== '0') return true;
  return ctx.io.env.FORCE_COLOR === '0' ? false : ctx.io[stream].isTTY;
}
