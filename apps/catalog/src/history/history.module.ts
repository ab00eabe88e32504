import { Module } from '@nestjs/common';
import { SearchModule } from '../search/search.module';
import { StockModule } from '../stock/stock.module';
import { HistoryController } from './history.controller';
import { HistoryService } from './history.service';

/** Sales of the past, imported by platform admins (the demo county's year of trade). */
@Module({
  imports: [StockModule, SearchModule],
  controllers: [HistoryController],
  providers: [HistoryService],
})
export class HistoryModule {}
