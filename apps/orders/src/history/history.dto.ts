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
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { AddressDto } from '../checkout/checkout.dto';
import { OrderStatus } from '../order/order-state';
import { PaymentMethod } from '../order/order.entities';

/** The most orders one history import takes (about 1 MB of JSON). */
export const MAX_HISTORY_ORDERS = 500;

export class HistoryDestinationDto {
  @ApiProperty({ enum: ['address', 'service_point'] }) @IsIn(['address', 'service_point']) kind:
    'address' | 'service_point';
  @ApiPropertyOptional({ type: AddressDto, description: 'for kind = address' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
  @ApiPropertyOptional({ format: 'uuid', description: 'for kind = service_point' })
  @IsOptional()
  @IsUUID()
  servicePointOrgId?: string;
  @ApiProperty() @IsString() @Length(1, 50) recipientName: string;
  @ApiProperty()
  @Matches(/^1[3-9]\d{9}$/, { message: 'recipientPhone must be a mobile number' })
  recipientPhone: string;
}

export class HistoryTemperatureDto {
  @ApiProperty({ enum: TemperatureClass }) @IsEnum(TemperatureClass) class: TemperatureClass;
  @ApiPropertyOptional({ type: Number, nullable: true }) @IsOptional() @IsNumber() minC?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) @IsOptional() @IsNumber() maxC?: number | null;
}

export class HistoryOrderLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() skuId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() listingId: string;
  @ApiProperty() @IsString() @Length(1, 200) title: string;
  @ApiProperty() @IsString() @Length(1, 200) spec: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(999) quantity: number;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) unitPriceFen: number;
  @ApiProperty({ description: 'one unit' }) @IsInt() @Min(0) weightGrams: number;
  @ApiProperty({ description: 'one unit' }) @IsInt() @Min(0) volumeMl: number;
}

export class HistoryStepDto {
  @ApiProperty({ enum: OrderStatus }) @IsEnum(OrderStatus) status: OrderStatus;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) at: string;
  @ApiProperty({ example: 'buyer', description: 'who moved it: buyer, catalog, payment_provider, logistics, system…' })
  @IsString()
  @Length(1, 40)
  actorKind: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) actorId?: string;
}

export class HistoryOrderDto {
  @ApiProperty({ format: 'uuid', description: 'chosen by the caller: an order already there is skipped' })
  @IsUUID()
  id: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() groupId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() buyerId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() sellerOrgId: string;
  @ApiProperty() @IsString() @Length(1, 100) sellerName: string;
  @ApiProperty({ example: '360722' }) @Matches(/^\d{6}$/) countyCode: string;
  @ApiProperty({ enum: FlowDirection }) @IsEnum(FlowDirection) direction: FlowDirection;
  @ApiPropertyOptional({ example: '360722105201' }) @IsOptional() @Matches(/^\d{12}$/) originVillageCode?: string;
  @ApiProperty({ type: HistoryDestinationDto })
  @ValidateNested()
  @Type(() => HistoryDestinationDto)
  destination: HistoryDestinationDto;
  @ApiProperty({ enum: PaymentMethod }) @IsEnum(PaymentMethod) paymentMethod: PaymentMethod;
  @ApiProperty({ type: HistoryTemperatureDto })
  @ValidateNested()
  @Type(() => HistoryTemperatureDto)
  temperature: HistoryTemperatureDto;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) weightToleranceGrams?: number;
  @ApiProperty({ type: [HistoryOrderLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => HistoryOrderLineDto)
  lines: HistoryOrderLineDto[];
  @ApiProperty({
    type: [HistoryStepDto],
    description:
      'its states in order, from placed to completed, each reachable from the one before by a transition of the ' +
      'order state machine (422 `history-illegal-path`), at non-decreasing times before now (422 `history-not-past`)',
  })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => HistoryStepDto)
  steps: HistoryStepDto[];
  @ApiProperty({ format: 'uuid', description: "logistics' shipment of it" }) @IsUUID() shipmentId: string;
  @ApiProperty({ format: 'date-time', description: 'when it left for the buyer' })
  @IsISO8601({ strict: true })
  dispatchedAt: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'for a service point: collect by' })
  @IsOptional()
  @IsISO8601({ strict: true })
  collectBy?: string;
  @ApiProperty({ example: 'pickup_code' }) @IsString() @Length(1, 40) receiptMethod: string;
  @ApiProperty({ example: 'recipient' }) @IsString() @Length(1, 40) collectedBy: string;
  @ApiPropertyOptional({ description: 'online: the provider and its ids of the payment and its transaction' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  provider?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) providerPaymentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) providerTransactionId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'cash on collection: the operator who took the cash' })
  @IsOptional()
  @IsUUID()
  cashReceivedBy?: string;
  @ApiPropertyOptional({ description: 'service point: the words of the consent the buyer gave at checkout' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  consentText?: string;
}

export class HistoryOrderImportDto {
  @ApiProperty({ type: [HistoryOrderDto], maxItems: MAX_HISTORY_ORDERS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HISTORY_ORDERS)
  @ValidateNested({ each: true })
  @Type(() => HistoryOrderDto)
  orders: HistoryOrderDto[];
}

export class HistoryImportResponseDto {
  @ApiProperty({ description: 'how many the request carried' }) received: number;
  @ApiProperty({ description: 'how many were new and written; the others were already there and left as they are' })
  imported: number;
}
