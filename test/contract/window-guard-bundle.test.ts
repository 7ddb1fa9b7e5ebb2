import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runAction } from '../support/run-action.js';

describe('dist/window-guard/index.js under Node 24, as the runner runs it', () => {
  it('open: exit 0 with every output and a summary with the week in the zone and in UTC', async () => {
    const run = await runAction('window-guard', {
      inputs: {
        timezone: 'Europe/Berlin',
        allow: 'Mon-Thu 09:00-17:00\nFri 09:00-12:00',
        at: '2026-11-26T10:00:00Z',
      },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      open: 'true',
      'next-open': '2026-11-26T10:00:00Z',
      'closes-at': '2026-11-26T16:00:00Z',
      blockers: '[]',
      overridden: 'false',
    });
    expect(run.outputs.reason).toMatch(/^open at Thu 2026-11-26 11:00/);
    expect(run.summary).toContain('## window-guard: 🟢 open');
    expect(run.summary).toContain('title Open periods in Europe/Berlin');
    expect(run.summary).toContain('title Open periods in UTC');
    expect(run.summary).toContain('2026-11-27 09:00, 2026-11-27 12:00'); // Friday, local
    expect(run.summary).toContain('2026-11-27 08:00, 2026-11-27 11:00'); // Friday, UTC
  });

  it('closed: exit 2, one error line, blockers and next-open in the outputs', async () => {
    const run = await runAction('window-guard', {
      inputs: { timezone: 'Europe/Berlin', deny: 'Fri 14:00-24:00', at: '2026-11-27T15:00:00Z' },
    });
    expect(run.code).toBe(2);
    expect(run.outputs.open).toBe('false');
    expect(run.outputs['next-open']).toBe('2026-11-27T23:00:00Z');
    expect(JSON.parse(run.outputs.blockers as string)).toEqual([
      { kind: 'deny', detail: 'deny Fri 14:00-24:00 (Europe/Berlin)' },
    ]);
    expect(run.visibleLines.filter((line) => line.startsWith('::error::'))).toHaveLength(1);
  });

  it('JP equinox holidays work in the bundle (its lean time-zone data) as in the sources', async () => {
    for (const day of ['2026-03-20', '2026-09-23']) {
      const run = await runAction('window-guard', {
        inputs: { timezone: 'Asia/Tokyo', holidays: 'JP', at: `${day}T01:00:00Z` },
      });
      expect(run.code).toBe(2);
      expect(run.outputs.blockers).toMatch(/Equinox Day/);
    }
  });

  it('reads the config file and iCalendar files from the workspace', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'hands-off-ws-'));
    mkdirSync(join(workspace, '.github'));
    copyFileSync(join(ROOT, 'test/fixtures/blackdays.ics'), join(workspace, '.github/blackdays.ics'));
    writeFileSync(
      join(workspace, '.github/hands-off.yml'),
      'defaults:\n  timezone: Europe/Berlin\n  calendars: [.github/blackdays.ics]\nenvironments:\n  production: {}\n',
    );
    const run = await runAction('window-guard', {
      workspace,
      inputs: { environment: 'production', at: '2026-12-25T10:00:00Z' },
    });
    expect(run.code).toBe(2);
    expect(run.outputs.blockers).toContain('Christmas BlackDays');
    const record = JSON.parse(readFileSync(run.decisionLogPath, 'utf8').trim());
    expect(record).toMatchObject({ step: 'window-guard', verdict: 'closed', exitCode: 2 });
  });

  it.each([
    ['timezone', 'Mars/Olympus'],
    ['allow', 'Mon 09:00-25:00'],
    ['deny', '2026-02-30'],
    ['holidays', 'XX'],
    ['calendars', 'missing.ics'],
    ['alarms', 'prefix:'],
    ['alarm-missing-data', 'maybe'],
    ['aws-region', 'mars-1'],
    ['at', 'tomorrow'],
    ['wait', '10'],
    ['mode', 'yolo'],
    ['config', 'nowhere.yml'],
    ['environment', 'production'],
  ])('bad %s=%j: exit 1, one line naming it, no stack trace, no outputs', async (input, value) => {
    const run = await runAction('window-guard', { inputs: { [input]: value } });
    expect(run.code).toBe(1);
    const errors = run.visibleLines.filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(`^::error::window-guard: input \`${input}\`: .+example of a valid value: `),
    );
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(run.outputs).toEqual({});
  });

  it('SIGINT while waiting: stops at once, writes outputs, exits non-zero', async () => {
    const started = Date.now();
    const run = await runAction('window-guard', {
      // A window opening in 30 minutes and a 1 h wait: the guard is certain to be waiting.
      inputs: { allow: windowOpeningIn(30 * 60_000), wait: '1h' },
      interruptAfterMs: 1500,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(2);
    expect(run.outputs.open).toBe('false');
    expect(run.outputs.reason).toMatch(/cancelled while waiting/);
  });

  it('wait: 99999999d exits 1 at once with one line naming the 7d maximum', async () => {
    const run = await runAction('window-guard', { inputs: { wait: '99999999d' } });
    expect(run.code).toBe(1);
    expect(run.visibleLines.filter((line) => line.startsWith('::error::'))).toEqual([
      '::error::window-guard: input `wait`: `99999999d` is longer than the maximum of 7d; ' +
        'example of a valid value: `90s`, `15m` or `1h30m` (at most `7d`)',
    ]);
  });

  it('a FIFO as a calendar exits 1 within seconds with one line naming `calendars` and the file', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'hands-off-ws-'));
    execFileSync('mkfifo', [join(workspace, 'blackdays.ics')]);
    const started = Date.now();
    const run = await runAction('window-guard', { workspace, inputs: { calendars: 'blackdays.ics' } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(1);
    expect(run.visibleLines.filter((line) => line.startsWith('::error::'))).toEqual([
      '::error::window-guard: input `calendars`: file `blackdays.ics` is not a regular file (a FIFO); ' +
        'example of a valid value: `.github/blackdays.ics`',
    ]);
  });
});

/** A one-minute weekly window (UTC) starting `ms` from now, so a guard run now is closed and waits. */
function windowOpeningIn(ms: number): string {
  const start = new Date(Date.now() + ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][start.getUTCDay()] as string;
  const minute = start.getUTCHours() * 60 + start.getUTCMinutes();
  const clock = (m: number): string =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${day} ${clock(minute)}-${clock(minute + 1)}`;
}
