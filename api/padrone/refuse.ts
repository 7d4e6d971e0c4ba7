import type { Response } from 'express';

/** Padrone's 406: understood and refused; the reason is in the body, and old clients ignore it. */
export function refuse(res: Response, reason: string): void {
  res.status(406).json({ error: reason });
}
