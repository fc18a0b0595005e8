import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseRevisionPath } from '../../../src/io/git-files.js';

describe('parseRevisionPath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-rev-'));
  writeFileSync(join(dir, 'odd:name.yaml'), 'salesgrade: 1\n');
  test.each([
    ['HEAD~1:rules/x.yaml', { rev: 'HEAD~1', path: 'rules/x.yaml' }],
    ['main:rules/x.yaml', { rev: 'main', path: 'rules/x.yaml' }],
    ['origin/main:./x.yaml', { rev: 'origin/main', path: './x.yaml' }],
    ['a1b2c3d:x.yaml', { rev: 'a1b2c3d', path: 'x.yaml' }],
    ['rules/x.yaml', undefined],
    ['C:\\rules\\x.yaml', undefined],
    ['C:/rules/x.yaml', undefined],
    [':x.yaml', undefined],
    ['main:', undefined],
    ['odd:name.yaml', undefined], // an existing file is a file, colon or not
  ])('%s', (arg, want) => expect(parseRevisionPath(arg, dir)).toEqual(want));
});
