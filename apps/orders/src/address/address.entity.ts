import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One place of a division path as kept with an address: its code and the name the dataset gave it then. */
export interface AddressPlace {
  code: string;
  level: string;
  name: string;
}

/**
 * One entry of a buyer's address book: whom to deliver to, and where (a division code, then the street typed). The
 * migration adds an index on buyer_id and a partial unique index that allows one default per buyer.
 */
@Entity('buyer_address')
export class BuyerAddress {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  buyerId: string;

  @Column('varchar', { length: 50 })
  recipientName: string;

  @Column('varchar', { length: 11 })
  recipientPhone: string;

  /** The deepest division picked: a county (6 digits), a town (9) or a village (12). */
  @Column('varchar', { length: 12 })
  placeCode: string;

  /** The division path, province first, with the names the dataset gave when the address was saved. */
  @Column('jsonb')
  places: AddressPlace[];

  /** Street, house number, room: what the picker cannot say. */
  @Column('varchar', { length: 200 })
  detail: string;

  @Column('boolean', { default: false })
  isDefault: boolean;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
