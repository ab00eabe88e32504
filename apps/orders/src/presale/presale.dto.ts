import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDateString,
  IsDefined,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DestinationDto } from '../checkout/checkout.dto';
import { MAX_AMOUNT_FEN } from '../common/limits';
import { Presale, PresaleStatus } from './presale.entity';

export class PresaleCreateDto {
  @ApiProperty({ format: 'uuid', description: "one of the seller's SKUs (its listing says what is sold)" })
  @IsUUID()
  skuId: string;

  @ApiPropertyOptional({ description: "price per unit paid when ordering (default: the SKU's price)" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  priceFen?: number;

  @ApiPropertyOptional({
    description:
      '定金: a deposit per unit paid when ordering, below the price (absent: the full price is paid when ordering). ' +
      'The balance is due when the harvest releases the order; unpaid in time, the deposit is forfeited to the seller',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  depositFen?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 720,
    description: 'with a deposit: hours to pay the balance (default 48)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  balanceHours?: number;

  @ApiProperty({ description: 'the most units sold ahead of the harvest' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  capUnits: number;

  @ApiProperty({ example: '2026-12-10', description: 'first day of the shipping window' })
  @IsDateString({ strict: true })
  shipsFrom: string;

  @ApiProperty({ example: '2026-12-20', description: 'last day of the shipping window' })
  @IsDateString({ strict: true })
  shipsTo: string;

  @ApiProperty({ example: '2026-12-09T16:00:00Z', description: 'orders are taken until then' })
  @IsISO8601({ strict: true })
  closesAt: string;
}

export class PresaleOrderDto {
  @ApiProperty({ minimum: 1, maximum: 999 })
  @IsInt()
  @Min(1)
  @Max(999)
  quantity: number;

  @ApiProperty({ type: DestinationDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DestinationDto)
  destination: DestinationDto;
}

export class HarvestDto {
  @ApiProperty({ description: 'units harvested and ready to hand in (0: nothing came in, every order is refunded)' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  harvestedUnits: number;
}

export class PresaleResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() sellerOrgId: string;
  @ApiProperty() listingId: string;
  @ApiProperty() skuId: string;
  @ApiProperty() title: string;
  @ApiProperty() spec: string;
  @ApiProperty() priceFen: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: '定金 per unit (null: full price when ordering); the balance is due at release',
  })
  depositFen: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'with a deposit: hours to pay the balance once released' })
  balanceHours: number | null;
  @ApiProperty() capUnits: number;
  @ApiProperty({ description: 'units ordered (not cancelled)' }) orderedUnits: number;
  @ApiProperty({ description: 'units still to be ordered' }) remainingUnits: number;
  @ApiProperty() shipsFrom: string;
  @ApiProperty() shipsTo: string;
  @ApiProperty() closesAt: string;
  @ApiProperty({ description: 'open: taking orders until closesAt (or the cap)' }) open: boolean;
  @ApiProperty({ enum: PresaleStatus }) status: PresaleStatus;
  @ApiProperty({ nullable: true, type: Number }) harvestedUnits: number | null;
  @ApiProperty() releasedUnits: number;
  @ApiProperty({ nullable: true, type: String }) harvestedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class HarvestResponseDto extends PresaleResponseDto {
  @ApiProperty({ description: 'orders released for hand-in, in the order they were placed' }) releasedOrders: number;
  @ApiProperty({ description: 'orders the harvest did not cover: cancelled and refunded' }) refundedOrders: number;
}

export const mapPresale = (presale: Presale): PresaleResponseDto => ({
  id: presale.id,
  sellerOrgId: presale.sellerOrgId,
  listingId: presale.listingId,
  skuId: presale.skuId,
  title: presale.title,
  spec: presale.spec,
  priceFen: presale.priceFen,
  depositFen: presale.depositFen,
  balanceHours: presale.balanceHours,
  capUnits: presale.capUnits,
  orderedUnits: presale.orderedUnits,
  remainingUnits: presale.capUnits - presale.orderedUnits,
  shipsFrom: presale.shipsFrom,
  shipsTo: presale.shipsTo,
  closesAt: new Date(presale.closesAt).toISOString(),
  open:
    presale.status === PresaleStatus.Open &&
    new Date(presale.closesAt).getTime() > Date.now() &&
    presale.orderedUnits < presale.capUnits,
  status: presale.status,
  harvestedUnits: presale.harvestedUnits,
  releasedUnits: presale.releasedUnits,
  harvestedAt: presale.harvestedAt ? new Date(presale.harvestedAt).toISOString() : null,
  createdAt: new Date(presale.createdAt).toISOString(),
});
