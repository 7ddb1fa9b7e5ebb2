import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@hands-off/cli';

async function cli(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hands-off-cli-'));
  let out = '';
  let err = '';
  const code = await runCli(
    args,
    { CI_PROJECT_DIR: dir, ...env },
    { out: (t) => (out += t), err: (t) => (err += t) },
  );
  return { code, out, err, dir };
}

describe('hands-off CLI', () => {
  it('reads repeated flags as one line each, like a multi-line input', async () => {
    const run = await cli([
      'window-guard',
      '--allow',
      'Mon 09:00-10:00',
      '--allow=Fri 09:00-12:00',
      '--at',
      '2026-11-27T10:00:00Z',
    ]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('closes-at=2026-11-27T12:00:00Z');
  });

  it('reads HANDS_OFF_<INPUT> variables (hyphens as underscores); a flag wins over a variable', async () => {
    const run = await cli(['window-guard', '--mode', 'dry-run'], {
      HANDS_OFF_ALLOW: 'Mon 09:00-10:00',
      HANDS_OFF_AT: '2026-11-27T10:00:00Z',
      HANDS_OFF_MODE: 'enforce',
      HANDS_OFF_ALARM_MISSING_DATA: 'ignore',
    });
    expect(run.code).toBe(0); // dry-run from the flag, though closed
    expect(run.out).toContain('open=false');
  });

  it('writes the dotenv report with the step prefix, or --output-prefix, single-line values only', async () => {
    const run = await cli(['window-guard', '--at', '2026-11-27T10:00:00Z', '--output-prefix', 'GUARD_EU']);
    const report = readFileSync(join(run.dir, 'hands-off/window-guard.env'), 'utf8');
    expect(report).toMatch(/^GUARD_EU_OPEN=true$/m);
    expect(report).toMatch(/^GUARD_EU_DECISION_LOG=hands-off\/decision-log\.jsonl$/m);
    for (const line of report.trim().split('\n')) expect(line).toMatch(/^[A-Z0-9_]+=[^\n]*$/);
    const plain = await cli(['window-guard', '--at', '2026-11-27T10:00:00Z']);
    expect(readFileSync(join(plain.dir, 'hands-off/window-guard.env'), 'utf8')).toMatch(
      /^WINDOW_GUARD_OPEN=true$/m,
    );
  });

  it('refuses an unknown flag with one line listing the options, exit 1', async () => {
    const run = await cli(['window-guard', '--alow', 'Mon 09:00-10:00']);
    expect(run.code).toBe(1);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toMatch(/input `--alow`: is not an option of this step \(options: .*--allow/);
  });

  it('lists `--github-token --mode` in an unknown-flag error: a flag name is not a secret (issue 8)', async () => {
    const run = await cli(['rollback', '--revison', 'v2']);
    expect(run.code).toBe(1);
    expect(run.err).toContain('--state-file --github-token --mode --output-dir');
    expect(run.err).not.toContain('***');
  });

  it('never prints a credential given on the command line, even when echoing an unknown step', async () => {
    const run = await cli(['https://deployer:pw-hunter22@example.com/?token=tok-hunter33']);
    expect(run.code).toBe(1);
    expect(run.err).toContain('https://***@example.com/?token=***');
    expect(run.err).not.toMatch(/hunter22|hunter33/);
  });

  it('refuses an unknown step, and prints usage without one', async () => {
    expect((await cli(['window-gaurd'])).err).toMatch(
      /`window-gaurd` is not a hands-off step \(steps: bake-and-watch, one-box-deploy, rollback, window-guard\)/,
    );
    const usage = await cli([]);
    expect(usage.code).toBe(1);
    expect(usage.out).toMatch(/^usage: hands-off <step>/);
  });

  it('under GitLab, wraps groups in collapsible sections and colours errors', async () => {
    const run = await cli(['window-guard', '--deny', '2020-01-01..2060-01-01'], { GITLAB_CI: 'true' });
    expect(run.code).toBe(2);
    expect(run.err).toContain('\x1b[31merror\x1b[0m: window-guard: closed');
  });
});
