/**
 * Safe YAML for rubric files. A rubric is configuration reviewed in git, so anything a config file
 * never needs is refused rather than half-supported: non-UTF-8 bytes, files over 1 MiB, nesting over
 * 64 levels (checked on the text, before the parser recurses), duplicate keys, custom tags
 * (`!!js/function`, `!include`), more than 100 alias expansions (billion laughs), non-string keys and
 * the keys `__proto__`, `constructor`, `prototype`. Every refusal is a diagnostic with a position.
 */
import { createRequire } from 'node:module';
import { isPair, isScalar, LineCounter, parseDocument, visit, type ErrorCode, type Node } from 'yaml';
import { compareDiagnostics, type Diagnostic, type Range } from '../shared/diagnostic.js';
import type { MessageParams } from '../shared/message-template.js';
import { builtinMessage } from './lint/builtin.js';
import { rangeOf, type YamlLayer } from './locate.js';

/** Every error code of the yaml package (its `ErrorCode` type, complete by the type check): report/ words each. */
export const YAML_ERROR_CODES = Object.keys({
  ALIAS_PROPS: 1,
  BAD_ALIAS: 1,
  BAD_DIRECTIVE: 1,
  BAD_DQ_ESCAPE: 1,
  BAD_INDENT: 1,
  BAD_PROP_ORDER: 1,
  BAD_SCALAR_START: 1,
  BLOCK_AS_IMPLICIT_KEY: 1,
  BLOCK_IN_FLOW: 1,
  DUPLICATE_KEY: 1,
  IMPOSSIBLE: 1,
  KEY_OVER_1024_CHARS: 1,
  MISSING_CHAR: 1,
  MULTILINE_IMPLICIT_KEY: 1,
  MULTIPLE_ANCHORS: 1,
  MULTIPLE_DOCS: 1,
  MULTIPLE_TAGS: 1,
  NON_STRING_KEY: 1,
  RESOURCE_EXHAUSTION: 1,
  TAB_AS_INDENT: 1,
  TAG_RESOLVE_FAILED: 1,
  UNEXPECTED_TOKEN: 1,
  BAD_COLLECTION_TYPE: 1,
} satisfies Record<ErrorCode, 1>);

export const MAX_RUBRIC_BYTES = 1024 * 1024;
export const MAX_DEPTH = 64;
export const MAX_ALIAS_COUNT = 100;
export const MAX_YAML_DIAGNOSTICS = 100;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A finding of a built-in code, worded from its message id and facts (lint/builtin.ts). */
function diag(source: string, code: string, messageId: string, params: MessageParams, range: Range): Diagnostic {
  return { code, ...builtinMessage(code, messageId, params), severity: 'error', source, range };
}

function pointRange(line: number, character: number): Range {
  return { start: { line, character }, end: { line, character: character + 1 } };
}

/** 0-based line and byte column of a byte offset. */
function bytePosition(buf: Uint8Array, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (buf[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** The offset of the first byte that is not valid UTF-8. */
function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= buf.length || (buf[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

/**
 * Bytes → text. UTF-8 with or without BOM is read; UTF-16 and GB18030/GBK (what Chinese Windows
 * editors save) are detected and refused with the decoded sample, so the user sees we understood.
 */
export function decodeRubric(buf: Uint8Array, source: string): { text: string } | { diagnostic: Diagnostic } {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return {
      diagnostic: diag(source, 'encoding', 'utf16', {}, pointRange(0, 0)),
    };
  }
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const body = buf.subarray(start);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const bad = firstInvalidUtf8(body);
    const pos = bytePosition(body, bad);
    // Loaded only here: the common (UTF-8) path stays free of iconv-lite's start-up cost.
    const iconv = createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
    const gb = iconv.decode(Buffer.from(body), 'gb18030');
    const looksGb = !gb.includes('\uFFFD') && /[\u4e00-\u9fff]/u.test(gb);
    if (looksGb) {
      const lineText = gb.split(/\r?\n/)[pos.line] ?? '';
      const sample = (lineText.match(/[\u3000-\u9fff\uff00-\uffef]+/u)?.[0] ?? lineText.trim()).slice(0, 12);
      return { diagnostic: diag(source, 'encoding', 'gb18030', { sample }, pointRange(pos.line, pos.character)) };
    }
    return { diagnostic: diag(source, 'encoding', 'byte', { byte: body[bad]!.toString(16).padStart(2, '0') }, pointRange(pos.line, pos.character)) };
  }
}

/**
 * Nesting depth from the text alone (block indentation levels, `- ` entries and flow brackets), so a
 * 10,000-deep file is refused before the recursive parser could overflow the stack.
 */
export function checkDepth(text: string, source: string, max = MAX_DEPTH): Diagnostic | undefined {
  const indents: number[] = [];
  let flow = 0;
  let line = 0;
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const s = text.slice(pos, end);
    let i = 0;
    while (s[i] === ' ') i++;
    const content = s[i];
    if (flow === 0 && content !== undefined && content !== '#' && content !== '\r') {
      while (indents.length && indents[indents.length - 1]! >= i) indents.pop();
      indents.push(i);
      // `- - - x`: each dash opens one more level on the same line.
      if (indents.length > max) return tooDeep(source, line, i, max);
      let j = i;
      while (s[j] === '-' && (s[j + 1] === ' ' || j + 1 === s.length)) {
        indents.push(j + 1);
        if (indents.length > max) return tooDeep(source, line, j, max);
        j += 2;
        while (s[j] === ' ') j++;
      }
    }
    // Flow collections: count brackets outside quotes and comments.
    let quote: string | null = null;
    for (let k = i; k < s.length; k++) {
      const c = s[k]!;
      if (quote) {
        if (c === quote) {
          if (quote === "'" && s[k + 1] === "'") k++;
          else quote = null;
        } else if (c === '\\' && quote === '"') k++;
        continue;
      }
      if (c === '#' && (k === 0 || s[k - 1] === ' ' || s[k - 1] === '\t')) break;
      if ((c === '"' || c === "'") && (k === 0 || /[\s[{,:]/.test(s[k - 1]!))) quote = c;
      else if (c === '[' || c === '{') {
        flow++;
        if (flow + indents.length > max) return tooDeep(source, line, k, max);
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
    line++;
    pos = end + 1;
  }
  return undefined;
}

function tooDeep(source: string, line: number, character: number, max: number): Diagnostic {
  return diag(source, 'yaml-unsafe', 'tooDeep', { max }, pointRange(line, character));
}

export interface ParsedYaml {
  layer?: YamlLayer;
  /** The plain value, when the file parsed without errors. */
  value?: unknown;
  diagnostics: Diagnostic[];
}

// The last few parses, by source name and text: a process that loads the same rubric again (the
// language server on every keystroke of another file, a test process running the CLI hundreds of
// times, `diff` of a file against itself) parses each preset once. A rubric and its preset took
// ~8 ms of a ~17 ms warm run of a small export. Only small texts are kept, so the memo stays under ~1 MB.
const MEMO_TEXT_CHARS = 64 * 1024;
const MEMO_ENTRIES = 16;
const memo = new Map<string, ParsedYaml>();

/**
 * Parse rubric text safely. Collects every problem; `value` is set only when there is none.
 * The same text and source parsed again gives a fresh copy of the value and the findings (the caller
 * may change them) and the same read-only `layer` (its yaml Document is only located in).
 */
export function parseYamlSafe(text: string, source: string): ParsedYaml {
  if (text.length > MEMO_TEXT_CHARS) return parseUncached(text, source);
  const key = `${source}\u0000${text}`;
  let parsed = memo.get(key);
  if (parsed === undefined) {
    parsed = parseUncached(text, source);
    if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
    memo.set(key, parsed);
  }
  return { ...(parsed.layer ? { layer: parsed.layer } : {}), ...('value' in parsed ? { value: structuredClone(parsed.value) } : {}), diagnostics: structuredClone(parsed.diagnostics) };
}

function parseUncached(text: string, source: string): ParsedYaml {
  const lc = new LineCounter();
  const deep = checkDepth(text, source);
  if (deep) return { diagnostics: [deep] };
  // uniqueKeys: false — yaml's own check compares every pair with every other (quadratic: a 1 MiB file
  // of short keys took minutes); duplicates are found below with a Set per mapping instead.
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false, strict: true });
  const layer: YamlLayer = { source, doc, lineCounter: lc };
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    // the parser's sentence is English; its code says the same in a word report/ can translate
    const range = rangeOf(lc, e.pos[0], e.pos[1]);
    if (e.code === 'TAB_AS_INDENT') diagnostics.push(diag(source, 'yaml-syntax', 'tab', {}, range));
    else diagnostics.push(diag(source, 'yaml-syntax', 'parser', { detail: e.message.split('\n')[0]!.replace(/\.$/, ''), yamlCode: e.code }, range));
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') {
      const tag = text.slice(w.pos[0], w.pos[1]).split(/\s/)[0] ?? '';
      diagnostics.push(
        diag(source, 'yaml-unsafe', 'tag', { tag: tag || w.message }, rangeOf(lc, w.pos[0], w.pos[1])),
      );
    } else {
      diagnostics.push(diag(source, 'yaml-syntax', 'parser', { detail: w.message.split('\n')[0]!, yamlCode: w.code }, rangeOf(lc, w.pos[0], w.pos[1])));
    }
  }
  let aliases = 0;
  let firstAlias: Node | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        const k = typeof key.value === 'string' ? key.value : String(key.value);
        if (seen.has(k) && key.range) {
          diagnostics.push(diag(source, 'duplicate-key', 'dup', { key: k }, rangeOf(lc, key.range[0], key.range[1])));
        }
        seen.add(k);
      }
    },
    Pair(_, pair) {
      if (!isPair(pair)) return;
      const key = pair.key;
      if (!isScalar(key)) {
        const r = (key as Node | null)?.range;
        if (r) diagnostics.push(diag(source, 'yaml-syntax', 'keyNotString', {}, rangeOf(lc, r[0], r[1])));
        return;
      }
      if (typeof key.value === 'string' && FORBIDDEN_KEYS.has(key.value) && key.range) {
        diagnostics.push(diag(source, 'yaml-unsafe', 'forbiddenKey', { key: key.value }, rangeOf(lc, key.range[0], key.range[1])));
      }
    },
    Alias(_, node) {
      aliases++;
      firstAlias ??= node;
    },
    Node(_, node) {
      // A tag on a node we could resolve (e.g. !!binary, !!set) is just as unwelcome.
      if (node.tag && !/^tag:yaml\.org,2002:(str|int|float|bool|null|seq|map)$/.test(node.tag) && node.range) {
        const known = doc.warnings.some((w) => w.code === 'TAG_RESOLVE_FAILED' && w.message.endsWith(node.tag!));
        if (!known) diagnostics.push(diag(source, 'yaml-unsafe', 'tag', { tag: node.tag }, rangeOf(lc, node.range[0], node.range[1])));
      }
    },
  });
  if (diagnostics.length > MAX_YAML_DIAGNOSTICS) {
    // A generated or hostile file can hold 100,000 duplicate keys: report the first ones, then stop.
    const more = diagnostics.length - MAX_YAML_DIAGNOSTICS;
    const kept = diagnostics.sort(compareDiagnostics).slice(0, MAX_YAML_DIAGNOSTICS);
    const last = kept[kept.length - 1]!;
    kept.push({ ...last, code: 'yaml-unsafe', ...builtinMessage('yaml-unsafe', 'more', { count: more }) });
    return { layer, diagnostics: kept };
  }
  if (diagnostics.length) return { layer, diagnostics };
  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { layer, value, diagnostics };
  } catch (err) {
    const r = firstAlias?.range ?? [0, 0];
    const range = rangeOf(lc, r[0], r[1]);
    if (err instanceof ReferenceError && /alias/i.test(err.message)) diagnostics.push(diag(source, 'yaml-unsafe', 'aliases', { max: MAX_ALIAS_COUNT, count: aliases }, range));
    else diagnostics.push(diag(source, 'yaml-unsafe', 'convert', { reason: err instanceof Error ? err.message : String(err) }, range));
    return { layer, diagnostics };
  }
}

/** True when the text's top-level mapping has a `salesgrade:` key (how folders find rubric files). */
export function hasSalesgradeKey(text: string): boolean {
  return /^salesgrade\s*:/m.test(text);
}
