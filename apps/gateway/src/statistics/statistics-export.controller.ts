import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StatisticsExportQueryDto } from './statistics-export.dto';
import { StatisticsExportService } from './statistics-export.service';

/**
 * `GET /api/statistics/export?countyCode&from&to&format=csv|xlsx` — the county's figures as a file (docs/web.md,
 * "Statistics export"). County staff of the county; platform admins, also without countyCode for every county. The
 * services behind it decide who may see what (the caller's token is passed on), so this route checks nothing itself.
 */
@ApiExcludeController() // described by hand in statistics-export.openapi.ts (it answers a file)
@Controller('api/statistics')
export class StatisticsExportController {
  constructor(private readonly service: StatisticsExportService) {}

  @Get('export')
  @Header('cache-control', 'no-store')
  async export(
    @Query() query: StatisticsExportQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.service.export(request.headers, query);
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`);
    return file.body;
  }
}
