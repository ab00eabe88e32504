import { databaseUrlFor, LOGGER } from '@countyflow/kernel';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { OrdersConfig } from '../orders.config';

/** The channel the `notify_order_group` trigger notifies on commit (migration OrdersGroupNotify). */
export const ORDER_GROUP_CHANNEL = 'countyflow_order_group';

export interface GroupFollower {
  /** A transaction that changed the group committed. */
  changed(): void;
  /** The listening connection was lost (or the process stops): changes may be missed from now on. */
  lost(): void;
}

/**
 * One PostgreSQL `LISTEN` connection per process, opened with the first follower, that tells the followers of an
 * order group when a transaction that changed it has committed. It carries only the group's id: followers re-read
 * committed state. When the connection drops every follower is told it lost the thread (a client then falls back
 * to reading the group again), and the next follower opens a new connection.
 */
@Injectable()
export class OrderGroupWatch implements OnModuleDestroy {
  private readonly followers = new Map<string, Set<GroupFollower>>();
  private listening: Promise<Client> | null = null;
  private stopped = false;

  constructor(
    private readonly config: OrdersConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Resolves once listening, so that every commit after it reaches `follower`; returns what stops following. */
  async follow(groupId: string, follower: GroupFollower): Promise<() => void> {
    if (this.stopped) {
      throw new Error('the order group watch is stopped');
    }
    const set = this.followers.get(groupId) ?? new Set<GroupFollower>();
    this.followers.set(groupId, set);
    set.add(follower);
    const unfollow = () => {
      set.delete(follower);
      if (set.size === 0 && this.followers.get(groupId) === set) {
        this.followers.delete(groupId);
      }
    };
    try {
      await this.connection();
    } catch (error) {
      unfollow();
      throw error;
    }
    return unfollow;
  }

  /** How many clients follow groups in this process (metrics, tests). */
  get size(): number {
    let count = 0;
    for (const set of this.followers.values()) {
      count += set.size;
    }
    return count;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.loseAll();
    const listening = this.listening;
    this.listening = null;
    await listening?.then((client) => client.end()).catch(() => undefined);
  }

  private connection(): Promise<Client> {
    this.listening ??= this.connect().catch((error: unknown) => {
      this.listening = null;
      throw error;
    });
    return this.listening;
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      // LISTEN needs a session of its own: straight to PostgreSQL, past any pooler, as orders' own role
      connectionString: databaseUrlFor(this.config.databaseDirectUrl, 'orders'),
      application_name: 'orders-group-watch',
    });
    let lost = false;
    const lose = (error?: unknown) => {
      if (lost) {
        return;
      }
      lost = true;
      if (this.listening && !this.stopped) {
        this.logger.warn({ err: error }, 'order group watch lost its connection');
      }
      this.listening = null;
      client.removeAllListeners();
      client.on('error', () => undefined);
      client.end().catch(() => undefined);
      this.loseAll();
    };
    client.on('error', lose);
    client.on('end', () => lose());
    client.on('notification', (message) => {
      for (const follower of this.followers.get(message.payload ?? '') ?? []) {
        follower.changed();
      }
    });
    await client.connect();
    await client.query(`LISTEN ${ORDER_GROUP_CHANNEL}`);
    return client;
  }

  private loseAll(): void {
    const all = [...this.followers.values()].flatMap((set) => [...set]);
    this.followers.clear();
    for (const follower of all) {
      follower.lost();
    }
  }
}
