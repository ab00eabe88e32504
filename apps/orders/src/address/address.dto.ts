import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

/** The most addresses one buyer keeps. */
export const MAX_ADDRESSES_PER_BUYER = 20;

export class AddressBookWriteDto {
  @ApiProperty({ example: '王秀英' })
  @IsString()
  @Length(1, 50)
  recipientName: string;

  @ApiProperty({ example: '13800138000' })
  @Matches(/^1[3-9]\d{9}$/, {
    message: 'recipientPhone must be a mainland China mobile number (11 digits starting 13–19)',
  })
  recipientPhone: string;

  @ApiProperty({
    example: '360722105201',
    description: 'the deepest division picked: county (6 digits), town (9) or village (12); it must be in the dataset',
  })
  @Matches(/^(\d{6}|\d{9}|\d{12})$/, {
    message: 'placeCode must be a county, town or village code (6, 9 or 12 digits)',
  })
  placeCode: string;

  @ApiProperty({ example: '村委会东 50 米 3 号' })
  @IsString()
  @Length(1, 200)
  detail: string;

  @ApiPropertyOptional({ description: 'make this the default address (the first address is the default anyway)' })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}

export class AddressBookPlaceDto {
  @ApiProperty() code: string;
  @ApiProperty({ enum: ['province', 'city', 'county', 'town', 'village'] }) level: string;
  @ApiProperty() name: string;
}

export class AddressBookEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() recipientName: string;
  @ApiProperty() recipientPhone: string;
  @ApiProperty() placeCode: string;
  @ApiProperty({ type: [AddressBookPlaceDto], description: 'the division path, province first, with names' })
  places: AddressBookPlaceDto[];
  @ApiProperty() detail: string;
  @ApiProperty() isDefault: boolean;
  @ApiProperty() updatedAt: string;
}
