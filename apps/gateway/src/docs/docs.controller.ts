import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController, OpenAPIObject } from '@nestjs/swagger';
import { DocsService } from './docs.service';
import { SWAGGER_UI_INIT, SWAGGER_UI_PAGE } from './swagger-ui';

@ApiExcludeController()
@Controller()
export class DocsController {
  constructor(private readonly docs: DocsService) {}

  /** One OpenAPI document for every service behind the gateway. */
  @Get('docs-json')
  document(): Promise<OpenAPIObject> {
    return this.docs.document();
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return SWAGGER_UI_PAGE;
  }

  @Get('docs/swagger-init.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  init(): string {
    return SWAGGER_UI_INIT;
  }
}
