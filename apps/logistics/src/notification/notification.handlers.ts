import { BuyerNotified, EventName } from '@countyflow/contracts';
import { SmsTemplate } from '@countyflow/kernel';
import { EventContext, OnEvent } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { NotificationPort } from './notification.port';

/**
 * Messages orders asks to send its buyers (pre-sale released or refunded, group complete or refunded): through the
 * same notification port as the parcel messages, in the inbox's transaction (so once per event).
 */
@Injectable()
export class NotificationHandlers {
  constructor(private readonly notifications: NotificationPort) {}

  @OnEvent(EventName.BuyerNotified)
  handleBuyerNotified(data: BuyerNotified, context: EventContext<EventName.BuyerNotified>): Promise<void> {
    return this.notifications.notify(context.manager, {
      shipmentId: null,
      countyCode: data.countyCode,
      recipientPhone: data.recipientPhone,
      template: data.template as SmsTemplate,
      params: data.params,
      body: data.text,
    });
  }
}
