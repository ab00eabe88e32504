import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, LessThanOrEqual } from 'typeorm';
import { CarrierBooking } from './carrier.entity';

@Injectable()
export class CarrierBookingRepository {
  constructor(private readonly db: TransactionalConnection) {}

  async insert(
    manager: EntityManager,
    booking: Omit<CarrierBooking, 'id' | 'subscribeAttempts' | 'subscribeError'>,
  ): Promise<void> {
    await manager.getRepository(CarrierBooking).insert(booking);
  }

  findByWaybill(waybillNo: string): Promise<CarrierBooking | null> {
    return this.db.manager.getRepository(CarrierBooking).findOneBy({ waybillNo });
  }

  lockByWaybill(manager: EntityManager, waybillNo: string): Promise<CarrierBooking | null> {
    return manager.getRepository(CarrierBooking).findOne({ where: { waybillNo }, lock: { mode: 'pessimistic_write' } });
  }

  /** Bookings of a carrier waiting for their delivery confirmation whose time has come. */
  due(manager: EntityManager, carrier: string, now: Date, limit: number): Promise<CarrierBooking[]> {
    return manager.getRepository(CarrierBooking).find({
      where: { carrier, status: 'booked', confirmAfter: LessThanOrEqual(now) },
      order: { confirmAfter: 'ASC' },
      take: limit,
    });
  }

  async markDelivered(manager: EntityManager, id: string, deliveredAt: Date): Promise<void> {
    await manager.getRepository(CarrierBooking).update(id, { status: 'delivered', deliveredAt });
  }

  /** Bookings whose carrier has not yet accepted the tracking subscription, oldest first (read outside any transaction). */
  unsubscribed(limit: number, shipmentId?: string): Promise<CarrierBooking[]> {
    return this.db.manager.getRepository(CarrierBooking).find({
      where: { subscribedAt: IsNull(), ...(shipmentId && { shipmentId }) },
      order: { bookedAt: 'ASC' },
      take: limit,
    });
  }

  /** The carrier took the subscription (a repeat, from another attempt, leaves the first time). */
  async markSubscribed(id: string, at: Date): Promise<void> {
    await this.db.manager
      .createQueryBuilder()
      .update(CarrierBooking)
      .set({ subscribedAt: at, subscribeError: null })
      .where('id = :id AND subscribed_at IS NULL', { id })
      .execute();
  }

  async markSubscribeFailed(id: string, error: string): Promise<void> {
    await this.db.manager
      .createQueryBuilder()
      .update(CarrierBooking)
      .set({ subscribeAttempts: () => 'subscribe_attempts + 1', subscribeError: error.slice(0, 500) })
      .where('id = :id AND subscribed_at IS NULL', { id })
      .execute();
  }
}
