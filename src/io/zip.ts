/**
 * A zip archive opened with safety caps, before any spreadsheet parsing: the number of entries, the
 * declared inflated sizes and compression ratios (from the central directory, so a bomb is refused
 * before a byte is inflated), and the *actual* inflated bytes while streaming (yauzl's size
 * validation plus our own counter), so a file that lies about its sizes is stopped in bounded memory.
 */
import yauzl from 'yauzl';
import type { Readable, TransformOptions } from 'node:stream';
import { createInflateRaw, type ZlibOptions } from 'node:zlib';
import type { TemplatedErrorId } from '../shared/error-templates.js';
import { SalesgradeError, templatedError } from '../shared/errors.js';
import type { MessageParams } from '../shared/message-template.js';

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the declared inflated sizes. */
  maxTotalBytes: number;
  /** Inflated size of any one entry. */
  maxEntryBytes: number;
  /** Inflated ÷ compressed, checked for entries above `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxEntryBytes: 512 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 16 * 1024 * 1024,
};

export interface SafeZip {
  names(): string[];
  size(name: string): number;
  has(name: string): boolean;
  /** Inflated chunks of an entry; throws `zip-unsafe` when it inflates beyond what it declared. */
  chunks(name: string): AsyncGenerator<Buffer>;
  close(): void;
}

/** Inflated bytes per chunk of a deflated entry. */
const INFLATE_CHUNK = 256 * 1024;
/**
 * Inflated bytes an entry may hold ready ahead of its reader (the stream's default is 16 KB: one chunk).
 * zlib inflates on libuv's thread pool: with room for 16 chunks it inflates the next ones on the other
 * core while the main thread scans this one, instead of starting only when the reader asks.
 */
const INFLATE_AHEAD = 16 * INFLATE_CHUNK;
// zlib's streams take a Transform's options too (lib/zlib.js passes them on); @types/node's ZlibOptions omits them
const inflateOptions: ZlibOptions & TransformOptions = { chunkSize: INFLATE_CHUNK, readableHighWaterMark: INFLATE_AHEAD };

/** `zip-unsafe`, with the hint that the file is refused before it is opened (every zip-* template of it has it). */
function unsafe(path: string, id: TemplatedErrorId, params: MessageParams): SalesgradeError {
  return templatedError('zip-unsafe', id, params, { location: { file: path } });
}

export async function openSafeZip(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<SafeZip> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, z) => {
      if (err || !z) {
        const reason = err?.message ?? 'no archive';
        reject(new SalesgradeError('input-format', `not a readable .xlsx: the zip structure is damaged (${reason})`, { location: { file: path }, facts: { id: 'zip-damaged', params: { reason } } }));
      } else resolve(z);
    });
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw unsafe(path, 'zip-too-many-entries', { count: zip.entryCount, max: limits.maxEntries });
  }
  const entries = new Map<string, yauzl.Entry>();
  const folded = new Map<string, string>();
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        total += e.uncompressedSize;
        if (e.uncompressedSize > limits.maxEntryBytes) {
          return reject(unsafe(path, 'zip-entry-too-large', { entry: e.fileName, bytes: e.uncompressedSize, max: limits.maxEntryBytes }));
        }
        if (total > limits.maxTotalBytes) return reject(unsafe(path, 'zip-total-too-large', { max: limits.maxTotalBytes }));
        if (e.uncompressedSize > limits.ratioFloorBytes && e.uncompressedSize > limits.maxRatio * Math.max(1, e.compressedSize)) {
          return reject(
            unsafe(path, 'zip-ratio', {
              entry: e.fileName,
              ratio: Math.round(e.uncompressedSize / Math.max(1, e.compressedSize)),
              compressed: e.compressedSize,
              bytes: e.uncompressedSize,
              max: limits.maxRatio,
            }),
          );
        }
        if (e.isEncrypted()) return reject(templatedError('input-password', 'zip-encrypted', {}, { location: { file: path } }));
        const name = e.fileName.replace(/\\/g, '/');
        // two entries of one name (part names compare without case): which is the part cannot be told
        const key = name.toLowerCase();
        if (!name.endsWith('/') && folded.has(key)) {
          return reject(
            templatedError('input-format', 'zip-entry-twice', { entry: folded.get(key)! }, { location: { file: path } }),
          );
        }
        folded.set(key, name);
        entries.set(name, e);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (err: Error) => reject(templatedError('input-format', 'zip-unreadable', { reason: err.message }, { location: { file: path } })));
      zip.readEntry();
    });
  } catch (e) {
    zip.close();
    throw e;
  }
  const find = (name: string): yauzl.Entry | undefined => {
    const n = name.replace(/^\//, '');
    return entries.get(n) ?? [...entries.entries()].find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1];
  };
  return {
    names: () => [...entries.keys()],
    has: (name) => find(name) !== undefined,
    size: (name) => find(name)?.uncompressedSize ?? 0,
    close: () => zip.close(),
    async *chunks(name: string): AsyncGenerator<Buffer> {
      const entry = find(name);
      if (!entry) return;
      // A deflated entry is inflated here rather than by yauzl: in 256 KB chunks instead of zlib's
      // default 16 KB (a 1M-row sheet is ~300 MB of XML: 16× fewer stream hops and decoder calls),
      // with the same checks — no more than declared as it streams, exactly as much at the end.
      const deflated = entry.compressionMethod === 8 && !entry.isEncrypted();
      const raw = await new Promise<Readable>((resolve, reject) => {
        const cb = (err: Error | null, s?: Readable): void => (err || !s ? reject(unsafe(path, 'zip-entry-unreadable', { entry: name, reason: err?.message ?? 'unreadable' })) : resolve(s));
        if (deflated) zip.openReadStream(entry, { decompress: false, decrypt: null, start: null, end: null }, cb);
        else zip.openReadStream(entry, cb);
      });
      const stream = deflated ? raw.pipe(createInflateRaw(inflateOptions)) : raw;
      if (deflated) raw.on('error', (e) => stream.destroy(e));
      const declared = entry.uncompressedSize;
      const cap = Math.min(declared, limits.maxEntryBytes);
      let seen = 0;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          seen += chunk.length;
          if (seen > cap) throw unsafe(path, 'zip-inflates-beyond', { entry: name, bytes: cap });
          yield chunk;
        }
        if (deflated && seen !== declared) throw unsafe(path, 'zip-inflates-short', { entry: name, bytes: declared, got: seen });
      } catch (e) {
        if (e instanceof SalesgradeError) throw e;
        const msg = (e as Error).message;
        if (/too many bytes|too few bytes|size/i.test(msg)) throw unsafe(path, 'zip-inflates-wrong', { entry: name, reason: msg });
        throw templatedError('input-format', 'zip-entry-damaged', { entry: name, reason: msg }, { location: { file: path } });
      } finally {
        stream.destroy();
        if (deflated) raw.destroy();
      }
    },
  };
}
