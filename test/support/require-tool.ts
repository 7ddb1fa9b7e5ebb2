import { spawnSync } from 'node:child_process';

/**
 * Checks that an external tool a test needs is installed. Under CI=true a missing tool fails
 * the test (CI installs everything); on a workstation it fails too, with the install line.
 */
export function requireTool(command: string, args: string[], install: string): void {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`${command} is required by this test and is missing: ${install}`);
  }
}
