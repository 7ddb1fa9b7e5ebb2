// The bundle's entry (dist/code-review-checklist/index.js). The logic is
// main.ts's run(), which @github/local-action imports and calls the same way.
import { endProcessSoon } from '@hands-off/runtime-github';
import { run } from './main.js';

await run();
endProcessSoon();
