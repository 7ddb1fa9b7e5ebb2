export { runCli, STEPS } from './run-cli.js';
export { INPUT_EXAMPLES } from './input-examples.js';
