/** JUnit XML as CI servers read it: a suite per file, a failing test case per finding, one passing case for a clean file. */
import { xmlLegal } from '../../shared/xml-text.js';
import { fileOrder, position, type LintFormatter } from './types.js';

// XML 1.0 forbids some characters even when escaped (C0 controls, U+FFFE/U+FFFF, lone surrogates).
function xml(s: string): string {
  return xmlLegal(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

// Attribute values are whitespace-normalised by XML parsers: keep newlines as character references.
function attr(s: string): string {
  return xml(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export const junit: LintFormatter = (diagnostics, options) => {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const files = fileOrder(diagnostics, options.files);
  const failures = diagnostics.length;
  const tests = files.reduce((n, f) => n + Math.max(1, diagnostics.filter((d) => d.source === f).length), 0);
  out.push(`<testsuites name="salesgrade check" tests="${tests}" failures="${failures}" errors="0">`);
  for (const file of files) {
    const ds = diagnostics.filter((d) => d.source === file);
    out.push(`  <testsuite name="${xml(file)}" tests="${Math.max(1, ds.length)}" failures="${ds.length}" errors="0" skipped="0">`);
    if (ds.length === 0) out.push(`    <testcase classname="${xml(file)}" name="salesgrade check"/>`);
    for (const d of ds) {
      const p = position(d);
      const where = `${file}:${p.line}:${p.column}`;
      out.push(`    <testcase classname="${xml(file)}" name="${xml(`${d.code} ${p.line}:${p.column}`)}">`);
      out.push(`      <failure type="${d.severity}" message="${attr(d.message)}">${xml(`${d.severity}: ${d.message} (${d.code}) at ${where}`)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};
