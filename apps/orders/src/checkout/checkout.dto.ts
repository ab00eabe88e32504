import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PaymentMethod } from '../order/order.entities';

/** The most lines one checkout takes, and the most units of one SKU in a line. */
export const MAX_LINES = 50;
export const MAX_QUANTITY_PER_LINE = 999;

const MOBILE = /^1[3-9]\d{9}$/;
const MOBILE_MESSAGE = 'must be a mainland China mobile number (11 digits starting 13–19)';

export class CheckoutLineDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  skuId: string;

  @ApiProperty({ minimum: 1, maximum: MAX_QUANTITY_PER_LINE, example: 2 })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY_PER_LINE)
  quantity: number;
}

export class AddressDto {
  @ApiProperty({ example: '广东省' }) @IsString() @Length(1, 50) province: string;
  @ApiProperty({ example: '深圳市' }) @IsString() @Length(1, 50) city: string;
  @ApiProperty({ example: '南山区' }) @IsString() @Length(1, 50) district: string;
  @ApiProperty({ example: '科技园南区 8 栋 1201' }) @IsString() @Length(1, 200) detail: string;

  @ApiPropertyOptional({ example: '518057' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'postalCode must be 6 digits' })
  postalCode?: string;

  @ApiPropertyOptional({
    example: '440305007',
    description:
      "the address-book entry's division code (county 6, town 9 or village 12 digits), kept with the order beside the text",
  })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}(\d{3})?)?$/, { message: 'placeCode must be a division code of 6, 9 or 12 digits' })
  placeCode?: string;
}

export class DestinationDto {
  @ApiProperty({ enum: ['address', 'service_point'] })
  @IsIn(['address', 'service_point'])
  kind: 'address' | 'service_point';

  @ApiPropertyOptional({ type: AddressDto, description: 'for kind = address' })
  @ValidateIf((destination: DestinationDto) => destination.kind === 'address')
  @IsDefined()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'for kind = service_point: the village service point' })
  @ValidateIf((destination: DestinationDto) => destination.kind === 'service_point')
  @IsUUID()
  servicePointOrgId?: string;

  @ApiPropertyOptional({
    description: 'for kind = service_point: the recipient agrees to have the parcel left at the point (recorded)',
  })
  @ValidateIf((destination: DestinationDto) => destination.kind === 'service_point')
  @Equals(true, { message: 'consentToStationDelivery must be true to deliver to a service point' })
  consentToStationDelivery?: boolean;

  @ApiProperty({ example: '王秀英' })
  @IsString()
  @Length(1, 50)
  recipientName: string;

  @ApiProperty({ example: '13800138000' })
  @Matches(MOBILE, { message: `recipientPhone ${MOBILE_MESSAGE}` })
  recipientPhone: string;

  @ApiPropertyOptional({ description: 'someone the recipient names to collect for them' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  agentName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(MOBILE, { message: `agentPhone ${MOBILE_MESSAGE}` })
  agentPhone?: string;
}

export class CheckoutDto {
  @ApiProperty({ type: [CheckoutLineDto], minItems: 1, maxItems: MAX_LINES })
  @IsArray()
  @ArrayMinSize(1, { message: 'the basket is empty: send at least one line' })
  @ArrayMaxSize(MAX_LINES, { message: `a checkout takes at most ${MAX_LINES} lines` })
  @ValidateNested({ each: true })
  @Type(() => CheckoutLineDto)
  lines: CheckoutLineDto[];

  @ApiProperty({ type: DestinationDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DestinationDto)
  destination: DestinationDto;

  @ApiPropertyOptional({
    enum: PaymentMethod,
    default: PaymentMethod.Online,
    description: 'cash only at a service point',
  })
  @IsOptional()
  @IsIn(Object.values(PaymentMethod))
  paymentMethod?: PaymentMethod;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 10,
    description:
      "the buyer's claimed coupons to use: at most one platform or county coupon, and one shop coupon per seller",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  couponClaimIds?: string[];
}

export class VillagerDto {
  @ApiProperty({ example: '李大爷' })
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiProperty({ example: '13900139000' })
  @Matches(MOBILE, { message: `villager.phone ${MOBILE_MESSAGE}` })
  phone: string;
}

/** An operator orders for a villager; the destination is the operator's own service point. */
export class AssistedCheckoutDto {
  @ApiProperty({ format: 'uuid', description: 'the service point the caller operates' })
  @IsUUID()
  servicePointOrgId: string;

  @ApiProperty({ type: VillagerDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => VillagerDto)
  villager: VillagerDto;

  @ApiProperty({ type: [CheckoutLineDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'the basket is empty: send at least one line' })
  @ArrayMaxSize(MAX_LINES, { message: `a checkout takes at most ${MAX_LINES} lines` })
  @ValidateNested({ each: true })
  @Type(() => CheckoutLineDto)
  lines: CheckoutLineDto[];

  @ApiPropertyOptional({ enum: PaymentMethod, default: PaymentMethod.Online })
  @IsOptional()
  @IsIn(Object.values(PaymentMethod))
  paymentMethod?: PaymentMethod;
}
