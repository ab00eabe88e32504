import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { CountyCodePipe } from '@countyflow/kernel';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CountySettingResponseDto, CountySettingUpdateDto } from './county-setting.dto';
import { CountySettingService } from './county-setting.service';

@ApiTags('county settings')
@ApiBearerAuth()
@Controller('county-settings')
export class CountySettingController {
  constructor(private readonly service: CountySettingService) {}

  @Get(':countyCode')
  @ApiOperation({ summary: "A county's order rules: commission rate, claim window, cross-county delivery" })
  @ApiOkResponse({ type: CountySettingResponseDto })
  get(@Param('countyCode', CountyCodePipe) countyCode: string): Promise<CountySettingResponseDto> {
    return this.service.get(countyCode);
  }

  @Put(':countyCode')
  @ApiOperation({ summary: 'County staff of the county change its rules (fields left out keep their value)' })
  @ApiOkResponse({ type: CountySettingResponseDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', CountyCodePipe) countyCode: string,
    @Body() dto: CountySettingUpdateDto,
  ): Promise<CountySettingResponseDto> {
    return this.service.update(principal, countyCode, dto);
  }
}
