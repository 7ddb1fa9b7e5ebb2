// The entry one-box-deploy of dist/hands-off/ (scripts/bundle/hands-off.ts); written by scripts/build.mjs.
import { start } from '../hands-off/index.js';

await start('one-box-deploy');
