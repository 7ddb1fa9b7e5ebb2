import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { NODE24, ROOT } from './run-action.js';

/** What a script run outside Jest printed. */
export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Node 24 strips TypeScript types itself; this hook only maps the sources' `./x.js` imports to `./x.ts`.
const RESOLVE_HOOK = join(ROOT, 'scripts/ts-resolve-hook.mjs');

/**
 * Runs an ES module script under Node 24 in its own process, able to import the TypeScript
 * sources by absolute path (`${ROOT}/packages/core/src/...ts`). For behaviour Jest's VM realm
 * distorts: Node's own errors (ECONNREFUSED, ...) are not `instanceof Error` inside Jest, so the
 * AWS SDK replaces them with a bare "AWS SDK error wrapper" that has lost its `code`
 * (aws/aws-sdk-js-v3#4273). Outside Jest they arrive as in production.
 */
export async function runTsScript(
  script: string,
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ScriptRun> {
  const child = spawn(
    NODE24,
    ['--no-warnings', '--import', RESOLVE_HOOK, '--input-type=module', '-e', script],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, ...options.env } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
