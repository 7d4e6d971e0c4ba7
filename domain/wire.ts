import { z } from 'zod';

/**
 * BattlePlace sends 64-bit integers as decimal strings; we accept a JSON number as well (COMPAT.md §1).
 * The inner schema carries the bounds, so the error names the field and the limit either way.
 */
export function wireInt(min: number, max: number) {
  return z
    .union([z.number(), z.string().regex(/^-?\d{1,16}$/, 'must be an integer or a decimal string')])
    .transform((v) => (typeof v === 'string' ? Number(v) : v))
    .pipe(z.number().int().min(min).max(max));
}

/** Optional fields may be omitted or sent as null; both read as absent. */
export function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((v) => v ?? undefined);
}

/** Any JSON value (it arrived in a JSON body), bounded so a ticket's `info` cannot bloat workflow histories. */
export const jsonInfo = z
  .unknown()
  .refine((v) => JSON.stringify(v).length <= 4096, 'must serialize to at most 4096 bytes of JSON')
  .meta({ description: 'Any JSON, shared with everyone in the session (at most 4 KiB).' });
