import { Module } from '@nestjs/common';
import { CommissionModule } from '../commission/commission.module';
import { CountySettingModule } from '../county-setting/county-setting.module';
import { FreightModule } from '../freight/freight.module';
import { ListingCopyModule } from '../listing/listing.module';
import { OrderModule } from '../order/order.module';
import { OrgCopyModule } from '../organisation/org-copy.module';
import { CheckoutController } from './checkout.controller';
import { CheckoutService } from './checkout.service';

@Module({
  imports: [OrderModule, ListingCopyModule, OrgCopyModule, CountySettingModule, CommissionModule, FreightModule],
  controllers: [CheckoutController],
  providers: [CheckoutService],
  exports: [CheckoutService],
})
export class CheckoutModule {}
