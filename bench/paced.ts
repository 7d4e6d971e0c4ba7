/**
 * Runs `act(n)` for n = 0, 1, 2, … with act n due at `start + n / perSecond`, at most `lanes` at a time, until `end`,
 * as clients on a schedule do (not as fast as possible). Answers how far behind its schedule it fell at most (ms).
 */
export async function paced(schedule: { perSecond: number; lanes: number; start: number; end: number }, act: (n: number) => Promise<void>): Promise<number> {
  let next = 0;
  let behindMs = 0;
  const lane = async () => {
    for (let n = next++; Date.now() < schedule.end; n = next++) {
      const at = schedule.start + (n / schedule.perSecond) * 1000;
      if (at >= schedule.end) return;
      if (at > Date.now()) await new Promise((r) => setTimeout(r, at - Date.now()));
      else behindMs = Math.max(behindMs, Date.now() - at);
      await act(n);
    }
  };
  await Promise.all(Array.from({ length: schedule.lanes }, lane));
  return behindMs;
}
