import { forwardRef, Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { OrderModule } from '../order/order.module';
import { OrdersConfig } from '../orders.config';
import { PayoutProvider } from '../payout/payout-provider';
import { SimulatedPayoutProvider } from '../payout/simulated-payout.provider';
import { PaymentProvider } from './payment-provider';
import { PaymentMerchants, paymentMerchantsFor, paymentProviderFor, payoutProviderFor } from './payment-providers';
import { PaymentController } from './payment.controller';
import { PaymentReconciler } from './payment.reconciler';
import { PaymentRepository } from './payment.repository';
import { PaymentService } from './payment.service';
import { RefundRunner } from './refund.runner';
import { SimulatedPaymentProvider } from './simulated-payment.provider';

/**
 * Payments, the configured payment and payout providers, and refunds; other features record and request refunds, and
 * settlement pays out, through what it exports.
 */
@Module({
  imports: [forwardRef(() => OrderModule), LedgerModule],
  controllers: [PaymentController],
  providers: [
    SimulatedPaymentProvider,
    { provide: PaymentProvider, inject: [OrdersConfig, SimulatedPaymentProvider], useFactory: paymentProviderFor },
    SimulatedPayoutProvider,
    { provide: PayoutProvider, inject: [OrdersConfig, SimulatedPayoutProvider], useFactory: payoutProviderFor },
    {
      provide: PaymentMerchants,
      inject: [OrdersConfig, PaymentProvider, PayoutProvider],
      useFactory: paymentMerchantsFor,
    },
    PaymentRepository,
    PaymentService,
    RefundRunner,
    PaymentReconciler,
  ],
  exports: [PaymentRepository, RefundRunner, PayoutProvider, PaymentMerchants],
})
export class PaymentModule {}
