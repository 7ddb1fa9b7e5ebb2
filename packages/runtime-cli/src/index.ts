export { createCliRuntime, type CliRuntime } from './cli-runtime.js';
export {
  parseCliArguments,
  asksForHelp,
  flagExample,
  FlagError,
  envName,
  dotenvKey,
  CLI_OPTIONS,
} from './cli-arguments.js';
export { gitlabPlatform } from './gitlab-review.js';
