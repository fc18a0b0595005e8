// The one-pass readers of the XML layer against the regular expressions they replace (the reference
// twins: same answers, without the quadratic backtracking), over adversarial strings. The fast path
// `cellAttrs` that sat beside `parseAttrs` was deleted: with `parseAttrs` in one pass it no longer
// saved anything (bench/read.bench.mjs, 100,000-row xlsx: 2.21 s CPU with it, 2.08 s without).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDateFormatCode } from '../../../src/io/xlsx-read.js';
import { decodeXml, parseAttrs, XmlScanner } from '../../../src/io/xml.js';

/** The reference: parseAttrs as it was, one regular expression. */
function parseAttrsReference(attrs: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!attrs) return out;
  const re = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(attrs); m; m = re.exec(attrs)) {
    const name = m[1]!;
    const colon = name.indexOf(':');
    out[colon >= 0 ? name.slice(colon + 1) : name] = decodeXml(m[2] ?? m[3] ?? '');
  }
  return out;
}

/** The reference: isDateFormatCode as it was. */
function isDateFormatCodeReference(code: string): boolean {
  const stripped = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_.|\*./g, '');
  if (/^general$/i.test(stripped.trim())) return false;
  if (/[yd]/i.test(stripped) || /[年月日]/.test(code)) return true;
  return /m/i.test(stripped) && !/[hs]/i.test(stripped) && !/[0#?]/.test(stripped);
}

// C0/C1 controls, every kind of space, invisibles, BOM, noncharacters, surrogates, XML punctuation
const NASTY = [
  '\u0000', '\t', '\n', '\r', '\u000b', '\u000c', '\u001f', '\u007f', '\u0085', '\u009f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u200b',
  '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\ufffe', '\uffff', '\ud800', '\udc00', '\u2212', '＝', '＂',
];
const attrChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('r', 't', 's', 'x', ':', '.', '-', '_', '1', 'A') },
  { weight: 5, arbitrary: fc.constantFrom('=', '"', "'", ' ', '/', '&', ';', '#', 'amp', 'lt', 'quot', '&#x41;', '&#65;', '_x0041_', '&#x110000;', '&#0;') },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ maxLength: 2, unit: 'grapheme' }) },
);
const attrString = fc.array(attrChar, { maxLength: 40 }).map((a) => a.join(''));
// well-formed attribute lists with odd spacing and quoting, where the answer matters most
const attrList = fc
  .array(
    fc.tuple(
      fc.constantFrom('r', 't', 's', 'x:r', 'spans', 'a.b', 'ht', 'customFormat'),
      fc.constantFrom('', ' ', '\t', '\n', '\u3000', '\u00a0'),
      fc.constantFrom('"', "'"),
      fc.array(fc.oneof(fc.constantFrom('A1', 'XFD1048576', '&amp;', '&lt;', '_x0041_', ' ', "'", '"', '\u200b'), fc.string({ maxLength: 3 })), { maxLength: 4 }).map((a) => a.join('')),
      fc.constantFrom(' ', '  ', '\t', '\r\n', '', '/'),
    ),
    { maxLength: 6 },
  )
  .map((attrs) => attrs.map(([n, sp, q, v, after]) => `${n}${sp}=${sp}${q}${v.split(q).join('')}${q}${after}`).join(''));

describe('parseAttrs (one pass) = its regular expression', () => {
  it('on adversarial strings', () => {
    fc.assert(
      fc.property(fc.oneof(attrString, attrList), (s) => {
        expect(parseAttrs(s)).toEqual(parseAttrsReference(s));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['', {}],
    [' r="A1" t="s"', { r: 'A1', t: 's' }],
    [" r = 'B2'\u3000s=\"3\"", { r: 'B2', s: '3' }],
    [' x:r="A&amp;1"', { r: 'A&1' }],
    ['-r="1"', { '-r': '1' }],
    ['r="1" r="2"', { r: '2' }],
    ['r=1 t="s"', { t: 's' }],
    ['a="b=" c="d"', { a: 'b=', c: 'd' }],
    ['a="unclosed t="s"', { a: 'unclosed t=' }],
  ])('%j → %j', (s, expected) => {
    expect(parseAttrs(s)).toEqual(expected);
    expect(parseAttrsReference(s)).toEqual(expected);
  });

  it('in linear time where the expression backtracked (a 2 MB run of name characters)', () => {
    for (const s of ['q'.repeat(2 << 20), `${'q'.repeat(2 << 20)}=x`, `a="${'b="'.repeat(1 << 18)}`, `a='x${"='".repeat(1 << 18)}`]) {
      const t0 = performance.now();
      parseAttrs(s);
      expect(performance.now() - t0).toBeLessThan(500);
    }
  });
});

describe('isDateFormatCode (one pass over sections) = its regular expressions', () => {
  const codeChar = fc.constantFrom('"', '[', ']', '\\', '_', '*', 'y', 'm', 'd', 'h', 's', 'M', 'D', 'Y', '0', '#', '?', '.', ',', '-', '/', ' ', '年', '月', '日', 'General', '$', '-804', 'Red', ';', '@', 'e', 'a', 'A/P', '\u3000');
  it('on adversarial format codes', () => {
    fc.assert(
      fc.property(fc.array(codeChar, { maxLength: 30 }).map((a) => a.join('')), (code) => {
        expect(isDateFormatCode(code)).toBe(isDateFormatCodeReference(code));
      }),
      { numRuns: 3000 },
    );
  });

  it('in linear time where the expression rescanned from every unclosed [', () => {
    const t0 = performance.now();
    expect(isDateFormatCode('['.repeat(1_000_000))).toBe(false);
    expect(isDateFormatCode(`${'"'.repeat(1_000_001)}yyyy`)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('XmlScanner: the same events however the text is cut', () => {
  type Ev = [string, string, string?, boolean?];
  function events(chunks: string[]): Ev[] {
    const out: Ev[] = [];
    const sc = new XmlScanner({
      open: (n, a, self) => out.push(['open', n, a, self]),
      close: (n) => out.push(['close', n]),
      text: (t) => {
        const last = out.at(-1);
        if (last && last[0] === 'text') last[1] += t;
        else out.push(['text', t]);
      },
    });
    for (const c of chunks) sc.feed(c);
    return out;
  }
  const piece = fc.constantFrom(
    '<row r="1">', '</row>', '<c r="A1" t="s">', '<v>', '12', '</v>', '</c>', '<x:c a=\'>"\'/>', '<!-- a > b -- -->', '<![CDATA[a<b&c]]>', '<?xml version="1.0"?>',
    '<!DOCTYPE x>', 'text & more', '<t xml:space="preserve"> 张三 </t>', '<is/>', '\u3000', '>', '"', "'",
  );
  it('cut anywhere, in any number of pieces', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 12 }), (pieces, cuts) => {
        const doc = pieces.join('');
        const at = [...new Set(cuts.map((c) => c % (doc.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const c of at) {
          chunks.push(doc.slice(prev, c));
          prev = c;
        }
        chunks.push(doc.slice(prev));
        expect(events(chunks)).toEqual(events([doc]));
      }),
      { numRuns: 2000 },
    );
  });

  it('one character at a time', () => {
    const doc = '<?xml version="1.0"?><!-- c --><a x="1>2"><b/>t<![CDATA[<&>]]><!DOCTYPE q><c y=\'"\'>z</c></a>';
    expect(events([...doc])).toEqual(events([doc]));
    expect(events([doc])).toEqual([
      ['open', 'a', ' x="1>2"', false],
      ['open', 'b', '', true],
      ['close', 'b'],
      ['text', 't&lt;&amp;>'],
      ['open', 'c', " y='\"'", false],
      ['text', 'z'],
      ['close', 'c'],
      ['close', 'a'],
    ]);
  });
});
