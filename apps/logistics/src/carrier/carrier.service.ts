import { Principal } from '@countyflow/auth';
import { LOGGER, Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { assertCanOperate } from '../common/access';
import { Clock } from '../common/clock';
import { IdempotencyContext, IdempotencyStore } from '../common/idempotency';
import { LogisticsConfig } from '../logistics.config';
import { NodeLevel } from '../network/network.entities';
import { NetworkRepository } from '../network/network.repository';
import { CustodyService } from '../shipment/custody.service';
import { ScanKind, Shipment } from '../shipment/shipment.entities';
import { ShipmentRepository } from '../shipment/shipment.repository';
import {
  CarrierHandoverCreateDto,
  CarrierHandoverResponseDto,
  CarrierWebhookDto,
  CarrierWebhookResponseDto,
} from './carrier.dto';
import { CarrierDelivery, CarrierHandover, CarrierPort } from './carrier.port';
import { CarrierBookingRepository } from './carrier.repository';
import { Kuaidi100Carrier } from './kuaidi100/kuaidi100-carrier';
import { KUAIDI100_PUSH_TAKEN, Kuaidi100Answer } from './kuaidi100/kuaidi100.protocol';
import { SimulatedCarrier } from './simulated-carrier';
import { verifyWebhook } from './webhook-signature';

@Injectable()
export class CarrierService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly bookings: CarrierBookingRepository,
    private readonly shipments: ShipmentRepository,
    private readonly network: NetworkRepository,
    private readonly custody: CustodyService,
    private readonly carrier: CarrierPort,
    private readonly simulated: SimulatedCarrier,
    private readonly kuaidi100: Kuaidi100Carrier,
    private readonly config: LogisticsConfig,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** At the county hub: the parcel goes to the express carrier for the city leg and gets its waybill number. */
  async handOver(
    principal: Principal,
    ref: { shipmentId?: string; parcelCode?: string },
    dto: CarrierHandoverCreateDto,
    idempotency?: IdempotencyContext,
  ): Promise<CarrierHandoverResponseDto> {
    const hub = await this.network.requireNode(dto.nodeId, this.db.manager);
    assertCanOperate(principal, hub);
    if (hub.level !== NodeLevel.CountyHub) {
      throw new Problem(422, 'not-the-hub', `parcels go to the express carrier at the county hub, not at ${hub.name}`);
    }
    const answer = await this.idempotency.transaction(idempotency, async (manager) => {
      const shipment = await this.shipments.lockOne(
        manager,
        ref.shipmentId ? { id: ref.shipmentId } : { parcelCode: ref.parcelCode! },
      );
      if (!shipment) {
        throw new Problem(404, 'shipment-not-found', `no shipment ${ref.shipmentId ?? ref.parcelCode}`);
      }
      const now = this.clock.now();
      await this.custody.scan(manager, shipment, {
        kind: ScanKind.HandedToCarrier,
        node: hub,
        actorId: principal.userId,
        at: now,
        temperatureC: dto.temperatureC,
        details: { carrier: this.carrier.name },
      });
      // no call to the carrier here: its subscription is made after this commits (subscribePending)
      const booking = await this.carrier.book(this.handoverOf(shipment, dto.waybillNo), now);
      await this.bookings.insert(manager, {
        shipmentId: shipment.id,
        carrier: booking.carrier,
        waybillNo: booking.waybillNo,
        status: 'booked',
        bookedAt: now,
        confirmAfter: booking.confirmAfter,
        deliveredAt: null,
        subscribedAt: booking.subscriptionPending ? null : now,
      });
      shipment.carrier = booking.carrier;
      shipment.waybillNo = booking.waybillNo;
      await this.shipments.save(manager, shipment);
      return {
        shipmentId: shipment.id,
        parcelCode: shipment.parcelCode,
        carrier: booking.carrier,
        waybillNo: booking.waybillNo,
      };
    });
    // the answer does not wait for the carrier: a failed or lost attempt is the sweep's to retry
    void this.subscribePending(1, answer.shipmentId).catch((error: unknown) =>
      this.logger.warn({ err: (error as Error).message }, 'carrier subscription after hand-over failed'),
    );
    return answer;
  }

  /**
   * Asks the carrier to track the waybills it has not yet accepted (oldest first; one shipment's, after its
   * hand-over). Outside any transaction: the carrier's call holds no connection or lock. Two attempts at once (the
   * hand-over's and a sweep's) are harmless: the carrier answers the second "already subscribed".
   */
  async subscribePending(limit: number, shipmentId?: string): Promise<number> {
    let subscribed = 0;
    for (const booking of await this.bookings.unsubscribed(limit, shipmentId)) {
      const shipment = (await this.shipments.find(booking.shipmentId, this.db.manager))!;
      try {
        await this.carrier.subscribe({ ...this.handoverOf(shipment, booking.waybillNo), waybillNo: booking.waybillNo });
      } catch (error) {
        await this.bookings.markSubscribeFailed(booking.id, (error as Error).message);
        this.logger.warn(
          { waybillNo: booking.waybillNo, attempts: booking.subscribeAttempts + 1, err: (error as Error).message },
          'the carrier did not take the tracking subscription; the sweep retries',
        );
        continue;
      }
      await this.bookings.markSubscribed(booking.id, this.clock.now());
      subscribed++;
    }
    return subscribed;
  }

  private handoverOf(shipment: Shipment, waybillNo: string | undefined): CarrierHandover {
    const { destination } = shipment;
    return {
      shipmentId: shipment.id,
      parcelCode: shipment.parcelCode,
      weightGrams: shipment.handedInWeightGrams ?? shipment.weightGrams,
      volumeMl: shipment.volumeMl,
      temperatureClass: shipment.temperatureClass,
      address: destination.address!,
      recipientName: destination.recipientName,
      recipientPhone: destination.recipientPhone,
      waybillNo,
    };
  }

  /** The carrier's delivery confirmation; refused unless signed with the shared secret and fresh. */
  async receiveWebhook(
    signature: string | undefined,
    timestamp: string | undefined,
    dto: CarrierWebhookDto,
  ): Promise<CarrierWebhookResponseDto> {
    this.verify(signature, timestamp, dto);
    return this.db.withTransaction((manager) => this.applyDelivery(manager, dto));
  }

  /**
   * 快递100's push of a waybill's track (form `param` + `sign`): refused unless signed with our salt; a 签收 is the
   * delivery (applied once, a repeat answered the same), any other state is taken and left (the track is theirs).
   */
  async receiveKuaidi100Push(form: Buffer | undefined): Promise<Kuaidi100Answer> {
    if (this.config.carrier !== 'kuaidi100') {
      throw new Problem(404, 'kuaidi100-not-configured', '快递100 is not the carrier here (CARRIER)');
    }
    const delivery: CarrierDelivery | null = this.kuaidi100.readPush(form?.toString('utf8') ?? '');
    if (delivery) {
      await this.db.withTransaction((manager) =>
        this.applyDelivery(manager, {
          waybillNo: delivery.waybillNo,
          status: 'delivered',
          occurredAt: delivery.occurredAt.toISOString(),
          signedBy: delivery.signedBy ?? undefined,
        }),
      );
    }
    return KUAIDI100_PUSH_TAKEN;
  }

  private verify(signature: string | undefined, timestamp: string | undefined, dto: CarrierWebhookDto): void {
    const body = { waybillNo: dto.waybillNo, status: dto.status, occurredAt: dto.occurredAt, signedBy: dto.signedBy };
    const verdict = verifyWebhook(
      this.config.carrierWebhookSecret,
      { signature, timestamp },
      body,
      Math.floor(this.clock.now().getTime() / 1000),
      this.config.carrierWebhookToleranceSeconds,
    );
    switch (verdict) {
      case 'unsigned':
        throw new Problem(401, 'unsigned-webhook', 'send x-carrier-timestamp and x-carrier-signature (HMAC-SHA256)');
      case 'stale':
        throw new Problem(
          401,
          'stale-webhook',
          `the webhook timestamp is more than ${this.config.carrierWebhookToleranceSeconds} s from now`,
        );
      case 'bad-signature':
        throw new Problem(401, 'bad-signature', 'the webhook signature does not match its body');
    }
  }

  /** Lets the simulated carrier deliver what is due (called by the sweep, with the sweep's clock). */
  async confirmDueSimulated(manager: EntityManager, now: Date): Promise<number> {
    if (!this.config.carrierSimulatorEnabled) {
      return 0;
    }
    const due = await this.bookings.due(manager, this.simulated.name, now, 200);
    for (const booking of due) {
      const webhook = this.simulated.deliveryWebhook(booking.waybillNo, now, now);
      this.verify(webhook.signature, webhook.timestamp, webhook.body);
      await this.applyDelivery(manager, webhook.body);
    }
    return due.length;
  }

  /** Development: make the simulated carrier deliver one waybill now, through the signed webhook path. */
  async simulateDelivery(principal: Principal, waybillNo: string): Promise<CarrierWebhookResponseDto> {
    if (!this.config.carrierSimulatorEnabled) {
      throw new Problem(404, 'not-available', 'the simulated carrier is not enabled here (CARRIER_SIMULATOR)');
    }
    const booking = await this.bookings.findByWaybill(waybillNo);
    if (!booking || booking.carrier !== this.simulated.name) {
      throw new Problem(404, 'waybill-not-found', `the simulated carrier has no waybill ${waybillNo}`);
    }
    const shipment = await this.shipments.find(booking.shipmentId, this.db.manager);
    principal.assertCountyStaffOf(shipment!.countyCode);
    const now = this.clock.now();
    const webhook = this.simulated.deliveryWebhook(waybillNo, now, now);
    return this.receiveWebhook(webhook.signature, webhook.timestamp, webhook.body);
  }

  private async applyDelivery(manager: EntityManager, dto: CarrierWebhookDto): Promise<CarrierWebhookResponseDto> {
    const booking = await this.bookings.lockByWaybill(manager, dto.waybillNo);
    if (!booking) {
      throw new Problem(404, 'waybill-not-found', `no parcel was handed over with waybill ${dto.waybillNo}`);
    }
    if (booking.status === 'delivered') {
      return { outcome: 'duplicate', shipmentId: booking.shipmentId };
    }
    const shipment = (await this.shipments.lock(manager, booking.shipmentId))!;
    const deliveredAt = new Date(dto.occurredAt);
    await this.custody.carrierDelivered(manager, shipment, deliveredAt, {
      carrier: booking.carrier,
      waybillNo: booking.waybillNo,
      signedBy: dto.signedBy ?? null,
    });
    await this.bookings.markDelivered(manager, booking.id, deliveredAt);
    return { outcome: 'delivered', shipmentId: booking.shipmentId };
  }
}
