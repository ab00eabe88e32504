import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

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

export class CarrierWebhookResponseDto {
  @ApiProperty({ enum: ['delivered', 'duplicate'] }) outcome: 'delivered' | 'duplicate';
  @ApiProperty() shipmentId: string;
}
