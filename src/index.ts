// The root action's bundle entry (dist/stage/index.js), for the main and the post stage alike: the
// stage tells them apart by its saved state. The logic is main.ts's run(), which
// @github/local-action imports and calls the same way.
import { endProcessSoon } from '@hands-off/runtime-github';
import { run } from './main.js';

await run();
endProcessSoon();
