export { createGitHubRuntime } from './github-runtime.js';
export { runGitHubStep } from './run-github-step.js';
