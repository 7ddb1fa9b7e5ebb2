import { InputError } from '../errors.js';

/** A share of the fleet: `33%` or a count of hosts. */
export type FleetShare = { percent: number } | { count: number };

/** Parses `33%` or `2` for the input `input`. */
export function parseFleetShare(input: string, raw: string, example: string): FleetShare {
  const text = raw.trim();
  const percent = /^(\d{1,3})%$/.exec(text);
  if (percent) {
    const value = Number(percent[1]);
    if (value > 100) throw new InputError(input, `\`${raw}\` is more than 100%`, example);
    return { percent: value };
  }
  if (/^\d{1,5}$/.test(text)) return { count: Number(text) };
  throw new InputError(input, `\`${raw}\` is neither a percentage nor a number of hosts`, example);
}

/** Hosts a share stands for in a fleet of `total`: percentages round down for batches, up for capacity. */
function hostsOf(share: FleetShare, total: number, round: (n: number) => number): number {
  return 'count' in share ? share.count : round((share.percent / 100) * total);
}

/**
 * Splits `hosts` (the fleet after its one box) into batches, so that while a batch deploys at
 * least `minHealthy` of the whole fleet of `fleetSize` keeps serving: a batch is at most
 * fleetSize − ⌈min-healthy⌉ hosts (Amazon: at most 33% at a time, at least 66% always serving).
 * Shares are of the whole fleet. Refuses settings that can make no progress, before anything runs.
 */
export function planFleetBatches(
  hosts: readonly string[],
  fleetSize: number,
  batchSize: FleetShare,
  minHealthy: FleetShare,
): string[][] {
  const total = Math.max(fleetSize, hosts.length);
  if (hosts.length === 0) return [];
  const keepServing = hostsOf(minHealthy, total, Math.ceil);
  const room = total - keepServing;
  if (room < 1) {
    throw new InputError(
      'min-healthy',
      `keeps all ${total} hosts serving, so no host could ever be deployed`,
      '`66%` (with `batch-size: 33%`)',
    );
  }
  const wanted = Math.max(1, hostsOf(batchSize, total, Math.floor));
  const size = Math.min(wanted, room);
  const batches: string[][] = [];
  for (let i = 0; i < hosts.length; i += size) batches.push(hosts.slice(i, i + size));
  return batches;
}
