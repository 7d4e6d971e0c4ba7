import { cleanText } from '../../domain/wire';
import { ApiError } from '../errors';

/** A provider call: network failures and 5xx are the provider's fault (503), any other answer is its verdict. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a third party's JSON: each caller checks every field it reads
export async function providerJson(provider: string, url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; body: any }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    throw new ApiError('providerUnavailable', `${provider} could not be reached; try again`);
  }
  if (res.status >= 500) throw new ApiError('providerUnavailable', `${provider} answered ${res.status}; try again`);
  try {
    return { status: res.status, body: await res.json() };
  } catch {
    return { status: res.status, body: {} };
  }
}

/** A string a provider sent (a name, an avatar URL), made to obey the wire rule; anything not a string is absent. */
export function providerText(value: unknown, maxLength = 256): string | undefined {
  return cleanText(typeof value === 'string' ? value : undefined, maxLength);
}
