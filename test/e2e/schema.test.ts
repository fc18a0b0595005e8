import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot as root, run } from './evaluate-helpers.js';

test('schema prints the committed JSON Schema, and nothing on stderr', () => {
  // in-process (the binary itself: smoke.test.ts)
  const r = run(root, ['schema']);
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(readFileSync(join(root, 'schema', 'rubric.schema.json'), 'utf8'));
  const schema = JSON.parse(r.stdout) as { $schema: string; properties: { locale: { enum: string[] } } };
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  expect(schema.properties.locale.enum).toEqual(['zh-CN', 'en']);
});
