import { Module } from '@nestjs/common';
import { LedgerPostings } from './ledger.postings';
import { LedgerRepository } from './ledger.repository';

/** The county's double-entry ledger: every feature that moves money posts through LedgerPostings (docs/money.md). */
@Module({
  providers: [LedgerRepository, LedgerPostings],
  exports: [LedgerRepository, LedgerPostings],
})
export class LedgerModule {}
