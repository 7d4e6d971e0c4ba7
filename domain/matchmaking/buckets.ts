import { createHash } from 'node:crypto';

/** What decides a ticket's bucket: only tickets that agree on all three can ever be matched together. */
export interface BucketOf {
  teamSizes: number[];
  matchTag?: string;
  serverTag?: string;
}

/** Queue bucket key (COMPAT.md §1): tickets only ever match inside one. */
export function queueBucket(t: BucketOf): string {
  return JSON.stringify([t.teamSizes, t.matchTag ?? null, t.serverTag ?? null]);
}

/** A bucket's readable key (for operators' queries) and the short hash that names its matcher workflow. */
export function bucketOf(t: BucketOf): { bucketKey: string; bucketId: string } {
  const bucketKey = queueBucket(t);
  return { bucketKey, bucketId: createHash('sha256').update(bucketKey).digest('hex').slice(0, 20) };
}
