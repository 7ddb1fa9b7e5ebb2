import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  DECISION_LOG_FILE,
  ExitCode,
  bakeStep,
  buildSignatureStep,
  deployStep,
  quoteValue,
  rollbackStep,
  runStep,
  saveHostHistory,
  windowGuardStep,
  type DecisionRecord,
  type Exec,
  type Step,
} from '@hands-off/core';
import { asksForHelp, createCliRuntime } from '@hands-off/runtime-cli';
import { startDemoFleet, type HostView } from './demo-fleet.js';

type Writer = { out: (text: string) => void; err: (text: string) => void };

/** How long the demo bakes the one box, and the status its probe expects. */
const BAKE_SECONDS = 4;
const PROBE_STATUS = 200;

/** `hands-off demo --help`. */
const DEMO_USAGE = `usage: hands-off demo [--good] [--verbose]

Runs the whole stage on one machine, no cloud account: four hosts on loopback serve v1;
window-guard opens, build-signature signs v2's build with a throwaway key, one-box-deploy
verifies that signature and puts v2 on the first host, bake-and-watch probes it for
${BAKE_SECONDS} s. v2 answers HTTP 500, so the bake is unhealthy and rollback puts v1 back on that host:
the bad release never gets past one box. Then it prints what happened, as a report to share.

  --good      v2 is healthy: the bake passes and the rest of the fleet gets v2 in batches
  --verbose   also print each step's log and outputs, as a CI job shows them
  -h, --help  show this help
`;

/** What the demo keeps of one step's run. */
interface StepRun {
  code: number;
  outputs: Map<string, string>;
  /** The step's decision-log record; undefined when it stopped before deciding (a bad input). */
  record: DecisionRecord | undefined;
  ms: number;
}

/**
 * `hands-off demo [--good] [--verbose]`: the whole stage on one machine, no cloud account. A fleet
 * of four loopback servers serves v1; window-guard opens, one-box-deploy puts v2 on the first box,
 * bake-and-watch probes it; v2 answers errors, so the bake is unhealthy and rollback returns the
 * box to v1. With --good, v2 is healthy and the rest of the fleet follows in batches. It prints a
 * report line or two per step and a summary of what happened; --verbose adds the steps' own logs.
 */
export async function runDemo(args: readonly string[], write: Writer): Promise<number> {
  if (asksForHelp(args)) {
    write.out(DEMO_USAGE);
    return ExitCode.Ok;
  }
  let options: { good: boolean; verbose: boolean };
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { good: { type: 'boolean' }, verbose: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    options = { good: values.good === true, verbose: values.verbose === true };
  } catch {
    const wrong = args.find((arg) => !['--good', '--verbose'].includes(arg)) ?? args[0] ?? '';
    write.err(
      `error: demo: input ${quoteValue(wrong)}: is not an option of the demo (options: --good --verbose --help); ` +
        'example of a valid value: `--good`\n',
    );
    return ExitCode.Error;
  }
  const { good, verbose } = options;

  const fleet = await startDemoFleet(4, new Set(good ? [] : ['v2']));
  // The demo's deploy command acts on the fleet in-process; everything else is real.
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
  const logPath = join(env.HANDS_OFF_OUTPUT_DIR, DECISION_LOG_FILE);
  const box = fleet.hosts[0] as string;
  const boxName = fleet.nameOf(box);
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

  /**
   * Runs a step the way `hands-off <step>` does. Its log is shown only with --verbose; its error
   * lines go to stderr only when its exit code is not one the demo stages (`expected`), since an
   * unhealthy bake of the broken v2 is the story, not a failure of the demo.
   */
  const run = async (
    title: string,
    step: Step,
    flags: Record<string, string>,
    expected: readonly number[] = [ExitCode.Ok],
  ): Promise<StepRun> => {
    write.out(`\n━━ ${title}\n`);
    const errors: string[] = [];
    const stepWrite: Writer = {
      out: (text) => verbose && write.out(indent(text)),
      err: (text) => errors.push(text),
    };
    const before = readRecords(logPath).length;
    const runtime = createCliRuntime(
      step.name,
      new Map(Object.entries(flags)),
      env,
      controller.signal,
      stepWrite,
    );
    const started = performance.now();
    const code = await runStep(step, runtime);
    const ms = performance.now() - started;
    const { outputs } = runtime.finish();
    const staged = expected.includes(code);
    for (const line of errors) {
      if (!staged) write.err(line);
      else if (verbose) write.out(indent(line));
    }
    const records = readRecords(logPath);
    return { code, outputs, record: records.length > before ? records.at(-1) : undefined, ms };
  };
  const showFleet = async (): Promise<HostView[]> => {
    const view = await fleet.snapshot();
    write.out(`fleet: ${view.map(describeHost).join(' · ')}\n`);
    return view;
  };
  const stopped = (code: number): number => {
    write.out(`\nThe demo stopped early; the decision log is ${logPath}\n`);
    return code === ExitCode.Ok ? ExitCode.Error : code;
  };

  try {
    write.out(
      `hands-off demo: ${fleet.hosts.length} hosts on loopback serve v1; the release v2 is ` +
        `${good ? 'good' : 'broken (it answers HTTP 500)'}\n`,
    );
    write.out(`${fleet.hosts.map((host) => `${fleet.nameOf(host)} = ${host}`).join(' · ')}\n`);
    await showFleet();

    const guard = await run('1/5 window-guard: may a deployment start now?', windowGuardStep(), {
      timezone: 'UTC',
    });
    if (guard.code !== ExitCode.Ok) return stopped(guard.code);
    write.out(
      `window-guard: ${guard.outputs.get('reason') ?? 'open'} (the demo sets no windows or alarms)\n`,
    );

    // The build of v2, signed with a key that lives only in this process: a real pipeline signs
    // in its build job with a key from a secret (or KMS), and deploys only what verifies.
    mkdirSync(join(workspace, 'build'), { recursive: true });
    writeFileSync(join(workspace, 'build/shop-v2.tar.gz'), `shop v2 (${good ? 'good' : 'broken'})\n`);
    const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signed = await run("2/5 build-signature: sign v2's build", buildSignatureStep(), {
      'subject-path': 'build/shop-v2.tar.gz',
      key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    if (signed.code !== ExitCode.Ok) return stopped(signed.code);
    const keyId = (signed.outputs.get('public-key-id') ?? '').slice(0, 12);
    write.out(
      `build-signature: build/shop-v2.tar.gz is ${signed.outputs.get('digest') ?? ''}, signed by key ${keyId}…\n`,
    );
    const verified = {
      artifact: 'build/shop-v2.tar.gz',
      bundle: signed.outputs.get('bundle-path') ?? '',
      'public-key': keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };

    const deploy = (): Step => deployStep({ exec, commandEnv: {} });
    const onebox = await run(`3/5 one-box-deploy: verify v2, then v2 to the one box, ${boxName}`, deploy(), {
      ...common,
      ...verified,
      revision: 'v2',
      stage: 'one-box',
    });
    if (onebox.code !== ExitCode.Ok) return stopped(onebox.code);
    write.out(
      `one-box-deploy: signature verified (key ${keyId}…); v2 on ${boxName} in ${formatMs(outcomeMs(onebox))}; ` +
        'the other hosts stay on v1\n',
    );
    await showFleet();

    const probe = `GET http://${box}/`;
    const baked = await run(
      `4/5 bake-and-watch: probe ${boxName} for ${BAKE_SECONDS} s`,
      bakeStep(),
      { duration: `${BAKE_SECONDS}s`, 'poll-interval': '1s', probes: `${probe} ${PROBE_STATUS} <500ms` },
      [ExitCode.Ok, ExitCode.Refused],
    );
    if (baked.code !== ExitCode.Ok && baked.code !== ExitCode.Refused) return stopped(baked.code);
    const bakeLine = describeBake(baked, probe, boxName);
    write.out(`${bakeLine}\n`);

    if (baked.code !== ExitCode.Ok) {
      const back = await run(
        `5/5 rollback: ${boxName} back to the last good revision`,
        rollbackStep({ exec, commandEnv: {} }),
        {
          ...common,
          reason: 'one-box bake unhealthy',
        },
      );
      if (back.code !== ExitCode.Ok) return stopped(back.code);
      const to = back.outputs.get('rolled-back-to') ?? 'v1';
      write.out(`rollback: ${boxName} back on ${to} in ${formatMs(outcomeMs(back))}\n`);
      const view = await showFleet();
      const status = lastProbeStatus(baked);
      report(write, logPath, [
        `${boxName}: rolled back to ${to} (health check failed${status ? `: HTTP ${status}` : ''})`,
        ...groupHosts(view.filter((host) => host.host !== box)).map(({ names, revision }) =>
          revision === 'v2' ? `${names}: on v2` : `${names}: stayed on ${revision}; v2 never reached them`,
        ),
        bakeLine,
      ]);
      write.out('\nThe bad release never got past one box.\n');
      return ExitCode.Ok;
    }

    const rest = await run(
      '5/5 one-box-deploy: verify v2, then v2 to the rest of the fleet, in batches',
      deploy(),
      {
        ...common,
        ...verified,
        revision: 'v2',
        stage: 'fleet',
      },
    );
    if (rest.code !== ExitCode.Ok) return stopped(rest.code);
    write.out(
      `one-box-deploy: v2 on ${namesOf(fleet.hosts.slice(1).map((host) => ({ name: fleet.nameOf(host) })))} ` +
        `in ${formatMs(outcomeMs(rest))}, in batches that kept at least 66% of the fleet serving\n`,
    );
    const view = await showFleet();
    report(write, logPath, [
      ...groupHosts(view).map(
        ({ names, revision, status }) => `${names}: on ${revision}, ${answerOf(status)}`,
      ),
      bakeLine,
    ]);
    write.out('\nv2 is on every host.\n');
    return ExitCode.Ok;
  } finally {
    await fleet.stop();
  }
}

/** The closing report: what happened, each step's verdict, and where the decision log is. */
function report(write: Writer, logPath: string, lines: readonly string[]): void {
  const steps = readRecords(logPath)
    .map((record) => `${record.step} ${record.verdict} (exit ${record.exitCode})`)
    .join(' → ');
  write.out(`\n━━ what happened\n${lines.join('\n')}\nsteps: ${steps}\n`);
  write.out(`decision log (one JSON record per step: inputs, observations, verdict): ${logPath}\n`);
}

/** Hosts with the same revision and answer, named together: `host-2, host-3 and host-4`. */
function groupHosts(view: readonly HostView[]): { names: string; revision: string; status: number }[] {
  const groups = new Map<string, HostView[]>();
  for (const host of view) {
    const key = `${host.revision} ${host.status}`;
    groups.set(key, [...(groups.get(key) ?? []), host]);
  }
  return [...groups.values()].map((hosts) => ({
    names: namesOf(hosts),
    revision: hosts[0]?.revision ?? '',
    status: hosts[0]?.status ?? 0,
  }));
}

/** `answering HTTP 200`, or `not answering`. */
function answerOf(status: number): string {
  return status === 0 ? 'not answering' : `answering HTTP ${status}`;
}

/** `host-1 v2 (HTTP 500)`: a host's revision, and its answer when it is not a plain 200. */
function describeHost(view: HostView): string {
  const answer = view.status === 200 ? '' : view.status === 0 ? ' (no answer)' : ` (HTTP ${view.status})`;
  return `${view.name} ${view.revision}${answer}`;
}

/** `bake: stopped after 8 ms of 4 s — probe GET … (host-1) answered HTTP 500, expected 200`. */
function describeBake(baked: StepRun, probe: string, boxName: string): string {
  const polls = pollsOf(baked);
  if (baked.code === ExitCode.Ok) {
    return (
      `bake: healthy after ${formatMs(baked.ms)} of ${BAKE_SECONDS} s — probe ${probe} (${boxName}) ` +
      `answered HTTP ${PROBE_STATUS} on all ${polls} polls`
    );
  }
  const status = lastProbeStatus(baked);
  const answered = status
    ? `answered HTTP ${status}, expected ${PROBE_STATUS}`
    : 'did not answer as expected';
  return `bake: stopped after ${formatMs(baked.ms)} of ${BAKE_SECONDS} s — probe ${probe} (${boxName}) ${answered}`;
}

/** The HTTP status of the probe's breaching reading, from the bake's decision record. */
function lastProbeStatus(baked: StepRun): number | undefined {
  const breaches = baked.record?.observations.breaches;
  if (!Array.isArray(breaches)) return undefined;
  const value = (breaches.at(-1) as { value?: unknown } | undefined)?.value;
  return typeof value === 'number' ? value : undefined;
}

function pollsOf(baked: StepRun): number {
  const polls = baked.record?.observations.polls;
  return Array.isArray(polls) ? polls.length : 0;
}

/** How long a deployment or rollback took, from its decision record (the step's own clock). */
function outcomeMs(run: StepRun): number {
  const outcome = run.record?.observations.outcome as { durationMs?: unknown } | undefined;
  return typeof outcome?.durationMs === 'number' ? outcome.durationMs : run.ms;
}

/** `host-2, host-3 and host-4`. */
function namesOf(hosts: readonly { name: string }[]): string {
  const names = hosts.map((host) => host.name);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** `163 ms` below a second, else `4.2 s`. */
function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A step's own log lines under its heading, as --verbose shows them. */
function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  │ ');
}

/** The records of the decision log so far. */
function readRecords(path: string): DecisionRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DecisionRecord);
}
