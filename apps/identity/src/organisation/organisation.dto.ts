import { MembershipRole, OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Organisation } from './organisation.entities';

export class OrganisationCreateDto {
  @ApiProperty({ enum: OrganisationKind })
  @IsEnum(OrganisationKind)
  kind: OrganisationKind;

  @ApiProperty({ example: '信丰县安西镇脐橙专业合作社' })
  @IsString()
  @Length(2, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ example: '360722', description: '6-digit county code' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode: string;

  @ApiPropertyOptional({ example: '360722100201', description: '12-digit village code inside the county' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'villageCode must be 12 digits' })
  villageCode?: string;

  @ApiPropertyOptional({
    example: '91350100M000100Y43',
    description: 'unified social credit code (GB 32100-2015); required for cooperatives, family farms and merchants',
  })
  @IsOptional()
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  creditCode?: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional()
  @Matches(/^1[3-9]\d{9}$/, { message: 'contactPhone must be a mainland China mobile number' })
  contactPhone?: string;
}

export class OrganisationSearchDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;

  @ApiPropertyOptional({ enum: VerificationStatus })
  @IsOptional()
  @IsEnum(VerificationStatus)
  status?: VerificationStatus;

  @ApiPropertyOptional({ enum: OrganisationKind })
  @IsOptional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class SuspendDto {
  @ApiProperty({ example: '农药残留抽检不合格' })
  @IsString()
  @Length(2, 500)
  reason: string;
}

export class MemberAddDto {
  @ApiProperty({ example: '13900139000', description: 'the phone number of an existing account' })
  @Matches(/^1[3-9]\d{9}$/, { message: 'phone must be a mainland China mobile number' })
  phone: string;

  @ApiProperty({ enum: MembershipRole })
  @IsEnum(MembershipRole)
  role: MembershipRole;
}

export class OrganisationResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: OrganisationKind }) kind: OrganisationKind;
  @ApiProperty() name: string;
  @ApiProperty() countyCode: string;
  @ApiProperty({ nullable: true, type: String }) villageCode: string | null;
  @ApiProperty({ nullable: true, type: String }) creditCode: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'shown to its members, county staff of its county and platform admins; null for anyone else',
  })
  contactPhone: string | null;
  @ApiProperty({ enum: VerificationStatus }) status: VerificationStatus;
  @ApiProperty({ nullable: true, type: String, description: 'why it was suspended' })
  statusReason: string | null;
  @ApiProperty() createdAt: string;
}

export class MemberResponseDto {
  @ApiProperty() userId: string;
  @ApiProperty() name: string;
  @ApiProperty() phone: string;
  @ApiProperty({ enum: MembershipRole }) role: MembershipRole;
  @ApiProperty() since: string;
}

export const mapOrganisation = (org: Organisation): OrganisationResponseDto => ({
  id: org.id,
  kind: org.kind,
  name: org.name,
  countyCode: org.countyCode,
  villageCode: org.villageCode,
  creditCode: org.creditCode,
  contactPhone: org.contactPhone,
  status: org.status,
  statusReason: org.statusReason,
  createdAt: org.createdAt.toISOString(),
});
