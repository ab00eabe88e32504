import { Tracing } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';

/** Set while `work` runs inside a transaction opened by {@link withTransaction}. */
const openTransaction = new AsyncLocalStorage<true>();

/**
 * Runs `work` in one transaction; everything written through the given manager commits or rolls back together.
 * With tracing on, the transaction is a span of the traced work it runs in.
 * While it runs, {@link TransactionalConnection.manager} refuses: a statement sent outside the transaction would
 * take a second pool connection while this one is held, and a burst of such transactions starves the pool.
 */
export function withTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  // a span of the request's or event's trace when one is being traced (its time includes waiting for a connection)
  return Tracing.inSpan('transaction', { attributes: { 'db.system.name': 'postgresql' } }, () =>
    dataSource.transaction((manager) => openTransaction.run(true, () => work(manager))),
  );
}

/**
 * Runs `work` under a transaction-scoped advisory lock if no one else holds it; returns undefined otherwise.
 * For single-runner work such as a periodic sweep.
 */
export function withAdvisoryLock<T>(
  dataSource: DataSource,
  name: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T | undefined> {
  return withTransaction(dataSource, async (manager) => {
    const [{ locked }] = await manager.query<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
      [name],
    );
    return locked ? work(manager) : undefined;
  });
}

/**
 * The one way services open a transaction (Vendure's `TransactionalConnection` is the model). Repositories take
 * the `EntityManager` as their first argument, always: inside a transaction, the transaction's; outside, `manager`
 * here, which hands out pool connections statement by statement and throws if a transaction is open in the
 * calling context, so a forgotten manager fails every test that reaches it instead of starving the pool in
 * production.
 */
@Injectable()
export class TransactionalConnection {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** For statements outside any transaction. */
  get manager(): EntityManager {
    if (openTransaction.getStore()) {
      throw new Error(
        'a statement outside the open transaction would wait for a second pool connection: pass the transaction’s manager',
      );
    }
    return this.dataSource.manager;
  }

  withTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return withTransaction(this.dataSource, work);
  }

  withAdvisoryLock<T>(name: string, work: (manager: EntityManager) => Promise<T>): Promise<T | undefined> {
    return withAdvisoryLock(this.dataSource, name, work);
  }
}
