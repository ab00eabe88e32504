import { forwardRef, Module } from '@nestjs/common';
import { ListingModule } from '../listing/listing.module';
import { SearchModule } from '../search/search.module';
import { ReservationHandlers } from './reservation.handlers';
import { StockController } from './stock.controller';
import { StockRepository } from './stock.repository';
import { StockService } from './stock.service';

/** Stock, its ledger and the reservations of orders. */
@Module({
  imports: [forwardRef(() => ListingModule), SearchModule],
  controllers: [StockController],
  providers: [StockRepository, StockService, ReservationHandlers],
  exports: [StockRepository],
})
export class StockModule {}
