import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ExitCode,
  bakeStep,
  deployStep,
  rollbackStep,
  runStep,
  saveHostHistory,
  windowGuardStep,
  type Exec,
  type Step,
} from '@hands-off/core';
import { createCliRuntime } from '@hands-off/runtime-cli';
import { startDemoFleet } from './demo-fleet.js';

type Writer = { out: (text: string) => void; err: (text: string) => void };

/**
 * `hands-off demo [--good]`: the whole stage on one machine, no cloud account. A fleet of four
 * loopback servers serves v1; window-guard opens, one-box-deploy puts v2 on the first box,
 * bake-and-watch probes it; v2 answers errors, so the bake is unhealthy and rollback returns the
 * box to v1. With --good, v2 is healthy and the rest of the fleet follows in batches.
 */
export async function runDemo(args: readonly string[], write: Writer): Promise<number> {
  const good = args.includes('--good');
  const unknown = args.filter((a) => a !== '--good');
  if (unknown.length > 0) {
    write.err(`error: demo: unknown option ${unknown[0]} (demo takes only --good)\n`);
    return ExitCode.Error;
  }
  const fleet = await startDemoFleet(4, new Set(good ? [] : ['v2']));
  // The demo's deploy and health commands act on the fleet in-process; everything else is real.
  const exec: Exec = async (file, _args, options) => {
    const host = options.env.HANDS_OFF_HOST ?? '';
    const revision = options.env.HANDS_OFF_REVISION ?? '';
    if (file === 'demo-deploy') {
      await fleet.install(host, revision);
      return { exitCode: 0, output: `installed ${revision} on ${host}` };
    }
    return { exitCode: 127, output: `${file}: not a demo command` };
  };
  const workspace = mkdtempSync(join(tmpdir(), 'hands-off-demo-'));
  const env = { CI_PROJECT_DIR: workspace, HANDS_OFF_OUTPUT_DIR: join(workspace, 'hands-off') };
  const box = fleet.hosts[0] as string;
  // The fleet already runs v1, released earlier: that is what the state file remembers.
  const at = new Date().toISOString();
  await saveHostHistory(join(workspace, '.hands-off/command-target.json'), {
    version: 1,
    hosts: Object.fromEntries(fleet.hosts.map((host) => [host, { revision: 'v1', at }])),
    deployments: [
      { id: 'cmd-v1-release', revision: 'v1', stage: 'fleet', status: 'Succeeded', hosts: fleet.hosts, at },
    ],
  });
  const common = { target: 'command', hosts: fleet.hosts.join('\n'), 'deploy-command': 'demo-deploy' };
  const controller = new AbortController();
  const run = async (title: string, step: Step, flags: Record<string, string>): Promise<number> => {
    write.out(`\n━━ ${title}\n`);
    const runtime = createCliRuntime(
      step.name,
      new Map(Object.entries(flags)),
      env,
      controller.signal,
      write,
    );
    const code = await runStep(step, runtime);
    runtime.finish();
    return code;
  };
  const show = async (when: string): Promise<void> =>
    write.out(`fleet ${when}: ${(await fleet.snapshot()).join(' ')}\n`);

  try {
    write.out(
      `hands-off demo${good ? ' --good' : ''}: a fleet of 4 hosts on loopback, v2 is ${good ? 'good' : 'broken'}\n`,
    );
    await show('before');
    if ((await run('1/4 window-guard', windowGuardStep(), { timezone: 'UTC' })) !== ExitCode.Ok)
      return ExitCode.Refused;
    const deploy = (): Step => deployStep({ exec, commandEnv: {} });
    if (
      (await run('2/4 one-box-deploy v2', deploy(), { ...common, revision: 'v2', stage: 'one-box' })) !==
      ExitCode.Ok
    ) {
      return ExitCode.Refused;
    }
    await show('after the one box');
    const baked = await run('3/4 bake-and-watch the box', bakeStep(), {
      duration: '4s',
      'poll-interval': '1s',
      probes: `GET http://${box}/ 200 <500ms`,
    });
    if (baked !== ExitCode.Ok) {
      await run('4/4 rollback the box', rollbackStep({ exec, commandEnv: {} }), {
        ...common,
        reason: 'one-box bake unhealthy',
      });
      await show('after the rollback');
      printDecisionLog(env.HANDS_OFF_OUTPUT_DIR, write);
      write.out('\nThe bad release never got past one box.\n');
      return ExitCode.Ok;
    }
    await run('4/4 one-box-deploy v2 to the fleet', deploy(), { ...common, revision: 'v2', stage: 'fleet' });
    await show('after the fleet');
    printDecisionLog(env.HANDS_OFF_OUTPUT_DIR, write);
    write.out('\nv2 is on every host.\n');
    return ExitCode.Ok;
  } finally {
    await fleet.stop();
  }
}

/** Prints the decision log as CI would keep it: one record per step, with its verdict and reason. */
function printDecisionLog(dir: string, write: Writer): void {
  const path = join(dir, 'decision-log.jsonl');
  write.out(`\n━━ decision log (${path})\n`);
  for (const line of readFileSync(path, 'utf8').trim().split('\n')) {
    const record = JSON.parse(line) as { step: string; verdict: string; reason: string; exitCode: number };
    write.out(
      `${record.step.padEnd(15)} ${record.verdict.padEnd(10)} exit ${record.exitCode}  ${record.reason}\n`,
    );
  }
}
