/**
 * Exit codes shared by every step, so scripts (and GitLab `allow_failure: exit_codes`) can tell a
 * policy decision from a broken setup.
 */
export const ExitCode = {
  /** The step passed (guard open, bake healthy, deploy succeeded) or ran in dry-run mode. */
  Ok: 0,
  /** Bad input or configuration, or an unexpected failure: nothing was decided. */
  Error: 1,
  /** The step decided "no": guard closed, bake unhealthy or inconclusive, deploy failed. */
  Refused: 2,
  /**
   * Not decided yet: a checkpointed bake whose job slice ended first. Non-zero on purpose, so a
   * workflow that only checks success can never promote a change whose bake has not finished.
   */
  Pending: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
