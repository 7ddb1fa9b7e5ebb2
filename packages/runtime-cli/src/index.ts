export { createCliRuntime, type CliRuntime } from './cli-runtime.js';
export { parseCliArguments, envName, dotenvKey } from './cli-arguments.js';
