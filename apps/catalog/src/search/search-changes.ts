import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, QueryRunner } from 'typeorm';

/** The channel on which catalog processes hear of changed search documents (one per database). */
export const SEARCH_CHANNEL = 'catalog_search_changed';

/** Documents that changed: these listings', or every document of a seller. */
export interface DocumentChange {
  listingIds: string[];
  sellerOrgIds: string[];
}

/** What an in-process index does with changes: applies them once their transaction has committed. */
export interface ChangeListener {
  /** Called after the commit, on the connection that committed (so that it reads what was committed). */
  applyCommitted(change: DocumentChange, query: QueryRunner['query']): Promise<void>;
}

// a NOTIFY payload holds at most 8000 bytes: 36-character ids, a hundred at a time
const IDS_PER_NOTICE = 100;

/**
 * Tells in-process indexes (memory-search.engine.ts) which search documents changed. Inside the change's
 * transaction it sends a NOTIFY, which PostgreSQL delivers to every listening catalog process when (and only if)
 * the transaction commits; and it remembers the change against the transaction, so that this process's own index
 * applies it right after the commit, before the request that made it answers (read your own writes). A process
 * without an index (SEARCH_ENGINE=postgres) still sends the notices, for replicas that have one.
 */
@Injectable()
export class SearchChanges {
  /** Tells this process's notices from other replicas'. */
  readonly instance = randomUUID();
  private listener: ChangeListener | undefined;
  private readonly pending = new WeakMap<QueryRunner, DocumentChange>();

  get active(): boolean {
    return this.listener !== undefined;
  }

  listen(listener: ChangeListener): void {
    this.listener = listener;
  }

  /** Within the change's transaction (`manager`): these documents are being rewritten. */
  async record(manager: Pick<EntityManager, 'query'> & { queryRunner?: QueryRunner }, change: DocumentChange) {
    // a change this process applies itself after the commit is signed, so that its own notice is skipped
    const runner = this.listener && manager.queryRunner?.isTransactionActive ? manager.queryRunner : undefined;
    const sender = runner ? this.instance : '-';
    const notices = [
      ...chunks(change.listingIds).map((ids) => `${sender}|l|${ids.join(',')}`),
      ...chunks(change.sellerOrgIds).map((ids) => `${sender}|s|${ids.join(',')}`),
    ];
    for (const notice of notices) {
      await manager.query(`SELECT pg_notify($1, $2)`, [SEARCH_CHANNEL, notice]);
    }
    if (runner) {
      const pending = this.pending.get(runner) ?? { listingIds: [], sellerOrgIds: [] };
      pending.listingIds.push(...change.listingIds);
      pending.sellerOrgIds.push(...change.sellerOrgIds);
      this.pending.set(runner, pending);
    }
  }

  /** The transaction of `runner` committed (TypeORM's afterTransactionCommit; a savepoint's release is not one). */
  async committed(runner: QueryRunner): Promise<void> {
    const change = this.pending.get(runner);
    if (!change || runner.isTransactionActive || !this.listener) {
      return;
    }
    this.pending.delete(runner);
    await this.listener.applyCommitted(change, (sql: string, params?: unknown[]) => runner.query(sql, params));
  }

  rolledBack(runner: QueryRunner): void {
    if (!runner.isTransactionActive) {
      this.pending.delete(runner);
    }
  }

  /** A notice as sent by {@link record}, unless this process sent it; null for one of its own or a stranger's. */
  parse(payload: string): DocumentChange | null {
    const [instance, kind, ids] = payload.split('|');
    if (instance === this.instance || !ids) {
      return null;
    }
    const list = ids.split(',');
    return kind === 'l' ? { listingIds: list, sellerOrgIds: [] } : { listingIds: [], sellerOrgIds: list };
  }
}

function chunks(ids: string[]): string[][] {
  const out: string[][] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_NOTICE) {
    out.push(ids.slice(start, start + IDS_PER_NOTICE));
  }
  return out;
}
