/**
 * The one error the core throws for a request it will not carry out; the API's error middleware answers each
 * code with its status (api/errors.ts). Anything else thrown from the core is a fault, not a refusal.
 */
export type RefusalCode = 'invalid' | 'notFound' | 'conflict';

export class Refused extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    /** The request fields at fault, e.g. `body.ranks`. */
    readonly fields?: { path: string; message: string }[],
  ) {
    super(message);
  }
}
