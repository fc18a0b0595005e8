/** The process boundary, injected so commands can be run in tests without spawning. */
export interface Writer {
  write(chunk: string): void;
  /** True when this stream is an interactive terminal. */
  isTTY: boolean;
  /** Terminal width in columns when known. */
  columns?: number;
}

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Wall clock, only for progress and defaults the user can override (`--as-of`). */
  now: () => Date;
}

let pipeGuarded = false;

/**
 * `salesgrade … | head` closes stdout early: the rest of the payload has nowhere to go, which is not an
 * error. Swallow EPIPE on stdout and stop writing; anything else is still thrown.
 */
function guardBrokenPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      stdoutClosed = true;
      return;
    }
    throw err;
  });
}
let stdoutClosed = false;

export function processIo(): CliIo {
  guardBrokenPipe();
  return {
    stdout: {
      write: (s) => {
        if (!stdoutClosed) process.stdout.write(s);
      },
      isTTY: Boolean(process.stdout.isTTY),
      columns: process.stdout.columns,
    },
    stderr: {
      write: (s) => void process.stderr.write(s),
      isTTY: Boolean(process.stderr.isTTY),
      columns: process.stderr.columns,
    },
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}

/** A captured writer for tests. */
export function memoryWriter(isTTY = false): Writer & { text: () => string } {
  const chunks: string[] = [];
  return { write: (s) => void chunks.push(s), isTTY, text: () => chunks.join('') };
}
