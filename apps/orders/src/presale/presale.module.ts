import { Module } from '@nestjs/common';
import { CheckoutModule } from '../checkout/checkout.module';
import { ListingCopyModule } from '../listing/listing.module';
import { OrderModule } from '../order/order.module';
import { PaymentModule } from '../payment/payment.module';
import { PresaleController } from './presale.controller';
import { PresaleService } from './presale.service';
import { PresaleBalanceSweeper } from './presale.sweeper';

/** 预售. Its repository belongs to the order module, whose workflow holds and releases pre-sale orders. */
@Module({
  imports: [OrderModule, CheckoutModule, ListingCopyModule, PaymentModule],
  controllers: [PresaleController],
  providers: [PresaleService, PresaleBalanceSweeper],
})
export class PresaleModule {}
