import { forwardRef, Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { OrderModule } from '../order/order.module';
import { OrgCopyModule } from '../organisation/org-copy.module';
import { PaymentModule } from '../payment/payment.module';
import { CashBookController } from './cash-book.controller';
import { CashBookRepository } from './cash-book.repository';
import { CashBookService } from './cash-book.service';

/** Each service point's daily cash book (cash taken, refunded in cash, handed to the county), read from the ledger. */
@Module({
  imports: [forwardRef(() => OrderModule), forwardRef(() => PaymentModule), OrgCopyModule, LedgerModule],
  controllers: [CashBookController],
  providers: [CashBookRepository, CashBookService],
})
export class CashBookModule {}
