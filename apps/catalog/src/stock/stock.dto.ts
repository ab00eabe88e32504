import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, NotEquals } from 'class-validator';
import { Sku } from '../listing/listing.entity';
import { MovementKind, StockMovement } from './stock.entity';

export class StockAdjustmentDto {
  @ApiProperty({ example: -3, description: 'units to add (positive) or take away (negative); never below zero' })
  @IsInt({ message: 'delta must be a whole number of units' })
  @NotEquals(0, { message: 'delta must not be 0' })
  @Min(-10_000_000)
  @Max(10_000_000)
  delta: number;

  @ApiProperty({ example: '运输途中压坏 3 箱' })
  @IsString()
  @Length(2, 200)
  reason: string;

  @ApiPropertyOptional({
    enum: [MovementKind.Adjusted, MovementKind.Received],
    default: MovementKind.Adjusted,
    description: 'received: a new delivery into stock (positive only); adjusted: a count correction or write-off',
  })
  @IsOptional()
  @IsIn([MovementKind.Adjusted, MovementKind.Received])
  kind?: MovementKind.Adjusted | MovementKind.Received;
}

export class StockQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class StockMovementResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: MovementKind }) kind: MovementKind;
  @ApiProperty() quantity: number;
  @ApiProperty({ nullable: true, type: String }) orderId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() availableAfter: number;
  @ApiProperty() reservedAfter: number;
  @ApiProperty() soldAfter: number;
  @ApiProperty() at: string;
}

export class SkuStockResponseDto {
  @ApiProperty() skuId: string;
  @ApiProperty() listingId: string;
  @ApiProperty({ description: 'taken in, net of adjustments' }) received: number;
  @ApiProperty({ description: 'sold units that came back' }) restocked: number;
  @ApiProperty() available: number;
  @ApiProperty() reserved: number;
  @ApiProperty() sold: number;
  @ApiProperty({ type: [StockMovementResponseDto], description: 'the ledger, newest first' })
  movements: StockMovementResponseDto[];
}

export const mapMovement = (movement: StockMovement): StockMovementResponseDto => ({
  id: movement.id,
  kind: movement.kind,
  quantity: movement.quantity,
  orderId: movement.orderId,
  reason: movement.reason,
  availableAfter: movement.availableAfter,
  reservedAfter: movement.reservedAfter,
  soldAfter: movement.soldAfter,
  at: movement.at.toISOString(),
});

export const mapSkuStock = (sku: Sku, movements: StockMovement[]): SkuStockResponseDto => ({
  skuId: sku.id,
  listingId: sku.listingId,
  received: sku.received,
  restocked: sku.restocked,
  available: sku.available,
  reserved: sku.reserved,
  sold: sku.sold,
  movements: movements.map(mapMovement),
});
