import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from './evaluate-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const preset = (name: string) =>
  readFileSync(join(root, 'rules', `${name}.yaml`), 'utf8').replace('$schema=../schema/rubric.schema.json', '$schema=./rubric.schema.json');

describe('init', () => {
  test('the $schema it writes resolves: the schema file beside the rubric, the one salesgrade schema prints (issue 16)', () => {
    const d = mkdtempSync(join(tmpdir(), 'sg-init-'));
    mkdirSync(join(d, 'team'));
    expect(run(d, ['init', '--locale', 'en', '-o', 'team/rubric.yaml']).status).toBe(0);
    const text = readFileSync(join(d, 'team', 'rubric.yaml'), 'utf8');
    const ref = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1];
    expect(ref).toBe('./rubric.schema.json');
    expect(readFileSync(join(d, 'team', ref!), 'utf8')).toBe(run(d, ['schema']).stdout);
    // a second rubric beside it keeps the (identical) schema; a missing folder is one clean line
    expect(run(d, ['init', '-o', 'team/other.yaml']).status).toBe(0);
    expect(run(d, ['init', '-o', 'nope/x.yaml'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'salesgrade: nope/x.yaml: cannot write the rubric: the folder does not exist (choose another path with -o)\n',
    });
  });

  test('writes the zh-CN preset by default, which then checks clean', () => {
    const d = mkdtempSync(join(tmpdir(), 'sg-init-'));
    const r = run(d, ['init']);
    expect(r).toEqual({
      status: 0,
      stdout: '',
      stderr:
        'wrote salesgrade.yaml from the zh-CN-field-sales preset; next: salesgrade check salesgrade.yaml\nwrote rubric.schema.json: the JSON Schema the editor reads (# yaml-language-server line at the top)\n',
    });
    expect(readFileSync(join(d, 'salesgrade.yaml'), 'utf8')).toBe(preset('zh-CN-field-sales'));
    expect(run(d, ['check']).status).toBe(0);
  });

  test('--locale en picks the English preset; --template and -o choose explicitly', () => {
    const d = mkdtempSync(join(tmpdir(), 'sg-init-'));
    expect(run(d, ['init', '--locale', 'en']).status).toBe(0);
    expect(readFileSync(join(d, 'salesgrade.yaml'), 'utf8')).toBe(preset('en-inside-sales'));
    expect(run(d, ['init', '--template', 'managers', '-o', 'team.yaml']).status).toBe(0);
    expect(readFileSync(join(d, 'team.yaml'), 'utf8')).toBe(preset('managers'));
  });

  test('never overwrites without --force', () => {
    const d = mkdtempSync(join(tmpdir(), 'sg-init-'));
    writeFileSync(join(d, 'salesgrade.yaml'), 'mine\n');
    expect(run(d, ['init'])).toEqual({ status: 2, stdout: '', stderr: 'salesgrade: salesgrade.yaml already exists (pass --force to overwrite it)\n' });
    expect(readFileSync(join(d, 'salesgrade.yaml'), 'utf8')).toBe('mine\n');
    expect(run(d, ['init', '--force']).status).toBe(0);
    expect(readFileSync(join(d, 'salesgrade.yaml'), 'utf8')).toBe(preset('zh-CN-field-sales'));
  });

  test('an unknown template is a usage error listing the presets', () => {
    const d = mkdtempSync(join(tmpdir(), 'sg-init-'));
    expect(run(d, ['init', '--template', 'nope'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'salesgrade: --template: no preset "nope" (available: en-inside-sales, managers, zh-CN-field-sales)\n',
    });
  });
});
