// A new contributor clones the repository on a machine with nothing beside it and runs the README's
// test command. This sets that up in a temporary directory: a clone of the last commit, `npm ci`,
// then the suites that read files (schemas, fixtures, docs, the GitLab catalog pipeline) run there
// and must find everything inside the clone. The whole suite runs that way in `.ci/run`; this test
// keeps the promise visible in `npm test` and names the file that reaches outside when it breaks.
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { requireTool } from '../support/require-tool.js';

const ROOT = new URL('../..', import.meta.url).pathname;
/** The suites that read schemas, fixtures and the repository's own files. */
const FILE_READING_SUITES = [
  'test/schemas',
  'test/docs/readme.test.ts',
  'test/gitlab/catalog-pipeline.test.ts',
];
/** The sibling directory the project's notes live in on the team's machines; a clone has none. */
const OUTSIDE = ['..', 'shared', ''].join('/');

function run(command: string, args: string[], cwd: string, timeoutMs: number) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CI: 'true', FORCE_COLOR: '0' },
  });
  return {
    status: result.status,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
    error: result.error,
  };
}

describe('a fresh clone with nothing beside it', () => {
  test('installs with npm ci and passes the suites that read files, from inside the clone only', () => {
    requireTool('git', ['--version'], 'apt-get install git');
    const parent = mkdtempSync(join(tmpdir(), 'hands-off-fresh-'));
    const clone = join(parent, 'hands-off');
    try {
      const cloned = run('git', ['clone', '-q', '--no-local', ROOT, clone], parent, 120_000);
      expect(cloned.status).toBe(0);
      // Nothing beside the clone: no ../shared, no sibling checkout.
      expect(readdirSync(parent)).toEqual(['hands-off']);

      // Every file the tests read is tracked: a committed file never names a path outside the clone.
      const tracked = run('git', ['ls-files'], clone, 60_000).output.split('\n').filter(Boolean);
      const reachingOutside = tracked.filter(
        (path) =>
          /\.(ts|mjs|js|json|ya?ml)$/.test(path) &&
          !path.startsWith('dist/') &&
          readFileSync(join(clone, path), 'utf8').includes(OUTSIDE),
      );
      expect(reachingOutside).toEqual([]);

      const installed = run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], clone, 600_000);
      if (installed.status !== 0) throw new Error(`npm ci failed in the fresh clone:\n${installed.output}`);

      const tested = run(
        process.execPath,
        ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...FILE_READING_SUITES],
        clone,
        600_000,
      );
      const summary = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/m.exec(tested.output);
      if (!summary || tested.status !== 0)
        throw new Error(`the tests failed in the fresh clone:\n${tested.output}`);
      expect(Number(summary[2])).toBe(0);
      expect(summary[3]).toBeUndefined();
      // Every suite ran: jest reports each one as passed.
      for (const suite of FILE_READING_SUITES) expect(tested.output).toMatch(new RegExp(`PASS ${suite}`));
      expect(Number(summary[1])).toBeGreaterThan(0);
      expect(existsSync(join(dirname(clone), 'shared'))).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 1_200_000);
});
