import { CommonConfig, SERVICE_NAME } from '@countyflow/kernel';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MediaLinks } from './media-links';
import { MediaStorage, StoredObject } from './media-storage';
import { PHOTO_RULES, PHOTO_VARIANTS, PhotoVariant, processPhoto } from './photo';

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

/** Short-lived signed links to a private photo's two sizes. */
export interface PrivatePhotoLinks {
  large: string;
  thumb: string;
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

  /**
   * Checks and stores a photo in all its variants. When a variant cannot be stored, those that were are removed
   * again: a failed upload leaves no file behind.
   */
  async store(bytes: Buffer, visibility: MediaVisibility): Promise<StoredPhoto> {
    const photo = await processPhoto(bytes, { ...PHOTO_RULES, maxBytes: this.maxBytes });
    const id = randomUUID();
    const puts = await Promise.allSettled(
      Object.entries(photo.variants).map(([variant, body]) =>
        this.storage.put(`${visibility}/${id}/${variant}.webp`, body, 'image/webp'),
      ),
    );
    const failed = puts.find((put) => put.status === 'rejected');
    if (failed) {
      await this.remove(visibility, id);
      throw failed.reason;
    }
    return { id, width: photo.width, height: photo.height };
  }

  /**
   * Stores a photo, then runs `save`, the transaction that records it where it belongs (a gallery, a lot, a claim,
   * an application). When `save` fails (refused because the gallery filled meanwhile, the claim was resolved, or
   * the database is gone) the stored files are removed again, so no file is left that nothing refers to.
   */
  async storeAndSave<T>(
    bytes: Buffer,
    visibility: MediaVisibility,
    save: (photo: StoredPhoto) => Promise<T>,
  ): Promise<T> {
    const photo = await this.store(bytes, visibility);
    try {
      return await save(photo);
    } catch (error) {
      await this.remove(visibility, photo.id);
      throw error;
    }
  }

  /** Removes a photo's variants (best effort: a file that cannot be removed now is no reason to fail the caller). */
  async remove(visibility: MediaVisibility, id: string): Promise<void> {
    await Promise.allSettled(
      Object.keys(PHOTO_VARIANTS).map((variant) => this.storage.delete(`${visibility}/${id}/${variant}.webp`)),
    );
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

  /** Signed links to both sizes of a private photo, for a reader entitled to it. */
  privateLinks(id: string): PrivatePhotoLinks {
    return { large: this.privateUrl(id, 'large'), thumb: this.privateUrl(id, 'thumb') };
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
