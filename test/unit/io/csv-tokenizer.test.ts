import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvQuoteError, CsvTokenizer, tokenizeCsv, type CsvRecord } from '../../../src/io/csv-tokenizer.js';
import { sameJson } from '../shared/adversarial.js';

/** Fields, line and [line, col] of every field, for compact expectations. */
function shape(recs: CsvRecord[]): [string[], number, [number, number][]][] {
  return recs.map((r) => [r.fields, r.line, r.cols.map((c, i): [number, number] => [r.lines ? r.lines[i]! : r.line, c])]);
}

/** The same text fed in the given pieces. */
function chunked(pieces: string[], delimiter = ','): CsvRecord[] {
  const t = new CsvTokenizer(delimiter);
  const out: CsvRecord[] = [];
  for (const p of pieces) t.push(p, out);
  t.end(out);
  return out;
}

/** Reference serializer: quote every field that needs it (RFC 4180). */
function serialize(rows: string[][], delimiter: string, eol: string): string {
  const q = (s: string) => (s.includes('"') || s.includes(delimiter) || s.includes('\n') || s.includes('\r') || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(q).join(delimiter)).join(eol) + eol;
}

/** Lines as the reader has always counted them: one per record, plus every \r\n, \r or \n in a field. */
function countNewlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (s.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

describe('CsvTokenizer (table)', () => {
  const cases: [string, string, ReturnType<typeof shape>][] = [
    ['plain', 'a,b\nc,d\n', [[['a', 'b'], 1, [[1, 1], [1, 3]]], [['c', 'd'], 2, [[2, 1], [2, 3]]]]],
    ['no final line break', 'a,b\nc', [[['a', 'b'], 1, [[1, 1], [1, 3]]], [['c'], 2, [[2, 1]]]]],
    ['empty fields', ',a,\n', [[['', 'a', ''], 1, [[1, 1], [1, 2], [1, 4]]]]],
    ['empty line is a record of one empty field', 'a\n\nb\n', [[['a'], 1, [[1, 1]]], [[''], 2, [[2, 1]]], [['b'], 3, [[3, 1]]]]],
    ['quoted with delimiter and doubled quote', '"x,""y""",z\n', [[['x,"y"', 'z'], 1, [[1, 1], [1, 11]]]]],
    ['quoted newline moves the next field', '"a\nb",c\nd\n', [[['a\nb', 'c'], 1, [[1, 1], [2, 4]]], [['d'], 3, [[3, 1]]]]],
    ['quoted CRLF counts one line', 'h\r\n"a\r\nb",c\r\nd\r\n', [[['h'], 1, [[1, 1]]], [['a\r\nb', 'c'], 2, [[2, 1], [3, 4]]], [['d'], 4, [[4, 1]]]]],
    ['CR only files', 'a,b\rc,d\r', [[['a', 'b'], 1, [[1, 1], [1, 3]]], [['c', 'd'], 2, [[2, 1], [2, 3]]]]],
    ['a quote inside an unquoted field is text', 'a"b,c\n', [[['a"b', 'c'], 1, [[1, 1], [1, 5]]]]],
    ['text after a closing quote keeps both quotes', '"ab"c,d\n', [[['"ab"c', 'd'], 1, [[1, 1], [1, 7]]]]],
    ['quoted empty field', '"",x\n', [[['', 'x'], 1, [[1, 1], [1, 4]]]]],
    // every line break outside quotes ends a record (csv-parse: only the first kind met does)
    ['any line break outside quotes ends the record', 'a\nb\rc\n', [[['a'], 1, [[1, 1]]], [['b'], 2, [[2, 1]]], [['c'], 3, [[3, 1]]]]],
    ['a stray LF in a CRLF file ends its row (9.8)', 'h,v\r\nx,1\ny,2\r\nz,3\r\n', [[['h', 'v'], 1, [[1, 1], [1, 3]]], [['x', '1'], 2, [[2, 1], [2, 3]]], [['y', '2'], 3, [[3, 1], [3, 3]]], [['z', '3'], 4, [[4, 1], [4, 3]]]]],
    ['a quote then a line break of another kind closes the field', '"a"\r\n"b"\nc\r\n', [[['a'], 1, [[1, 1]]], [['b'], 2, [[2, 1]]], [['c'], 3, [[3, 1]]]]],
    ['empty text', '', []],
    ['only a line break', '\n', [[[''], 1, [[1, 1]]]]],
    ['tab delimiter', 'a\tb,c\n', [[['a', 'b,c'], 1, [[1, 1], [1, 3]]]]],
    ['non-ASCII columns count UTF-16 units', '张三,"李,四",x\n', [[['张三', '李,四', 'x'], 1, [[1, 1], [1, 4], [1, 10]]]]],
  ];
  for (const [name, text, want] of cases) {
    it(name, () => {
      const delimiter = name === 'tab delimiter' ? '\t' : ',';
      expect(shape(tokenizeCsv(text, delimiter))).toEqual(want);
      // every split point gives the same records
      for (let i = 0; i <= text.length; i++) expect(shape(chunked([text.slice(0, i), text.slice(i)], delimiter))).toEqual(want);
    });
  }

  it('fails on a quoted field never closed, naming the line it opened on', () => {
    expect(() => tokenizeCsv('a,b\nc,"d\ne\n')).toThrow(CsvQuoteError);
    try {
      tokenizeCsv('a,b\nc,"d\ne\n');
    } catch (e) {
      expect((e as CsvQuoteError).line).toBe(2);
      expect((e as Error).message).toBe('a quoted field opened on line 2 is never closed');
    }
  });

  it('refuses a quote or line break as the delimiter', () => {
    expect(() => new CsvTokenizer('"')).toThrow(/unsupported/);
    expect(() => new CsvTokenizer('\n')).toThrow(/unsupported/);
  });
});

describe('CsvTokenizer (properties)', () => {
  const field = fc.array(fc.constantFrom('a', 'Z', '张', ' ', ',', ';', '\t', '"', '\n', '\r', '\r\n', '1'), { maxLength: 6 }).map((a) => a.join(''));
  const rowsArb = fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 });

  it('round-trips any fields through a reference serializer, split anywhere, on real lines', () => {
    fc.assert(
      fc.property(rowsArb, fc.constantFrom(',', ';', '\t', '|'), fc.constantFrom('\n', '\r\n'), fc.array(fc.nat(), { maxLength: 4 }), (rows, d, eol, cuts) => {
        const text = serialize(rows, d, eol);
        const whole = tokenizeCsv(text, d);
        expect(whole.map((r) => r.fields)).toEqual(rows);
        // record lines as counted by the reader: one per record plus the line breaks inside fields
        let line = 1;
        for (const [i, r] of whole.entries()) {
          expect(r.line).toBe(line);
          line += 1 + rows[i]!.reduce((n, v) => n + countNewlines(v), 0);
        }
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces: string[] = [];
        let from = 0;
        for (const p of points) {
          pieces.push(text.slice(from, p));
          from = p;
        }
        pieces.push(text.slice(from));
        expect(shape(chunked(pieces, d))).toEqual(shape(whole));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same records for any text, whole or one character at a time', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ',', '"', '\r', '\n', ' '), { maxLength: 16 }), (cs) => {
        const text = cs.join('');
        let whole: ReturnType<typeof shape> | 'error';
        let each: ReturnType<typeof shape> | 'error';
        try {
          whole = shape(tokenizeCsv(text));
        } catch {
          whole = 'error';
        }
        try {
          each = shape(chunked([...text]));
        } catch {
          each = 'error';
        }
        sameJson(each, whole, JSON.stringify(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('places every field start: the field text begins there in the source', () => {
    fc.assert(
      fc.property(rowsArb, fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const text = serialize(rows, ',', eol);
        const lines = text.split(/\r\n|\r|\n/);
        for (const r of tokenizeCsv(text)) {
          r.cols.forEach((c, i) => {
            const l = r.lines ? r.lines[i]! : r.line;
            const src = lines[l - 1]!.slice(c - 1);
            const v = r.fields[i]!;
            // a field starts with its opening quote, or with its own text
            expect(src.startsWith('"') || src.startsWith(v.split(/\r\n|\n|\r/)[0]!)).toBe(true);
          });
        }
      }),
      { numRuns: 1000 },
    );
  });
});
