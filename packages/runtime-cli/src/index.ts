export { createCliRuntime, type CliRuntime } from './cli-runtime.js';
export { parseCliArguments, envName, dotenvKey, CLI_OPTIONS } from './cli-arguments.js';
