import { forwardRef, Module } from '@nestjs/common';
import { OrderModule } from '../order/order.module';
import { ReviewController } from './review.controller';
import { ReviewRepository } from './review.repository';
import { ReviewService } from './review.service';

@Module({
  imports: [forwardRef(() => OrderModule)],
  controllers: [ReviewController],
  providers: [ReviewRepository, ReviewService],
  exports: [ReviewRepository],
})
export class ReviewModule {}
