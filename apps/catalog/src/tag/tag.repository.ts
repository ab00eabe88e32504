import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { TAG_TRANSITIONS, TagTransition } from './tag-state';
import { ListingTag, TagStatus } from './tag.entity';

export type TagInsert = Pick<
  ListingTag,
  'listingId' | 'sellerOrgId' | 'countyCode' | 'kind' | 'certificateNo' | 'expiresOn' | 'appliedBy'
>;

/** What a transition writes besides the status. */
export interface TagTransitionEffects {
  decidedBy?: string | null;
  reason?: string | null;
}

/** A pending application with what the reviewer needs to see beside it. */
export interface ReviewRow {
  tag: ListingTag;
  listingTitle: string;
  sellerName: string;
}

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class TagRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** A new pending application; null when the listing already has a pending or verified tag of this kind. */
  async insertPending(manager: EntityManager, tag: TagInsert): Promise<ListingTag | null> {
    try {
      const [row] = await manager.query<{ id: string }[]>(
        `INSERT INTO listing_tag (listing_id, seller_org_id, county_code, kind, status, certificate_no, expires_on,
                                  applied_by)
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7) RETURNING id`,
        [tag.listingId, tag.sellerOrgId, tag.countyCode, tag.kind, tag.certificateNo, tag.expiresOn, tag.appliedBy],
      );
      return (await this.find(row.id, manager))!;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        return null;
      }
      throw error;
    }
  }

  find(id: string, manager: EntityManager = this.db.manager): Promise<ListingTag | null> {
    return manager.getRepository(ListingTag).findOneBy({ id });
  }

  listOfListing(listingId: string): Promise<ListingTag[]> {
    return this.db.manager.getRepository(ListingTag).find({ where: { listingId }, order: { appliedAt: 'DESC' } });
  }

  /** Attaches the certificate's photo to a pending application (a second photo replaces the first). */
  async setPhoto(manager: EntityManager, id: string, photoId: string): Promise<boolean> {
    const result = await manager.query<unknown[]>(
      `WITH changed AS (UPDATE listing_tag SET photo_id = $2 WHERE id = $1 AND status = 'pending' RETURNING id)
       SELECT id FROM changed`,
      [id, photoId],
    );
    return result.length > 0;
  }

  /** The one guarded update of a tag's state: false when the tag is not in a state the transition starts from. */
  async transition(
    manager: EntityManager,
    id: string,
    transition: TagTransition,
    effects: TagTransitionEffects = {},
  ): Promise<boolean> {
    const rule = TAG_TRANSITIONS[transition];
    const decided = [TagTransition.Verify, TagTransition.Reject, TagTransition.Revoke].includes(transition);
    const rows = await manager.query<unknown[]>(
      `WITH changed AS (
        UPDATE listing_tag
          SET status = $3,
              reason = CASE WHEN $4::boolean THEN $5 ELSE reason END,
              decided_by = CASE WHEN $4::boolean THEN $6::uuid ELSE decided_by END,
              decided_at = CASE WHEN $4::boolean THEN now() ELSE decided_at END
        WHERE id = $1 AND status = ANY($2::text[])
          AND ($3 <> 'verified' OR photo_id IS NOT NULL)
       RETURNING id)
       SELECT id FROM changed`,
      [id, rule.from, rule.to, decided, effects.reason ?? null, effects.decidedBy ?? null],
    );
    return rows.length > 0;
  }

  /** Verified tags whose certificate's last valid day is before `today`, moved to `expired`; their listings. */
  async expireBefore(manager: EntityManager, today: string): Promise<string[]> {
    const rows = await manager.query<{ listing_id: string }[]>(
      `WITH changed AS (
        UPDATE listing_tag SET status = $3
         WHERE status = ANY($2::text[]) AND expires_on < $1::date
        RETURNING listing_id)
       SELECT listing_id FROM changed`,
      [today, TAG_TRANSITIONS[TagTransition.Expire].from, TAG_TRANSITIONS[TagTransition.Expire].to],
    );
    return [...new Set(rows.map((row) => row.listing_id))].sort();
  }

  /** Sets the listing's `certifications` to the kinds of its verified tags (what search counts and pages show). */
  async syncListing(manager: EntityManager, listingId: string): Promise<void> {
    await manager.query(
      `UPDATE listing SET certifications = coalesce(
                (SELECT array_agg(DISTINCT kind ORDER BY kind) FROM listing_tag
                  WHERE listing_id = $1 AND status = $2), '{}')
        WHERE id = $1`,
      [listingId, TagStatus.Verified],
    );
  }

  /**
   * The county's pending applications, oldest first (the review queue), or its verified tags, latest verified first
   * (to revoke one); with the listing and seller names.
   */
  async forReview(
    countyCode: string | null,
    status: TagStatus.Pending | TagStatus.Verified,
    limit: number,
  ): Promise<ReviewRow[]> {
    const rows = await this.db.manager.query<{ id: string; title: string; seller_name: string }[]>(
      `SELECT t.id, l.title, s.name AS seller_name
         FROM listing_tag t JOIN listing l ON l.id = t.listing_id JOIN seller s ON s.org_id = t.seller_org_id
        WHERE t.status = $3 AND ($1::char(6) IS NULL OR t.county_code = $1)
        ORDER BY CASE WHEN $3 = 'pending' THEN t.applied_at END, t.decided_at DESC, t.id
        LIMIT $2`,
      [countyCode, limit, status],
    );
    const tags = await this.db.manager.getRepository(ListingTag).findBy({ id: In(rows.map((row) => row.id)) });
    return rows.map((row) => ({
      tag: tags.find((tag) => tag.id === row.id)!,
      listingTitle: row.title,
      sellerName: row.seller_name,
    }));
  }
}
