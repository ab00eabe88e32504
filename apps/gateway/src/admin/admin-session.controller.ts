import { Body, Controller, Delete, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminSessionCreateDto } from './admin-session.dto';
import { AdminSessionService } from './admin-session.service';

const isHttps = (request: FastifyRequest): boolean => request.protocol === 'https';

/** Lets a browser open the queue dashboard: it cannot attach a bearer token to a page load, but sends a cookie. */
@ApiExcludeController()
@Controller('admin/session')
export class AdminSessionController {
  constructor(private readonly sessions: AdminSessionService) {}

  @Post()
  @HttpCode(204)
  async open(
    @Body() dto: AdminSessionCreateDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    void reply.header('set-cookie', await this.sessions.open(dto.accessToken, isHttps(request)));
  }

  @Delete()
  @HttpCode(204)
  close(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('set-cookie', this.sessions.close(isHttps(request)));
  }
}
