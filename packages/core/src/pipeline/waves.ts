import { resolveConfig, type ConfigPhase, type RawConfig } from '../config/config-file.js';
import { ConfigError, HandsOffError } from '../errors.js';
import { parseDuration } from '../inputs/parse-duration.js';

/** One wave of the pipeline: environments deployed in parallel, then an optional bake. */
export interface Wave {
  name: string;
  /** Entries of the config file's `environments`, in the order the wave lists them. */
  environments: readonly string[];
  /** `after` as written (`12h`); empty without a bake. */
  after: string;
  /** The bake between this wave and the next, in ms; 0 without one. */
  afterMs: number;
}

/** The waves of a config file, checked whole, with what the generators need to know of each entry. */
export interface WavePlan {
  /** The config file, relative to the repository: the generated jobs read it from their checkout. */
  configPath: string;
  waves: readonly Wave[];
  /**
   * Each environment's stage at its longest (see stageBudgetMs), by name; undefined when its entry
   * sets no bake duration (the stage would refuse to run until it does).
   */
  stageBudgetMs: ReadonlyMap<string, number | undefined>;
}

/** Default of a deployment's `timeout` (deploy-inputs.ts), which the stage's worst case adds up. */
const DEPLOY_TIMEOUT_DEFAULT = '1h';

/**
 * Reads the `pipeline` section of a config file that parseAndValidate accepted: every wave name
 * once, every environment an entry of `environments` (its `extends` chain resolved by
 * resolveConfig, as the stage will) and in exactly one wave, `after` a duration and not on the
 * last wave. Each problem is one ConfigError line naming the file and the place.
 */
export function planWaves(path: string, config: RawConfig): WavePlan {
  function fail(place: string, problem: string): never {
    throw new ConfigError(`config file ${path}: ${place} ${problem}`);
  }
  const pipeline = config.pipeline;
  if (typeof pipeline !== 'object' || pipeline === null) {
    fail(
      '(top level)',
      'has no `pipeline` to generate from: add `pipeline: { waves: [{ name: canary, environments: [production] }] }`',
    );
  }
  const rawWaves: unknown = (pipeline as { waves?: unknown }).waves;
  if (!Array.isArray(rawWaves) || rawWaves.length === 0)
    fail('pipeline.waves', 'must list at least one wave');
  const environments = config.environments ?? {};
  const known = Object.keys(environments);
  const waveOf = new Map<string, string>();
  const waveAt = new Map<string, number>();
  const waves: Wave[] = [];
  (rawWaves as unknown[]).forEach((raw: unknown, index) => {
    const at = `pipeline.waves.${index}`;
    const wave = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const name = wave.name;
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      fail(`${at}.name`, 'must be a name like `canary` or `wave-2` (lower case letters, digits, `-`)');
    }
    const taken = waveAt.get(name);
    if (taken !== undefined) fail(`${at}.name`, `\`${name}\` is already the name of pipeline.waves.${taken}`);
    waveAt.set(name, index);
    const place = `${at} (${name})`;
    const listed = wave.environments;
    if (!Array.isArray(listed) || listed.length === 0)
      fail(`${place}.environments`, 'must list at least one');
    for (const env of listed as unknown[]) {
      if (typeof env !== 'string') fail(`${place}.environments`, 'must be names of environments');
      if (!Object.hasOwn(environments, env)) {
        fail(
          place,
          `environment \`${env}\` is not in \`environments\` (it has: ${known.join(', ') || 'none'})`,
        );
      }
      try {
        // Its `extends` chain, as every step will resolve it.
        resolveConfig(path, config, env);
      } catch (error) {
        fail(place, messageOf(error).replace(`config file ${path}: `, ''));
      }
      const other = waveOf.get(env);
      if (other === name) fail(place, `lists environment \`${env}\` twice`);
      if (other !== undefined) {
        fail(
          place,
          `environment \`${env}\` is already in wave \`${other}\`: each environment deploys in one wave`,
        );
      }
      waveOf.set(env, name);
    }
    let after = '';
    let afterMs = 0;
    if (wave.after !== undefined) {
      after = String(wave.after).trim();
      try {
        afterMs = parseDuration('after', after);
      } catch (error) {
        fail(`${place}.after`, messageOf(error));
      }
    }
    waves.push({
      name: name,
      environments: [...(listed as string[])],
      after: afterMs > 0 ? after : '',
      afterMs,
    });
  });
  const last = waves[waves.length - 1] as Wave;
  if (last.afterMs > 0) {
    fail(
      `pipeline.waves.${waves.length - 1} (${last.name}).after`,
      'bakes before the next wave, and the last wave has none: remove it (the stage bakes its own fleet)',
    );
  }
  const stageBudgetMs = new Map<string, number | undefined>();
  for (const wave of waves) {
    wave.environments.forEach((environment) => {
      try {
        stageBudgetMs.set(environment, stageBudget(path, config, environment));
      } catch (error) {
        const at = `pipeline.waves.${waveAt.get(wave.name) ?? 0} (${wave.name})`;
        fail(at, `environment \`${environment}\`: ${messageOf(error).replace(`config file ${path}: `, '')}`);
      }
    });
  }
  return { configPath: path, waves, stageBudgetMs };
}

/** A HandsOffError's line, without the `config file <path>: ` it may start with. */
function messageOf(error: unknown): string {
  if (error instanceof HandsOffError) return error.message;
  throw error;
}

/**
 * The stage of `environment` at its longest, from its entry as the stage resolves it (resolveConfig
 * with each phase): the guard's `wait`, both deployments' `timeout`, both bakes' `max-duration`
 * (default twice `duration`) and a rollback of both deployments (bounded by the same timeouts).
 * Undefined when a bake has no `duration`: the stage cannot run, so no bound is known.
 */
function stageBudget(path: string, config: RawConfig, environment: string): number | undefined {
  const values = (phase?: ConfigPhase): Record<string, string> =>
    resolveConfig(path, config, environment, phase).values;
  const duration = (name: string, raw: string | undefined, fallback: string): number =>
    parseDuration(name, raw === undefined || raw.trim() === '' ? fallback : raw.trim());
  const bake = (phase: ConfigPhase): number | undefined => {
    const own = values(phase);
    if ((own.duration ?? '').trim() === '') return undefined;
    const durationMs = duration('duration', own.duration, '0');
    return own['max-duration'] === undefined || own['max-duration'].trim() === ''
      ? 2 * durationMs
      : duration('max-duration', own['max-duration'], '0');
  };
  const oneBoxBake = bake('one-box.bake');
  const fleetBake = bake('fleet.bake');
  if (oneBoxBake === undefined || fleetBake === undefined) return undefined;
  const wait = duration('wait', values().wait, '0');
  const oneBox = duration('timeout', values('one-box').timeout, DEPLOY_TIMEOUT_DEFAULT);
  const fleet = duration('timeout', values('fleet').timeout, DEPLOY_TIMEOUT_DEFAULT);
  return wait + 2 * oneBox + oneBoxBake + 2 * fleet + fleetBake;
}

/**
 * Names that stay unique: the first `wanted` is returned as is, a later one that equals an earlier
 * name (ignoring case, as GitHub compares job ids) gets `-2`, `-3`, ... Deterministic: the same
 * calls in the same order give the same names.
 */
export function uniqueNames(): (wanted: string) => string {
  const used = new Set<string>();
  return (wanted) => {
    let name = wanted;
    for (let n = 2; used.has(name.toLowerCase()); n += 1) name = `${wanted}-${n}`;
    used.add(name.toLowerCase());
    return name;
  };
}
