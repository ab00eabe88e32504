import { ServiceName } from '@countyflow/contracts';
import { KernelModule, PlaceNames } from '@countyflow/kernel';
import { DynamicModule, Module } from '@nestjs/common';
import { AdminAccess } from './admin/admin-access';
import { AdminSessionController } from './admin/admin-session.controller';
import { AdminSessionService } from './admin/admin-session.service';
import { QueueDashboard } from './admin/queue-dashboard';
import { DocsController } from './docs/docs.controller';
import { DocsService } from './docs/docs.service';
import { OpenApiSource } from './docs/openapi-source';
import { GatewayConfig } from './gateway.config';
import { ServiceProxy } from './proxy/service-proxy';
import { StatisticsExportController } from './statistics/statistics-export.controller';
import { StatisticsExportService } from './statistics/statistics-export.service';
import { WebApp } from './web/web-app';

/** The gateway owns no data: no persistence, no messaging, and no global auth guard (the services check tokens). */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [KernelModule.forRoot(ServiceName.Gateway, config)],
      controllers: [DocsController, AdminSessionController, StatisticsExportController],
      providers: [
        ServiceProxy,
        OpenApiSource,
        DocsService,
        AdminAccess,
        AdminSessionService,
        QueueDashboard,
        WebApp,
        PlaceNames,
        StatisticsExportService,
      ],
    };
  }
}
