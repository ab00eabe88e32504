import { forwardRef, Module } from '@nestjs/common';
import { OrderModule } from '../order/order.module';
import { PaymentProvider } from './payment-provider';
import { PaymentController } from './payment.controller';
import { PaymentRepository } from './payment.repository';
import { PaymentService } from './payment.service';
import { RefundRunner } from './refund.runner';
import { SimulatedPaymentProvider } from './simulated-payment.provider';

/** Payments, their provider and refunds; other features record and request refunds through what it exports. */
@Module({
  imports: [forwardRef(() => OrderModule)],
  controllers: [PaymentController],
  providers: [
    SimulatedPaymentProvider,
    { provide: PaymentProvider, useExisting: SimulatedPaymentProvider },
    PaymentRepository,
    PaymentService,
    RefundRunner,
  ],
  exports: [PaymentRepository, RefundRunner],
})
export class PaymentModule {}
