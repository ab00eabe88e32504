import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, LessThanOrEqual } from 'typeorm';
import { CarrierBooking } from './carrier.entity';

@Injectable()
export class CarrierBookingRepository {
  constructor(private readonly db: TransactionalConnection) {}

  async insert(manager: EntityManager, booking: Omit<CarrierBooking, 'id'>): Promise<void> {
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
}
