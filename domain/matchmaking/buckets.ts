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

/**
 * The bucket as operators query it (the QueueBucket search attribute): `1v1 eu -` is teamSizes [1,1], matchTag
 * "eu", no serverTag. Temporal's visibility never matches a value holding a double quote, so the JSON key cannot
 * serve: tags are percent-encoded (quotes, spaces and all), `-` stands for no tag.
 */
export function queueBucketLabel(t: BucketOf): string {
  const tag = (v: string | undefined) => (v === undefined ? '-' : encodeURIComponent(v).replace(/[-'!()*~.]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
  return `${t.teamSizes.join('v')} ${tag(t.matchTag)} ${tag(t.serverTag)}`;
}

/** A bucket's readable key (for operators' queries) and the short hash that names its matcher workflow. */
export function bucketOf(t: BucketOf): { bucketKey: string; bucketId: string } {
  const bucketKey = queueBucket(t);
  return { bucketKey, bucketId: createHash('sha256').update(bucketKey).digest('hex').slice(0, 20) };
}
