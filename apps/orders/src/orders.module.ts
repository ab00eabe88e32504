import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { KernelModule } from '@countyflow/kernel';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { ORDERS_MIGRATIONS } from '../../../migrations/orders';
import { CashBookController } from './cash-book/cash-book.controller';
import { CashHandover } from './cash-book/cash-book.entity';
import { CashBookRepository } from './cash-book/cash-book.repository';
import { CashBookService } from './cash-book/cash-book.service';
import { CheckoutController } from './checkout/checkout.controller';
import { CheckoutService } from './checkout/checkout.service';
import { ClaimController } from './claim/claim.controller';
import { Claim, ClaimAction } from './claim/claim.entities';
import { ClaimRepository } from './claim/claim.repository';
import { ClaimService } from './claim/claim.service';
import { ClaimSweeper } from './claim/claim.sweeper';
import { CommissionController } from './commission/commission.controller';
import { Commission } from './commission/commission.entity';
import { CommissionRepository } from './commission/commission.repository';
import { CommissionService } from './commission/commission.service';
import { CountySettingController } from './county-setting/county-setting.controller';
import { CountySetting } from './county-setting/county-setting.entity';
import { CountySettingRepository } from './county-setting/county-setting.repository';
import { CountySettingService } from './county-setting/county-setting.service';
import { ExpiryQueue } from './expiry/expiry.queue';
import { ExpirySweeper } from './expiry/expiry.sweeper';
import { FiguresController } from './figures/figures.controller';
import { FiguresRepository } from './figures/figures.repository';
import { FiguresService } from './figures/figures.service';
import { FreightController } from './freight/freight.controller';
import { FreightTemplate } from './freight/freight.entity';
import { FreightRepository } from './freight/freight.repository';
import { FreightService } from './freight/freight.service';
import { LedgerAccount, LedgerEntry, LedgerPosting } from './ledger/ledger.entities';
import { LedgerPostings } from './ledger/ledger.postings';
import { LedgerRepository } from './ledger/ledger.repository';
import { ListingCopy, SkuCopy } from './listing/listing.entities';
import { ListingHandlers } from './listing/listing.handlers';
import { ListingRepository } from './listing/listing.repository';
import { OrderController } from './order/order.controller';
import { Order, OrderExcursion, OrderGroup, OrderHistory, OrderLine, StationConsent } from './order/order.entities';
import { OrderHandlers } from './order/order.handlers';
import { OrderRepository } from './order/order.repository';
import { OrderService } from './order/order.service';
import { OrderWorkflow } from './order/order.workflow';
import { ReceiptConfirmSweeper } from './order/receipt-confirm.sweeper';
import { OrdersConfig } from './orders.config';
import { OrgCopy } from './organisation/org-copy.entity';
import { OrgCopyHandlers } from './organisation/org-copy.handlers';
import { OrgCopyRepository } from './organisation/org-copy.repository';
import { PaymentProvider } from './payment/payment-provider';
import { paymentProviderFor, payoutProviderFor } from './payment/payment-providers';
import { PaymentController } from './payment/payment.controller';
import { Payment, PaymentTransaction, Refund } from './payment/payment.entities';
import { PaymentRepository } from './payment/payment.repository';
import { PaymentService } from './payment/payment.service';
import { RefundRunner } from './payment/refund.runner';
import { SimulatedPaymentProvider } from './payment/simulated-payment.provider';
import { PayoutProvider } from './payout/payout-provider';
import { SimulatedPayoutProvider } from './payout/simulated-payout.provider';
import { ReviewController } from './review/review.controller';
import { Review, SellerRating } from './review/review.entities';
import { ReviewRepository } from './review/review.repository';
import { ReviewService } from './review/review.service';
import { PayoutRunner } from './settlement/payout.runner';
import { SettlementController } from './settlement/settlement.controller';
import { PayeeAccount, Payout, Statement, StatementItem } from './settlement/settlement.entities';
import { SettlementRepository } from './settlement/settlement.repository';
import { SettlementService } from './settlement/settlement.service';

export const ORDERS_ENTITIES = [
  OrgCopy,
  ListingCopy,
  SkuCopy,
  CountySetting,
  OrderGroup,
  StationConsent,
  Order,
  OrderLine,
  OrderHistory,
  OrderExcursion,
  Payment,
  PaymentTransaction,
  Refund,
  Commission,
  Claim,
  ClaimAction,
  Review,
  SellerRating,
  LedgerAccount,
  LedgerEntry,
  LedgerPosting,
  PayeeAccount,
  Statement,
  StatementItem,
  Payout,
  CashHandover,
  FreightTemplate,
  ...MESSAGING_ENTITIES,
];

/**
 * Orders' services and repositories without its clocks (expiry queue and sweeps) and figures: what a medium test
 * builds on; the module adds the rest.
 */
export const ORDERS_DOMAIN_PROVIDERS = [
  OrgCopyRepository,
  OrgCopyHandlers,
  ListingRepository,
  ListingHandlers,
  CountySettingRepository,
  CountySettingService,
  OrderRepository,
  OrderWorkflow,
  OrderService,
  OrderHandlers,
  CheckoutService,
  SimulatedPaymentProvider,
  { provide: PaymentProvider, inject: [OrdersConfig, SimulatedPaymentProvider], useFactory: paymentProviderFor },
  SimulatedPayoutProvider,
  { provide: PayoutProvider, inject: [OrdersConfig, SimulatedPayoutProvider], useFactory: payoutProviderFor },
  PaymentRepository,
  PaymentService,
  RefundRunner,
  CommissionRepository,
  CommissionService,
  ClaimRepository,
  ClaimService,
  ReviewRepository,
  ReviewService,
  LedgerRepository,
  LedgerPostings,
  SettlementRepository,
  PayoutRunner,
  SettlementService,
  CashBookRepository,
  CashBookService,
  FreightRepository,
  FreightService,
];

@Module({})
export class OrdersModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return {
      module: OrdersModule,
      imports: [
        KernelModule.forRoot(ServiceName.Orders, config),
        PersistenceModule.forRoot({
          schema: 'orders',
          entities: ORDERS_ENTITIES,
          migrations: ORDERS_MIGRATIONS,
          poolSize: 20,
        }),
        AuthModule,
        MessagingModule.forRoot({ service: ServiceName.Orders }),
      ],
      controllers: [
        CheckoutController,
        OrderController,
        PaymentController,
        ClaimController,
        ReviewController,
        CountySettingController,
        CommissionController,
        FiguresController,
        SettlementController,
        CashBookController,
        FreightController,
      ],
      providers: [
        ...ORDERS_DOMAIN_PROVIDERS,
        ExpiryQueue,
        ExpirySweeper,
        ClaimSweeper,
        ReceiptConfirmSweeper,
        FiguresRepository,
        FiguresService,
      ],
    };
  }
}
