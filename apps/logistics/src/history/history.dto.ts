import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { ScanKind } from '../shipment/shipment.entities';

/** The most shipments one history import takes (about 1 MB of JSON). */
export const MAX_HISTORY_SHIPMENTS = 300;
const NODE_CODE = /^\d{6}(\d{3}(\d{3})?)?$/;
const ISO = { strict: true };

export class HistoryAddressDto {
  @ApiProperty() @IsString() @Length(1, 50) province: string;
  @ApiProperty() @IsString() @Length(1, 50) city: string;
  @ApiProperty() @IsString() @Length(1, 50) district: string;
  @ApiProperty() @IsString() @Length(1, 200) detail: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{6}$/) postalCode?: string;
}

/** Where the parcel went: a city address (by the carrier) or a village point (collected there). */
export class HistoryParcelDestinationDto {
  @ApiProperty({ enum: ['address', 'service_point'] })
  @IsIn(['address', 'service_point'])
  kind: 'address' | 'service_point';

  @ApiPropertyOptional({ type: HistoryAddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => HistoryAddressDto)
  address?: HistoryAddressDto;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() servicePointOrgId?: string;
  @ApiProperty() @IsString() @Length(1, 50) recipientName: string;
  @ApiProperty() @Matches(/^1[3-9]\d{9}$/) recipientPhone: string;
}

export class HistoryParcelLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() skuId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() listingId: string;
  @ApiProperty() @IsString() @Length(1, 200) title: string;
  @ApiProperty() @IsInt() @Min(1) quantity: number;
  @ApiProperty({ description: 'the whole line' }) @IsInt() @Min(0) weightGrams: number;
  @ApiProperty({ description: 'the whole line' }) @IsInt() @Min(0) volumeMl: number;
}

export class HistoryScanDto {
  @ApiProperty({ enum: ScanKind }) @IsEnum(ScanKind) kind: ScanKind;
  @ApiPropertyOptional({ description: 'a node of the path; none for the carrier’s delivery' })
  @IsOptional()
  @Matches(NODE_CODE)
  nodeCode?: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601(ISO) at: string;
  @ApiProperty({ enum: ['user', 'carrier', 'system'] }) @IsIn(['user', 'carrier', 'system']) actorKind:
    'user' | 'carrier' | 'system';
  @ApiPropertyOptional({ description: 'cold chain: the reading taken with the scan' })
  @IsOptional()
  @IsNumber()
  temperatureC?: number;
  @ApiPropertyOptional({ type: Object }) @IsOptional() @IsObject() details?: Record<string, unknown>;
}

export class HistoryReceiptDto {
  @ApiProperty({ enum: ['pickup_code', 'signature', 'carrier'] })
  @IsIn(['pickup_code', 'signature', 'carrier'])
  method: 'pickup_code' | 'signature' | 'carrier';
  @ApiProperty({ enum: ['recipient', 'agent', 'carrier'] })
  @IsIn(['recipient', 'agent', 'carrier'])
  collectedBy: 'recipient' | 'agent' | 'carrier';
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50) collectorName?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(NODE_CODE) nodeCode?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() operatorId?: string;
  @ApiPropertyOptional({ type: Object }) @IsOptional() @IsObject() evidence?: Record<string, string | number>;
  @ApiProperty({ format: 'date-time', description: 'the delivery' }) @IsISO8601(ISO) at: string;
}

export class HistoryShipmentDto {
  @ApiProperty({ format: 'uuid', description: 'chosen by the caller: a shipment already there is skipped' })
  @IsUUID()
  id: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() orderId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() groupId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() buyerId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() sellerOrgId: string;
  @ApiProperty() @IsString() @Length(1, 100) sellerName: string;
  @ApiProperty({ example: '360722' }) @Matches(/^\d{6}$/) countyCode: string;
  @ApiProperty({ enum: FlowDirection }) @IsEnum(FlowDirection) direction: FlowDirection;
  @ApiProperty() @IsString() @Length(4, 40) parcelCode: string;
  @ApiProperty({ enum: TemperatureClass }) @IsEnum(TemperatureClass) temperatureClass: TemperatureClass;
  @ApiPropertyOptional({ type: Number }) @IsOptional() @IsNumber() minC?: number;
  @ApiPropertyOptional({ type: Number }) @IsOptional() @IsNumber() maxC?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) weightToleranceGrams?: number;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{12}$/) originVillageCode?: string;

  @ApiProperty({ type: HistoryParcelDestinationDto })
  @ValidateNested()
  @Type(() => HistoryParcelDestinationDto)
  destination: HistoryParcelDestinationDto;

  @ApiProperty({ type: [HistoryParcelLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => HistoryParcelLineDto)
  lines: HistoryParcelLineDto[];

  @ApiProperty({ enum: ['online', 'cash_on_collection'] })
  @IsIn(['online', 'cash_on_collection'])
  paymentMethod: string;
  @ApiProperty() @IsInt() @Min(0) amountFen: number;

  @ApiProperty({
    type: [String],
    description: 'the codes of the nodes it passed, in order: nodes of the county (422 `history-unknown-node`)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @Matches(NODE_CODE, { each: true })
  path: string[];

  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) traceCodes: string[];
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) handedInWeightGrams?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) shelf?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) layer?: number;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{4}$/) pickupNumber?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601(ISO) shelvedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601(ISO) collectBy?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) carrier?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 60) waybillNo?: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601(ISO) createdAt: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601(ISO) dispatchedAt: string;

  @ApiProperty({
    type: [HistoryScanDto],
    description: 'in order of time, after createdAt and up to the receipt, all in the past (422 `history-not-past`)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => HistoryScanDto)
  scans: HistoryScanDto[];

  @ApiProperty({ type: HistoryReceiptDto }) @ValidateNested() @Type(() => HistoryReceiptDto) receipt: HistoryReceiptDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'service point: the buyer who consented at checkout' })
  @IsOptional()
  @IsUUID()
  consentGivenBy?: string;
}

export class HistoryShipmentImportDto {
  @ApiProperty({ type: [HistoryShipmentDto], maxItems: MAX_HISTORY_SHIPMENTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HISTORY_SHIPMENTS)
  @ValidateNested({ each: true })
  @Type(() => HistoryShipmentDto)
  shipments: HistoryShipmentDto[];
}

export class HistoryShipmentImportResponseDto {
  @ApiProperty({ description: 'how many the request carried' }) received: number;
  @ApiProperty({ description: 'how many were new and written; the others were already there and left as they are' })
  imported: number;
}
