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

/** The one rule every string Matchflow accepts obeys, on every surface: what PostgreSQL and JSON can always keep. */
export const TEXT_RULE = { maxLength: 10_000, maxDepth: 32 } as const;
export const INFO_LIMITS = { maxBytes: 4096, maxDepth: 16 } as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with one string under the rule, or undefined. */
export function badString(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  if (LONE_SURROGATE.test(s)) return 'must be well-formed Unicode (a lone surrogate such as \\ud800 is not)';
  if (s.length > TEXT_RULE.maxLength) return `must be at most ${TEXT_RULE.maxLength} characters`;
  return undefined;
}

/**
 * Text Matchflow did not get from the client but from a login provider (a display name, an avatar URL): not the
 * player's mistake, so not refused, but made to obey the rule before it is stored or shown (undefined stays so).
 */
export function cleanText(s: string | undefined, maxLength = 256): string | undefined {
  if (s === undefined) return undefined;
  return s.replace(/\u0000/g, '\uFFFD').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD').slice(0, maxLength);
}

/**
 * The first string (value or key) anywhere in `value` that breaks the rule, or nesting deeper than `maxDepth`,
 * with the path that names it (`body.info.name`). Iterative, so no input can exhaust the stack.
 */
export function findBadText(value: unknown, where: string, maxDepth: number = TEXT_RULE.maxDepth): { path: string; message: string } | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: where, depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = badString(v);
      if (problem) return { path, message: problem };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth) return { path, message: `must not nest deeper than ${maxDepth} levels` };
      for (const [k, child] of Object.entries(v)) {
        const problem = badString(k);
        const childPath = Array.isArray(v) ? `${path}[${k}]` : `${path}.${k.slice(0, 64)}`;
        if (problem) return { path: childPath, message: `key ${problem}` };
        stack.push({ v: child, path: childPath, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** Any JSON value (it arrived in a JSON body), bounded in size and depth so a ticket's `info` stays small. */
export const jsonInfo = z
  .unknown()
  .superRefine((v, ctx) => {
    if (new TextEncoder().encode(JSON.stringify(v)).length > INFO_LIMITS.maxBytes) ctx.addIssue({ code: 'custom', message: `must serialize to at most ${INFO_LIMITS.maxBytes} bytes of JSON` });
    const deep = findBadText(v, '', INFO_LIMITS.maxDepth);
    if (deep) ctx.addIssue({ code: 'custom', path: deep.path.split(/[.[\]]/).filter(Boolean), message: deep.message });
  })
  .meta({ description: `Any JSON, shared with everyone in the session (at most ${INFO_LIMITS.maxBytes} bytes, ${INFO_LIMITS.maxDepth} levels deep).` });

/** Zod's own wording for the common cases says what to send instead (a missing field is "is required"). */
export function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  return `must be ${withArticle(String(issue.expected))}, not ${kindOf(issue.input)}`;
}

const withArticle = (kind: string) => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;

function kindOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'a number (NaN)';
  return withArticle(typeof input);
}
