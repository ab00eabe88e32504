import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { RequestContext } from './request-context';
import { activeTraceFields } from './tracing';

/**
 * JSON logs; every line carries the service name and, inside a request or event, its request id and (with tracing
 * on) the active span's `trace_id` and `span_id`.
 */
export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: logContext,
  });
}

/** What every log line adds from where it is logged: the request id, and the active span's trace and span ids. */
export function logContext(): { requestId?: string; trace_id?: string; span_id?: string } {
  const context = RequestContext.current();
  const fields = activeTraceFields();
  return context?.requestId ? { requestId: context.requestId, ...fields } : fields;
}

/** Lets Nest's own messages go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
