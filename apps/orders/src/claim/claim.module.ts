import { MediaModule } from '@countyflow/media';
import { forwardRef, Module } from '@nestjs/common';
import { CountySettingModule } from '../county-setting/county-setting.module';
import { LedgerModule } from '../ledger/ledger.module';
import { OrderModule } from '../order/order.module';
import { PaymentModule } from '../payment/payment.module';
import { ClaimController } from './claim.controller';
import { ClaimRepository } from './claim.repository';
import { ClaimService } from './claim.service';
import { ClaimSweeper } from './claim.sweeper';

@Module({
  imports: [
    forwardRef(() => OrderModule),
    forwardRef(() => PaymentModule),
    CountySettingModule,
    LedgerModule,
    MediaModule,
  ],
  controllers: [ClaimController],
  providers: [ClaimRepository, ClaimService, ClaimSweeper],
  exports: [ClaimRepository],
})
export class ClaimModule {}
