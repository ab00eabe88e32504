import { Module } from '@nestjs/common';
import { CheckoutModule } from '../checkout/checkout.module';
import { ListingCopyModule } from '../listing/listing.module';
import { OrderModule } from '../order/order.module';
import { PaymentModule } from '../payment/payment.module';
import { GroupBuyController } from './group-buy.controller';
import { GroupBuyService } from './group-buy.service';
import { GroupBuySweeper } from './group-buy.sweeper';

/** 拼团. Its repository belongs to the order module, whose workflow holds and completes group orders. */
@Module({
  imports: [OrderModule, CheckoutModule, ListingCopyModule, PaymentModule],
  controllers: [GroupBuyController],
  providers: [GroupBuyService, GroupBuySweeper],
})
export class GroupBuyModule {}
