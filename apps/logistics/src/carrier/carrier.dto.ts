import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ArrivalCreateDto } from '../point/point.dto';

export class CarrierHandoverCreateDto {
  @ApiProperty({ description: 'the county hub where the parcel is handed over' })
  @IsUUID()
  nodeId: string;

  @ApiPropertyOptional({
    example: 2.5,
    description: 'required for chilled, frozen and range goods; refused for ambient',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-60)
  @Max(60)
  temperatureC?: number;

  @WaybillNo()
  waybillNo?: string;
}

/** The number on the carrier's own waybill: required by 快递100 (CARRIER=kuaidi100), made up by the simulator. */
function WaybillNo(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({
      example: '75312345678901',
      description: "the number on the carrier's waybill (required with CARRIER=kuaidi100; the simulator makes one)",
    })(target, key);
    IsOptional()(target, key);
    Matches(/^[A-Za-z0-9]{6,32}$/, { message: 'waybillNo is 6 to 32 letters and digits' })(target, key);
  };
}

/** At the hub, by the parcel's code: the parcel to the express carrier, with the carrier's waybill number. */
export class NodeCarrierHandoverCreateDto extends ArrivalCreateDto {
  @WaybillNo()
  waybillNo?: string;
}

export class CarrierHandoverResponseDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty() parcelCode: string;
  @ApiProperty() carrier: string;
  @ApiProperty() waybillNo: string;
}

/** What a carrier posts when it delivers; signed (x-carrier-timestamp, x-carrier-signature). */
export class CarrierWebhookDto {
  @ApiProperty({ example: 'SX123456789012' })
  @IsString()
  @Length(4, 40)
  waybillNo: string;

  @ApiProperty({ enum: ['delivered'] })
  @IsIn(['delivered'])
  status: 'delivered';

  @ApiProperty({ example: '2026-05-20T08:00:00.000Z' })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiPropertyOptional({ example: '本人签收' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  signedBy?: string;
}

/** 快递100's answer format, which its push expects back (anything but result true makes it push again). */
export class Kuaidi100PushResponseDto {
  @ApiProperty({ example: true }) result: boolean;
  @ApiProperty({ example: '200' }) returnCode: string;
  @ApiProperty({ example: '成功' }) message: string;
}

export class CarrierWebhookResponseDto {
  @ApiProperty({ enum: ['delivered', 'duplicate'] }) outcome: 'delivered' | 'duplicate';
  @ApiProperty() shipmentId: string;
}
