export { runCli, STEPS } from './run-cli.js';
