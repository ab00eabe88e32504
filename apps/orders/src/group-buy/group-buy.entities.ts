import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../common/columns';
import { SkuOffer } from '../common/sku-offer';

/** 拼团: a seller's offer of one SKU at a group price for a group of `groupSize` filled within `windowMinutes`. */
@Entity('group_deal')
export class GroupDeal extends SkuOffer {
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  groupPriceFen: number;

  @Column('int')
  groupSize: number;

  @Column('int')
  windowMinutes: number;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('uuid')
  createdBy: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

export enum BuyingGroupStatus {
  Open = 'open',
  /** Every place taken and paid: the members' orders went on to fulfilment. */
  Complete = 'complete',
  /** Not full in time: every member's order cancelled, what was paid refunded. */
  Expired = 'expired',
}

/** One group started by a buyer (the leader) on a deal; others join through its share link. */
@Entity('buying_group')
export class BuyingGroup {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  dealId: string;

  @Column('uuid')
  leaderId: string;

  @Column('int')
  groupSize: number;

  /** Places taken by orders not cancelled (a CHECK keeps it ≤ the size). */
  @Column('int', { default: 0 })
  members: number;

  @Column('int', { default: 0 })
  paidMembers: number;

  @Column('text', { default: BuyingGroupStatus.Open })
  status: BuyingGroupStatus;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
