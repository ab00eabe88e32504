import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../common/columns';

export enum CommissionStatus {
  /** The order is under way. */
  Pending = 'pending',
  /** The order was completed: the commission is owed to the service point. */
  Earned = 'earned',
  /** The order was rejected, cancelled or returned. */
  Void = 'void',
}

/** What a service point earns for an order its operator placed for a villager. */
@Entity('commission')
export class Commission {
  @PrimaryColumn('uuid')
  orderId: string;

  @Column('uuid')
  operatorOrgId: string;

  @Column('uuid')
  operatorUserId: string;

  /** The service point's county, whose rate applies. */
  @Column('char', { length: 6 })
  countyCode: string;

  @Column('int')
  rateBp: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  baseFen: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  amountFen: number;

  @Column('text')
  status: CommissionStatus;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  settledAt: Date | null;
}

/** Commission in whole fen, rounded half up. */
export const commissionOf = (baseFen: number, rateBp: number): number => Math.round((baseFen * rateBp) / 10_000);
