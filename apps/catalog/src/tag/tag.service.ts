import { Principal } from '@countyflow/auth';
import { chinaDate, LOGGER, Problem } from '@countyflow/kernel';
import { MediaService, MediaVisibility } from '@countyflow/media';
import { ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { CatalogConfig } from '../catalog.config';
import {
  assertCanManageListing,
  canManageListing,
  canOverseeListing,
  listingNotFound,
} from '../listing/listing-access';
import { Certification, Listing, ListingStatus } from '../listing/listing.entity';
import { ListingPublisher } from '../listing/listing.publisher';
import { ListingRepository } from '../listing/listing.repository';
import { SearchRepository } from '../search/search.repository';
import { TagTransition } from './tag-state';
import { mapTag, TagApplyDto, TagResponseDto, TagReviewItemDto } from './tag.dto';
import { ListingTag, TagStatus } from './tag.entity';
import { TagRepository } from './tag.repository';

/** Kinds whose certificates run for a fixed term (绿色食品 3 years, 有机 1 year): they must say when they end. */
const EXPIRING_KINDS: readonly Certification[] = [Certification.GreenFood, Certification.Organic];
/** The review queue shows this many applications at a time, oldest first. */
export const REVIEW_PAGE = 100;

const tagNotFound = (id: string): Problem => new Problem(404, 'tag-not-found', `no tag ${id}`);

/**
 * Verified origin tags: a seller applies with the certificate number and a photo of the certificate, county staff of
 * the listing's county verify or reject it, and only verified, unexpired tags are the listing's `certifications`
 * (shown on cards, the listing page and the trace page, and counted by search). Every change of a tag's state is
 * made with the listing's row locked and republishes the listing in the same transaction.
 */
@Injectable()
export class TagService {
  readonly expiry: ScheduledTask;

  constructor(
    private readonly db: TransactionalConnection,
    private readonly tags: TagRepository,
    private readonly listings: ListingRepository,
    private readonly publisher: ListingPublisher,
    private readonly search: SearchRepository,
    private readonly media: MediaService,
    private readonly config: CatalogConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    scheduler: TaskScheduler,
  ) {
    this.expiry = scheduler.task('tag-expiry', config.tagExpirySweepMs, async () => {
      const result = await this.expire();
      if (result.listings > 0) {
        this.logger.info(result, 'expired tags left their listings');
      }
    });
  }

  async apply(principal: Principal, listingId: string, dto: TagApplyDto): Promise<TagResponseDto> {
    if (EXPIRING_KINDS.includes(dto.kind) && !dto.expiresOn) {
      throw new Problem(400, 'tag-expiry-required', `a ${dto.kind} certificate has an end date: give expiresOn`, {
        kind: dto.kind,
      });
    }
    if (dto.expiresOn && dto.expiresOn < this.today()) {
      throw new Problem(400, 'tag-certificate-expired', `the certificate ended on ${dto.expiresOn}`, {
        expiresOn: dto.expiresOn,
      });
    }
    const tag = await this.db.withTransaction(async (manager) => {
      const listing = await this.lockListing(manager, principal, listingId);
      const inserted = await this.tags.insertPending(manager, {
        listingId,
        sellerOrgId: listing.sellerOrgId,
        countyCode: listing.countyCode,
        kind: dto.kind,
        certificateNo: dto.certificateNo.trim(),
        expiresOn: dto.expiresOn ?? null,
        appliedBy: principal.userId,
      });
      if (!inserted) {
        throw new Problem(
          409,
          'tag-already-applied',
          `listing ${listingId} already has a ${dto.kind} tag or application`,
          {
            kind: dto.kind,
          },
        );
      }
      return inserted;
    });
    return this.map(tag);
  }

  /** The certificate's photo, private (signed links only); checked before the upload is read, stored outside the transaction. */
  async addPhoto(principal: Principal, tagId: string, upload: () => Promise<Buffer>): Promise<TagResponseDto> {
    await this.pendingOfSeller(principal, tagId);
    const photo = await this.media.store(await upload(), MediaVisibility.Private);
    await this.db.withTransaction(async (manager) => {
      await this.pendingOfSeller(principal, tagId, manager);
      if (!(await this.tags.setPhoto(manager, tagId, photo.id))) {
        throw illegal(tagId, 'add a photo to');
      }
    });
    return this.map((await this.tags.find(tagId))!);
  }

  /** Every tag and application of a listing (its seller's members, county staff of its county, platform admins). */
  async list(principal: Principal, listingId: string): Promise<TagResponseDto[]> {
    const listing = await this.listings.find(listingId, this.db.manager);
    if (!listing || !(canManageListing(principal, listing) || canOverseeListing(principal, listing))) {
      throw listingNotFound(listingId);
    }
    return (await this.tags.listOfListing(listingId)).map((tag) => this.map(tag));
  }

  async withdraw(principal: Principal, tagId: string): Promise<TagResponseDto> {
    return this.decide(tagId, TagTransition.Withdraw, (tag) => {
      if (!principal.isMemberOf(tag.sellerOrgId)) {
        throw tagNotFound(tagId);
      }
      return {};
    });
  }

  /** The county's review queue: pending applications, oldest first. */
  async review(
    principal: Principal,
    countyCode: string,
    status: TagStatus.Pending | TagStatus.Verified = TagStatus.Pending,
  ): Promise<TagReviewItemDto[]> {
    principal.assertCountyStaffOrAdmin(countyCode);
    return (await this.tags.forReview(countyCode, status, REVIEW_PAGE)).map((row) => ({
      ...this.map(row.tag),
      listingTitle: row.listingTitle,
      sellerName: row.sellerName,
    }));
  }

  async verify(principal: Principal, tagId: string): Promise<TagResponseDto> {
    return this.decide(tagId, TagTransition.Verify, (tag) => {
      principal.assertCountyStaffOf(tag.countyCode);
      if (tag.status === TagStatus.Pending && !tag.photoId) {
        throw new Problem(409, 'tag-photo-missing', 'the application has no photo of the certificate yet');
      }
      if (tag.expiresOn && tag.expiresOn < this.today()) {
        throw new Problem(409, 'tag-certificate-expired', `the certificate ended on ${tag.expiresOn}`, {
          expiresOn: tag.expiresOn,
        });
      }
      return { decidedBy: principal.userId };
    });
  }

  async reject(principal: Principal, tagId: string, reason: string): Promise<TagResponseDto> {
    return this.decide(tagId, TagTransition.Reject, (tag) => {
      principal.assertCountyStaffOf(tag.countyCode);
      return { decidedBy: principal.userId, reason: reason.trim() };
    });
  }

  /** County staff take a verified tag back (a certificate withdrawn, a false claim): it stops showing and counting. */
  async revoke(principal: Principal, tagId: string, reason: string): Promise<TagResponseDto> {
    return this.decide(tagId, TagTransition.Revoke, (tag) => {
      principal.assertCountyStaffOf(tag.countyCode);
      return { decidedBy: principal.userId, reason: reason.trim() };
    });
  }

  /**
   * Takes every verified tag whose certificate ended before `today` (China date) off its listing, and republishes
   * those listings. One replica at a time (advisory lock); also run every `TAG_EXPIRY_SWEEP_MS` (the task `tag-expiry`).
   */
  async expire(today: string = this.today()): Promise<{ ran: boolean; listings: number }> {
    const listings = await this.db.withAdvisoryLock('countyflow:catalog:tag-expiry', async (manager) => {
      const expired = await this.tags.expireBefore(manager, today);
      for (const listingId of expired) {
        await this.listings.findForUpdate(manager, listingId);
        await this.tags.syncListing(manager, listingId);
      }
      await this.publisher.changed(manager, expired);
      return expired.length;
    });
    return { ran: listings !== undefined, listings: listings ?? 0 };
  }

  /**
   * One guarded transition: the listing's row locked first (the order every listing change takes), then the tag's
   * state, then the listing's certifications and its search document and `listing.changed`.
   */
  private async decide(
    tagId: string,
    transition: TagTransition,
    check: (tag: ListingTag) => { decidedBy?: string; reason?: string },
  ): Promise<TagResponseDto> {
    await this.db.withTransaction(async (manager) => {
      const tag = await this.tags.find(tagId, manager);
      if (!tag) {
        throw tagNotFound(tagId);
      }
      const effects = check(tag);
      await this.listings.findForUpdate(manager, tag.listingId);
      if (!(await this.tags.transition(manager, tagId, transition, effects))) {
        throw illegal(tagId, transition);
      }
      await this.tags.syncListing(manager, tag.listingId);
      await this.publisher.changed(manager, [tag.listingId]);
    });
    return this.map((await this.tags.find(tagId))!);
  }

  private async lockListing(manager: EntityManager, principal: Principal, listingId: string): Promise<Listing> {
    const listing = await this.listings.findForUpdate(manager, listingId);
    if (!listing) {
      throw listingNotFound(listingId);
    }
    assertCanManageListing(principal, listing, await this.search.isPublic(manager, listingId));
    if (listing.status === ListingStatus.Removed) {
      throw new Problem(409, 'listing-removed', `listing ${listingId} was removed`);
    }
    return listing;
  }

  /** A pending application of a seller the caller belongs to (owners and staff). */
  private async pendingOfSeller(principal: Principal, tagId: string, manager?: EntityManager): Promise<ListingTag> {
    const tag = await this.tags.find(tagId, manager);
    if (!tag || !canManageListing(principal, tag)) {
      throw tagNotFound(tagId);
    }
    if (tag.status !== TagStatus.Pending) {
      throw illegal(tagId, 'add a photo to');
    }
    return tag;
  }

  private map(tag: ListingTag): TagResponseDto {
    return mapTag(tag, (id) => this.media.privateUrl(id));
  }

  private today(): string {
    return chinaDate(new Date());
  }
}

const illegal = (tagId: string, what: string): Problem =>
  new Problem(409, 'illegal-transition', `tag ${tagId} is not in a state to ${what}`);
