#!/usr/bin/env node
// The entry cli of dist/hands-off/ (scripts/bundle/hands-off.ts); written by scripts/build.mjs.
import { start } from '../hands-off/index.js';

await start('cli');
