import { access } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { ConfigError, InputError } from '../errors.js';
import type { ValidateFunction } from 'ajv';
import { CONFIG_SCHEMA } from './config-schema.js';
import { FILE_LIMITS, InputFileProblem, formatBytes, readInputFile } from '../files/input-file.js';

/** A config value after normalisation: lists joined one item per line. */
export type ConfigValues = Record<string, string>;

/** The settings that apply to one run: the resolved entry plus who may override. */
export interface ResolvedConfig {
  /** Path of the file, relative to the workspace; empty when no file was used. */
  path: string;
  /** Name of the applied environment; empty for the defaults only. */
  environment: string;
  values: ConfigValues;
  overrideActors: string[];
  /** The entry's `checklist` (structured, not a string), as the schema checked it; undefined when none. */
  checklist?: unknown;
  /** The stage's phase whose blocks were applied over the entry; absent for a step run on its own. */
  phase?: ConfigPhase;
}

/**
 * A phase of the stage (`hands-off stage`) with its own settings in the environment's entry:
 * `one-box` and `fleet` apply the `deploy` block, then their own; `one-box.bake` and `fleet.bake`
 * apply that phase's `bake` block. A block always wins over the entry's own settings, whichever
 * entry of the `extends` chain each comes from: the more specific place is the one that applies.
 */
export type ConfigPhase = 'one-box' | 'fleet' | 'one-box.bake' | 'fleet.bake' | 'gate';

/** The blocks a phase applies over the entry, in order (a path into the entry). */
const PHASE_BLOCKS: Record<ConfigPhase, readonly (readonly string[])[]> = {
  'one-box': [['deploy'], ['one-box']],
  fleet: [['deploy'], ['fleet']],
  'one-box.bake': [['one-box', 'bake']],
  'fleet.bake': [['fleet', 'bake']],
  gate: [['gate']],
};

/** Keys of an entry that are blocks of the stage's phases, never a setting of their own. */
const PHASE_BLOCK_KEYS = ['deploy', 'one-box', 'fleet', 'gate'];

/** Candidate locations, in order, when the `config` input is empty. */
export const DEFAULT_CONFIG_PATHS = ['.github/hands-off.yml', 'hands-off.yml'] as const;

type RawEntry = Record<string, unknown> & { extends?: string; overrides?: { actors?: string[] } };
/** The config file as parsed and checked against the schema, before an environment is resolved. */
export interface RawConfig {
  defaults?: RawEntry;
  overrides?: { actors?: string[] };
  environments?: Record<string, RawEntry>;
  /** The waves `hands-off generate` writes a pipeline from (pipeline/waves.ts); no step reads it. */
  pipeline?: unknown;
}

/** Finds, parses, validates and resolves the config file for `environment`. */
export async function loadConfig(
  workspace: string,
  configInput: string,
  environment: string,
  phase?: ConfigPhase,
): Promise<ResolvedConfig> {
  const path = await findConfigFile(workspace, configInput);
  if (path === undefined) return noConfig(environment, '');
  const text = await readInputFile(path, FILE_LIMITS.config).catch((error: unknown) => {
    if (error instanceof InputFileProblem) {
      throw new InputError(
        'config',
        `file \`${shownPath(workspace, path)}\` ${error.message}`,
        `\`.github/hands-off.yml\`, a regular file of at most ${formatBytes(FILE_LIMITS.config)}`,
        { cause: error },
      );
    }
    throw new ConfigError(`config file ${path} cannot be read`, { cause: error });
  });
  const shown = shownPath(workspace, path);
  return resolveConfig(shown, await parseAndValidate(shown, text), environment, phase);
}

/** Without a config file: the defaults, unless an environment was asked for (it cannot exist). */
function noConfig(environment: string, where: string): ResolvedConfig {
  if (environment !== '') {
    throw new InputError(
      'environment',
      `\`${environment}\` was given but there is no config file${where} (looked for ${DEFAULT_CONFIG_PATHS.join(', ')})`,
      'create `.github/hands-off.yml` with `environments: { production: {...} }`, or set `config`',
    );
  }
  return { path: '', environment: '', values: {}, overrideActors: [] };
}

/**
 * Finds, parses, validates and resolves the config file through `readText` instead of the
 * workspace: a branch read through the platform's API (`where`, e.g. ` on branch main`), so that a
 * change under review never supplies the rules that judge it.
 */
export async function loadConfigWith(
  readText: (path: string) => Promise<string | undefined>,
  where: string,
  configInput: string,
  environment: string,
): Promise<ResolvedConfig> {
  const found = await readRawConfigWith(readText, where, configInput);
  return found === undefined
    ? noConfig(environment, where)
    : resolveConfig(found.path, found.config, environment);
}

/**
 * Finds, parses and validates the config file through `readText`; undefined when there is none
 * (and `configInput` named none). For a reader that resolves several environments of one file.
 */
export async function readRawConfigWith(
  readText: (path: string) => Promise<string | undefined>,
  where: string,
  configInput: string,
): Promise<{ path: string; config: RawConfig } | undefined> {
  const candidates = configInput !== '' ? [configInput.replace(/^\.\//, '')] : DEFAULT_CONFIG_PATHS;
  for (const path of candidates) {
    const text = await readText(path);
    if (text === undefined) continue;
    if (Buffer.byteLength(text) > FILE_LIMITS.config) {
      throw new InputError(
        'config',
        `file \`${path}\`${where} is larger than ${formatBytes(FILE_LIMITS.config)}`,
        `\`.github/hands-off.yml\`, a regular file of at most ${formatBytes(FILE_LIMITS.config)}`,
      );
    }
    return { path, config: await parseAndValidate(path, text) };
  }
  if (configInput !== '') {
    throw new InputError(
      'config',
      `file \`${configInput}\` does not exist${where}`,
      '`.github/hands-off.yml`',
    );
  }
  return undefined;
}

/** The path as the user knows it: relative to the workspace inside it, absolute outside. */
function shownPath(workspace: string, path: string): string {
  const inside = relative(workspace, path);
  return inside === '' || inside.startsWith('..') ? path : inside;
}

async function findConfigFile(workspace: string, configInput: string): Promise<string | undefined> {
  if (configInput !== '') {
    const path = isAbsolute(configInput) ? configInput : join(workspace, configInput);
    if (!(await exists(path))) {
      throw new InputError('config', `file \`${configInput}\` does not exist`, '`.github/hands-off.yml`');
    }
    return path;
  }
  for (const candidate of DEFAULT_CONFIG_PATHS) {
    const path = join(workspace, candidate);
    if (await exists(path)) return path;
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The schema's compiled validator, made on first use. */
let compiledSchema: ValidateFunction | undefined;

/** Parses YAML text and checks it against the published schema; errors name the file and the place. */
export async function parseAndValidate(path: string, text: string): Promise<RawConfig> {
  // Loaded lazily: runs without a config file never pay for the YAML parser and the validator.
  const [{ parse }, ajvModule] = await Promise.all([import('yaml'), import('ajv/dist/2020.js')]);
  // `default` is the class under Node's ESM loader and in the ncc bundle alike (a named import is not).
  const Ajv2020 = ajvModule.default as unknown as typeof ajvModule.Ajv2020;
  let data: unknown;
  try {
    data = parse(text) ?? {};
  } catch (error) {
    throw new ConfigError(
      `config file ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      {
        cause: error,
      },
    );
  }
  // Compiled once per process: the stage reads the file once per phase.
  compiledSchema ??= new Ajv2020({ allErrors: false, strict: false }).compile(CONFIG_SCHEMA);
  const validate = compiledSchema;
  if (!validate(data)) {
    const first = validate.errors?.[0];
    const where = first?.instancePath ? first.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
    const extra =
      first?.keyword === 'additionalProperties'
        ? ` \`${(first.params as { additionalProperty: string }).additionalProperty}\``
        : '';
    throw new ConfigError(`config file ${path}: ${where} ${first?.message ?? 'is invalid'}${extra}`);
  }
  return data as RawConfig;
}

/**
 * Applies `defaults`, then the `extends` chain, then the environment's own settings; for a phase of
 * the stage, then its blocks from the same entries in the same order.
 */
export function resolveConfig(
  path: string,
  config: RawConfig,
  environment: string,
  phase?: ConfigPhase,
): ResolvedConfig {
  const chain = entryChain(path, config, environment);
  const values: ConfigValues = {};
  let overrideActors = config.overrides?.actors ?? [];
  // A checklist is replaced whole by a later entry, never merged item by item.
  let checklist: unknown;
  const entries = [config.defaults ?? {}, ...chain];
  for (const entry of entries) {
    for (const [key, value] of Object.entries(entry)) {
      if (key === 'extends' || PHASE_BLOCK_KEYS.includes(key)) continue;
      if (key === 'checklist') {
        checklist = value;
        continue;
      }
      if (key === 'overrides') {
        overrideActors = (value as { actors?: string[] }).actors ?? [];
        continue;
      }
      values[key] = normaliseValue(value);
    }
  }
  for (const block of phase === undefined ? [] : PHASE_BLOCKS[phase]) {
    Object.assign(values, blockValues(entries, block));
  }
  return {
    path,
    environment,
    values,
    overrideActors,
    ...(checklist === undefined ? {} : { checklist }),
    ...(phase === undefined ? {} : { phase }),
  };
}

/**
 * The settings of one block of an environment's entry (`['gate', 'after']`), merged across
 * `defaults` and the `extends` chain, without the entry's own settings; a nested block is left out.
 */
export function resolveBlock(
  path: string,
  config: RawConfig,
  environment: string,
  block: readonly string[],
): ConfigValues {
  return blockValues([config.defaults ?? {}, ...entryChain(path, config, environment)], block);
}

function blockValues(entries: readonly RawEntry[], block: readonly string[]): ConfigValues {
  const values: ConfigValues = {};
  for (const entry of entries) {
    for (const [key, value] of Object.entries(blockAt(entry, block))) {
      // A nested block (a phase's `bake`, the gate's `after`) is resolved on its own.
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) continue;
      values[key] = normaliseValue(value);
    }
  }
  return values;
}

/** The entries `environment` inherits from, the furthest first, ending with its own. */
function entryChain(path: string, config: RawConfig, environment: string): RawEntry[] {
  const environments = config.environments ?? {};
  const chain: RawEntry[] = [];
  if (environment !== '') {
    const seen: string[] = [];
    for (let name: string | undefined = environment; name !== undefined;) {
      // Own entries only: `toString`, `constructor` or `__proto__` must never reach Object.prototype
      // (an inherited "entry" applied only the defaults and dropped the environment's deny rules).
      const entry: RawEntry | undefined = Object.hasOwn(environments, name) ? environments[name] : undefined;
      if (entry === undefined) {
        const known = Object.keys(environments);
        if (name === environment) {
          throw new InputError(
            'environment',
            `\`${environment}\` is not in ${path} (it has: ${known.join(', ') || 'no environments'})`,
            known[0] ? `\`${known[0]}\`` : '`production`',
          );
        }
        throw new ConfigError(
          `config file ${path}: environment \`${seen.at(-1)}\` extends unknown \`${name}\``,
        );
      }
      if (seen.includes(name)) {
        throw new ConfigError(`config file ${path}: \`extends\` loops: ${[...seen, name].join(' -> ')}`);
      }
      seen.push(name);
      chain.unshift(entry);
      name = entry.extends;
    }
  }
  return chain;
}

/** The block at `path` inside an entry (`['fleet', 'bake']`), empty when the entry has none. */
function blockAt(entry: RawEntry, path: readonly string[]): Record<string, unknown> {
  let block: unknown = entry;
  for (const key of path) {
    block =
      typeof block === 'object' && block !== null && Object.hasOwn(block, key)
        ? (block as Record<string, unknown>)[key]
        : undefined;
  }
  return typeof block === 'object' && block !== null ? (block as Record<string, unknown>) : {};
}

function normaliseValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join('\n');
  return String(value);
}
