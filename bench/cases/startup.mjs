// Start-up: the commands that must stay instant (lazy imports). The baseline is Node starting and
// exiting, for scale; the bars are absolute.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../lib/data.mjs';

export default [
  {
    id: 'version',
    title: 'salesgrade --version',
    setup: async () => ({ salesgrade: ['--version'], baseline: { label: 'node -e 0 (Node start-up alone)', node: ['-e', '0'] } }),
    bar: { secs: 0.15 },
    runs: 7,
  },
  {
    id: 'check-one',
    title: 'salesgrade check, one rubric',
    setup: async () => {
      mkdirSync(DATA_DIR, { recursive: true });
      const rubric = join(DATA_DIR, 'check-one.yaml');
      copyFileSync(join('rules', 'zh-CN-field-sales.yaml'), rubric);
      return { salesgrade: ['check', rubric], baseline: { label: 'node -e 0 (Node start-up alone)', node: ['-e', '0'] } };
    },
    bar: { secs: 0.35 },
    runs: 7,
  },
];
