import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { Shipment, ShipmentStatus } from '../shipment/shipment.entities';

/** Names the parcel by the code on its label or by its id. */
export class ParcelRefDto {
  @ApiPropertyOptional({ example: '360722-7KQ2M9XA', description: 'the code on the parcel label' })
  @ValidateIf((dto: ParcelRefDto) => !dto.shipmentId)
  @Matches(/^\d{6}-[0-9A-Z]{8}$/, { message: 'parcelCode must look like 360722-7KQ2M9XA' })
  parcelCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  shipmentId?: string;
}

export class ArrivalCreateDto extends ParcelRefDto {
  @ApiPropertyOptional({
    example: 3.1,
    description: 'required for chilled, frozen and range goods; refused for ambient',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-60)
  @Max(60)
  temperatureC?: number;
}

export class HandInCreateDto extends ArrivalCreateDto {
  @ApiProperty({ example: 5020, description: 'what the scale says, in grams' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  weighedGrams: number;

  @ApiProperty({
    example: ['CF360722-LOT-0001'],
    description: "trace codes of the produce lots in the parcel (catalog's /trace/{code})",
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/, {
    each: true,
    message: 'each trace code is 4–64 letters, digits or dashes',
  })
  traceCodes: string[];
}

export class CollectionCreateDto {
  @ApiProperty({ example: '3-5-6075', description: 'the pickup code: shelf-layer-NNNN' })
  @Matches(/^\d{1,2}-\d{1,2}-\d{4}$/, { message: 'code must be shelf-layer-NNNN, e.g. 3-5-6075' })
  code: string;

  @ApiProperty({
    example: '8000',
    description: "the last four digits of the recipient's (or their named agent's) phone",
  })
  @Matches(/^\d{4}$/, { message: 'phoneLast4 must be 4 digits' })
  phoneLast4: string;

  @ApiPropertyOptional({
    enum: ['pickup_code', 'signature'],
    default: 'pickup_code',
    description: 'how receipt is confirmed',
  })
  @IsOptional()
  @IsIn(['pickup_code', 'signature'])
  method?: 'pickup_code' | 'signature';

  @ApiPropertyOptional({ description: 'for method=signature: the stored signature image id' })
  @ValidateIf((dto: CollectionCreateDto) => dto.method === 'signature')
  @IsString()
  @Length(1, 200)
  signatureRef?: string;

  @ApiPropertyOptional({ example: '李四', description: 'who collected, when not the recipient' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  collectorName?: string;
}

export class DateQueryDto {
  @ApiPropertyOptional({ example: '2026-05-20', description: 'a day in China Standard Time; today by default' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date?: string;
}

export class PointParcelDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty() parcelCode: string;
  @ApiProperty({ enum: ShipmentStatus }) status: ShipmentStatus;
  @ApiProperty({ enum: FlowDirection }) direction: FlowDirection;
  @ApiProperty({ description: 'masked, e.g. 王*' }) recipientName: string;
  @ApiProperty({ description: "the last four digits of the recipient's phone" }) recipientPhoneTail: string;
  @ApiProperty() weightGrams: number;
  @ApiProperty({ enum: TemperatureClass }) temperatureClass: TemperatureClass;
  @ApiProperty({ nullable: true, type: Number }) shelf: number | null;
  @ApiProperty({ nullable: true, type: Number }) layer: number | null;
  @ApiProperty({ nullable: true, type: String }) shelvedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) collectBy: string | null;
  @ApiProperty() custodySince: string;
  @ApiProperty({ nullable: true, type: Number, description: 'cash to take at collection (fen), cash orders only' })
  cashFen: number | null;
}

/** A phone as a label shows it: 139****8000. */
export const maskPhone = (phone: string): string =>
  phone.length >= 7 ? `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}` : '****';

/** A name as lists show it: the first character, then stars (王**). */
export const maskName = (name: string): string =>
  name.length <= 1 ? '*' : `${[...name][0]}${'*'.repeat(Math.min(2, [...name].length - 1))}`;

export class CashDto {
  @ApiProperty({ description: 'what the operator takes in cash, in fen (show 收现金 ¥…)' }) amountFen: number;
}

/** What the operator takes in cash when a cash-on-collection order is handed over; null when it was paid online. */
export const cashToTake = (shipment: Pick<Shipment, 'payment'>): CashDto | null =>
  shipment.payment?.method === 'cash_on_collection' ? { amountFen: shipment.payment.amountFen } : null;

export const mapPointParcel = (shipment: Shipment): PointParcelDto => ({
  shipmentId: shipment.id,
  parcelCode: shipment.parcelCode,
  status: shipment.status,
  direction: shipment.direction,
  recipientName: maskName(shipment.destination.recipientName),
  recipientPhoneTail: shipment.destination.recipientPhone.slice(-4),
  weightGrams: shipment.weightGrams,
  temperatureClass: shipment.temperatureClass,
  shelf: shipment.shelf,
  layer: shipment.layer,
  shelvedAt: shipment.shelvedAt?.toISOString() ?? null,
  collectBy: shipment.collectBy?.toISOString() ?? null,
  custodySince: shipment.custodySince.toISOString(),
  cashFen: cashToTake(shipment)?.amountFen ?? null,
});

export class ArrivalResponseDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty() parcelCode: string;
  @ApiProperty({ enum: ShipmentStatus }) status: ShipmentStatus;
  @ApiProperty({ nullable: true, type: Number }) shelf: number | null;
  @ApiProperty({ nullable: true, type: Number }) layer: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'written on the parcel so it is found on the shelf',
  })
  pickupCode: string | null;
  @ApiProperty({ nullable: true, type: String }) collectBy: string | null;
}

export class HandInResponseDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty() parcelCode: string;
  @ApiProperty({ enum: ShipmentStatus }) status: ShipmentStatus;
  @ApiProperty() expectedGrams: number;
  @ApiProperty() weighedGrams: number;
  @ApiProperty({ description: 'weighed − expected' }) differenceGrams: number;
  @ApiProperty({ type: [String] }) traceCodes: string[];
}

export class CollectionResponseDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty() parcelCode: string;
  @ApiProperty({ enum: ['pickup_code', 'signature'] }) method: string;
  @ApiProperty({ enum: ['recipient', 'agent'] }) collectedBy: string;
  @ApiProperty({ nullable: true, type: String }) collectorName: string | null;
  @ApiProperty() at: string;
  @ApiProperty({
    type: CashDto,
    nullable: true,
    description: 'a cash-on-collection order: take this amount (then orders’ POST /orders/{id}/cash-received)',
  })
  cash: CashDto | null;
}

export class ArrivalsResponseDto {
  @ApiProperty() date: string;
  @ApiProperty({ type: [PointParcelDto], description: 'on runs due to drop here that day, not yet scanned in' })
  expected: PointParcelDto[];
  @ApiProperty({ type: [PointParcelDto], description: 'scanned in and shelved that day' }) arrived: PointParcelDto[];
}

export class ShelfSlotDto {
  @ApiProperty() shelf: number;
  @ApiProperty() layer: number;
  @ApiProperty({ type: [PointParcelDto] }) parcels: PointParcelDto[];
}

export class ShelvesResponseDto {
  @ApiProperty() shelves: number;
  @ApiProperty() layers: number;
  @ApiProperty() slotCapacity: number;
  @ApiProperty() waiting: number;
  @ApiProperty({ type: [ShelfSlotDto] }) slots: ShelfSlotDto[];
}

export class OverdueResponseDto {
  @ApiProperty({ type: [PointParcelDto], description: 'past their collect-by time; they go back on the next sweep' })
  overdue: PointParcelDto[];
  @ApiProperty({ type: [PointParcelDto], description: 'due within the reminder window' }) dueSoon: PointParcelDto[];
  @ApiProperty({ type: [PointParcelDto], description: 'taken off the shelf, waiting to go back to the sender' })
  returning: PointParcelDto[];
}
