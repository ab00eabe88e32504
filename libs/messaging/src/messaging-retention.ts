import { CommonConfig, LOGGER } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ScheduledTask } from './scheduled-task';
import { TaskScheduler } from './task-scheduler';

/** Statements one round runs at most per table, so that a large backlog is worked off over several rounds. */
const MAX_BATCHES_PER_ROUND = 100;

/** What one retention round deleted. */
export interface RetentionRound {
  outbox: number;
  inbox: number;
}

/**
 * Deletes published outbox rows after `OUTBOX_RETENTION_HOURS` and inbox (`processed_event`) rows after
 * `INBOX_RETENTION_HOURS`, `MESSAGING_RETENTION_BATCH` rows per statement (each its own short transaction, rows picked
 * oldest first through the tables' age indexes, `SKIP LOCKED` so that two rounds never wait on each other). Unpublished
 * outbox rows and dead letters are never deleted. The task `messaging-retention` runs every
 * `MESSAGING_RETENTION_INTERVAL_MS`, once across replicas.
 */
@Injectable()
export class MessagingRetention {
  readonly task: ScheduledTask;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: CommonConfig,
    scheduler: TaskScheduler,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.task = scheduler.task('messaging-retention', config.messagingRetentionIntervalMs, () => this.prune());
  }

  async prune(now = new Date()): Promise<RetentionRound> {
    const hours = (n: number) => new Date(now.getTime() - n * 3600 * 1000);
    const round: RetentionRound = {
      outbox: await this.deleteInBatches(
        `DELETE FROM outbox WHERE seq IN (
           SELECT seq FROM outbox WHERE published_at < $1 ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        hours(this.config.outboxRetentionHours),
      ),
      inbox: await this.deleteInBatches(
        `DELETE FROM processed_event WHERE event_id IN (
           SELECT event_id FROM processed_event WHERE processed_at < $1 ORDER BY processed_at LIMIT $2
              FOR UPDATE SKIP LOCKED)`,
        hours(this.config.inboxRetentionHours),
      ),
    };
    if (round.outbox || round.inbox) {
      this.logger.info(round, 'old outbox and inbox rows deleted');
    }
    return round;
  }

  private async deleteInBatches(statement: string, before: Date): Promise<number> {
    const batch = this.config.messagingRetentionBatch;
    let deleted = 0;
    for (let i = 0; i < MAX_BATCHES_PER_ROUND; i += 1) {
      const [, count] = await this.dataSource.query<[unknown[], number]>(statement, [before, batch]);
      deleted += count;
      if (count < batch) {
        break;
      }
    }
    return deleted;
  }
}
