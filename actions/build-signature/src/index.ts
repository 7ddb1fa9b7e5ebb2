// The action's entry: a chunk of dist/hands-off/ that dist/build-signature/index.js starts
// (scripts/bundle/hands-off.ts).
// The logic is main.ts's run(), which @github/local-action imports and calls the same way.
import { endProcessSoon } from '@hands-off/runtime-github';
import { run } from './main.js';

await run();
endProcessSoon();
