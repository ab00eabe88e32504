import { MembershipRole, VerificationStatus } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { RegisterDto } from '../account/account.dto';
import { OrganisationCreateDto } from '../organisation/organisation.dto';

/** Ids as PostgreSQL writes them back (lower case), so that the ids written can be told from the ids sent. */
const LowerCase = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value));

/** The most accounts one import takes. */
export const MAX_IMPORTED_ACCOUNTS = 1000;
/** The most organisations one import takes. */
export const MAX_IMPORTED_ORGANISATIONS = 500;

export class ImportedAccountDto extends OmitType(RegisterDto, ['code'] as const) {
  @ApiProperty({ format: 'uuid', description: 'chosen by the caller: an account already there is skipped' })
  @IsUUID()
  @LowerCase()
  id: string;
}

export class AccountImportDto {
  @ApiProperty({ type: [ImportedAccountDto], maxItems: MAX_IMPORTED_ACCOUNTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IMPORTED_ACCOUNTS)
  @ValidateNested({ each: true })
  @Type(() => ImportedAccountDto)
  accounts: ImportedAccountDto[];
}

export class ImportedMemberDto {
  @ApiProperty({ format: 'uuid', description: 'an account that is there (imported before, or registered)' })
  @IsUUID()
  @LowerCase()
  userId: string;

  @ApiProperty({ enum: MembershipRole, description: "one of the roles the organisation's kind gives" })
  @IsEnum(MembershipRole)
  role: MembershipRole;
}

export class ImportedOrganisationDto extends OrganisationCreateDto {
  @ApiProperty({ format: 'uuid', description: 'chosen by the caller: an organisation already there is skipped' })
  @IsUUID()
  @LowerCase()
  id: string;

  @ApiProperty({
    enum: VerificationStatus,
    description: 'sellers and service points: any; county offices: verified (the platform is never imported)',
  })
  @IsEnum(VerificationStatus)
  status: VerificationStatus;

  @ApiPropertyOptional({ description: 'why it is suspended' })
  @IsOptional()
  @IsString()
  @Length(2, 500)
  statusReason?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'who verified or suspended it (the importing admin unless given); named in its event',
  })
  @IsOptional()
  @IsUUID()
  decidedBy?: string;

  @ApiProperty({ type: [ImportedMemberDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ImportedMemberDto)
  members: ImportedMemberDto[];
}

export class OrganisationImportDto {
  @ApiProperty({ type: [ImportedOrganisationDto], maxItems: MAX_IMPORTED_ORGANISATIONS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IMPORTED_ORGANISATIONS)
  @ValidateNested({ each: true })
  @Type(() => ImportedOrganisationDto)
  organisations: ImportedOrganisationDto[];
}

export class ImportResponseDto {
  @ApiProperty({ description: 'how many the request carried' }) received: number;
  @ApiProperty({ description: 'how many were new and written; the others were already there and left as they are' })
  imported: number;
}
