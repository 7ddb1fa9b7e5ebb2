// The entry bake-and-watch of dist/hands-off/ (scripts/bundle/hands-off.ts); written by scripts/build.mjs.
import { start } from '../hands-off/index.js';

await start('bake-and-watch');
