import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/salesgrade.js', import.meta.url));

describe('stdout closed early (salesgrade … | head)', () => {
  it('ends quietly with exit 0, no EPIPE stack', () => {
    // The sample's JSON result is ~160 KB, well past a pipe buffer (64 KB): head reads one line and
    // closes the pipe while salesgrade is still writing.
    const cmd = `node ${JSON.stringify(bin)} evaluate samples/east-china-2026.xlsx -r samples/salesgrade.yaml --no-workbook -f json -q`;
    const r = spawnSync('bash', ['-c', `${cmd} | head -n 1; exit \${PIPESTATUS[0]}`], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    expect(r.stdout.trim().length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.status).toBe(0);
  });
});
