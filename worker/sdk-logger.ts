import type { Logger as SdkLogger, LogLevel, LogMetadata } from '@temporalio/common';
import type { Logger } from '../core/log';

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Sends the SDK's own logs (workflow `log`, activity logs, core) through our JSON logger. */
export class PinoAdapter implements SdkLogger {
  constructor(private readonly pino: Logger) {}
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.pino[LEVELS[level]](meta ?? {}, message);
  }
  trace(m: string, meta?: LogMetadata): void { this.log('TRACE', m, meta); }
  debug(m: string, meta?: LogMetadata): void { this.log('DEBUG', m, meta); }
  info(m: string, meta?: LogMetadata): void { this.log('INFO', m, meta); }
  warn(m: string, meta?: LogMetadata): void { this.log('WARN', m, meta); }
  error(m: string, meta?: LogMetadata): void { this.log('ERROR', m, meta); }
}
