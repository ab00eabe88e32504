import type { Principal } from '@countyflow/auth';
import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import { Clock } from './clock';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long an answer is kept for a repeat (the retention sweep deletes older ones). */
export const IDEMPOTENCY_RETENTION_DAYS = 7;
const KEY = /^[A-Za-z0-9_:-]{8,100}$/;

/** A request sent with an `Idempotency-Key`: who sent it, to which endpoint, and how to say it was a repeat. */
export interface IdempotencyContext {
  key: string;
  callerId: string;
  /** The method and path (with its ids): the same key for another endpoint or parcel is a mistake. */
  scope: string;
  markReplay: () => void;
}

/**
 * The request's `Idempotency-Key`, if it sent one (undefined otherwise): 400 `invalid-idempotency-key` for a key
 * that is not 8–100 letters, digits, `_`, `:` or `-`.
 */
export const Idempotency = createParamDecorator(
  (_: unknown, context: ExecutionContext): IdempotencyContext | undefined => {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { principal?: Principal }>();
    const raw = request.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined || !request.principal) {
      return undefined;
    }
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!KEY.test(key)) {
      throw new Problem(
        400,
        'invalid-idempotency-key',
        'Idempotency-Key must be 8–100 letters, digits, "_", ":" or "-" (a UUID per scan will do)',
      );
    }
    return {
      key,
      callerId: request.principal.userId,
      scope: `${request.method} ${request.url.split('?')[0]}`,
      markReplay: () => void http.getResponse<FastifyReply>().header('Idempotent-Replay', 'true'),
    };
  },
);

/** The OpenAPI description of the header, on every endpoint that takes it. */
export const ApiIdempotencyKey = (): MethodDecorator =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'a client-made id of this scan (8–100 of A-Z a-z 0-9 _ : -). A repeat with the same key returns the first ' +
      'answer (header Idempotent-Replay: true) and changes nothing, even when both copies race; a refused request ' +
      'stores nothing. The same key for another endpoint: 409 idempotency-key-reused. Keys are kept 7 days.',
  });

/**
 * Idempotent writes: the key is claimed by an INSERT in the same transaction as the change and the answer stored
 * with it, so a repeat finds either nothing (the first was refused or rolled back: it runs again) or the committed
 * answer. Two copies racing: the second's INSERT waits on the unique key until the first commits, then finds its
 * answer. The claim is the first statement of the transaction, before any row lock of docs/logistics.md's order.
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs `work` in one transaction; with a context, at most once per key (a repeat gets the first answer). An
   * answer `keep` turns down is not stored (the key is given back), like a refusal.
   */
  transaction<T>(
    context: IdempotencyContext | undefined,
    work: (manager: EntityManager) => Promise<T>,
    keep: (answer: T) => boolean = () => true,
  ): Promise<T> {
    return this.db.withTransaction(async (manager) => {
      if (context) {
        const stored = await this.claim(manager, context);
        if (stored !== undefined) {
          context.markReplay();
          return stored as T;
        }
      }
      const answer = await work(manager);
      if (context && keep(answer)) {
        await manager.query(`UPDATE idempotent_request SET response = $3 WHERE caller_id = $1 AND key = $2`, [
          context.callerId,
          context.key,
          JSON.stringify(answer ?? null),
        ]);
      } else if (context) {
        await manager.query(`DELETE FROM idempotent_request WHERE caller_id = $1 AND key = $2`, [
          context.callerId,
          context.key,
        ]);
      }
      return answer;
    });
  }

  /** Deletes answers older than the retention period (the sweep calls it). */
  async forget(manager: EntityManager, now: Date): Promise<number> {
    const [, deleted] = await manager.query<[unknown, number]>(`DELETE FROM idempotent_request WHERE created_at < $1`, [
      new Date(now.getTime() - IDEMPOTENCY_RETENTION_DAYS * 86_400_000),
    ]);
    return deleted;
  }

  private async claim(manager: EntityManager, context: IdempotencyContext): Promise<unknown> {
    const claimed = await manager.query<{ key: string }[]>(
      `INSERT INTO idempotent_request (caller_id, key, scope, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (caller_id, key) DO NOTHING RETURNING key`,
      [context.callerId, context.key, context.scope, this.clock.now()],
    );
    if (claimed.length > 0) {
      return undefined;
    }
    const [earlier] = await manager.query<{ scope: string; response: unknown }[]>(
      `SELECT scope, response FROM idempotent_request WHERE caller_id = $1 AND key = $2`,
      [context.callerId, context.key],
    );
    if (!earlier) {
      throw new Problem(409, 'idempotency-in-progress', `Idempotency-Key ${context.key} is being forgotten; try again`);
    }
    if (earlier.scope !== context.scope) {
      throw new Problem(
        409,
        'idempotency-key-reused',
        `Idempotency-Key ${context.key} was used for ${earlier.scope}; make a new key for each scan`,
      );
    }
    return earlier.response;
  }
}
