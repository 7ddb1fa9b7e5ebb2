// The entry build-signature of dist/hands-off/ (scripts/bundle/hands-off.ts); written by scripts/build.mjs.
import { start } from '../hands-off/index.js';

await start('build-signature');
