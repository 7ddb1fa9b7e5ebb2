export { createGitHubRuntime } from './github-runtime.js';
export { endProcessSoon, runGitHubStep } from './run-github-step.js';
export { commandEnvironment } from './command-environment.js';
export { githubPlatform } from './github-review.js';
