import { CurrentPrincipal, Principal, Roles } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccountImportDto,
  ImportResponseDto,
  MAX_IMPORTED_ACCOUNTS,
  MAX_IMPORTED_ORGANISATIONS,
  OrganisationImportDto,
} from './history.dto';
import { HistoryService } from './history.service';

@ApiTags('history')
@ApiBearerAuth()
@Controller('history')
export class HistoryController {
  constructor(private readonly service: HistoryService) {}

  @Post('accounts')
  @HttpCode(200)
  @Roles(MembershipRole.PlatformAdmin)
  @ApiOperation({
    summary: 'Platform admins: import accounts in bulk with their ids and passwords (idempotent by the ids given)',
    description:
      `Up to ${MAX_IMPORTED_ACCOUNTS} accounts, each with the id, phone, name and password the caller gives (the ` +
      'rules of registration, without an SMS code). Passwords are hashed as registration hashes them; accounts of ' +
      'one request that share a password share its hash. An account already there (its id) is skipped, so a second ' +
      'import writes nothing; a phone that belongs to another account is a 409 `import-conflict` and nothing is ' +
      'written. One transaction per request. Used by the demo seed for the county’s people.',
  })
  @ApiOkResponse({ type: ImportResponseDto })
  importAccounts(@Body() dto: AccountImportDto): Promise<ImportResponseDto> {
    return this.service.importAccounts(dto);
  }

  @Post('organisations')
  @HttpCode(200)
  @Roles(MembershipRole.PlatformAdmin)
  @ApiOperation({
    summary: 'Platform admins: import organisations with their status and members (idempotent by the ids given)',
    description:
      `Up to ${MAX_IMPORTED_ORGANISATIONS} organisations, each with the id the caller gives, checked as \`POST ` +
      '/organisations` checks them (credit code, village in county), its status and its members (accounts that are ' +
      'there, in roles its kind gives: 422 `import-unknown-account`, 400 `role-not-allowed`). An organisation already ' +
      'there is skipped with its members, so a second import writes nothing; a credit code that belongs to another ' +
      'organisation is a 409 `import-conflict`, the platform organisation a 422 `import-platform` (identity opens ' +
      'it itself). A new seller or service point that is verified or suspended is announced as a decision would be ' +
      '(`org.verified`, `org.suspended`, decided by `decidedBy` or the caller) in the same transaction, so that ' +
      'catalog and orders learn of it. One transaction per request. Used by the demo seed for the county’s ' +
      'organisations.',
  })
  @ApiOkResponse({ type: ImportResponseDto })
  importOrganisations(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: OrganisationImportDto,
  ): Promise<ImportResponseDto> {
    return this.service.importOrganisations(principal, dto);
  }
}
