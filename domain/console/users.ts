import { z } from 'zod';
import { CONSOLE_ROLES } from './roles';

export const consoleUsername = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'letters, digits and . _ @ - (up to 64), starting with a letter or digit');
/** Long enough that the login limits make guessing hopeless; no other rules, so pass phrases work. */
export const consolePassword = z.string().min(12, 'must be at least 12 characters').max(200);
export const consoleRole = z.enum(CONSOLE_ROLES);

export const signInSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict();
