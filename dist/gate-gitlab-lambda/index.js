// The entry gate-gitlab-lambda of dist/hands-off/ (scripts/bundle/hands-off.ts); written by scripts/build.mjs.
import { start } from '../hands-off/index.js';

export const { handler, sweepHandler } = await start('gate-gitlab-lambda');
