import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { RequestContext } from './request-context';
import { activeTraceFields } from './tracing';

type Destination = ReturnType<typeof pino.destination>;

const destinations = new Set<Destination>();
let stdout: Destination | undefined;

/**
 * An asynchronous log destination (a file descriptor or a path): a log line is queued and written by the next
 * `write` the event loop gets to, so no request waits for the terminal, pipe or disk. Every one is flushed by
 * `flushLogs`, which the kernel calls at shutdown (SIGTERM goes through Nest's shutdown hooks) and at exit.
 */
export function asyncDestination(dest: number | string): Destination {
  const destination = pino.destination({ dest, sync: false });
  if (destinations.size === 0) {
    process.once('exit', flushLogs);
  }
  destinations.add(destination);
  return destination;
}

/** Writes out, synchronously, whatever log lines are still queued (shutdown, exit). */
export function flushLogs(): void {
  for (const destination of destinations) {
    try {
      destination.flushSync();
    } catch {
      // not open yet (nothing was written to it) or already closed
    }
  }
}

/**
 * JSON logs; every line carries the service name and, inside a request or event, its request id and (with tracing
 * on) the active span's `trace_id` and `span_id`.
 */
export function createLogger(service: string, level: string, destination?: Destination): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: logContext,
    },
    destination ?? (stdout ??= asyncDestination(1)),
  );
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
