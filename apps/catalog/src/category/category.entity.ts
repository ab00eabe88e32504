import { FlowDirection } from '@countyflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A node of the category tree (seeded by migration); its direction says which way its goods travel. */
@Entity('category')
export class Category {
  @PrimaryColumn('text')
  id: string;

  @Column('text', { nullable: true })
  parentId: string | null;

  @Column('text')
  name: string;

  @Column('text')
  direction: FlowDirection;

  /** The ids from the root down to this one, joined by '/': `fruit/citrus`. */
  @Column('text')
  path: string;

  @Column('int')
  sortOrder: number;
}
