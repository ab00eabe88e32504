import { CommonConfig } from '@countyflow/kernel';
import { Module } from '@nestjs/common';
import { LocalDiskStorage, MediaStorage } from './media-storage';
import { MediaController } from './media.controller';
import { MediaService } from './media.service';
import { S3Storage } from './s3-storage';

/** The storage the settings choose: S3-compatible object storage when `MEDIA_STORAGE=s3`, else the local disk. */
export function createMediaStorage(config: CommonConfig): MediaStorage {
  if (config.mediaStorage === 'local') {
    return new LocalDiskStorage(config.mediaDir);
  }
  const { s3Endpoint, s3Bucket, s3AccessKeyId, s3SecretAccessKey, s3Region } = config;
  if (!s3Endpoint || !s3Bucket || !s3AccessKeyId || !s3SecretAccessKey) {
    throw new Error('MEDIA_STORAGE=s3 needs S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  }
  return new S3Storage({
    endpoint: s3Endpoint,
    region: s3Region,
    bucket: s3Bucket,
    accessKeyId: s3AccessKeyId,
    secretAccessKey: s3SecretAccessKey,
  });
}

/** Photo uploads and their serving at `/media/…`, for a service that keeps photos (catalog, identity, orders). */
@Module({
  controllers: [MediaController],
  providers: [{ provide: MediaStorage, useFactory: createMediaStorage, inject: [CommonConfig] }, MediaService],
  exports: [MediaService],
})
export class MediaModule {}
