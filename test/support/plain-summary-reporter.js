import { writeSync } from 'node:fs';

/**
 * Prints the plain closing line `N passed, N failed[, N skipped]` that CI reads. Jest prints its
 * own summary after the reporters run, so the line is written synchronously at exit to be last.
 */
export default class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.once('exit', () => writeSync(1, `\n${line}\n`));
  }
}
