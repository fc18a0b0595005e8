import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openExport } from '../../../src/io/read-export.js';
import { SalesgradeError } from '../../../src/shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-change-'));
const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const source = { fields: { rep: ['Rep'], amount: { headers: ['Amount'], type: 'money' as const } } };

describe('an input that changes while it is read (9.9)', () => {
  it('the sha256 is of the bytes graded, even when the file is rewritten (same size and mtime) after they were read', async () => {
    const path = join(dir, 'swap.csv');
    const graded = '\uFEFFRep,Amount\nAnn,100\nBob,200\n';
    const other = '\uFEFFRep,Amount\nAnn,900\nBob,200\n';
    writeFileSync(path, graded);
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const reader = await openExport(path, { source });
    // the rows are read (a small file is read whole while the header is looked for); now it changes
    writeFileSync(path, other);
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const amounts: string[] = [];
    for await (const r of reader.rows()) amounts.push(String(r.record?.fields.amount));
    expect(amounts).toEqual(['100', '200']);
    expect(reader.sha256()).toBe(sha(graded));
    expect(reader.sha256()).not.toBe(sha(other));
  });

  it('a file that grows while it is read is refused in one line (exit 2), not graded', async () => {
    const path = join(dir, 'grow.csv');
    writeFileSync(path, 'Rep,Amount\nAnn,100\n');
    const reader = await openExport(path, { source, displayName: 'grow.csv' });
    appendFileSync(path, 'Bob,200\n');
    let error: unknown;
    try {
      for await (const _ of reader.batches());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SalesgradeError);
    const e = error as SalesgradeError;
    expect(e.code).toBe('input-changed');
    expect(e.toLine()).toBe(
      'grow.csv: the file changed while it was read (its size went from 19 to 27 bytes); nothing from it is graded (wait until the export is written completely, or copy it and read the copy)',
    );
    expect(() => reader.sha256()).toThrow();
  });

  it('a file replaced by another (a new inode) is refused too', async () => {
    const path = join(dir, 'replace.csv');
    writeFileSync(path, 'Rep,Amount\nAnn,100\n');
    const reader = await openExport(path, { source });
    const tmp = join(dir, 'replace.tmp');
    writeFileSync(tmp, 'Rep,Amount\nAnn,100\n');
    renameSync(tmp, path);
    await expect(async () => {
      for await (const _ of reader.batches());
    }).rejects.toThrow(/replaced by another file/);
  });
});
