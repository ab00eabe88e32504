import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { CountySetting } from './county-setting.entity';

@Injectable()
export class CountySettingRepository {
  constructor(private readonly db: TransactionalConnection) {}

  find(countyCode: string): Promise<CountySetting | null> {
    return this.db.manager.getRepository(CountySetting).findOneBy({ countyCode });
  }

  findMany(countyCodes: string[]): Promise<CountySetting[]> {
    return this.db.manager.getRepository(CountySetting).findBy({ countyCode: In(countyCodes) });
  }

  save(setting: CountySetting): Promise<CountySetting> {
    return this.db.manager.getRepository(CountySetting).save(setting);
  }
}
