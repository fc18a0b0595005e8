// Item 18 of issue 10: Ctrl-C or SIGTERM during the workbook write left a hidden `.tmp` file beside
// the output that later runs never removed. An interrupted run now removes its temp file and dies of
// the signal; a later write removes stale temp files of our own naming (process gone, or over a day
// old) and nothing else.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isOurTempName, removeStaleTempFiles } from '../../src/io/temp-files.js';
import { repoRoot, run, workdir, ownerDateAmountRubric } from './evaluate-helpers.js';

const bin = join(repoRoot, 'bin', 'salesgrade.js');
let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());
beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) throw new Error('run npm run build first');
});

const RUBRIC = ownerDateAmountRubric('Interrupt');

function data(reps: number): string {
  const out = ['Owner,Date,Amount'];
  for (let i = 0; i < reps; i++) out.push(`rep${i},2026-07-${String(1 + (i % 28)).padStart(2, '0')},${(i % 997) + 1}`);
  return `${out.join('\n')}\n`;
}

const tmpFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

/** Starts a workbook write, waits for its temp file to appear, sends `signal`; resolves with how it ended. */
function interruptDuringWrite(dir: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; sawTmp: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'evaluate', 'd.csv', '-w', 'out.xlsx', '-q'], { cwd: dir, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    let sawTmp = false;
    const timer = setInterval(() => {
      if (!sawTmp && tmpFiles(dir).length > 0) {
        sawTmp = true;
        child.kill(signal);
      }
    }, 5);
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      clearInterval(timer);
      resolve({ code, signal: sig, sawTmp });
    });
  });
}

describe('an interrupted workbook write leaves nothing behind', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s while the workbook is written: temp file removed, no workbook, killed by the signal', async (signal) => {
    w = workdir({ 'salesgrade.yaml': RUBRIC, 'd.csv': data(1_500) });
    const r = await interruptDuringWrite(w.dir, signal);
    expect(r.sawTmp).toBe(true);
    expect(r.signal).toBe(signal);
    expect(readdirSync(w.dir).sort()).toEqual(['d.csv', 'salesgrade.yaml']);
  }, 120_000);
});

describe('stale temp files of our naming are removed by the next write, nothing else', () => {
  it('process gone or over a day old: removed; live and recent, other names, links and folders: kept', async () => {
    w = workdir({ 'salesgrade.yaml': RUBRIC, 'd.csv': data(3) });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout.trim();
    const live = String(process.pid);
    const names = {
      deadPid: `.out.xlsx.${dead}.0123abcd.tmp`,
      liveRecent: `.out.xlsx.${live}.0123abcd.tmp`,
      liveOld: `.other.xlsx.${live}.89abcdef.tmp`,
      notOurs: '.out.xlsx.tmp',
      notOurs2: `.out.xlsx.${dead}.XYZ.tmp`,
      folder: `.dir.xlsx.${dead}.0123abcd.tmp`,
      link: `.link.xlsx.${dead}.0123abcd.tmp`,
    };
    for (const n of [names.deadPid, names.liveRecent, names.liveOld, names.notOurs, names.notOurs2]) writeFileSync(join(w.dir, n), 'x');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(join(w.dir, names.liveOld), twoDaysAgo, twoDaysAgo);
    mkdirSync(join(w.dir, names.folder));
    symlinkSync(join(w.dir, 'd.csv'), join(w.dir, names.link));

    const r = run(w.dir, ['evaluate', 'd.csv', '-w', 'out.xlsx', '-q']);
    expect(r.status).toBe(0);
    const left = readdirSync(w.dir);
    expect(left).not.toContain(names.deadPid);
    expect(left).not.toContain(names.liveOld);
    for (const kept of [names.liveRecent, names.notOurs, names.notOurs2, names.folder, names.link, 'out.xlsx', 'd.csv']) expect(left).toContain(kept);
  });

  it('the naming is exactly ours', () => {
    expect(isOurTempName('.q3.salesgrade.xlsx.12345.deadbeef.tmp')).toBe(true);
    expect(isOurTempName('q3.salesgrade.xlsx.12345.deadbeef.tmp')).toBe(false);
    expect(isOurTempName('.x.12345.DEADBEEF.tmp')).toBe(false);
    expect(isOurTempName('.x.deadbeef.tmp')).toBe(false);
  });

  it('a folder that cannot be listed is not an error', async () => {
    expect(await removeStaleTempFiles('/nonexistent/folder')).toEqual([]);
  });
});
