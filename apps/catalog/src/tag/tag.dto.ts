import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Certification } from '../listing/listing.entity';
import { ListingTag, TagStatus } from './tag.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class TagApplyDto {
  @ApiProperty({
    enum: Certification,
    description: '地理标志 geographical_indication, 绿色食品 green_food, 有机 organic, 消费帮扶 consumption_assistance',
  })
  @IsEnum(Certification)
  kind: Certification;

  @ApiProperty({ example: 'LB-01-2310013456A', description: 'the number printed on the certificate' })
  @IsString()
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} ()（）/-]{2,38}[\p{L}\p{N})）]$/u, {
    message: 'certificateNo must be 4–40 letters, digits, spaces, dashes, slashes or brackets',
  })
  certificateNo: string;

  @ApiPropertyOptional({
    example: '2027-10-31',
    description:
      'the last day the certificate is valid (YYYY-MM-DD); required for green_food and organic, whose certificates ' +
      'run for years; the tag leaves the listing the day after',
  })
  @IsOptional()
  @Matches(DATE, { message: 'expiresOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'expiresOn must be a real date' })
  expiresOn?: string;
}

/** Why county staff reject an application or revoke a verified tag (shown to the seller). */
export class TagRejectDto {
  @ApiProperty({ example: '证书编号与照片不一致', description: 'why, shown to the seller' })
  @IsString()
  @Length(2, 200)
  reason: string;
}

export class TagReviewQueryDto {
  @ApiProperty({ example: '360722', description: 'the county (county staff: their own; platform admins: any)' })
  @Matches(/^\d{6}$/, { message: 'countyCode must have 6 digits' })
  countyCode: string;

  @ApiPropertyOptional({
    enum: [TagStatus.Pending, TagStatus.Verified],
    default: TagStatus.Pending,
    description: 'pending: the applications to decide, oldest first; verified: the tags showing, to revoke one',
  })
  @IsOptional()
  @IsIn([TagStatus.Pending, TagStatus.Verified])
  status?: TagStatus.Pending | TagStatus.Verified;
}

export class TagResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() listingId: string;
  @ApiProperty() sellerOrgId: string;
  @ApiProperty({ example: '360722' }) countyCode: string;
  @ApiProperty({ enum: Certification }) kind: Certification;
  @ApiProperty({ enum: TagStatus }) status: TagStatus;
  @ApiProperty({ type: String, nullable: true }) certificateNo: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2027-10-31' }) expiresOn: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'a signed link to the certificate photo, valid for minutes (the seller and county staff only)',
  })
  photoUrl: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why county staff rejected or revoked it' })
  reason: string | null;
  @ApiProperty() appliedAt: string;
  @ApiProperty({ type: String, nullable: true }) decidedAt: string | null;
}

export class TagReviewItemDto extends TagResponseDto {
  @ApiProperty() listingTitle: string;
  @ApiProperty() sellerName: string;
}

export const mapTag = (tag: ListingTag, photoUrl: (id: string) => string): TagResponseDto => ({
  id: tag.id,
  listingId: tag.listingId,
  sellerOrgId: tag.sellerOrgId,
  countyCode: tag.countyCode,
  kind: tag.kind,
  status: tag.status,
  certificateNo: tag.certificateNo,
  expiresOn: tag.expiresOn,
  photoUrl: tag.photoId ? photoUrl(tag.photoId) : null,
  reason: tag.reason,
  appliedAt: tag.appliedAt.toISOString(),
  decidedAt: tag.decidedAt?.toISOString() ?? null,
});
