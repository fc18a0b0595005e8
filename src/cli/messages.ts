/**
 * The shapes of the lines salesgrade prints on stderr, in one place: every error line starts
 * `salesgrade: ` (main.ts rewrites commander's own `error: ` too), and every warning line is
 * `salesgrade: warning: <where>: <message> [<code>]` (where and code when known).
 */

/** One warning line (no trailing newline; `ctx.note` adds it and drops it under --quiet). */
export function warningLine(message: string, where?: string, code?: string): string {
  return `salesgrade: warning: ${where ? `${where}: ` : ''}${message}${code ? ` [${code}]` : ''}`;
}
