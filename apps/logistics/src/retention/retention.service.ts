import { LOGGER, SmsTemplate } from '@countyflow/kernel';
import { ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { CarrierService } from '../carrier/carrier.service';
import { Clock, formatLocal } from '../common/clock';
import { IdempotencyStore } from '../common/idempotency';
import { LogisticsConfig } from '../logistics.config';
import { NotificationPort } from '../notification/notification.port';
import { CustodyService } from '../shipment/custody.service';
import { ShipmentRepository } from '../shipment/shipment.repository';

export class SweepReportDto {
  @ApiProperty({ description: 'false when another replica held the sweep lock' }) ran: boolean;
  @ApiProperty({ description: 'recipients reminded that their parcel goes back soon' }) reminded: number;
  @ApiProperty({ description: 'uncollected parcels sent back (shipment.returned)' }) returned: number;
  @ApiProperty({ description: 'deliveries the simulated carrier confirmed' }) carrierDelivered: number;
  @ApiProperty({ description: 'waybills the carrier took for tracking after an earlier attempt failed or was lost' })
  carrierSubscribed: number;
  @ApiProperty({ description: 'SMS messages handed to the gateway' }) notificationsSent: number;
  @ApiProperty() at: string;
}

const BATCH = 500;

/**
 * The periodic sweep of time-driven work: pickup reminders the day before the deadline, returns of uncollected
 * parcels, deliveries the simulated carrier has "made", and SMS dispatch, every `LOGISTICS_SWEEP_INTERVAL_MS` (the
 * task `logistics-sweep`, once across replicas) and on demand. One replica at a time (advisory lock).
 * Then, outside its transaction, the carrier subscriptions still pending after their hand-over are retried.
 */
@Injectable()
export class RetentionService {
  readonly task: ScheduledTask;

  constructor(
    private readonly db: TransactionalConnection,
    private readonly shipments: ShipmentRepository,
    private readonly custody: CustodyService,
    private readonly carriers: CarrierService,
    private readonly notifications: NotificationPort,
    private readonly clock: Clock,
    private readonly config: LogisticsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly idempotency: IdempotencyStore,
    scheduler: TaskScheduler,
  ) {
    this.task = scheduler.task('logistics-sweep', config.sweepIntervalMs, () => this.sweep());
  }

  async sweep(): Promise<SweepReportDto> {
    const now = this.clock.now();
    const report = await this.db.withAdvisoryLock('countyflow:logistics:sweep', async (manager) => {
      let reminded = 0;
      for (const shipment of await this.shipments.dueReminders(manager, now, BATCH)) {
        await this.notifications.notify(manager, {
          shipmentId: shipment.id,
          countyCode: shipment.countyCode,
          recipientPhone: shipment.destination.recipientPhone,
          template: SmsTemplate.PickupReminder,
          params: {
            parcel: shipment.parcelCode,
            code: shipment.pickupCode!,
            deadline: formatLocal(shipment.collectBy!),
          },
          body:
            `【县域物流】提醒：您的包裹 ${shipment.parcelCode} 将于 ${formatLocal(shipment.collectBy!)} ` +
            `到期退回，请凭取件码 ${shipment.pickupCode} 尽快取件。`,
        });
        shipment.reminderSentAt = now;
        shipment.updatedAt = now;
        await this.shipments.save(manager, shipment);
        reminded++;
      }
      const due = await this.shipments.dueReturns(manager, now, BATCH);
      for (const shipment of due) {
        await this.custody.startReturn(manager, shipment, now);
      }
      const carrierDelivered = await this.carriers.confirmDueSimulated(manager, now);
      const notificationsSent = await this.notifications.dispatchPending(manager);
      await this.idempotency.forget(manager, now);
      return { ran: true, reminded, returned: due.length, carrierDelivered, notificationsSent, at: now.toISOString() };
    });
    const carrierSubscribed = report ? await this.carriers.subscribePending(BATCH) : 0;
    if (report && (report.reminded || report.returned || report.carrierDelivered || carrierSubscribed)) {
      this.logger.info({ ...report, carrierSubscribed }, 'logistics sweep');
    }
    return (
      (report && { ...report, carrierSubscribed }) ?? {
        ran: false,
        reminded: 0,
        returned: 0,
        carrierDelivered: 0,
        carrierSubscribed: 0,
        notificationsSent: 0,
        at: now.toISOString(),
      }
    );
  }
}
