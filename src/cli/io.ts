/** The process boundary, injected so commands can be run in tests without spawning. */
import { removeActiveTempFilesSync } from '../io/temp-files.js';

export interface Writer {
  write(chunk: string): void;
  /**
   * Resolves when the stream can take more: at once unless what was written waits in its buffer past
   * the high-water mark (a slow pipe or terminal), then when it drains, fails or closes. A writer
   * without it never holds back (in memory).
   */
  ready?: () => Promise<void>;
  /**
   * True once nothing more reaches the reader (it went away: `| head`, EPIPE; or a write failed): a long
   * payload stops being rendered. A writer without it is never closed.
   */
  closed?: () => boolean;
  /** True when this stream is an interactive terminal. */
  isTTY: boolean;
  /** Terminal width in columns when known. */
  columns?: number;
  /**
   * Characters of a streamed payload joined into one write (`emitPayload`); PAYLOAD_WRITE_CHARS (~1 MB)
   * when absent. Tests lower it to cross it with a small report.
   */
  writeChars?: number;
}

/**
 * The width a report is laid out to: the terminal's real width; 100 when the stream is not a terminal
 * or the width is unknown or 0 (a pty created without a size reports 0 columns); never under 40.
 */
export function reportWidth(w: Writer): number {
  const n = w.isTTY ? w.columns : undefined;
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.max(40, Math.floor(n)) : 100;
}

/** Standard input as `-` reads it: a byte stream, a terminal or not. */
export type StdinStream = NodeJS.ReadableStream & { isTTY?: boolean };

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Wall clock, only for progress and defaults the user can override (`--as-of`). */
  now: () => Date;
  /**
   * Where `-` (an export on stdin) is read from; the process's stdin when absent. Tests hand in a
   * stream of bytes, so the stdin cases run in-process like every other CLI case.
   */
  stdin?: StdinStream;
  /**
   * Waits until everything written has reached the OS and returns the write errors met on the way
   * (the process streams); absent for in-memory writers, which cannot fail.
   */
  flush?: () => Promise<WriteFailure>;
}

/** Why a write failed, in words (the errno code stays in brackets for a search). */
export function writeErrorReason(err: NodeJS.ErrnoException): string {
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exceeded',
    EIO: 'an input/output error',
    EBADF: 'the stream is closed',
    EROFS: 'the file system is read-only',
    EFBIG: 'the file is too large',
    EACCES: 'permission denied',
  };
  return `${why[err.code ?? ''] ?? err.message}${err.code ? ` (${err.code})` : ''}`;
}

interface StreamState {
  /** The first write error other than a closed pipe. */
  error?: NodeJS.ErrnoException;
  /** No more writes: the reader went away (EPIPE) or a write failed. */
  closed: boolean;
}

const streams = new Map<NodeJS.WriteStream, StreamState>();

/**
 * Every write to stdout and stderr is checked. A file on a full disk or /dev/full fails with ENOSPC,
 * synchronously or as a later 'error' event; either way the failure is kept, writing stops, and
 * `flush()` reports it so the command exits 2 with one line instead of 0 with half a payload (or a raw
 * stack from an unhandled 'error' event). `salesgrade … | head` closing stdout early (EPIPE) is not
 * an error: the rest of the payload has nowhere to go.
 */
function guarded(stream: NodeJS.WriteStream): StreamState {
  let state = streams.get(stream);
  if (state) return state;
  const st: StreamState = { closed: false };
  streams.set(stream, st);
  stream.on('error', (err: NodeJS.ErrnoException) => fail(st, err));
  return st;
}

function fail(st: StreamState, err: unknown): void {
  const e = (err instanceof Error ? err : new Error(String(err))) as NodeJS.ErrnoException;
  st.closed = true;
  if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') st.error ??= e;
}

function checkedWrite(stream: NodeJS.WriteStream, st: StreamState, s: string): void {
  if (st.closed) return;
  try {
    stream.write(s, (err) => {
      if (err) fail(st, err);
    });
  } catch (err) {
    fail(st, err);
  }
}

/** Resolves when `stream` has room again (or has failed or closed): backpressure for a long payload. */
function ready(stream: NodeJS.WriteStream, st: StreamState): Promise<void> {
  if (st.closed || !stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolveReady) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', done);
      resolveReady();
    };
    stream.on('drain', done);
    stream.on('error', done);
    stream.on('close', done);
  });
}

/** Resolves once everything written so far has been handed to the OS (or failed). */
function drained(stream: NodeJS.WriteStream, st: StreamState): Promise<void> {
  return new Promise((resolveDone) => {
    const done = () => setImmediate(resolveDone);
    if (st.closed) return done();
    try {
      stream.write('', (err) => {
        if (err) fail(st, err);
        done();
      });
    } catch (err) {
      fail(st, err);
      done();
    }
  });
}

let signalsHandled = false;

/**
 * Ctrl-C, SIGTERM or SIGHUP while a workbook is being written: remove its temp file, then die of the
 * signal as the process would have (the shell sees 130 / 143), never leaving a hidden `.tmp` behind.
 */
function cleanupOnSignals(): void {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeActiveTempFilesSync();
      process.kill(process.pid, signal);
    });
  }
}

export function processIo(): CliIo {
  cleanupOnSignals();
  const out = guarded(process.stdout);
  const err = guarded(process.stderr);
  return {
    stdout: {
      write: (s) => checkedWrite(process.stdout, out, s),
      ready: () => ready(process.stdout, out),
      closed: () => out.closed,
      isTTY: Boolean(process.stdout.isTTY),
      columns: process.stdout.columns,
    },
    stderr: {
      write: (s) => checkedWrite(process.stderr, err, s),
      isTTY: Boolean(process.stderr.isTTY),
      columns: process.stderr.columns,
    },
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    stdin: process.stdin,
    flush: async () => {
      await Promise.all([drained(process.stdout, out), drained(process.stderr, err)]);
      const failed: WriteFailure = {};
      if (out.error) failed.stdout = out.error;
      if (err.error) failed.stderr = err.error;
      return failed;
    },
  };
}

/** The first write error on each stream, if any. */
export interface WriteFailure {
  stdout?: NodeJS.ErrnoException;
  stderr?: NodeJS.ErrnoException;
}

/** A captured writer for tests. */
export function memoryWriter(isTTY = false): Writer & { text: () => string } {
  const chunks: string[] = [];
  return { write: (s) => void chunks.push(s), isTTY, text: () => chunks.join('') };
}
