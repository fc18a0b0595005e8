/**
 * The zip writer's CRC-32, native. yazl checksums every entry with buffer-crc32, a JavaScript loop
 * over each byte on the main thread: ~0.16 s of CPU for the 61 MB of XML of a 100k-row data sheet
 * (10× that at 1M rows), while the deflate beside it runs on libuv's thread pool. Node's
 * `zlib.crc32` (native, Node ≥ 20.15) gives the same numbers in a tenth of the time.
 *
 * yazl calls `crc32.unsigned(buffer, previous)` on the module object it required, at call time, so
 * pointing that one function at `zlib.crc32` makes every entry's checksum native; nothing else of
 * buffer-crc32 is used. `jsCrc32` (the original function) stays as the reference twin, tied by
 * test/unit/io/zip-crc.test.ts; a Node without `zlib.crc32`, or a yazl without buffer-crc32, keeps yazl as it
 * is (and that test fails, saying so).
 */
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

interface BufferCrc32 {
  unsigned: (buf: Buffer | string, previous?: number | Buffer) => number;
}

/** yazl's buffer-crc32, or undefined if a later yazl no longer uses it (then nothing is patched). */
function yazlCrc32(): BufferCrc32 | undefined {
  try {
    const mod = createRequire(createRequire(import.meta.url).resolve('yazl'))('buffer-crc32') as Partial<BufferCrc32> | undefined;
    return typeof mod?.unsigned === 'function' ? (mod as BufferCrc32) : undefined;
  } catch {
    return undefined;
  }
}
const bufferCrc32 = yazlCrc32() ?? { unsigned: (buf: Buffer | string, previous?: number | Buffer) => zlib.crc32(buf, typeof previous === 'number' ? previous : 0) };
const found = bufferCrc32.unsigned;

/** buffer-crc32's own `unsigned` (the reference). */
export const jsCrc32: (buf: Buffer, previous?: number) => number = found;

/** The same CRC-32 (unsigned, continued from `previous`), computed natively. */
export function nativeCrc32(buf: Buffer, previous?: number): number {
  return zlib.crc32(buf, previous ?? 0);
}

const canNative = typeof (zlib as { crc32?: unknown }).crc32 === 'function' && yazlCrc32() !== undefined;

/** Makes yazl's CRC-32 native (idempotent); false when this Node has no `zlib.crc32`. */
export function useNativeCrc32(): boolean {
  if (!canNative) return false;
  if (bufferCrc32.unsigned !== jsCrc32) return true;
  bufferCrc32.unsigned = (buf, previous) => {
    // yazl passes a Buffer and a number; anything else goes the original way
    if (Buffer.isBuffer(buf) && (previous === undefined || typeof previous === 'number')) return zlib.crc32(buf, previous ?? 0);
    return jsCrc32(buf as Buffer, previous as number);
  };
  return true;
}

/** True when yazl's checksum is the native one now. */
export function crc32IsNative(): boolean {
  return bufferCrc32.unsigned !== jsCrc32;
}
