import { createHash } from 'node:crypto';
import { queueBucket } from './tickets';

/** A bucket's readable key (for operators' queries) and the short hash that names its matcher workflow. */
export function bucketOf(t: { teamSizes: number[]; matchTag?: string; serverTag?: string }): { bucketKey: string; bucketId: string } {
  const bucketKey = queueBucket(t);
  return { bucketKey, bucketId: createHash('sha256').update(bucketKey).digest('hex').slice(0, 20) };
}
