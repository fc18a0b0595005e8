// Reader warnings that are errors under --strict (shared/finding-codes.ts STRICT_ERROR_READER_CODES): a
// value the reader counted, but whose grade may not be what the export meant. An amount written with an
// exponent (`1.735E+04`: Excel writes a General number that way in a narrow column, and may have dropped
// digits) is counted with a warning, and fails the run under --strict — before, --strict exited 0.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { copyInto, oneKpiRubric, repoRoot, run, workdir } from './evaluate-helpers.js';
// @ts-expect-error: a plain .mjs script without types
import { rowXml, xlsxParts, zipBuffer } from '../../scripts/make-fixtures-zip.mjs';

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());

it('an amount written with an exponent is a warning, and an error that fails the run under --strict', () => {
  w = workdir();
  // the sample extends ../rules/en-inside-sales.yaml: the preset goes beside it, the path rewritten
  copyInto(w.dir, 'rules/en-inside-sales.yaml', 'en-inside-sales.yaml');
  const sample = readFileSync(join(repoRoot, 'samples/inside-sales.yaml'), 'utf8');
  expect(sample).toContain('extends: ../rules/en-inside-sales.yaml');
  writeFileSync(join(w.dir, 'rubric.yaml'), sample.replace('extends: ../rules/', 'extends: ./'));
  copyInto(w.dir, 'samples/inside-sales-2026.csv', 'clean.csv');
  copyInto(w.dir, 'samples/inside-sales-roster.csv', 'inside-sales-roster.csv');
  const text = readFileSync(join(w.dir, 'clean.csv'), 'utf8');
  expect(text).toContain(',Closed Won,17350,');
  writeFileSync(join(w.dir, 'exp.csv'), text.replace(',Closed Won,17350,', ',Closed Won,1.735E+04,'));
  type Out = { findings: { code: string; severity: string; row?: number }[]; reps: { rep: string; score: string }[] };
  const json = (file: string, ...more: string[]) => {
    const r = run(w!.dir, ['evaluate', file, '-r', 'rubric.yaml', '-f', 'json', '--no-workbook', '-q', ...more]);
    return { status: r.status, out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
  };
  const clean = json('clean.csv');
  const plain = json('exp.csv');
  expect(plain.status).toBe(0);
  // read as written (17,350): the same grades as the clean file
  expect(plain.out.reps.map((r) => [r.rep, r.score])).toEqual(clean.out.reps.map((r) => [r.rep, r.score]));
  expect(plain.out.findings.filter((f) => f.code === 'exponent-number').map((f) => f.severity)).toEqual(['warning']);
  const strict = json('exp.csv', '--strict');
  expect(strict.status, strict.stderr).toBe(1);
  expect(strict.out.findings.filter((f) => f.code === 'exponent-number').map((f) => f.severity)).toEqual(['error']);
  expect(strict.stderr).toMatch(/--strict: 1 data error/);
  // the clean file still passes --strict
  expect(json('clean.csv', '--strict').status).toBe(0);
});

// A targets file (`target: { file }`) is read with the export rule: `1.2E+04` was read as 12,000 without
// a word, and --strict passed. Now a located warning, an error that fails the run under --strict.
it('a target written with an exponent is a warning at its cell, and an error that fails the run under --strict', () => {
  w = workdir();
  writeFileSync(
    join(w.dir, 'r.yaml'),
    oneKpiRubric('{ default: 10000, file: targets.csv }'),
  );
  writeFileSync(join(w.dir, 'd.csv'), 'Rep,Date,Amount\nAnn,2026-07-01,6000\nAnn,2026-07-31,6000\n');
  type Out = { findings: { code: string; severity: string; source: string; line?: number; column?: number }[]; reps: { rep: string; score: string }[] };
  const json = (...more: string[]) => {
    const r = run(w!.dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '-f', 'json', '--no-workbook', '-q', ...more]);
    return { status: r.status, out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
  };
  writeFileSync(join(w.dir, 'targets.csv'), 'Rep,revenue\nAnn,1.2E+04\n');
  const plain = json();
  expect(plain.status).toBe(0);
  expect(plain.out.reps.map((r) => [r.rep, r.score])).toEqual([['Ann', '100']]); // 12,000 of 12,000
  expect(plain.out.findings.filter((f) => f.code === 'exponent-number').map((f) => [f.source, f.severity, f.line, f.column])).toEqual([['targets.csv', 'warning', 2, 5]]);
  const strict = json('--strict');
  expect(strict.status, strict.stderr).toBe(1);
  expect(strict.out.findings.filter((f) => f.code === 'exponent-number').map((f) => f.severity)).toEqual(['error']);
  expect(strict.stderr).toMatch(/--strict: 1 data error/);
  writeFileSync(join(w.dir, 'targets.csv'), 'Rep,revenue\nAnn,12000\n');
  expect(json('--strict').status).toBe(0);
});

// Hidden columns and a roster's merged cells were read without a word, and --strict passed.
it('a hidden amount column and a roster team merged over its reps are warnings, errors that fail the run under --strict', () => {
  w = workdir();
  writeFileSync(
    join(w.dir, 'r.yaml'),
    oneKpiRubric(),
  );
  const rows = [rowXml(1, ['Rep', 'Amount', 'Date']), rowXml(2, ['Ann', 500, '2026-07-01']), rowXml(3, ['Bob', 700, '2026-07-31'])];
  writeFileSync(join(w.dir, 'hidden.xlsx'), zipBuffer(xlsxParts([{ name: 'Data', before: '<cols><col min="2" max="2" hidden="1"/></cols>', xml: rows.join('') }])));
  writeFileSync(join(w.dir, 'visible.xlsx'), zipBuffer(xlsxParts([{ name: 'Data', xml: rows.join('') }])));
  const roster = [rowXml(1, ['Rep', 'Team']), rowXml(2, ['Ann', 'East']), rowXml(3, ['Bob'])];
  writeFileSync(join(w.dir, 'roster.xlsx'), zipBuffer(xlsxParts([{ name: 'Roster', xml: roster.join(''), after: '<mergeCells count="1"><mergeCell ref="B2:B3"/></mergeCells>' }])));
  type Out = { findings: { code: string; severity: string; source: string; cell?: string }[]; reps: { rep: string; score: string }[] };
  const json = (...args: string[]) => {
    const r = run(w!.dir, ['evaluate', ...args, '-r', 'r.yaml', '-f', 'json', '--no-workbook', '-q']);
    return { status: r.status, out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
  };
  const codes = (o: Out) => o.findings.filter((f) => f.code === 'hidden-column' || f.code === 'merged-cells').map((f) => [f.code, f.severity, f.source, f.cell]);
  const plain = json('hidden.xlsx');
  expect(plain.status).toBe(0);
  expect(plain.out.reps.map((r) => [r.rep, r.score])).toEqual([['Bob', '70'], ['Ann', '50']]); // the hidden column is read
  expect(codes(plain.out)).toEqual([['hidden-column', 'warning', 'hidden.xlsx', 'B1']]);
  const strict = json('hidden.xlsx', '--strict');
  expect(strict.status, strict.stderr).toBe(1);
  expect(codes(strict.out)).toEqual([['hidden-column', 'error', 'hidden.xlsx', 'B1']]);
  expect(json('visible.xlsx', '--strict').status).toBe(0);
  const merged = json('visible.xlsx', '--roster', 'roster.xlsx', '--strict');
  expect(merged.status, merged.stderr).toBe(1);
  expect(codes(merged.out)).toEqual([['merged-cells', 'error', 'roster.xlsx', 'B3']]);
});

// The same sheet saved as XLSX and as HTML (Excel's "Save as Web Page", an .xls many CRMs export): a
// hidden amount column and a hidden row. The HTML was read without a word and --strict passed; now both
// give the same findings and grades, and --strict fails on both.
it('an HTML table with a hidden row and a hidden column gives the findings and grades of the same XLSX', () => {
  w = workdir();
  writeFileSync(
    join(w.dir, 'r.yaml'),
    oneKpiRubric(),
  );
  const data: [string, number, string][] = [
    ['Ann', 500, '2026-07-01'],
    ['Bob', 700, '2026-07-31'],
    ['Ann', 200, '2026-07-15'],
  ];
  const rows = [rowXml(1, ['Rep', 'Amount', 'Date']), ...data.map((v, i) => (i === 1 ? rowXml(i + 2, v).replace('<row ', '<row hidden="1" ') : rowXml(i + 2, v)))];
  writeFileSync(join(w.dir, 'hidden.xlsx'), zipBuffer(xlsxParts([{ name: 'Data', before: '<cols><col min="2" max="2" hidden="1"/></cols>', xml: rows.join('') }])));
  // as Excel writes a sheet saved as a web page: the hidden column a <col> with display:none, the hidden row a <tr> with it
  const tr = (cells: (string | number)[], attrs = " height=20 style='height:15.0pt'") => ` <tr${attrs}>\n${cells.map((c) => `  <td>${c}</td>\n`).join('')} </tr>\n`;
  writeFileSync(
    join(w.dir, 'hidden.xls'),
    `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"></head>\n<body>\n` +
      `<table border=0 cellpadding=0 cellspacing=0 width=128 style='border-collapse:collapse;table-layout:fixed;width:96pt'>\n` +
      ` <col width=64 style='width:48pt'>\n <col width=0 style='display:none;mso-width-source:userset;mso-width-alt:0'>\n <col width=64 style='width:48pt'>\n` +
      tr(['Rep', 'Amount', 'Date']) +
      tr(data[0]!) +
      tr(data[1]!, " height=0 style='display:none;mso-height-source:userset;mso-height-alt:300'") +
      tr(data[2]!) +
      ` <![if supportMisalignedColumns]>\n <tr height=0 style='display:none'>\n  <td width=64 style='width:48pt'></td>\n  <td width=0></td>\n  <td width=64 style='width:48pt'></td>\n </tr>\n <![endif]>\n</table>\n</body>\n</html>\n`,
  );
  type Out = { findings: { code: string; severity: string; row?: number; cell?: string; line?: number; column?: number }[]; reps: { rep: string; score: string; tier: string }[] };
  const json = (...args: string[]) => {
    const r = run(w!.dir, ['evaluate', ...args, '-r', 'r.yaml', '-f', 'json', '--no-workbook', '-q']);
    return { status: r.status, out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
  };
  const codes = (o: Out) => o.findings.map((f) => [f.code, f.severity, f.row]);
  const xlsx = json('hidden.xlsx');
  const html = json('hidden.xls');
  expect(xlsx.status).toBe(0);
  expect(html.status).toBe(0);
  // the hidden row and column are read: Ann 700, Bob 700 of 1,000
  expect(xlsx.out.reps.map((r) => [r.rep, r.score])).toEqual([['Ann', '70'], ['Bob', '70']]);
  const grades = (o: Out) => o.reps.map((r) => [r.rep, r.score, r.tier]);
  expect(grades(html.out)).toEqual(grades(xlsx.out));
  expect(codes(xlsx.out)).toEqual([
    ['hidden-column', 'warning', 1],
    ['hidden-rows', 'warning', 3],
  ]);
  expect(codes(html.out)).toEqual(codes(xlsx.out));
  // located: the sheet's cells, the HTML table's row and column
  expect(xlsx.out.findings.map((f) => f.cell)).toEqual(['B1', 'A3']);
  expect(html.out.findings.map((f) => [f.line, f.column])).toEqual([
    [1, 2],
    [3, 1],
  ]);
  for (const file of ['hidden.xlsx', 'hidden.xls']) {
    const strict = json(file, '--strict');
    expect(strict.status, strict.stderr).toBe(1);
    expect(strict.out.findings.map((f) => [f.code, f.severity])).toEqual([
      ['hidden-column', 'error'],
      ['hidden-rows', 'error'],
    ]);
    expect(strict.stderr).toMatch(/--strict: 2 data errors/);
  }
  // inspect marks the hidden column of both
  for (const file of ['hidden.xlsx', 'hidden.xls']) {
    const j = JSON.parse(run(w.dir, ['inspect', file, '-r', 'r.yaml', '-f', 'json']).stdout) as { columns: { column: string; hidden?: boolean }[] };
    expect(j.columns.map((c) => [c.column, c.hidden ?? false])).toEqual([['A', false], ['B', true], ['C', false]]);
  }
});
