import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/** The most orders one sales history import takes (as many as orders' own history import). */
export const MAX_HISTORY_SALES = 500;

export class HistorySaleLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() skuId: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(999) quantity: number;
  @ApiProperty({ minimum: 1, description: 'the price it was sold at (fen)' }) @IsInt() @Min(1) unitPriceFen: number;
}

export class HistorySaleDto {
  @ApiProperty({ format: 'uuid', description: "the order's id in orders: an order already known here is skipped" })
  @IsUUID()
  orderId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() sellerOrgId: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() buyerId?: string;
  @ApiProperty({ type: [HistorySaleLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => HistorySaleLineDto)
  lines: HistorySaleLineDto[];
}

export class HistorySaleImportDto {
  @ApiProperty({ type: [HistorySaleDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HISTORY_SALES)
  @ValidateNested({ each: true })
  @Type(() => HistorySaleDto)
  orders: HistorySaleDto[];
}

export class HistorySaleImportResponseDto {
  @ApiProperty({ description: 'orders in the request' }) received: number;
  @ApiProperty({ description: 'orders new to catalog (the rest were already counted)' }) imported: number;
}
