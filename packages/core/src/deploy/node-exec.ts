import { spawn } from 'node:child_process';

/** Result of one command run. */
export interface ExecResult {
  exitCode: number;
  /** The last lines of stdout and stderr together, for reasons and logs. */
  output: string;
}

/** Runs a program with arguments and no shell; injected so the GitHub adapter can use @actions/exec. */
export type Exec = (
  file: string,
  args: readonly string[],
  options: { env: Record<string, string>; signal?: AbortSignal; cwd?: string },
) => Promise<ExecResult>;

const OUTPUT_TAIL = 2000;

/** The Exec of Node's child_process: no shell, the environment given, killed when the signal aborts. */
export const nodeExec: Exec = (file, args, options) =>
  new Promise<ExecResult>((resolve) => {
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-OUTPUT_TAIL);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, [...args], {
        env: options.env,
        cwd: options.cwd,
        signal: options.signal,
        shell: false,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      // A command that cannot start (E2BIG, ENAMETOOLONG, a bad cwd) is a failed command: the
      // caller rolls back as for any failure, instead of losing the deployment to a throw.
      resolve({ exitCode: 127, output: `cannot start ${file}: ${(error as Error).message}` });
      return;
    }
    if (!child.stdout || !child.stderr) {
      resolve({ exitCode: 127, output: `cannot start ${file}: no output pipes` });
      return;
    }
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ exitCode: 127, output: `${output}${error.message}` }));
    child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : 1), output }));
  });
