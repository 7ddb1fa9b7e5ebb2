import { parseArgs } from 'node:util';
import { ExitCode, InputError, describeError, parseDuration, type Logger } from '@hands-off/core';

type Writer = { out: (text: string) => void; err: (text: string) => void };

const GATE_USAGE = `usage: hands-off gate serve [--host <address>] [--port <port>] [--sweep-interval <duration>]
       hands-off gate sweep [--gitlab]

The deployment gate: decides deployments waiting on an environment by the \`gate\` block of the
environment's entry in the repository's config at the deployment's commit, holding no runner.

  serve               GitHub: a webhook server for the App's deployment_protection_rule events,
                      sweeping every waiting deployment again every --sweep-interval
  sweep               GitHub: decide every deployment waiting on the App's rule once, then exit
  sweep --gitlab      GitLab: decide every deployment blocked on a protected environment's approval

  --host <address>    listen address (default 127.0.0.1: put a TLS reverse proxy in front)
  --port <port>       listen port (default 8080; 0 = any free port)
  --sweep-interval <duration>
                      time between sweeps (default 5m; 0 = none)
  -h, --help          show this help

Settings come from the environment (never from a repository): GitHub HANDS_OFF_GATE_APP_ID,
HANDS_OFF_GATE_PRIVATE_KEY or HANDS_OFF_GATE_PRIVATE_KEY_FILE, HANDS_OFF_GATE_WEBHOOK_SECRET,
GITHUB_API_URL; GitLab HANDS_OFF_GATE_GITLAB_TOKEN, CI_API_V4_URL, HANDS_OFF_GATE_GITLAB_PROJECTS
(default CI_PROJECT_ID); both HANDS_OFF_GATE_ALLOWED_ENDPOINTS, HANDS_OFF_GATE_LOG_DIR, AWS_REGION.
`;

/** `hands-off gate …`: the gate's server and sweeps; exit 0 when it ran, 1 on a bad setting. */
export async function runGate(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  write: Writer,
): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '-h' || command === '--help') {
    write.out(GATE_USAGE);
    return command === undefined ? ExitCode.Error : ExitCode.Ok;
  }
  const log = lineLogger(write);
  try {
    if (command === 'serve') return await serve(rest, env, log, write);
    if (command === 'sweep') return await sweep(rest, env, log, write);
    throw new InputError(
      'command',
      `\`${command}\` is not a gate command (serve, sweep)`,
      '`hands-off gate serve`',
    );
  } catch (error) {
    write.err(`error: gate: ${describeError(error)}\n`);
    return ExitCode.Error;
  }
}

async function serve(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  log: Logger,
  write: Writer,
): Promise<number> {
  const flags = readFlags(args, {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8080' },
    'sweep-interval': { type: 'string', default: '5m' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    write.out(GATE_USAGE);
    return ExitCode.Ok;
  }
  const port = parsePort(String(flags.port));
  const sweepIntervalMs = parseDuration('sweep-interval', String(flags['sweep-interval']));
  // Loaded only here: Octokit and the App's auth are for the gate's commands alone.
  const { createGate, readGateConfig, startGateServer } = await import('@hands-off/gate-github');
  const gate = createGate(await readGateConfig(env), { log });
  const server = await startGateServer(gate, log, { host: String(flags.host), port, sweepIntervalMs });
  log.info(`gate: listening on ${server.url}; sweeping every ${String(flags['sweep-interval'])}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log.info('gate: stopping: decisions in flight are aborted, nothing is answered after this');
  await server.close();
  return ExitCode.Ok;
}

async function sweep(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  log: Logger,
  write: Writer,
): Promise<number> {
  const flags = readFlags(args, { gitlab: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (flags.help) {
    write.out(GATE_USAGE);
    return ExitCode.Ok;
  }
  let summary: unknown;
  if (flags.gitlab) {
    const { readGitLabGateConfig, sweepGitLab } = await import('@hands-off/gate-gitlab');
    summary = await sweepGitLab(await readGitLabGateConfig(env), { log });
  } else {
    const { createGate, readGateConfig } = await import('@hands-off/gate-github');
    summary = await createGate(await readGateConfig(env), { log }).sweep();
  }
  write.out(`${JSON.stringify(summary)}\n`);
  return ExitCode.Ok;
}

function readFlags<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(
  args: readonly string[],
  options: T,
): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (error) {
    throw new InputError(
      'arguments',
      (error as Error).message.split('\n')[0] ?? 'cannot be read',
      '`hands-off gate serve --port 8080`',
    );
  }
}

function parsePort(raw: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) {
    throw new InputError('port', `\`${raw}\` is not a port (0-65535)`, '`8080`');
  }
  return port;
}

/** The gate's log on the CLI: one line each to standard error, standard output keeping the summary. */
function lineLogger(write: Writer): Logger {
  return {
    info: (line) => write.err(`${line}\n`),
    warning: (line) => write.err(`warning: ${line}\n`),
    error: (line) => write.err(`error: ${line}\n`),
    debug: () => undefined,
  };
}
