import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { CountyCodePipe } from '@countyflow/kernel';
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  StorefrontCreateDto,
  StorefrontResponseDto,
  StorefrontUpdateDto,
  StorefrontViewResponseDto,
} from './storefront.dto';
import { StorefrontService } from './storefront.service';

const county = new CountyCodePipe();

@ApiTags('storefronts')
@Controller('storefronts')
export class StorefrontController {
  constructor(private readonly service: StorefrontService) {}

  @ApiBearerAuth()
  @Post()
  @ApiOperation({ summary: "County staff create their county's storefront (as a draft)" })
  @ApiCreatedResponse({ type: StorefrontResponseDto })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: StorefrontCreateDto): Promise<StorefrontResponseDto> {
    return this.service.create(principal, dto);
  }

  @Public()
  @Get()
  @ApiOperation({ summary: 'Open storefronts' })
  @ApiOkResponse({ type: [StorefrontResponseDto] })
  list(): Promise<StorefrontResponseDto[]> {
    return this.service.listOpen();
  }

  @Public()
  @Get(':countyCode')
  @ApiOperation({ summary: 'A storefront with its sellers, featured categories and listings, newest listings' })
  @ApiOkResponse({ type: StorefrontViewResponseDto })
  view(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('countyCode', county) countyCode: string,
  ): Promise<StorefrontViewResponseDto> {
    return this.service.view(principal, countyCode);
  }

  @ApiBearerAuth()
  @Patch(':countyCode')
  @ApiOperation({ summary: 'County staff change name, introduction, images, featured categories and listings' })
  @ApiOkResponse({ type: StorefrontResponseDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', county) countyCode: string,
    @Body() dto: StorefrontUpdateDto,
  ): Promise<StorefrontResponseDto> {
    return this.service.update(principal, countyCode, dto);
  }

  @ApiBearerAuth()
  @Post(':countyCode/open')
  @HttpCode(200)
  @ApiOperation({ summary: 'draft|closed → open' })
  @ApiOkResponse({ type: StorefrontResponseDto })
  open(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', county) countyCode: string,
  ): Promise<StorefrontResponseDto> {
    return this.service.transition(principal, countyCode, 'open');
  }

  @ApiBearerAuth()
  @Post(':countyCode/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'open → closed' })
  @ApiOkResponse({ type: StorefrontResponseDto })
  close(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', county) countyCode: string,
  ): Promise<StorefrontResponseDto> {
    return this.service.transition(principal, countyCode, 'close');
  }
}
