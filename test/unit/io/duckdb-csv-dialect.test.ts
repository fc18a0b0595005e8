/**
 * A CSV's sniffed format passed to the query's `read_csv` (src/io/duckdb-csv-dialect.ts), so that DuckDB
 * does not sniff the file again when it binds the query: the explicit read must give the names and
 * values the sniffing read gives, on files shaped every awkward way a header or a field can be (quotes,
 * apostrophes, commas, newlines, Chinese, a BOM; quoted newlines; other delimiters, quote characters and
 * line endings; ragged and blank lines), and fall back to the sniffing read where the format cannot be
 * said safely. `--engine duckdb`'s MetricTable, row counts and failures are the same either way.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { compileSql } from '../../../src/engine/sql/compile.js';
import { explicitCsv, sniffingCsvSource, sniffSql } from '../../../src/io/duckdb-csv-dialect.js';
import { runDuckDbMetricQuery } from '../../../src/io/duckdb-engine.js';
import { startDuckDb, type DuckDbSession } from '../../../src/io/duckdb-session.js';
import { Rubric } from '../../../src/rubric/schema.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { rubricFor } from '../engine/sql/generated-export.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-duck-dialect-'));
function write(name: string, data: string | Buffer): string {
  const abs = join(dir, name);
  writeFileSync(abs, data);
  return abs;
}

const late = (n: number, tail: string): string => `Rep,Amount\n${Array.from({ length: n }, (_, i) => `R${i},${i}\n`).join('')}${tail}`;

/** name → [file text, whether its format is passed explicitly (else: the sniffing read)]. */
const CASES: Record<string, [string | Buffer, boolean]> = {
  'header with a quote, an apostrophe, a comma, a newline, Chinese': ['"Rep ""Big"" Name",It\'s,"a,b","line\nbreak",销售代表,Amount\nAlice,x,y,z,中,1.5\n"Bob ""B""",x,"y,1","multi\nline",文,2\n', true],
  'a name with two apostrophes and a backslash': ["Rep,'it''s' \\n,Amount\nA,x,1\n", true],
  'BOM': ['\uFEFFRep,Amount\nA,1\nB,2\n', true],
  'BOM, quoted header': ['\uFEFF"Rep","Am""t"\n"A",1\n', true],
  'quoted newlines only in a field': ['Rep,Note\nA,"x\ny"\nB,"p\r\nq"\n', true],
  CRLF: ['Rep,Amount\r\nA,1\r\nB,2\r\n', true],
  'CR only': ['Rep,Amount\rA,1\rB,2\r', true],
  semicolon: ['Rep;Amount;Note\nA;1,5;x\nB;2;"y;z"\n', true],
  tab: ['Rep\tAmount\nA\t1\nB\t2\n', true],
  pipe: ['Rep|Amount\nA|1\n', true],
  "single quote as the quote": ["Rep,Amount\n'A,B',1\n'C',2\n", true],
  'backslash escape': ['Rep,Amount\n"A \\"x\\"",1\nB,2\n', true],
  'duplicate and empty names': ['Rep,Rep,,Amount,\nA,B,C,1,D\n', true],
  'names alike but for case': ['rep,REP,Rep\nA,B,C\n', true],
  'names with spaces around': [' Rep , Amount \nA,1\n', true],
  'numbers as names': ['1,2\nA,3\nB,4\n', true],
  'one column': ['Rep\nA\nB\n', true],
  'header only': ['Rep,Amount\n', true],
  'no final newline': ['Rep,Amount\nA,1\nB,2', true],
  'blank lines': ['Rep,Amount\nA,1\n\n\nB,2\n\n', true],
  'rows short of columns': ['Rep,Amount,Note\nA,1\nB,2,x\n', true],
  'rows with a column too many': ['Rep,Amount\nA,1,extra\nB,2\n', true],
  'a # line far down': [late(100, '#c,5\n'), true],
  'a NUL in a name': ['Rep,Am\u0000t\nA,1\n', false],
  'empty file': ['', false],
};

/** The rows read, or the failure's first line (what a run shows; its later lines say which options were given). */
async function rowsOf(s: DuckDbSession, source: string): Promise<string> {
  try {
    const r = await s.read(`SELECT * FROM ${source}`);
    return JSON.stringify(r);
  } catch (e) {
    return `error: ${(e as Error).message.split('\n')[0]}`;
  }
}

test('the explicit read_csv gives the names and values the sniffing one gives, file by file; where it cannot be said, none is made', async () => {
  const s = startDuckDb({ thread: 'same' });
  try {
    for (const [name, [text, expressible]] of Object.entries(CASES)) {
      const abs = write(`${name.replace(/[^a-z]+/gi, '-')}.csv`, text);
      const sniffed = await s.read(sniffSql(abs)).catch(() => undefined);
      const explicit = sniffed && explicitCsv(abs, sniffed);
      expect(explicit !== undefined, name).toBe(expressible);
      if (!explicit) continue;
      expect(explicit.source, name).toContain('auto_detect = false');
      const want = await rowsOf(s, sniffingCsvSource(abs));
      expect(want, name).not.toMatch(/^error/);
      expect(await rowsOf(s, explicit.source), name).toBe(want);
      // the names the run matches headers against: DESCRIBE's, as before
      const described = await s.read(`DESCRIBE SELECT * FROM ${sniffingCsvSource(abs)}`);
      expect(explicit.described.map((d) => d.name), name).toEqual(described.rows.map((r) => r[0]));
    }
    // a gzipped CSV, and a quoted field past the sniffer's sample (both reads refuse it alike)
    const gz = write('gz.csv.gz', gzipSync('Rep,Amount\nA,1\n'));
    const lateQuote = write('late-quote.csv', late(200_000, '"Q,uoted",5\n'));
    for (const abs of [gz, lateQuote]) {
      const explicit = explicitCsv(abs, await s.read(sniffSql(abs)))!;
      expect(await rowsOf(s, explicit.source), abs).toBe(await rowsOf(s, sniffingCsvSource(abs)));
    }
  } finally {
    await s.close();
  }
}, 60_000);

const rubric = Rubric.parse(rubricFor('quarter', 1));
const NEEDED = new Set(['rep', 'date', 'close_date', 'stage', 'kind', 'amount', 'customer', 'csat']);
const HEAD = 'Owner,Team,Region,Date,Close Date,Stage,Kind,Amount,Account,CSAT,Units';
const sql = compileSql(rubric, { dialect: 'duckdb', from: 'sg_input', scale: 4, sourceRows: {} }).sql;

/** A session in this thread whose statements are kept; `sniffFails`: each CSV's sniff fails (the run then reads as DuckDB sniffs). */
function session(sniffFails: boolean): { s: DuckDbSession; sent: string[] } {
  const inner = startDuckDb({ thread: 'same' });
  const sent: string[] = [];
  const s: DuckDbSession = {
    ...inner,
    read: (text, o) => {
      sent.push(text);
      return sniffFails && text.includes('sniff_csv(') ? Promise.reject(new Error('no sniff')) : inner.read(text, o);
    },
  };
  return { s, sent };
}

async function run(abs: string, sniffFails: boolean): Promise<{ result: unknown; sent: string[] }> {
  const { s, sent } = session(sniffFails);
  const result = await runDuckDbMetricQuery([{ abs, shown: 'data.csv' }], rubric.source, NEEDED, sql, 4, 'result', { session: s }).then(
    (r) => ({ rows: r.rows.map((x) => Object.fromEntries(x.cells)), fileRows: r.fileRows, blankRows: r.blankRows, sha256: r.sha256 }),
    (e: unknown) => (e instanceof SalesgradeError ? { code: e.code, message: e.message } : e),
  );
  return { result, sent: sent.filter((t) => t.startsWith('WITH sg_input')) };
}

test('--engine duckdb: the query reads a CSV with its sniffed format given, and its MetricTable, row counts and blank rows are those of the sniffing read', async () => {
  const files: Record<string, string> = {
    plain: `${HEAD}\nRep 1,A,N,2026-01-05,2026-01-09,Won,Visit,100,Acme,4,1\nRep 2,A,N,2026-02-05,,Lost,Call,50,Beta,,\n,,,,,,,,,,\n`,
    'odd extra headers, quoted newlines, a BOM': `\uFEFF${HEAD},"Note ""x"", it's","多\n行"\nRep 1,A,N,2026-01-05,2026-01-09,Won,Visit,100,"Acme\nInc, ""the"" one",4,1,,\n"Rep\n2",A,N,2026-02-05,,Lost,Call,50,"Beta, b",,,x,y\n,,,,,,,,,,,,\n`,
    'odd extra headers, CRLF': `${HEAD},"Note ""x"", it's",'q'\r\nRep 1,A,N,2026-01-05,2026-01-09,Won,Visit,100,"Acme, ""the"" one",4,1,,\r\nRep 2,A,N,2026-02-05,,Lost,Call,50,Beta,,,x,y\r\n,,,,,,,,,,,,\r\n`,
    semicolon: `${HEAD.replace(/,/g, ';')}\nRep 1;A;N;2026-01-05;2026-01-09;Won;Visit;100;Acme;4;1\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    const abs = write(`run-${name.replace(/[^a-z]+/gi, '-')}.csv`, text);
    const explicit = await run(abs, false);
    const sniffing = await run(abs, true);
    expect(explicit.sent, `${name}: ${JSON.stringify(explicit.result)}`).toHaveLength(1);
    expect(explicit.sent[0], name).toContain('auto_detect = false');
    expect(sniffing.sent[0], name).not.toContain('auto_detect = false');
    expect((explicit.result as { rows: unknown[] }).rows.length, name).toBeGreaterThan(3);
    expect(explicit.result, name).toEqual(sniffing.result);
  }
}, 60_000);

test('--engine duckdb: a query failing with the format given is run again as DuckDB sniffs, so the failure reads word for word as before', async () => {
  const abs = write('bad-amount.csv', `${HEAD}\nRep 1,A,N,2026-01-05,2026-01-09,Won,Visit,abc,Acme,4,1\n`);
  const explicit = await run(abs, false);
  const sniffing = await run(abs, true);
  expect(explicit.sent.map((t) => t.includes('auto_detect = false'))).toEqual([true, false]);
  expect(sniffing.sent).toHaveLength(1);
  expect(explicit.result).toMatchObject({ code: 'input-format' });
  expect(explicit.result).toEqual(sniffing.result);
}, 60_000);
