import { OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Organisation } from '../organisation/organisation.entities';
import { requiredPermits } from './application-state';
import { ApplicationStatus, PermitKind, SellerApplication } from './application.entity';

export class PermitNumberDto {
  @ApiProperty({ enum: PermitKind })
  @IsEnum(PermitKind)
  kind: PermitKind;

  @ApiProperty({ example: 'JY13607220012345', description: 'the number printed on the permit' })
  @IsString()
  @Length(4, 40)
  @Matches(/^[0-9A-Za-z（）()\u4e00-\u9fff-]+$/, { message: 'number must be letters, digits and Chinese characters' })
  number: string;
}

export class ApplicationUpsertDto {
  @ApiProperty({ example: '刘桂兰', description: '法定代表人 as on the business licence' })
  @IsString()
  @Length(2, 50)
  @Matches(/\S/, { message: 'legalRepresentative must not be blank' })
  legalRepresentative: string;

  @ApiProperty({
    type: [String],
    example: ['citrus', 'packaged-food'],
    description: "catalog category ids it means to sell; 'packaged-food' and 'pesticide' need permits",
  })
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(/^[a-z][a-z-]{1,39}$/, { each: true, message: 'each category must be a catalog category id' })
  categories: string[];

  @ApiPropertyOptional({ type: [PermitNumberDto], description: "the permits' numbers (their photos are uploaded)" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => PermitNumberDto)
  permits?: PermitNumberDto[];
}

export class ApplicationRejectDto {
  @ApiProperty({ example: '营业执照照片不清楚，请重新拍摄' })
  @IsString()
  @Length(2, 500)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

export class ApplicationQueueDto {
  @ApiPropertyOptional({ description: "the county (default: the caller's own as county staff)" })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;

  @ApiPropertyOptional({ enum: ApplicationStatus, default: ApplicationStatus.Submitted })
  @IsOptional()
  @IsEnum(ApplicationStatus)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class PhotoLinksDto {
  @ApiProperty({ description: 'a signed link that works for a few minutes (MEDIA_URL_TTL_SECONDS)' }) large: string;
  @ApiProperty({ description: 'the 400×400 thumbnail, signed likewise' }) thumb: string;
}

export class PermitResponseDto {
  @ApiProperty({ enum: PermitKind }) kind: PermitKind;
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ nullable: true, type: PhotoLinksDto }) photo: PhotoLinksDto | null;
  @ApiProperty({ description: 'the categories applied for need it' }) required: boolean;
}

export class ApplicationResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() orgId: string;
  @ApiProperty() orgName: string;
  @ApiProperty({ enum: OrganisationKind }) orgKind: OrganisationKind;
  @ApiProperty({ enum: VerificationStatus }) orgStatus: VerificationStatus;
  @ApiProperty() countyCode: string;
  @ApiProperty({ nullable: true, type: String }) villageCode: string | null;
  @ApiProperty({ nullable: true, type: String }) creditCode: string | null;
  @ApiProperty({ enum: ApplicationStatus }) status: ApplicationStatus;
  @ApiProperty() legalRepresentative: string;
  @ApiProperty({ type: [String] }) categories: string[];
  @ApiProperty({ nullable: true, type: PhotoLinksDto, description: 'the business licence (营业执照)' })
  licencePhoto: PhotoLinksDto | null;
  @ApiProperty({ type: [PermitResponseDto] }) permits: PermitResponseDto[];
  @ApiProperty({ nullable: true, type: String, description: 'why it was rejected' }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
}

/** The response, with each private photo as links signed by `sign` (made for the caller who may see them). */
export function mapApplication(
  application: SellerApplication,
  organisation: Organisation,
  sign: (photoId: string) => PhotoLinksDto,
): ApplicationResponseDto {
  const required = requiredPermits(application.categories);
  const kinds = [...new Set([...required, ...application.permits.map((permit) => permit.kind)])].sort();
  return {
    id: application.id,
    orgId: organisation.id,
    orgName: organisation.name,
    orgKind: organisation.kind,
    orgStatus: organisation.status,
    countyCode: organisation.countyCode,
    villageCode: organisation.villageCode,
    creditCode: organisation.creditCode,
    status: application.status,
    legalRepresentative: application.legalRepresentative,
    categories: application.categories,
    licencePhoto: application.licencePhotoId ? sign(application.licencePhotoId) : null,
    permits: kinds.map((kind) => {
      const permit = application.permits.find((candidate) => candidate.kind === kind);
      return {
        kind,
        number: permit?.number ?? null,
        photo: permit?.photoId ? sign(permit.photoId) : null,
        required: required.includes(kind),
      };
    }),
    reason: application.reason,
    submittedAt: application.submittedAt?.toISOString() ?? null,
    decidedAt: application.decidedAt?.toISOString() ?? null,
  };
}
