/**
 * An AbortSignal that fires on SIGINT or SIGTERM. The runner sends SIGINT on cancel, then
 * SIGTERM 7.5 s later: aborting lets the step stop waiting and still write its outputs and log.
 */
export function cancelSignalFromProcess(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) controller.abort(new Error(`received ${signal}`));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return controller.signal;
}
