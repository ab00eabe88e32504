import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { CommonConfig, KernelModule, PlaceNames } from '@countyflow/kernel';
import { createMediaStorage, MediaService, MediaStorage } from '@countyflow/media';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { ORDERS_MIGRATIONS } from '../../../migrations/orders';
import { BuyerAddress } from './address/address.entity';
import { AddressModule } from './address/address.module';
import { AddressRepository } from './address/address.repository';
import { AddressService } from './address/address.service';
import { CashHandover } from './cash-book/cash-book.entity';
import { CashBookModule } from './cash-book/cash-book.module';
import { CashBookRepository } from './cash-book/cash-book.repository';
import { CashBookService } from './cash-book/cash-book.service';
import { CheckoutModule } from './checkout/checkout.module';
import { CheckoutService } from './checkout/checkout.service';
import { DestinationPlaces } from './checkout/destination-place';
import { PlacementReads } from './checkout/placement-reads';
import { Claim, ClaimAction } from './claim/claim.entities';
import { ClaimModule } from './claim/claim.module';
import { ClaimRepository } from './claim/claim.repository';
import { ClaimService } from './claim/claim.service';
import { Commission } from './commission/commission.entity';
import { CommissionModule } from './commission/commission.module';
import { CommissionRepository } from './commission/commission.repository';
import { CommissionService } from './commission/commission.service';
import { CountySetting } from './county-setting/county-setting.entity';
import { CountySettingModule } from './county-setting/county-setting.module';
import { CountySettingRepository } from './county-setting/county-setting.repository';
import { CountySettingService } from './county-setting/county-setting.service';
import { Campaign, Coupon, CouponClaim, OrderDiscount } from './coupon/coupon.entities';
import { CouponModule } from './coupon/coupon.module';
import { CouponRepository } from './coupon/coupon.repository';
import { CouponService } from './coupon/coupon.service';
import { ExpiryModule } from './expiry/expiry.module';
import { FiguresModule } from './figures/figures.module';
import { FreightTemplate } from './freight/freight.entity';
import { FreightModule } from './freight/freight.module';
import { FreightRepository } from './freight/freight.repository';
import { FreightService } from './freight/freight.service';
import { BuyingGroup, GroupDeal } from './group-buy/group-buy.entities';
import { GroupBuyModule } from './group-buy/group-buy.module';
import { GroupBuyRepository } from './group-buy/group-buy.repository';
import { GroupBuyService } from './group-buy/group-buy.service';
import { HistoryModule } from './history/history.module';
import { LedgerAccount, LedgerEntry, LedgerPosting } from './ledger/ledger.entities';
import { LedgerModule } from './ledger/ledger.module';
import { LedgerPostings } from './ledger/ledger.postings';
import { LedgerRepository } from './ledger/ledger.repository';
import { ListingCopy, SkuCopy } from './listing/listing.entities';
import { ListingHandlers } from './listing/listing.handlers';
import { ListingCopyModule } from './listing/listing.module';
import { ListingRepository } from './listing/listing.repository';
import { Order, OrderExcursion, OrderGroup, OrderHistory, OrderLine, StationConsent } from './order/order.entities';
import { OrderHandlers } from './order/order.handlers';
import { OrderModule } from './order/order.module';
import { OrderRepository } from './order/order.repository';
import { OrderService } from './order/order.service';
import { OrderWorkflow } from './order/order.workflow';
import { OrdersConfig } from './orders.config';
import { OrgCopy } from './organisation/org-copy.entity';
import { OrgCopyHandlers } from './organisation/org-copy.handlers';
import { OrgCopyModule } from './organisation/org-copy.module';
import { OrgCopyRepository } from './organisation/org-copy.repository';
import { PaymentProvider } from './payment/payment-provider';
import {
  PaymentMerchants,
  paymentMerchantsFor,
  paymentProviderFor,
  payoutProviderFor,
} from './payment/payment-providers';
import { Payment, PaymentRequest, PaymentTransaction, Refund } from './payment/payment.entities';
import { PaymentModule } from './payment/payment.module';
import { PaymentRepository } from './payment/payment.repository';
import { PaymentService } from './payment/payment.service';
import { RefundRunner } from './payment/refund.runner';
import { SimulatedPaymentProvider } from './payment/simulated-payment.provider';
import { PayoutProvider } from './payout/payout-provider';
import { SimulatedPayoutProvider } from './payout/simulated-payout.provider';
import { Presale } from './presale/presale.entity';
import { PresaleModule } from './presale/presale.module';
import { PresaleRepository } from './presale/presale.repository';
import { PresaleService } from './presale/presale.service';
import { Review, SellerRating } from './review/review.entities';
import { ReviewModule } from './review/review.module';
import { ReviewRepository } from './review/review.repository';
import { ReviewService } from './review/review.service';
import { PayoutRunner } from './settlement/payout.runner';
import { PayeeAccount, Payout, Statement, StatementItem } from './settlement/settlement.entities';
import { SettlementModule } from './settlement/settlement.module';
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
  PaymentRequest,
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
  BuyerAddress,
  Campaign,
  Coupon,
  CouponClaim,
  OrderDiscount,
  Presale,
  GroupDeal,
  BuyingGroup,
  ...MESSAGING_ENTITIES,
];

/**
 * Orders' services and repositories without its clocks (the sweeps) and figures, in one flat list:
 * what a medium test builds on (the feature modules below would start the claim sweeper).
 */
export const ORDERS_DOMAIN_PROVIDERS = [
  OrgCopyRepository,
  OrgCopyHandlers,
  ListingRepository,
  ListingHandlers,
  CountySettingRepository,
  CountySettingService,
  CouponRepository,
  CouponService,
  OrderRepository,
  OrderWorkflow,
  OrderService,
  OrderHandlers,
  CheckoutService,
  DestinationPlaces,
  PlacementReads,
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
  AddressRepository,
  AddressService,
  PresaleRepository,
  PresaleService,
  GroupBuyRepository,
  GroupBuyService,
  PlaceNames,
  { provide: MediaStorage, useFactory: createMediaStorage, inject: [CommonConfig] },
  MediaService,
];

/** The features, each a module exporting only what the others may use; the app module imports them all. */
export const ORDERS_FEATURES = [
  OrgCopyModule,
  ListingCopyModule,
  CountySettingModule,
  LedgerModule,
  FreightModule,
  CommissionModule,
  CouponModule,
  OrderModule,
  CheckoutModule,
  PaymentModule,
  ClaimModule,
  ReviewModule,
  SettlementModule,
  CashBookModule,
  ExpiryModule,
  FiguresModule,
  HistoryModule,
  AddressModule,
  PresaleModule,
  GroupBuyModule,
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
        }),
        AuthModule,
        MessagingModule.forRoot({ service: ServiceName.Orders }),
        ...ORDERS_FEATURES,
      ],
    };
  }
}
