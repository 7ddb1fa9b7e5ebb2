import { describeError, type Logger } from '@hands-off/core';
import { readGitLabGateConfig } from './gitlab-gate-config.js';
import { sweepGitLab, type GitLabSweepSummary } from './gitlab-sweep.js';

/** Lambda's log: each line to CloudWatch Logs through the console. */
const consoleLogger: Logger = {
  info: (line) => console.log(line),
  warning: (line) => console.warn(line),
  error: (line) => console.error(line),
  debug: () => undefined,
};

/**
 * The GitLab gate as an AWS Lambda function (`gate-gitlab-lambda/index.handler`), run by an
 * EventBridge schedule: every invocation is one sweep, configured by the HANDS_OFF_GATE_GITLAB_*
 * variables (read again each time, so a fixed setting needs no redeploy). A bad setting is one log
 * line and a thrown error (the invocation fails and EventBridge reports it), never a stack trace.
 */
export async function handler(): Promise<GitLabSweepSummary> {
  let config: ReturnType<typeof readGitLabGateConfig>;
  try {
    config = readGitLabGateConfig(process.env);
  } catch (error) {
    const line = `hands-off gate: ${describeError(error)}`;
    consoleLogger.error(line);
    throw new Error(line, { cause: error });
  }
  return sweepGitLab(config, { log: consoleLogger });
}

/** The same sweep under the name the GitHub gate's sweep-only function uses. */
export const sweepHandler = handler;
