import { CommonConfig, SERVICE_NAME } from '@countyflow/kernel';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MediaLinks } from './media-links';
import { MediaStorage, StoredObject } from './media-storage';
import { PHOTO_RULES, PhotoVariant, processPhoto } from './photo';

export enum MediaVisibility {
  /** Listing photos: anyone may fetch them, and caches may keep them for good (an id's bytes never change). */
  Public = 'public',
  /** Licences, claim evidence: only through a signed, short-lived link. */
  Private = 'private',
}

export interface StoredPhoto {
  id: string;
  width: number;
  height: number;
}

const PHOTO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A photo's id, when `value` is one of this service's public photo URLs. */
export function photoIdOf(url: string, service: string): string | null {
  const match = new RegExp(`^/api/${service}/media/public/([0-9a-f-]{36})/large\\.webp$`).exec(url);
  return match && PHOTO_ID.test(match[1]) ? match[1] : null;
}

/** Stores uploaded photos (checked, upright, without metadata, as WebP variants) and builds the URLs they are served at. */
@Injectable()
export class MediaService {
  private readonly links: MediaLinks;
  private readonly prefix: string;

  constructor(
    private readonly storage: MediaStorage,
    config: CommonConfig,
    @Inject(SERVICE_NAME) service: string,
  ) {
    if (!config.mediaSigningSecret) {
      throw new Error(`MEDIA_SIGNING_SECRET must be set: ${service} keeps photos and signs links to the private ones`);
    }
    this.links = new MediaLinks(config.mediaSigningSecret, config.mediaUrlTtlSeconds);
    this.prefix = `/api/${service}/media`;
    this.maxBytes = Math.min(config.uploadLimitBytes, PHOTO_RULES.maxBytes);
  }

  readonly maxBytes: number;

  async store(bytes: Buffer, visibility: MediaVisibility): Promise<StoredPhoto> {
    const photo = await processPhoto(bytes, { ...PHOTO_RULES, maxBytes: this.maxBytes });
    const id = randomUUID();
    await Promise.all(
      Object.entries(photo.variants).map(([variant, body]) =>
        this.storage.put(`${visibility}/${id}/${variant}.webp`, body, 'image/webp'),
      ),
    );
    return { id, width: photo.width, height: photo.height };
  }

  /** Where anyone fetches a public photo (through the gateway). */
  publicUrl(id: string, variant: PhotoVariant = 'large'): string {
    return `${this.prefix}/public/${id}/${variant}.webp`;
  }

  /** A link to a private photo that works for `MEDIA_URL_TTL_SECONDS`; hand it only to those entitled to see it. */
  privateUrl(id: string, variant: PhotoVariant = 'large'): string {
    const file = `private/${id}/${variant}.webp`;
    return `${this.prefix}/${file}?${this.links.sign(file)}`;
  }

  async read(visibility: MediaVisibility, id: string, file: string, link?: { expires?: string; sig?: string }) {
    if (visibility === MediaVisibility.Private) {
      this.links.verify(`private/${id}/${file}`, link?.expires, link?.sig);
    }
    const found = PHOTO_ID.test(id) && /^(large|thumb)\.webp$/.test(file);
    const object: StoredObject | null = found ? await this.storage.get(`${visibility}/${id}/${file}`) : null;
    if (!object) {
      throw new NotFoundException('there is no such photo');
    }
    return object;
  }
}
