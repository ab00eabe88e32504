import { Module } from '@nestjs/common';
import { CountySettingModule } from '../county-setting/county-setting.module';
import { LedgerModule } from '../ledger/ledger.module';
import { PaymentModule } from '../payment/payment.module';
import { PayoutRunner } from './payout.runner';
import { SettlementController } from './settlement.controller';
import { SettlementRepository } from './settlement.repository';
import { SettlementService } from './settlement.service';

/** Statements per seller and service point from the ledger, and their payouts through the payout port. */
@Module({
  imports: [LedgerModule, CountySettingModule, PaymentModule],
  controllers: [SettlementController],
  providers: [SettlementRepository, PayoutRunner, SettlementService],
})
export class SettlementModule {}
