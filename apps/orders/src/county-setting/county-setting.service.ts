import { Principal } from '@countyflow/auth';
import { Injectable } from '@nestjs/common';
import { OrdersConfig } from '../orders.config';
import { CountySettingResponseDto, CountySettingUpdateDto } from './county-setting.dto';
import { CountySetting, DEFAULT_GROWTH_TARGET_BP } from './county-setting.entity';
import { CountySettingRepository } from './county-setting.repository';

export type EffectiveCountySetting = Omit<CountySetting, 'updatedBy' | 'updatedAt'> & {
  source: 'default' | 'county';
  updatedAt: Date | null;
};

export const mapCountySetting = (setting: EffectiveCountySetting): CountySettingResponseDto => ({
  countyCode: setting.countyCode,
  commissionRateBp: setting.commissionRateBp,
  claimWindowHours: setting.claimWindowHours,
  claimResponseHours: setting.claimResponseHours,
  allowCrossCountyServicePoint: setting.allowCrossCountyServicePoint,
  growthTargetBp: setting.growthTargetBp,
  autoConfirmDays: setting.autoConfirmDays,
  source: setting.source,
  updatedAt: setting.updatedAt?.toISOString() ?? null,
});

@Injectable()
export class CountySettingService {
  constructor(
    private readonly settings: CountySettingRepository,
    private readonly config: OrdersConfig,
  ) {}

  async effective(countyCode: string): Promise<EffectiveCountySetting> {
    return this.withDefaults(countyCode, await this.settings.find(countyCode));
  }

  async effectiveMany(countyCodes: string[]): Promise<Map<string, EffectiveCountySetting>> {
    const unique = [...new Set(countyCodes)];
    const found = new Map((await this.settings.findMany(unique)).map((setting) => [setting.countyCode, setting]));
    return new Map(unique.map((code) => [code, this.withDefaults(code, found.get(code) ?? null)]));
  }

  async get(countyCode: string): Promise<CountySettingResponseDto> {
    return mapCountySetting(await this.effective(countyCode));
  }

  async update(
    principal: Principal,
    countyCode: string,
    dto: CountySettingUpdateDto,
  ): Promise<CountySettingResponseDto> {
    principal.assertCountyStaffOrAdmin(countyCode);
    const current = await this.effective(countyCode);
    const saved = await this.settings.save({
      countyCode,
      commissionRateBp: dto.commissionRateBp ?? current.commissionRateBp,
      claimWindowHours: dto.claimWindowHours ?? current.claimWindowHours,
      claimResponseHours: dto.claimResponseHours ?? current.claimResponseHours,
      allowCrossCountyServicePoint: dto.allowCrossCountyServicePoint ?? current.allowCrossCountyServicePoint,
      growthTargetBp: dto.growthTargetBp ?? current.growthTargetBp,
      autoConfirmDays: dto.autoConfirmDays ?? current.autoConfirmDays,
      updatedBy: principal.userId,
      updatedAt: new Date(),
    });
    return mapCountySetting({ ...saved, source: 'county' });
  }

  private withDefaults(countyCode: string, setting: CountySetting | null): EffectiveCountySetting {
    if (setting) {
      return { ...setting, source: 'county' };
    }
    return {
      countyCode,
      commissionRateBp: this.config.defaultCommissionRateBp,
      claimWindowHours: this.config.defaultClaimWindowHours,
      claimResponseHours: this.config.defaultClaimResponseHours,
      allowCrossCountyServicePoint: this.config.defaultAllowCrossCountyServicePoint,
      growthTargetBp: DEFAULT_GROWTH_TARGET_BP,
      autoConfirmDays: this.config.defaultAutoConfirmDays,
      source: 'default',
      updatedAt: null,
    };
  }
}
