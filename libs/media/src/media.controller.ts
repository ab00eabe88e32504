import { Public } from '@countyflow/kernel';
import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MediaService, MediaVisibility } from './media.service';

/**
 * Serves stored photos. Public ones may be cached anywhere for a year (an id's bytes never change); private ones
 * only by the browser that holds the signed link, and never beyond the link's own expiry.
 */
@ApiExcludeController()
@Public()
@Controller('media')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Get('public/:id/:file')
  async publicPhoto(
    @Param('id') id: string,
    @Param('file') file: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const object = await this.media.read(MediaVisibility.Public, id, file);
    void reply.header('cache-control', 'public, max-age=31536000, immutable');
    return send(reply, object.body, object.contentType);
  }

  @Get('private/:id/:file')
  async privatePhoto(
    @Param('id') id: string,
    @Param('file') file: string,
    @Query('expires') expires: string | undefined,
    @Query('sig') sig: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const object = await this.media.read(MediaVisibility.Private, id, file, { expires, sig });
    const left = Math.max(0, Number(expires) - Math.floor(Date.now() / 1000));
    void reply.header('cache-control', `private, max-age=${left}`);
    return send(reply, object.body, object.contentType);
  }
}

function send(reply: FastifyReply, body: Buffer, contentType: string): StreamableFile {
  void reply.header('x-content-type-options', 'nosniff');
  return new StreamableFile(body, { type: contentType, length: body.length });
}
