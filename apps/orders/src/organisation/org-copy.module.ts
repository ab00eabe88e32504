import { Module } from '@nestjs/common';
import { OrgCopyHandlers } from './org-copy.handlers';
import { OrgCopyRepository } from './org-copy.repository';

/** Orders' copy of identity's organisations (sellers and service points), kept from `org.*`. */
@Module({ providers: [OrgCopyRepository, OrgCopyHandlers], exports: [OrgCopyRepository] })
export class OrgCopyModule {}
