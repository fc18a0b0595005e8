import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

test('schema prints the committed JSON Schema, and nothing on stderr', () => {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'salesgrade.js'), 'schema'], { cwd: root, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(readFileSync(join(root, 'schema', 'rubric.schema.json'), 'utf8'));
  const schema = JSON.parse(r.stdout) as { $schema: string; properties: { locale: { enum: string[] } } };
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  expect(schema.properties.locale.enum).toEqual(['zh-CN', 'en']);
});
