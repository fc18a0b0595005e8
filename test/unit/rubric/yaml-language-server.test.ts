// The rubric JSON Schema in a real editor (issue 16, item 2): the real yaml-language-server (npm, the
// server behind VS Code's YAML extension and most editors' YAML support), started once over stdio and
// spoken to as an editor does. Every shipped rubric (rules/, samples/ — both samples use `extends`)
// is opened with the `# yaml-language-server: $schema=../schema/rubric.schema.json` line it carries
// and must get no diagnostics; broken rubrics, mapped to the schema through the `yaml.schemas`
// setting (the other way users attach it), must get the typo and the wrong enum value flagged on
// their lines. No network: the schema store is off, and the schema is a local file.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, type LspDiagnostic } from './lsp-client.js';

const root = join(import.meta.dirname, '..', '..', '..');
const serverBin = join(dirname(createRequire(import.meta.url).resolve('yaml-language-server/package.json')), 'bin', 'yaml-language-server');
const schemaUri = pathToFileURL(join(root, 'schema', 'rubric.schema.json')).href;
const DEADLINE_MS = 20_000;

const shipped = [
  ...readdirSync(join(root, 'rules')).filter((n) => n.endsWith('.yaml')).map((n) => `rules/${n}`),
  ...readdirSync(join(root, 'samples')).filter((n) => n.endsWith('.yaml')).map((n) => `samples/${n}`),
];

// Broken rubrics live under a folder that exists nowhere (the server never reads documents from
// disk: an editor sends their text), matched to the schema by the yaml.schemas glob below.
const brokenDir = join(root, 'test', 'fixtures', 'rubrics', 'lsp-broken');
const brokenUri = (name: string) => pathToFileURL(join(brokenDir, name)).href;

const enInside = readFileSync(join(root, 'rules', 'en-inside-sales.yaml'), 'utf8').replace(/^# yaml-language-server:.*\n/, '');
/** Replaces the first `from` in `text` and returns the text and the 0-based line of the change. */
function breakAt(text: string, from: RegExp, to: string): { text: string; line: number } {
  const m = from.exec(text);
  if (!m) throw new Error(`${from} not in the rubric`);
  return { text: text.slice(0, m.index) + to + text.slice(m.index + m[0].length), line: text.slice(0, m.index).split('\n').length - 1 };
}

let client: LspClient;

async function diagnose(uri: string, text: string): Promise<LspDiagnostic[]> {
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  return client.waitForDiagnostics(uri, 1, DEADLINE_MS);
}

const show = (ds: LspDiagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);

beforeAll(async () => {
  const settings = {
    yaml: {
      validate: true,
      hover: true,
      completion: true,
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
      schemas: { [schemaUri]: [`${brokenDir}/*.yaml`, `${join(root, 'test', 'fixtures', 'rubrics', 'valid')}/*.yaml`] },
    },
    http: { proxy: '', proxyStrictSSL: false },
  };
  client = new LspClient(process.execPath, [serverBin, '--stdio'], settings);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'salesgrade' }],
    capabilities: {
      workspace: { configuration: true },
      textDocument: { publishDiagnostics: {}, hover: { contentFormat: ['markdown', 'plaintext'] } },
    },
  });
  // With this, the server says when the settings it pulls on `initialized` are applied: documents
  // opened before that would be validated without them.
  client.notify('yaml/supportSchemaSelection', {});
  client.notify('initialized', {});
  await client.waitForNotification('yaml/schema/store/initialized', 1, DEADLINE_MS);
}, DEADLINE_MS + 10_000);

afterAll(async () => {
  await client?.stop();
});

describe('yaml-language-server with the rubric JSON Schema', () => {
  it.each(shipped)('%s: no diagnostics', async (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/rubric.schema.json');
    const uri = pathToFileURL(join(root, file)).href;
    expect(show(await diagnose(uri, text))).toEqual([]);
    // and the schema was applied (hover on `salesgrade:` shows its description), so "no
    // diagnostics" is not a schema that failed to load
    const line = text.split('\n').findIndex((l) => l.startsWith('salesgrade:'));
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line, character: 2 },
    });
    expect(JSON.stringify(hover?.contents)).toContain('The rubric format version');
  });

  it('test/fixtures/rubrics/valid/full.yaml (every section of the format), attached through yaml.schemas: no diagnostics', async () => {
    const file = join(root, 'test', 'fixtures', 'rubrics', 'valid', 'full.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/yaml-language-server/);
    const uri = pathToFileURL(file).href;
    expect(show(await diagnose(uri, text))).toEqual([]);
    const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    expect(JSON.stringify(hover?.contents)).toContain('The rubric format version');
  });

  it('the shipped samples are among them and use extends', () => {
    const samples = shipped.filter((f) => f.startsWith('samples/'));
    expect(samples.length).toBeGreaterThan(0);
    for (const f of samples) expect(readFileSync(join(root, f), 'utf8')).toMatch(/^extends: /m);
  });

  it('a typo in a KPI key (wieght) is flagged on its line', async () => {
    const { text, line } = breakAt(enInside, /\bweight:/, 'wieght:');
    const ds = await diagnose(brokenUri('typo.yaml'), text);
    expect(show(ds).join('\n')).toMatch(/wieght/);
    expect(ds.filter((d) => d.range.start.line === line && /wieght/.test(d.message))).toHaveLength(1);
  });

  it('a wrong enum value (period: fortnight) is flagged on its line, with the allowed values', async () => {
    const { text, line } = breakAt(enInside, /^period: .*$/m, 'period: fortnight');
    const ds = await diagnose(brokenUri('enum.yaml'), text);
    const onLine = ds.filter((d) => d.range.start.line === line);
    expect(show(ds)).toHaveLength(1);
    expect(onLine.map((d) => d.message).join('\n')).toMatch(/quarter/);
  });

  it('a rubric that extends: no missing-section errors, and a typo in a top-level key is still flagged', async () => {
    const text = 'salesgrade: 1\nextends: ../../../../rules/en-inside-sales.yaml\nname: Team West\ntier:\n  - id: x\n';
    const ds = await diagnose(brokenUri('extends-typo.yaml'), text);
    expect(show(ds)).toHaveLength(1);
    expect(ds[0]?.range.start.line).toBe(3);
    expect(ds[0]?.message).toMatch(/tier/);
    const clean = await diagnose(brokenUri('extends-clean.yaml'), 'salesgrade: 1\nextends: ../../../../rules/en-inside-sales.yaml\nname: Team West\n');
    expect(show(clean)).toEqual([]);
  });
});
