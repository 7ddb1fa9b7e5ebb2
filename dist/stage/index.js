// The entry stage of dist/hands-off/ (scripts/bundle/hands-off.ts); written by scripts/build.mjs.
import { start } from '../hands-off/index.js';

await start('stage');
