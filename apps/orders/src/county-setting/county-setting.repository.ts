import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { CountySetting } from './county-setting.entity';

@Injectable()
export class CountySettingRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  find(countyCode: string): Promise<CountySetting | null> {
    return this.dataSource.getRepository(CountySetting).findOneBy({ countyCode });
  }

  findMany(countyCodes: string[]): Promise<CountySetting[]> {
    return this.dataSource.getRepository(CountySetting).findBy({ countyCode: In(countyCodes) });
  }

  save(setting: CountySetting): Promise<CountySetting> {
    return this.dataSource.getRepository(CountySetting).save(setting);
  }
}
