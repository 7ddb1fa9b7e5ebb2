import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_CONFIG_PATHS,
  ExitCode,
  FILE_LIMITS,
  InputFileProblem,
  PIPELINE_PLATFORMS,
  defaultGenerateOptions,
  describeError,
  formatBytes,
  generateCommand,
  parseAndValidate,
  planWaves,
  quoteValue,
  readInputFile,
  renderPipeline,
  type GenerateOptions,
  type PipelinePlatform,
} from '@hands-off/core';

type Writer = { out: (text: string) => void; err: (text: string) => void };

const GENERATE_USAGE = `usage: hands-off generate github|gitlab [--config <path>] [--output <path>] [--check]
       hands-off generate github [--action <ref>]
       hands-off generate gitlab [--component <ref>] [--command <cli>]

Writes the workflow (github) or pipeline (gitlab) that deploys the config file's \`pipeline.waves\`:
one job per environment running the whole stage, the waves in order, a bake between waves.

  --config <path>     the config file (default: .github/hands-off.yml, else hands-off.yml)
  --output <path>     github: ${defaultGenerateOptions('github').output}
                      gitlab: ${defaultGenerateOptions('gitlab').output} (run it as a child pipeline)
  --check             write nothing; exit 1 with a diff when the file differs or is missing, else 0
  --action <ref>      the root action the jobs use (default: ${defaultGenerateOptions('github').action})
  --component <ref>   the stage component (default: ${defaultGenerateOptions('gitlab').component})
  --command <cli>     how the jobs start the CLI (default: ${defaultGenerateOptions('gitlab').command})
  -h, --help          show this help

Paths are relative to CI_PROJECT_DIR, else the working directory: the repository's root.
`;

/** Lines of context around each change in the diff --check prints. */
const DIFF_CONTEXT = 3;
/** Above this many cells the diff replaces the changed middle whole instead of aligning it. */
const DIFF_MAX_CELLS = 4_000_000;

/**
 * `hands-off generate github|gitlab`: reads the config file's waves and writes (or, with --check,
 * compares) the generated workflow or pipeline. Exit 0 written or up to date, 1 otherwise.
 */
export async function runGenerate(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  write: Writer,
): Promise<number> {
  let parsed: ReturnType<typeof parseGenerateArgs>;
  try {
    parsed = parseGenerateArgs(args);
  } catch (error) {
    write.err(`error: generate: ${describeError(error)}\n`);
    return ExitCode.Error;
  }
  if (parsed === 'help') {
    write.out(GENERATE_USAGE);
    return ExitCode.Ok;
  }
  const workspace = env.CI_PROJECT_DIR || process.cwd();
  try {
    const configPath = await findConfig(workspace, parsed.config);
    const text = await readInputFile(join(workspace, configPath), FILE_LIMITS.config).catch(
      (error: unknown) => {
        if (error instanceof InputFileProblem) {
          throw new Error(
            `config file ${configPath} ${error.message} (at most ${formatBytes(FILE_LIMITS.config)})`,
          );
        }
        throw error;
      },
    );
    const plan = planWaves(configPath, await parseAndValidate(configPath, text));
    const options: GenerateOptions = {
      ...defaultGenerateOptions(parsed.platform),
      ...parsed.options,
      output: inside(
        workspace,
        parsed.options.output ?? defaultGenerateOptions(parsed.platform).output,
        '--output',
      ),
    };
    const generated = await renderPipeline(plan, options);
    const target = join(workspace, options.output);
    const current = existsSync(target) ? await readFile(target, 'utf8') : undefined;
    const command = generateCommand(configPath, options);
    if (parsed.check) {
      if (current === undefined) {
        write.err(`error: ${options.output} does not exist: run \`${command}\` and commit it\n`);
        return ExitCode.Error;
      }
      if (current !== generated) {
        write.out(unifiedDiff(current, generated, `a/${options.output}`, `b/${options.output}`));
        write.err(
          `error: ${options.output} is stale: it is not what \`${command}\` writes from ${configPath} ` +
            '(diff above); run it and commit the file\n',
        );
        return ExitCode.Error;
      }
      write.out(`${options.output} is up to date with ${configPath}\n`);
      return ExitCode.Ok;
    }
    const environments = plan.waves.reduce((sum, wave) => sum + wave.environments.length, 0);
    const what = `${plan.waves.length} wave(s), ${environments} environment(s) from ${configPath}`;
    if (current === generated) {
      write.out(`${options.output} is up to date (${what})\n`);
      return ExitCode.Ok;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, generated);
    write.out(`wrote ${options.output}: ${what}\n`);
    return ExitCode.Ok;
  } catch (error) {
    write.err(`error: generate: ${describeError(error)}\n`);
    return ExitCode.Error;
  }
}

/** The command line of `hands-off generate`, checked. */
function parseGenerateArgs(
  args: readonly string[],
):
  'help' | { platform: PipelinePlatform; config: string; check: boolean; options: Partial<GenerateOptions> } {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      options: {
        config: { type: 'string' },
        output: { type: 'string' },
        check: { type: 'boolean' },
        action: { type: 'string' },
        component: { type: 'string' },
        command: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    throw new Error(`${describeError(error)} (see \`hands-off generate --help\`)`, { cause: error });
  }
  if (values.help === true) return 'help';
  const [platform, ...extra] = positionals;
  if (platform === undefined || !(PIPELINE_PLATFORMS as readonly string[]).includes(platform)) {
    throw new Error(
      `${platform === undefined ? 'a platform is required' : `${quoteValue(platform)} is not a platform`}: ` +
        '`hands-off generate github` or `hands-off generate gitlab`',
    );
  }
  if (extra.length > 0) throw new Error(`unexpected ${quoteValue(extra.join(' '))} after \`${platform}\``);
  const own: Record<PipelinePlatform, string[]> = { github: ['action'], gitlab: ['component', 'command'] };
  for (const [other, names] of Object.entries(own)) {
    if (other === platform) continue;
    for (const name of names) {
      if (values[name] !== undefined) throw new Error(`--${name} is an option of \`generate ${other}\` only`);
    }
  }
  const text = (name: string): string | undefined =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined;
  const options: Partial<GenerateOptions> = {};
  for (const name of ['output', 'action', 'component', 'command'] as const) {
    const value = text(name);
    if (value !== undefined) options[name] = value;
  }
  return {
    platform: platform as PipelinePlatform,
    config: text('config') ?? '',
    check: values.check === true,
    options,
  };
}

/** `path` relative to the workspace, with `/`: refused outside it (the jobs read it from their checkout). */
function inside(workspace: string, path: string, flag: string): string {
  const shown = relative(workspace, isAbsolute(path) ? path : join(workspace, path));
  if (shown === '' || shown.startsWith('..') || isAbsolute(shown)) {
    throw new Error(`${flag} ${quoteValue(path)} is not a file inside the repository (${workspace})`);
  }
  return shown.split(sep).join('/');
}

/** The config file: `--config`, else the first of the default paths that exists. */
async function findConfig(workspace: string, given: string): Promise<string> {
  if (given !== '') {
    const path = inside(workspace, given, '--config');
    if (!existsSync(join(workspace, path)))
      throw new Error(`config file ${quoteValue(given)} does not exist`);
    return path;
  }
  const found = DEFAULT_CONFIG_PATHS.find((path) => existsSync(join(workspace, path)));
  if (found === undefined) {
    throw new Error(`no config file (looked for ${DEFAULT_CONFIG_PATHS.join(', ')}); give one with --config`);
  }
  return found;
}

/** Lines of a text; a last line without a newline says so, as `diff -u` does. */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else if (lines.length > 0) lines[lines.length - 1] += '\n\\ No newline at end of file';
  return lines;
}

type Edit = { op: ' ' | '-' | '+'; line: string };

/** The edits from `a` to `b`: the common start and end kept, the middle aligned on a longest common subsequence. */
function editsOf(a: readonly string[], b: readonly string[]): Edit[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  ) {
    end += 1;
  }
  const from = a.slice(start, a.length - end);
  const to = b.slice(start, b.length - end);
  const middle: Edit[] = [];
  if ((from.length + 1) * (to.length + 1) > DIFF_MAX_CELLS) {
    middle.push(
      ...from.map((line): Edit => ({ op: '-', line })),
      ...to.map((line): Edit => ({ op: '+', line })),
    );
  } else {
    // common[i][j]: the longest common subsequence of from[i..] and to[j..].
    const width = to.length + 1;
    const common = new Uint32Array((from.length + 1) * width);
    for (let i = from.length - 1; i >= 0; i -= 1) {
      for (let j = to.length - 1; j >= 0; j -= 1) {
        common[i * width + j] =
          from[i] === to[j]
            ? (common[(i + 1) * width + j + 1] as number) + 1
            : Math.max(common[(i + 1) * width + j] as number, common[i * width + j + 1] as number);
      }
    }
    let i = 0;
    let j = 0;
    while (i < from.length || j < to.length) {
      if (i < from.length && j < to.length && from[i] === to[j]) {
        middle.push({ op: ' ', line: from[i] as string });
        i += 1;
        j += 1;
      } else if (
        j >= to.length ||
        (i < from.length && (common[(i + 1) * width + j] as number) >= (common[i * width + j + 1] as number))
      ) {
        middle.push({ op: '-', line: from[i] as string });
        i += 1;
      } else {
        middle.push({ op: '+', line: to[j] as string });
        j += 1;
      }
    }
  }
  return [
    ...a.slice(0, start).map((line): Edit => ({ op: ' ', line })),
    ...middle,
    ...a.slice(a.length - end).map((line): Edit => ({ op: ' ', line })),
  ];
}

/** A unified diff (`diff -u`) of two texts, with DIFF_CONTEXT lines of context; empty when equal. */
export function unifiedDiff(before: string, after: string, beforeName: string, afterName: string): string {
  const edits = editsOf(linesOf(before), linesOf(after));
  const changed = edits.flatMap((edit, index) => (edit.op === ' ' ? [] : [index]));
  if (changed.length === 0) return '';
  const out = [`--- ${beforeName}`, `+++ ${afterName}`];
  // Line numbers before each edit, in the old and the new text.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const edit of edits) {
    oldAt.push(oldLine);
    newAt.push(newLine);
    if (edit.op !== '+') oldLine += 1;
    if (edit.op !== '-') newLine += 1;
  }
  let k = 0;
  while (k < changed.length) {
    const first = Math.max(0, (changed[k] as number) - DIFF_CONTEXT);
    let last = changed[k] as number;
    // Changes closer than twice the context share a hunk.
    while (k + 1 < changed.length && (changed[k + 1] as number) - last <= 2 * DIFF_CONTEXT) {
      k += 1;
      last = changed[k] as number;
    }
    k += 1;
    const stop = Math.min(edits.length, last + DIFF_CONTEXT + 1);
    const hunk = edits.slice(first, stop);
    const oldCount = hunk.filter((edit) => edit.op !== '+').length;
    const newCount = hunk.filter((edit) => edit.op !== '-').length;
    const oldStart = oldCount === 0 ? (oldAt[first] as number) - 1 : (oldAt[first] as number);
    const newStart = newCount === 0 ? (newAt[first] as number) - 1 : (newAt[first] as number);
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const edit of hunk) out.push(`${edit.op}${edit.line}`);
  }
  return `${out.join('\n')}\n`;
}
