import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { CommonConfig } from '@countyflow/kernel';
import { PHOTO_UPLOAD_BODY, readUploadedFile } from '@countyflow/media';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseEnumPipe,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  ApplicationQueueDto,
  ApplicationRejectDto,
  ApplicationResponseDto,
  ApplicationUpsertDto,
} from './application.dto';
import { PermitKind } from './application.entity';
import { ApplicationService } from './application.service';

const uuid = new ParseUUIDPipe();
const permitKind = new ParseEnumPipe(PermitKind);

@ApiTags('applications')
@ApiBearerAuth()
@Controller()
export class ApplicationController {
  constructor(
    private readonly service: ApplicationService,
    private readonly config: CommonConfig,
  ) {}

  @Get('applications')
  @ApiOperation({ summary: "County staff: the county's applications to review (submitted, oldest first)" })
  @ApiOkResponse({ type: [ApplicationResponseDto] })
  queue(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ApplicationQueueDto,
  ): Promise<ApplicationResponseDto[]> {
    return this.service.queue(principal, query);
  }

  @Get('organisations/:id/application')
  @ApiOperation({ summary: "The organisation's application (its members, its county's staff), photos by signed links" })
  @ApiOkResponse({ type: ApplicationResponseDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<ApplicationResponseDto> {
    return this.service.get(principal, id);
  }

  @Put('organisations/:id/application')
  @ApiOperation({ summary: 'Owners start or change the application: legal representative, categories, permit numbers' })
  @ApiOkResponse({ type: ApplicationResponseDto })
  upsert(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ApplicationUpsertDto,
  ): Promise<ApplicationResponseDto> {
    return this.service.upsert(principal, id, dto);
  }

  @Post('organisations/:id/application/licence')
  @HttpCode(200)
  @ApiOperation({ summary: 'Owners upload the business licence (营业执照) photo; private' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(PHOTO_UPLOAD_BODY)
  @ApiOkResponse({ type: ApplicationResponseDto })
  uploadLicence(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
  ): Promise<ApplicationResponseDto> {
    return this.service.uploadLicence(principal, id, () => readUploadedFile(request, this.config.uploadLimitBytes));
  }

  @Post('organisations/:id/application/permits/:kind')
  @HttpCode(200)
  @ApiOperation({ summary: "Owners upload a permit's photo (food business licence, pesticide operation permit)" })
  @ApiConsumes('multipart/form-data')
  @ApiBody(PHOTO_UPLOAD_BODY)
  @ApiOkResponse({ type: ApplicationResponseDto })
  uploadPermit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Param('kind', permitKind) kind: PermitKind,
    @Req() request: FastifyRequest,
  ): Promise<ApplicationResponseDto> {
    return this.service.uploadPermit(principal, id, kind, () =>
      readUploadedFile(request, this.config.uploadLimitBytes),
    );
  }

  @Post('organisations/:id/application/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'draft|rejected → submitted (licence photo and required permits present)' })
  @ApiOkResponse({ type: ApplicationResponseDto })
  submit(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<ApplicationResponseDto> {
    return this.service.submit(principal, id);
  }

  @Post('organisations/:id/application/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'County staff: submitted → approved; the organisation is verified (org.verified)' })
  @ApiOkResponse({ type: ApplicationResponseDto })
  approve(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<ApplicationResponseDto> {
    return this.service.approve(principal, id);
  }

  @Post('organisations/:id/application/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'County staff: submitted → rejected with a reason the owners are told' })
  @ApiOkResponse({ type: ApplicationResponseDto })
  reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ApplicationRejectDto,
  ): Promise<ApplicationResponseDto> {
    return this.service.reject(principal, id, dto);
  }
}
