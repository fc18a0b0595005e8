import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/salesgrade.js', import.meta.url));

describe('stdout closed early (salesgrade … | head)', () => {
  it('ends quietly with exit 0, no EPIPE stack', () => {
    // `schema` prints a few hundred lines; head reads one and closes the pipe.
    const r = spawnSync('bash', ['-c', `node ${JSON.stringify(bin)} schema | head -n 1; exit \${PIPESTATUS[0]}`], {
      encoding: 'utf8',
    });
    expect(r.stdout.trim().length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.status).toBe(0);
  });
});
