// Reconnect delays: exponential backoff with full-range jitter, so a restarted ingester is not
// hit by every open page at the same instant. Pure.

export const BASE_MS = 500;
export const CAP_MS = 30_000;

/**
 * Delay before reconnect attempt `attempt` (0 = first retry): a random value between half and
 * all of min(cap, base * 2^attempt). `random` is injectable for tests.
 */
export function reconnectDelay(attempt, random = Math.random, base = BASE_MS, cap = CAP_MS) {
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
