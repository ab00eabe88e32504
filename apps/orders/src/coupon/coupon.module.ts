import { Module } from '@nestjs/common';
import { ListingCopyModule } from '../listing/listing.module';
import { CouponController } from './coupon.controller';
import { CouponRepository } from './coupon.repository';
import { CouponService } from './coupon.service';

/** Campaigns and coupons; checkout prices with `CouponService`, and a cancelled order gives its discounts back. */
@Module({
  imports: [ListingCopyModule],
  controllers: [CouponController],
  providers: [CouponRepository, CouponService],
  exports: [CouponService],
})
export class CouponModule {}
