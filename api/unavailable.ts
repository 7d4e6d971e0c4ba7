import { isGrpcServiceError, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/** gRPC status codes (stable across every gRPC implementation). */
const GRPC = { DEADLINE_EXCEEDED: 4, RESOURCE_EXHAUSTED: 8, ABORTED: 10, UNAVAILABLE: 14 } as const;

export interface Outage {
  code: 'unavailable' | 'tooManyRequests';
  message: string;
  retryAfterSeconds: number;
}

/**
 * Outages are not the caller's fault and not ours to hide behind a 500: Temporal or PostgreSQL not answering
 * is a 503 naming which, with Retry-After; Temporal shedding load is a 429. Undefined for any other error.
 */
export function outageOf(err: unknown): Outage | undefined {
  const code = grpcCode(err);
  if (code === GRPC.RESOURCE_EXHAUSTED) return { code: 'tooManyRequests', message: 'Temporal is busy; try again shortly', retryAfterSeconds: 2 };
  // ABORTED: an update the server dropped while it restarted or moved the workflow's shard; asking again works.
  if (code === GRPC.UNAVAILABLE || code === GRPC.DEADLINE_EXCEEDED || code === GRPC.ABORTED || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return { code: 'unavailable', message: 'Temporal is unavailable; try again shortly', retryAfterSeconds: 5 };
  }
  if (isDatabaseOutage(err)) return { code: 'unavailable', message: 'the database is unavailable; try again shortly', retryAfterSeconds: 5 };
  return undefined;
}

function grpcCode(err: unknown): number | undefined {
  if (isGrpcServiceError(err)) return err.code;
  if (err instanceof ServiceError && isGrpcServiceError(err.cause)) return err.cause.code;
  return undefined;
}

/** PostgreSQL unreachable, restarting or out of connections (SQLSTATE 08, 53300, 57P0x), or the pool timing out. */
function isDatabaseOutage(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^(08|57P0)/.test(code) || code === '53300' || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
  return typeof e?.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(e.message);
}
