import { Problem } from '@countyflow/kernel';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived links to private photos: `?expires=<unix seconds>&sig=<HMAC-SHA256 of path and expiry, base64url>`.
 * Whoever holds a link may fetch the photo until it expires, so links are only handed to the people entitled to it,
 * each time they ask, and live minutes.
 */
export class MediaLinks {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The query string (without `?`) that lets `path` be fetched for the next `ttlSeconds`. */
  sign(path: string): string {
    const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
    return `expires=${expires}&sig=${this.signature(path, expires)}`;
  }

  /** Refuses a link whose signature is not ours for this path and expiry (403), or whose time is up (403). */
  verify(path: string, expires: string | undefined, sig: string | undefined): void {
    if (!expires || !sig || !/^\d{1,12}$/.test(expires)) {
      throw new Problem(403, 'media-link-invalid', 'the link to this photo is incomplete or was changed');
    }
    const expected = Buffer.from(this.signature(path, Number(expires)));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new Problem(403, 'media-link-invalid', 'the link to this photo is incomplete or was changed');
    }
    if (Number(expires) * 1000 <= this.now()) {
      throw new Problem(403, 'media-link-expired', 'the link to this photo has expired; open the page again');
    }
  }

  private signature(path: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${expires}`).digest('base64url');
  }
}
