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
  return `${t.teamSizes.join('v')} ${labelTag(t.matchTag)} ${labelTag(t.serverTag)}`;
}

/** Past this many characters an encoded tag is cut and told apart by a hash (a keyword must stay under Temporal's 2 KB). */
const TAG_LABEL_MAX = 240;

function labelTag(tag: string | undefined): string {
  if (tag === undefined) return '-';
  const encoded = encodeTag(tag);
  if (encoded.length <= TAG_LABEL_MAX) return encoded;
  // Cut between characters, never inside one's escapes, so what is shown still decodes.
  let kept = '';
  for (const c of tag) {
    const next = kept + encodeTag(c);
    if (next.length > TAG_LABEL_MAX) break;
    kept = next;
  }
  return `${kept}~${createHash('sha256').update(tag).digest('hex').slice(0, 16)}`;
}

/** Percent-encoding that leaves only letters, digits and `_` as they are: no quote, space or `-` survives. */
const encodeTag = (s: string) => encodeURIComponent(s).replace(/[-'!()*~.]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A bucket's key (its identity in ticket and matcher inputs) and the short hash that names its matcher workflow. */
export function bucketOf(t: BucketOf): { bucketKey: string; bucketId: string } {
  const bucketKey = queueBucket(t);
  return { bucketKey, bucketId: createHash('sha256').update(bucketKey).digest('hex').slice(0, 20) };
}
