/** What one poll says about one signal. */
export type SignalState = 'OK' | 'BREACH' | 'NO_DATA' | 'ERROR';

/** Families of signals, one per input of bake-and-watch. */
export type SignalKind = 'alarm' | 'prometheus' | 'alertmanager' | 'probe' | 'traffic' | 'anomaly';

/** One signal's reading at one poll. Sources measure; the bake verdict decides elsewhere. */
export interface SignalReading {
  /** Stable across polls and jobs: `alarm:<name>`, `prometheus:<expr>`, `probe:<line>`, `traffic`. */
  id: string;
  kind: SignalKind;
  state: SignalState;
  /** The measured number, when there is one: series count, latency ms, status code, request count. */
  value?: number;
  /** What the value is judged against, for reasons: `ALARM`, `< 800ms`, `any series`. */
  threshold?: string;
  /** One line: what was seen, or the error. */
  detail: string;
  /** When the reading was taken (epoch ms). */
  readAt: number;
}

/** The span a poll covers: events since the previous read count, so a blip between polls is seen. */
export interface PollWindow {
  /** When the bake started (epoch ms); traffic counts from here. */
  bakeStart: number;
  /** End of the previous poll's window (the bake start for the first poll, or a resumed checkpoint's last poll). */
  from: number;
  /** Now. */
  to: number;
}

/**
 * A family of signals read together (one batched API call chain per poll where the backend allows).
 * A source never throws for a read failure: it reports ERROR readings (one per signal it knows,
 * or one for the whole source), so the verdict can count consecutive errors per signal.
 */
export interface SignalSource {
  /** For logs: `cloudwatch`, `prometheus`, `alertmanager`, `probes`. */
  readonly name: string;
  poll(window: PollWindow, signal?: AbortSignal): Promise<SignalReading[]>;
}

/** An HTTP fetch, injected so tests can fault it; the global fetch in production. */
export type Fetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; signal?: AbortSignal },
) => Promise<{
  status: number;
  ok: boolean;
  text(): Promise<string>;
}>;
