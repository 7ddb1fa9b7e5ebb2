import { HandsOffError, InputError, describeError } from '../errors.js';
import { GATE_AFTER_SIGNAL_NAMES } from '../config/config-schema.js';
import {
  readRawConfigWith,
  resolveBlock,
  resolveConfig,
  type ConfigValues,
  type RawConfig,
  type ResolvedConfig,
} from '../config/config-file.js';
import { resolveInputs } from '../inputs/resolve-inputs.js';
import { formatDuration, parseDuration } from '../inputs/parse-duration.js';
import { formatUtc } from '../time/format-utc.js';
import { parseWindowGuardInputs, WINDOW_GUARD_INPUTS } from '../steps/window-guard/window-guard-inputs.js';
import { runWindowGuard } from '../steps/window-guard/run-window-guard.js';
import { evaluateAfter, type AfterRule } from './after-bake.js';
import { evaluateSignature, signatureRuleOf, type SignatureRule } from './signature-rule.js';
import type {
  GateCheck,
  GateDecision,
  GateDeps,
  GateRepository,
  GateRequest,
  GateSettings,
  GateVerdict,
} from './gate-types.js';

/** Longest comment GitHub keeps on a protection rule review. */
export const GATE_COMMENT_MAX_CHARS = 1024;

/**
 * Decides one waiting deployment by the `gate` block of its environment's entry in the config file
 * at the deployment's commit (read through the platform's API, never from the event):
 * - `config`: the file, the entry and its `gate` block exist and are valid (else reject);
 * - `window`: window-guard's policy over the entry (windows, deny periods, holidays, calendars,
 *   freezes, blocker alarms) evaluated now: closed waits until its next opening;
 * - `reviewed` (with `require-reviewed`): the commit came in through a reviewed change request, else reject;
 * - `signature` (with `require-signature`): the signature published for the commit's artifact verifies
 *   with the trusted keys and names this commit, else reject (not published yet: wait);
 * - `after` (with an `after` block): the previous wave's deployment of the commit has baked long enough
 *   with clean signals over the whole time since, else wait (too early, too little traffic) or reject
 *   (a breach at any moment, or no evidence within max-duration).
 * A rule that cannot be evaluated (the platform or a backend does not answer) waits: nothing is
 * approved without evidence, and nothing is rejected for an outage the next sweep may not see.
 */
export async function decideGate(
  request: GateRequest,
  repository: GateRepository,
  settings: GateSettings,
  deps: GateDeps,
): Promise<GateDecision> {
  const decidedAt = deps.clock.now();
  const checks: GateCheck[] = [];
  const finish = (configPath: string): GateDecision => combine(checks, decidedAt, configPath);

  let loaded: LoadedGateConfig;
  try {
    loaded = await loadGateConfig(request, repository);
  } catch (error) {
    checks.push({ name: 'config', verdict: verdictOnError(error), reason: describeError(error) });
    return finish('');
  }
  const { path, config, gate } = loaded;
  checks.push({
    name: 'config',
    verdict: 'approve',
    reason: `${path} at ${request.sha.slice(0, 12)}: entry \`${request.environment}\` has a gate block`,
  });

  // Every rule's settings are parsed before the first call; a bad one names its block.
  let parsing = 'gate';
  let windowOptions: ReturnType<typeof parseWindowGuardInputs>;
  let after: AfterRule | undefined;
  let signature: SignatureRule | undefined;
  try {
    windowOptions = parseWindowGuardInputs(resolveInputs(WINDOW_GUARD_INPUTS, () => '', gate));
    parsing = 'gate.after';
    after = afterRuleOf(path, config, request.environment);
    parsing = 'gate.signature';
    signature = signatureRuleOf(
      gate.values,
      resolveBlock(path, config, request.environment, ['gate', 'signature']),
      request.sha,
    );
  } catch (error) {
    checks.push({
      name: 'config',
      verdict: 'reject',
      reason: `${path}: environments.${request.environment}.${parsing}: ${describeError(error)}`,
    });
    return finish(path);
  }

  checks.push(await windowCheck(request, repository, windowOptions, deps));
  if (windowOptions.requireReviewed) {
    checks.push(await reviewedCheck(request, repository, gate, windowOptions));
  }
  if (signature !== undefined) {
    checks.push(await evaluateSignature(request, repository, signature, gate.values, settings, deps));
  }
  if (after !== undefined) {
    checks.push(await evaluateAfter(request, repository, after, settings, deps));
  }
  return finish(path);
}

/** The comment sent with an approval or a rejection: the verdict, each rule's finding, the config read. */
export function gateComment(decision: GateDecision): string {
  const lines = [
    `hands-off gate: ${decision.verdict} at ${formatUtc(decision.decidedAt)}: ${decision.reason}`,
    ...decision.checks.map((check) => `- ${check.name}: ${check.verdict}: ${check.reason}`),
  ];
  const text = lines.join('\n');
  return text.length <= GATE_COMMENT_MAX_CHARS ? text : `${text.slice(0, GATE_COMMENT_MAX_CHARS - 1)}…`;
}

interface LoadedGateConfig {
  path: string;
  config: RawConfig;
  /** The entry with its `gate` block applied. */
  gate: ResolvedConfig;
}

/**
 * A rule that failed with an error: reject when the error is in the repository's own file (the same
 * commit gives the same answer at every sweep), else wait (an outage the next sweep may not see).
 */
function verdictOnError(error: unknown): GateVerdict {
  return error instanceof HandsOffError && (error.code === 'CONFIG' || error.code === 'INPUT')
    ? 'reject'
    : 'wait';
}

async function loadGateConfig(request: GateRequest, repository: GateRepository): Promise<LoadedGateConfig> {
  const at = ` at ${request.sha.slice(0, 12)}`;
  const found = await readRawConfigWith((path) => repository.readFile(path, request.sha), at, '');
  if (found === undefined) {
    throw new InputError(
      'config',
      `${request.repository} has no hands-off config${at}: nothing says how \`${request.environment}\` is gated`,
      '`.github/hands-off.yml` with `environments: { production: { gate: {...} } }`',
    );
  }
  const entries = found.config.environments ?? {};
  const entry = Object.hasOwn(entries, request.environment) ? entries[request.environment] : undefined;
  if (entry === undefined || typeof entry.gate !== 'object' || entry.gate === null) {
    throw new InputError(
      'gate',
      `${found.path}${at}: environment \`${request.environment}\` has ${entry === undefined ? 'no entry' : 'no `gate` block'}, so the gate cannot say it may deploy`,
      `\`environments: { ${request.environment}: { gate: { require-reviewed: true } } }\``,
    );
  }
  return {
    path: found.path,
    config: found.config,
    gate: resolveConfig(found.path, found.config, request.environment, 'gate'),
  };
}

/** `gate.after` of the entry, with the previous wave's signals: its fleet bake's, under the block's own. */
function afterRuleOf(path: string, config: RawConfig, environment: string): AfterRule | undefined {
  const block = resolveBlock(path, config, environment, ['gate', 'after']);
  if (block.environment === undefined) return undefined;
  const previous = block.environment;
  if (previous === environment) {
    throw new InputError('environment', 'names the gated environment itself', '`staging`');
  }
  const bakeMs = parseDuration('bake', block.bake ?? '');
  if (bakeMs <= 0) throw new InputError('bake', 'must be longer than 0', '`12h`');
  const inherited = resolveConfig(path, config, previous, 'fleet.bake').values;
  const signals: ConfigValues = {};
  for (const name of GATE_AFTER_SIGNAL_NAMES) {
    const value = Object.hasOwn(block, name) ? block[name] : inherited[name];
    if (value !== undefined && name !== 'max-duration') signals[name] = value;
  }
  // The bake's own max-duration is the previous wave's; the gate's comes from its block only.
  if (block['max-duration'] !== undefined) signals['max-duration'] = block['max-duration'];
  signals.duration = formatDuration(bakeMs);
  return { environment: previous, bakeMs, signals, path };
}

async function windowCheck(
  request: GateRequest,
  repository: GateRepository,
  options: ReturnType<typeof parseWindowGuardInputs>,
  deps: GateDeps,
): Promise<GateCheck> {
  try {
    const result = await runWindowGuard(
      // Evaluated once, now: the gate's sweep is its wait, and the review is a check of its own.
      { ...options, waitMs: 0, at: undefined, requireReviewed: false, overrideReason: '' },
      { actor: '', deployFreeze: false, overrideActors: [] },
      {
        clock: deps.clock,
        sleep: deps.sleep,
        log: deps.log,
        signal: deps.signal,
        cloudWatch: () => deps.cloudWatch(options.awsRegion),
        readTextFile: async (path) => {
          const text = await repository.readFile(path.replace(/^\.\//, ''), request.sha);
          if (text === undefined) {
            throw new InputError(
              'calendars',
              `\`${path}\` does not exist at ${request.sha.slice(0, 12)}`,
              '`calendars/freeze.ics`',
            );
          }
          return text;
        },
      },
    );
    if (result.open) return { name: 'window', verdict: 'approve', reason: result.reason };
    // A dry-run guard reports and never blocks: the deployment goes, the comment says what it saw.
    if (options.mode === 'dry-run') {
      return { name: 'window', verdict: 'approve', reason: `dry-run, would wait: ${result.reason}` };
    }
    return {
      name: 'window',
      verdict: 'wait',
      reason: result.reason,
      ...(result.nextOpen === undefined ? {} : { recheckAt: result.nextOpen }),
    };
  } catch (error) {
    return { name: 'window', verdict: verdictOnError(error), reason: `window: ${describeError(error)}` };
  }
}

async function reviewedCheck(
  request: GateRequest,
  repository: GateRepository,
  gate: ResolvedConfig,
  options: ReturnType<typeof parseWindowGuardInputs>,
): Promise<GateCheck> {
  try {
    const [{ checkReviewedCommit }, { checklistOf }] = await Promise.all([
      import('../checklist/reviewed-commit.js'),
      import('../checklist/checklist-model.js'),
    ]);
    const verdict = await checkReviewedCommit(repository.review, request.sha, {
      checklist: checklistOf(gate),
      statusContext: options.statusContext,
      minApprovals: options.minApprovals,
    });
    return { name: 'reviewed', verdict: verdict.reviewed ? 'approve' : 'reject', reason: verdict.reason };
  } catch (error) {
    return {
      name: 'reviewed',
      verdict: verdictOnError(error),
      reason: `cannot tell: ${describeError(error)}`,
    };
  }
}

/** Any reject wins, then any wait (recheck when every waiting rule can change), else approve. */
function combine(checks: readonly GateCheck[], decidedAt: number, configPath: string): GateDecision {
  const rejected = checks.find((check) => check.verdict === 'reject');
  if (rejected) {
    return {
      verdict: 'reject',
      reason: `${rejected.name}: ${rejected.reason}`,
      checks: [...checks],
      decidedAt,
      configPath,
    };
  }
  const waiting = checks.filter((check) => check.verdict === 'wait');
  if (waiting.length > 0) {
    const times = waiting.map((check) => check.recheckAt);
    const recheckAt = times.every((at): at is number => at !== undefined) ? Math.max(...times) : undefined;
    return {
      verdict: 'wait',
      reason: waiting.map((check) => `${check.name}: ${check.reason}`).join('; '),
      ...(recheckAt === undefined ? {} : { recheckAt }),
      checks: [...checks],
      decidedAt,
      configPath,
    };
  }
  const reasons = checks
    .filter((check) => check.name !== 'config')
    .map((check) => `${check.name}: ${check.reason}`);
  return {
    verdict: 'approve',
    reason: reasons.join('; ') || 'every rule passed',
    checks: [...checks],
    decidedAt,
    configPath,
  };
}
