import { PlaceNames } from '@countyflow/kernel';
import { Module } from '@nestjs/common';
import { CommissionModule } from '../commission/commission.module';
import { CountySettingModule } from '../county-setting/county-setting.module';
import { CouponModule } from '../coupon/coupon.module';
import { FreightModule } from '../freight/freight.module';
import { ListingCopyModule } from '../listing/listing.module';
import { OrderModule } from '../order/order.module';
import { OrgCopyModule } from '../organisation/org-copy.module';
import { CheckoutController } from './checkout.controller';
import { CheckoutService } from './checkout.service';
import { DestinationPlaces } from './destination-place';
import { PlacementReads } from './placement-reads';

@Module({
  imports: [
    OrderModule,
    ListingCopyModule,
    OrgCopyModule,
    CountySettingModule,
    CommissionModule,
    FreightModule,
    CouponModule,
  ],
  controllers: [CheckoutController],
  providers: [CheckoutService, DestinationPlaces, PlaceNames, PlacementReads],
  exports: [CheckoutService],
})
export class CheckoutModule {}
