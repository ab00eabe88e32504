import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { Notification } from './notification.entity';

export class NotificationSearchDto {
  @ApiPropertyOptional({ description: "one shipment's messages (its buyer, county staff)" })
  @IsOptional()
  @IsUUID()
  shipmentId?: string;

  @ApiPropertyOptional({ example: '360722', description: "county staff: the county's latest messages" })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;
}

export class NotificationResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) shipmentId: string | null;
  @ApiProperty({ enum: ['store', 'sms'] }) channel: string;
  @ApiProperty() recipientPhone: string;
  @ApiProperty({ example: 'ready_for_pickup' }) template: string;
  @ApiProperty() body: string;
  @ApiProperty({ enum: ['stored', 'pending', 'sent', 'failed'] }) status: string;
  @ApiProperty() createdAt: string;
}

export const mapNotification = (notification: Notification): NotificationResponseDto => ({
  id: notification.id,
  shipmentId: notification.shipmentId,
  channel: notification.channel,
  recipientPhone: notification.recipientPhone,
  template: notification.template,
  body: notification.body,
  status: notification.status,
  createdAt: notification.createdAt.toISOString(),
});
