/**
 * Variables the runner gives the action itself and never a `run:` step: the step's inputs (one of
 * them the github-token), the post step's saved state, and the runner's own service token.
 */
const ACTION_ONLY = [/^INPUT_/i, /^STATE_/i, /^ACTIONS_RUNTIME_TOKEN$/i];

/**
 * The environment the deploy and health commands start from: the job's environment as a `run:` step
 * sees it, without the action's own inputs and state (`INPUT_GITHUB-TOKEN` must not reach a command).
 */
export function commandEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !ACTION_ONLY.some((pattern) => pattern.test(entry[0])),
    ),
  );
}
