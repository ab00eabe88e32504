import { MediaModule } from '@countyflow/media';
import { forwardRef, Module } from '@nestjs/common';
import { ClaimModule } from '../claim/claim.module';
import { CommissionModule } from '../commission/commission.module';
import { CouponModule } from '../coupon/coupon.module';
import { GroupBuyRepository } from '../group-buy/group-buy.repository';
import { LedgerModule } from '../ledger/ledger.module';
import { PaymentModule } from '../payment/payment.module';
import { PresaleRepository } from '../presale/presale.repository';
import { ReviewModule } from '../review/review.module';
import { OrderGroupStream } from './order-group.stream';
import { OrderGroupWatch } from './order-group.watch';
import { OrderController } from './order.controller';
import { OrderHandlers } from './order.handlers';
import { OrderRepository } from './order.repository';
import { OrderService } from './order.service';
import { OrderWorkflow } from './order.workflow';
import { ReceiptConfirmSweeper } from './receipt-confirm.sweeper';

/**
 * The order aggregate: its repository, the workflow every feature moves orders with, and the order API. Payment,
 * claim and review act on orders and an order's detail shows them, hence the forward references both ways.
 */
@Module({
  imports: [
    forwardRef(() => PaymentModule),
    forwardRef(() => ClaimModule),
    forwardRef(() => ReviewModule),
    CommissionModule,
    CouponModule,
    LedgerModule,
    MediaModule,
  ],
  controllers: [OrderController],
  // pre-sales and buying groups hold orders between payment and fulfilment: their repositories live here, with the
  // workflow that holds and releases the orders
  providers: [
    OrderRepository,
    OrderWorkflow,
    OrderService,
    OrderHandlers,
    ReceiptConfirmSweeper,
    OrderGroupWatch,
    OrderGroupStream,
    PresaleRepository,
    GroupBuyRepository,
  ],
  exports: [OrderRepository, OrderWorkflow, OrderService, PresaleRepository, GroupBuyRepository],
})
export class OrderModule {}
