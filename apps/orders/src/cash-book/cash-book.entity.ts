import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../common/columns';

export enum HandoverStatus {
  /** The point says it handed the cash over. */
  Declared = 'declared',
  /** County staff counted it: posted to the ledger. */
  Confirmed = 'confirmed',
}

/** Cash a service point hands to the county office. */
@Entity('cash_handover')
export class CashHandover {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  pointOrgId: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  amountFen: number;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('uuid')
  handedBy: string;

  @Column('text')
  status: HandoverStatus;

  @Column('uuid', { nullable: true })
  confirmedBy: string | null;

  @Column('timestamptz', { nullable: true })
  confirmedAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
