import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    expect(run.err).toContain('--expect-builder --github-token --mode --output-dir');
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
      /`window-gaurd` is not a hands-off step \(steps: bake-and-watch, build-signature, code-review-checklist, one-box-deploy, rollback, stage, window-guard\)/,
    );
    // Names of Object.prototype's members are not steps (`toString` crashed with step.inputs undefined).
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const refused = await cli([name]);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(new RegExp(`\`${name}\` is not a hands-off step`));
      expect((await cli(['help', name])).out).toMatch(/^usage: hands-off <step>/);
    }
    const usage = await cli([]);
    expect(usage.code).toBe(1);
    expect(usage.out).toMatch(/^usage: hands-off <step>/);
  });

  it('under GitLab, wraps groups in collapsible sections and colours errors', async () => {
    const run = await cli(['window-guard', '--deny', '2020-01-01..2060-01-01'], { GITLAB_CI: 'true' });
    expect(run.code).toBe(2);
    expect(run.err).toContain('\x1b[31merror\x1b[0m: window-guard: closed');
  });

  it('reads flags with parseArgs: `--flag=value`, a value starting with `-` only after `=`, no positional words', async () => {
    const guard = await cli(['window-guard', '--at=2026-11-27T10:00:00Z', '--allow=Fri 09:00-12:00']);
    expect(guard.code).toBe(0);
    const cases: [string[], RegExp][] = [
      [
        ['rollback', '--to'],
        /^error: rollback: input `to`: `--to` needs a value; example of a valid value: `--to v1`$/,
      ],
      [
        ['rollback', '--reason', '-x'],
        /^error: rollback: input `reason`: `--reason` is followed by `-x`, another flag, not its value \(a value that starts with `-` is written `--reason=<value>`\); example of a valid value: `--reason 'one-box bake unhealthy'`$/,
      ],
      [
        // A PEM key after `--key` looks like a flag; not one character of it is shown.
        ['build-signature', '--key', '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGuWwgv0Fv1\n'],
        /^error: build-signature: input `key`: `--key` is followed by a value starting with `-` \(not shown: a secret input\), another flag, not its value \(a value that starts with `-` is written `--key=<value>`\); example of a valid value: `--key \$RELEASE_SIGNING_KEY`$/,
      ],
      [
        ['window-guard', 'Mon 09:00-10:00'],
        /^error: window-guard: input `arguments`: `Mon 09:00-10:00` is not a --flag .*; example of a valid value: `--timezone Europe\/Berlin`$/,
      ],
      [
        ['window-guard', '-x'],
        /^error: window-guard: input `-x`: is not an option of this step \(options: --config /,
      ],
      [
        ['window-guard', '--timezon', 'UTC'],
        /; perhaps `--timezone`; example of a valid value: `--timezone Europe\/Berlin`$/,
      ],
    ];
    for (const [args, line] of cases) {
      const run = await cli(args);
      expect({ args, code: run.code, lines: run.err.trim().split('\n').length }).toEqual({
        args,
        code: 1,
        lines: 1,
      });
      expect(run.err.trim()).toMatch(line);
      expect(run.err).not.toMatch(/\bat \S+:\d+|ERR_PARSE_ARGS/);
    }
  });
});

describe('the dotenv report after a bad input', () => {
  it('has no line that is not KEY=value: GitLab rejects an empty line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hands-off-cli-'));
    // A report an earlier run left in the same directory is replaced, not kept.
    const report = join(dir, 'hands-off/window-guard.env');
    await runCli(
      ['window-guard', '--at', '2026-11-27T10:00:00Z'],
      { CI_PROJECT_DIR: dir },
      { out: () => {}, err: () => {} },
    );
    expect(readFileSync(report, 'utf8')).toMatch(/^WINDOW_GUARD_OPEN=true$/m);
    let err = '';
    const code = await runCli(
      ['window-guard', '--timezone', 'Mars/Olympus'],
      { CI_PROJECT_DIR: dir },
      { out: () => {}, err: (t) => (err += t) },
    );
    expect(code).toBe(1);
    expect(err).toMatch(/input `timezone`/);
    const text = existsSync(report) ? readFileSync(report, 'utf8') : '';
    for (const line of text.split('\n').slice(0, -1)) expect(line).toMatch(/^[A-Z][A-Z0-9_]*=/);
    expect(text).not.toMatch(/^$\n/m);
    expect(text).not.toContain('WINDOW_GUARD_OPEN');
  });
});

describe('the CodeDeploy region through the CLI', () => {
  const names = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_CONFIG_FILE'] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('with no region anywhere, rollback and one-box-deploy say `aws-region` is needed in one line, exit 1', async () => {
    for (const name of names) delete process.env[name];
    const config = join(mkdtempSync(join(tmpdir(), 'no-aws-config-')), 'config');
    writeFileSync(config, '[default]\noutput = json\n');
    process.env.AWS_CONFIG_FILE = config;
    for (const args of [
      ['rollback', '--application', 'shop', '--deployment-group', 'shop-onebox'],
      [
        'one-box-deploy',
        '--application',
        'shop',
        '--deployment-group',
        'shop-onebox',
        '--revision',
        's3://b/v2.zip',
      ],
    ]) {
      const run = await cli(args);
      expect(run.code).toBe(1);
      expect(run.err.trim().split('\n')).toHaveLength(1);
      expect(run.err).toContain(
        `error: ${args[0]}: input \`aws-region\`: is needed with \`target: codedeploy\``,
      );
      expect(run.err).toContain('example of a valid value: `aws-region: eu-west-1`');
      expect(run.err).not.toMatch(/unexpected failure|Region is missing/);
    }
  });

  it('takes AWS_DEFAULT_REGION from the environment the CLI runs in', async () => {
    for (const name of names) delete process.env[name];
    process.env.AWS_CONFIG_FILE = join(mkdtempSync(join(tmpdir(), 'no-aws-config-')), 'config');
    const run = await cli(
      [
        'one-box-deploy',
        '--application',
        'shop',
        '--deployment-group',
        'g',
        '--revision',
        's3://b/v2.zip',
        '--mode',
        'dry-run',
      ],
      { AWS_DEFAULT_REGION: 'eu-north-1' },
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('one-box-deploy (dry-run, nothing changed): s3://b/v2.zip to shop/g');
  });
});
