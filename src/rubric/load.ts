/**
 * Reading rubric files: bytes → safe YAML → `extends` merged → zod schema → lint rules. The only
 * file in rubric/ that touches the file system.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../shared/diagnostic.js';
import { SalesgradeError, templatedError } from '../shared/errors.js';
import type { MessageParams } from '../shared/message-template.js';
import { builtinMessage } from './lint/builtin.js';
import { fileReferences, type FileFacts, type FileRef } from './lint/file-refs.js';
import { lintRubric, rules as registeredRules } from './lint/index.js';
import type { RuleContext } from './lint/types.js';
import { Locator, type YamlLayer } from './locate.js';
import { Rubric } from './schema.js';
import { schemaProblems } from './schema-issues.js';
import { decodeRubric, hasSalesgradeKey, MAX_RUBRIC_BYTES, parseYamlSafe } from './yaml-safe.js';

export interface LoadedRubric {
  rubric: Rubric;
  /** The path as given. */
  path: string;
  /** Absolute directory of the file: relative paths inside the rubric resolve against it. */
  dir: string;
  /** sha256 (hex) of the file's bytes, as `sha256sum` prints it. */
  sha256: string;
  text: string;
  /** Every file that took part (the file, then what it extends), with its sha256. */
  sources?: { path: string; sha256: string }[];
  /** Warnings from the lint rules (errors make loading fail). */
  warnings?: Diagnostic[];
  /** The parsed YAML of every file that took part, in locating precedence (see `Locator`). */
  layers?: YamlLayer[];
}

/**
 * Where rubric bytes come from: the file system by default, or a git revision (io/git-files.ts).
 * Paths are absolute working-tree paths; errors carry a Node errno `code` (`ENOENT`, `EACCES`).
 */
export interface RubricFiles {
  /** The bytes, or only the size when it is over `limit` (the file is not read then). */
  read(abs: string, display: string, limit: number): Promise<{ bytes: Buffer } | { size: number }>;
  /** How to name a file reached through `extends` (default: relative to the extending file's name). */
  displayOf?(abs: string): string;
}

const fsFiles: RubricFiles = {
  async read(abs, display, limit) {
    const info = await stat(abs);
    if (!info.isFile()) throw templatedError('rubric-not-found', 'rubric-not-file', { file: display });
    if (info.size > limit) return { size: info.size };
    return { bytes: await readFile(abs) };
  },
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deep merge for `extends`: mappings merge key by key, anything else (lists too) is replaced by `over`. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
  return out;
}

/**
 * Paths inside a base file are relative to the base; after merging they are read relative to the
 * extending file, so rewrite them. Only the fields the format defines as paths are touched.
 */
function rebasePaths(value: Record<string, unknown>, fromDir: string, toDir: string): Record<string, unknown> {
  if (fromDir === toDir) return value;
  const fix = (p: unknown): unknown => (typeof p === 'string' && !isAbsolute(p) ? relative(toDir, resolve(fromDir, p)).split(sep).join('/') : p);
  const out = structuredClone(value);
  const obj = (v: unknown): Record<string, unknown> | undefined => (isPlainObject(v) ? v : undefined);
  const roster = obj(out.roster);
  if (roster && 'file' in roster) roster.file = fix(roster.file);
  const kpiLists: unknown[] = [out.kpis, obj(obj(out.levels)?.team)?.kpis, obj(obj(out.levels)?.region)?.kpis];
  for (const list of kpiLists) {
    if (!Array.isArray(list)) continue;
    for (const k of list) {
      const t = obj(obj(k)?.target);
      if (t && 'file' in t) t.file = fix(t.file);
    }
  }
  const quota = obj(out.quota);
  const annual = obj(quota?.annual);
  if (annual && typeof annual.file === 'string') annual.file = fix(annual.file);
  const cal = obj(quota?.calendar);
  if (cal && 'file' in cal) cal.file = fix(cal.file);
  return out;
}

interface FileState {
  layers: YamlLayer[];
  value?: Record<string, unknown>;
  diagnostics: Diagnostic[];
  sources: { path: string; sha256: string }[];
  text?: string;
  sha256?: string;
  /** The bases' `period` when this file sets another one (the `extends-period` rule). */
  basePeriod?: string;
}

function fileDiag(source: string, code: string, messageId: string, params: MessageParams = {}, line = 0, character = 0): Diagnostic {
  return { code, ...builtinMessage(code, messageId, params), severity: 'error', source, range: { start: { line, character }, end: { line, character: character + 1 } } };
}

/** Read one file and, recursively, what it extends. `chain` holds the absolute paths being read. */
async function readLayered(abs: string, display: string, chain: string[], files: RubricFiles = fsFiles): Promise<FileState> {
  const st: FileState = { layers: [], diagnostics: [], sources: [] };
  const got = await files.read(abs, display, MAX_RUBRIC_BYTES);
  if (!('bytes' in got)) {
    st.diagnostics.push(fileDiag(display, 'yaml-unsafe', 'tooLarge', { size: got.size, max: MAX_RUBRIC_BYTES }));
    return st;
  }
  const buf = got.bytes;
  st.sha256 = createHash('sha256').update(buf).digest('hex');
  st.sources.push({ path: display, sha256: st.sha256 });
  const decoded = decodeRubric(buf, display);
  if ('diagnostic' in decoded) {
    st.diagnostics.push(decoded.diagnostic);
    return st;
  }
  st.text = decoded.text;
  const parsed = parseYamlSafe(decoded.text, display);
  if (parsed.layer) st.layers.push(parsed.layer);
  for (const d of parsed.diagnostics) st.diagnostics.push(d);
  if (parsed.diagnostics.length) return st;
  if (!isPlainObject(parsed.value)) {
    const rootKind = parsed.value === null || parsed.value === undefined ? 'empty' : Array.isArray(parsed.value) ? 'list' : 'value';
    st.diagnostics.push(fileDiag(display, 'schema', 'root', { rootKind }));
    return st;
  }
  const own = parsed.value;
  const ext = own.extends;
  const bases = typeof ext === 'string' ? [ext] : Array.isArray(ext) && ext.every((e) => typeof e === 'string') ? (ext as string[]) : [];
  let merged: unknown = {};
  const baseLayers: YamlLayer[][] = [];
  for (let i = 0; i < bases.length; i++) {
    const rel = bases[i]!;
    const path = Array.isArray(ext) ? ['extends', i] : ['extends'];
    const at = new Locator([parsed.layer!]).locate(path);
    const diagAt = (messageId: string, params: MessageParams): Diagnostic => ({
      code: 'extends',
      ...builtinMessage('extends', messageId, params),
      severity: 'error',
      source: display,
      ...(at ? { range: at.range } : {}),
    });
    const baseAbs = resolve(dirname(abs), rel);
    const baseDisplay = files.displayOf ? files.displayOf(baseAbs) : isAbsolute(rel) ? normalize(rel) : normalize(join(dirname(display), rel));
    if (baseAbs === abs || chain.includes(baseAbs)) {
      const cycle = [...chain.slice(chain.indexOf(baseAbs)), baseAbs].map((p) => basename(p));
      st.diagnostics.push(diagAt('cycle', { cycle: cycle.join(' → ') }));
      continue;
    }
    let base: FileState;
    try {
      base = await readLayered(baseAbs, baseDisplay, [...chain, baseAbs], files);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' || code === 'EACCES' ? code : err instanceof Error ? err.message : String(err);
      st.diagnostics.push(diagAt('unreadable', { name: JSON.stringify(rel), file: baseDisplay, reason }));
      continue;
    }
    for (const d of base.diagnostics) st.diagnostics.push(d);
    for (const s of base.sources) st.sources.push(s);
    baseLayers.push(base.layers);
    if (base.value) merged = deepMerge(merged, rebasePaths(base.value, dirname(baseAbs), dirname(abs)));
  }
  // Precedence for locating: the file itself, then its bases, the later (winning) ones first.
  for (const layer of baseLayers.reverse().flat()) st.layers.push(layer);
  const basePeriod = isPlainObject(merged) ? merged.period : undefined;
  if (typeof basePeriod === 'string' && typeof own.period === 'string' && own.period !== basePeriod) st.basePeriod = basePeriod;
  st.value = deepMerge(merged, own) as Record<string, unknown>;
  return st;
}

async function readMain(path: string, cwd?: string, files?: RubricFiles): Promise<FileState> {
  const abs = cwd === undefined ? resolve(path) : resolve(cwd, path);
  const display = files?.displayOf ? files.displayOf(abs) : path;
  try {
    return await readLayered(abs, display, [abs], files);
  } catch (err) {
    if (err instanceof SalesgradeError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw templatedError('rubric-not-found', 'rubric-missing', { file: display });
    throw templatedError('rubric-not-found', 'rubric-unreadable', { file: display, reason: err instanceof Error ? err.message : String(err) });
  }
}

/** Schema pass then rule pass over a read file; every diagnostic, sorted. */
function validate(st: FileState, mainSource: string): { rubric?: Rubric; diagnostics: Diagnostic[]; locator?: Locator } {
  if (st.diagnostics.length || !st.value) return { diagnostics: [...st.diagnostics].sort(compareDiagnostics) };
  const locator = new Locator(st.layers);
  const parsed = Rubric.safeParse(st.value);
  if (!parsed.success) {
    const diagnostics = schemaProblems(Rubric, st.value, parsed.error.issues).map((p): Diagnostic => {
      const loc = locator.locate(p.path, p.at);
      const d: Diagnostic = { code: p.code, message: p.message, severity: 'error', source: loc?.source ?? mainSource, path: p.path };
      if (loc) d.range = loc.range;
      if (p.messageId !== undefined) d.messageId = p.messageId;
      if (p.params) d.params = p.params;
      return d;
    });
    return { diagnostics: dedupe(diagnostics).sort(compareDiagnostics) };
  }
  const extendsPeriod = st.basePeriod !== undefined ? Rubric.shape.period.safeParse(st.basePeriod) : undefined;
  const options = extendsPeriod?.success ? { extendsPeriod: extendsPeriod.data } : {};
  return { rubric: parsed.data, diagnostics: lintRubric(parsed.data, locator, undefined, options), locator };
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.source}|${d.range?.start.line}|${d.range?.start.character}|${d.code}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Check rubric text that has no file (tests, editors). `extends` is not followed here.
 */
export function lintRubricText(text: string, source = '<text>'): { rubric?: Rubric; diagnostics: Diagnostic[] } {
  const st: FileState = { layers: [], diagnostics: [], sources: [] };
  const parsed = parseYamlSafe(text.replace(/^\uFEFF/, ''), source);
  if (parsed.layer) st.layers.push(parsed.layer);
  for (const d of parsed.diagnostics) st.diagnostics.push(d);
  if (!parsed.diagnostics.length) {
    if (isPlainObject(parsed.value)) st.value = parsed.value;
    else st.diagnostics.push(fileDiag(source, 'schema', 'rootText'));
  }
  return validate(st, source);
}

/**
 * Check a rubric file and collect everything wrong with it (YAML, schema, rules). Throws only when
 * the file itself cannot be read (`rubric-not-found`).
 */
export async function lintRubricFile(
  path: string,
  options: { cwd?: string; probeFiles?: FileProbe; years?: RuleContext['years'] } = {},
): Promise<{ rubric?: Rubric; diagnostics: Diagnostic[]; locale?: 'zh-CN' | 'en' }> {
  const st = await readMain(path, options.cwd);
  const { rubric, diagnostics, locator } = validate(st, path);
  if (!rubric) {
    // a rubric the schema refuses still says its language when its `locale` is valid (or absent: en)
    const l = st.value === undefined ? undefined : (st.value.locale ?? 'en');
    return l === 'zh-CN' || l === 'en' ? { diagnostics, locale: l } : { diagnostics };
  }
  if (!locator || (!options.probeFiles && !options.years)) return { rubric, diagnostics, locale: rubric.locale };
  // The file rules need the disk: the caller (cli/) looks at each referenced file, the rules judge;
  // the calendar-years rule needs the years the caller is about to grade or plan.
  const refs = fileReferences(rubric);
  const dir = dirname(options.cwd === undefined ? resolve(path) : resolve(options.cwd, path));
  const files = options.probeFiles && refs.length > 0 ? await options.probeFiles(refs, dir, rubric) : undefined;
  const contextRules = registeredRules.filter((r) => (files && FILE_RULES.has(r.meta.id)) || (options.years && YEAR_RULES.has(r.meta.id)));
  if (contextRules.length === 0) return { rubric, diagnostics, locale: rubric.locale };
  const more = lintRubric(rubric, locator, contextRules, { ...(files ? { files } : {}), ...(options.years ? { years: options.years } : {}) });
  return { rubric, diagnostics: [...diagnostics, ...more].sort(compareDiagnostics), locale: rubric.locale };
}

/** Looks at the files a rubric names (relative to `dir`), for the file rules. */
export type FileProbe = (refs: FileRef[], dir: string, rubric: Rubric) => Promise<ReadonlyMap<string, FileFacts>>;
const FILE_RULES = new Set(['file-exists', 'calendar-file-valid', 'targets-file-valid']);
/** Rules that need the years about to be graded or planned (`check --year`). */
const YEAR_RULES = new Set(['calendar-years']);

/**
 * Load a rubric for use. Throws `SalesgradeError('rubric-invalid')` whose one line names
 * file:line:col of the first error; warnings are returned, not thrown.
 */
export async function loadRubric(path: string, options: { cwd?: string; files?: RubricFiles } = {}): Promise<LoadedRubric> {
  const st = await readMain(path, options.cwd, options.files);
  const abs = options.cwd === undefined ? resolve(path) : resolve(options.cwd, path);
  if (options.files?.displayOf) path = options.files.displayOf(abs);
  const { rubric, diagnostics } = validate(st, path);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  if (first || !rubric) {
    const location: { file: string; line?: number; column?: number } = { file: first?.source ?? path };
    if (first?.range) {
      location.line = first.range.start.line + 1;
      location.column = first.range.start.character + 1;
    }
    const code = first?.code === 'encoding' ? 'rubric-encoding' : 'rubric-invalid';
    // the language the file declares, when its `locale` is valid (as `check` reads it)
    const declared = st.value === undefined ? undefined : (st.value.locale ?? 'en');
    const params = { message: first?.message ?? 'invalid rubric', code: first?.code ?? 'schema', file: path, ...(errors.length > 1 ? { more: errors.length - 1 } : {}) };
    throw templatedError(code, errors.length > 1 ? 'rubric-invalid-more' : 'rubric-invalid', params, {
      location,
      ...(first ? { finding: { code: first.code, message: first.message, ...(first.messageId !== undefined ? { messageId: first.messageId } : {}), ...(first.params ? { params: first.params } : {}) } } : {}),
      ...(declared === 'zh-CN' || declared === 'en' ? { locale: declared } : {}),
    });
  }
  return {
    rubric,
    path,
    dir: dirname(abs),
    sha256: st.sha256!,
    text: st.text!,
    sources: st.sources,
    warnings: diagnostics.filter((d) => d.severity !== 'error'),
    layers: st.layers,
  };
}

/** `./salesgrade.yaml`, then the single `*.yaml` / `*.yml` under `./rules/`. Returns a path relative to cwd when possible. */
export async function discoverRubric(cwd: string): Promise<string> {
  for (const name of ['salesgrade.yaml', 'salesgrade.yml']) {
    try {
      if ((await stat(join(cwd, name))).isFile()) return join(cwd, name);
    } catch {
      // not there: try the next place
    }
  }
  let names: string[] = [];
  try {
    names = (await readdir(join(cwd, 'rules'))).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch {
    names = [];
  }
  if (names.length === 1) return join(cwd, 'rules', names[0]!);
  if (names.length > 1) {
    throw templatedError('rubric-not-found', 'rubric-many', { count: names.length, names });
  }
  throw templatedError('rubric-not-found', 'rubric-none');
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage']);

async function walkYaml(dir: string, display: string, out: string[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const abs = join(dir, e.name);
    const shown = display === '.' ? e.name : join(display, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) await walkYaml(abs, shown, out);
    } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) {
      // Only rubric files: a cheap look at the head, not a parse (bases without `salesgrade:` are skipped).
      const info = await stat(abs);
      const head = info.size > MAX_RUBRIC_BYTES ? '' : (await readFile(abs)).toString('utf8');
      if (info.size > MAX_RUBRIC_BYTES || hasSalesgradeKey(head)) out.push(shown);
    }
  }
}

/**
 * The rubric files `check` looks at: files as given; folders searched recursively for *.yaml/*.yml
 * with a top-level `salesgrade:` key. Display names are relative as the user wrote them.
 * Throws `input-not-found` for a path that does not exist or a folder without rubrics.
 */
export async function collectRubricFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let info;
    try {
      info = await stat(abs);
    } catch {
      throw templatedError('input-not-found', 'check-path-missing', { file: p });
    }
    if (info.isDirectory()) {
      const found: string[] = [];
      await walkYaml(abs, normalize(p).replace(/[\\/]$/, '') || '.', found);
      if (found.length === 0) {
        throw templatedError('input-not-found', 'check-no-rubrics', { file: p });
      }
      for (const f of found) out.push(f);
    } else out.push(normalize(p));
  }
  return [...new Set(out)];
}
