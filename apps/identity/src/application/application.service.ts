import { Principal } from '@countyflow/auth';
import { MembershipRole, VerificationStatus } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { MediaService, MediaVisibility } from '@countyflow/media';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MessageKind } from '../message/message.entity';
import { MessageRepository } from '../message/message.repository';
import { Organisation } from '../organisation/organisation.entities';
import { OrganisationRepository } from '../organisation/organisation.repository';
import { OrganisationService, VERIFIABLE_KINDS } from '../organisation/organisation.service';
import { ApplicationTransition, nextApplicationStatus, requiredPermits } from './application-state';
import {
  ApplicationQueueDto,
  ApplicationRejectDto,
  ApplicationResponseDto,
  ApplicationUpsertDto,
  mapApplication,
  PhotoLinksDto,
} from './application.dto';
import { ApplicationStatus, PermitKind, SellerApplication } from './application.entity';
import { ApplicationRepository } from './application.repository';

type Upload = () => Promise<Buffer>;

/**
 * Seller (and service point) applications: the owners fill one in with the licence photo and the permits the
 * categories need and submit it; county staff of the organisation's county approve it (which verifies the
 * organisation, publishing `org.verified`) or reject it with a reason; the owners get a message either way.
 * Locks: the organisation's row, then the application's.
 */
@Injectable()
export class ApplicationService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly applications: ApplicationRepository,
    private readonly organisations: OrganisationRepository,
    private readonly organisationService: OrganisationService,
    private readonly messages: MessageRepository,
    private readonly media: MediaService,
  ) {}

  async upsert(principal: Principal, orgId: string, dto: ApplicationUpsertDto): Promise<ApplicationResponseDto> {
    await this.change(principal, orgId, true, (application) => {
      application.legalRepresentative = dto.legalRepresentative.trim();
      application.categories = [...new Set(dto.categories)];
      for (const { kind, number } of dto.permits ?? []) {
        const permit = permitOf(application, kind);
        permit.number = number.trim();
      }
    });
    return this.get(principal, orgId);
  }

  /** The business licence (营业执照) photo, kept private. */
  async uploadLicence(principal: Principal, orgId: string, upload: Upload): Promise<ApplicationResponseDto> {
    await this.change(principal, orgId, false, () => undefined);
    await this.media.storeAndSave(await upload(), MediaVisibility.Private, (photo) =>
      this.change(principal, orgId, false, (application) => {
        application.licencePhotoId = photo.id;
      }),
    );
    return this.get(principal, orgId);
  }

  async uploadPermit(
    principal: Principal,
    orgId: string,
    kind: PermitKind,
    upload: Upload,
  ): Promise<ApplicationResponseDto> {
    await this.change(principal, orgId, false, () => undefined);
    await this.media.storeAndSave(await upload(), MediaVisibility.Private, (photo) =>
      this.change(principal, orgId, false, (application) => {
        permitOf(application, kind).photoId = photo.id;
      }),
    );
    return this.get(principal, orgId);
  }

  async submit(principal: Principal, orgId: string): Promise<ApplicationResponseDto> {
    await this.db.withTransaction(async (manager) => {
      const { application } = await this.lockAsOwner(manager, principal, orgId);
      if (!application) {
        throw applicationNotFound(orgId);
      }
      const status = nextApplicationStatus(application.status, ApplicationTransition.Submit);
      if (!application.licencePhotoId) {
        throw new Problem(409, 'application-licence-missing', 'add a photo of the business licence before submitting');
      }
      const missing = requiredPermits(application.categories).filter((kind) => {
        const permit = application.permits.find((candidate) => candidate.kind === kind);
        return !permit?.number || !permit.photoId;
      });
      if (missing.length > 0) {
        throw new Problem(
          409,
          'application-permit-missing',
          `the categories applied for need these permits, with number and photo: ${missing.join(', ')}`,
          { missing },
        );
      }
      await this.applications.save(manager, { ...application, status, submittedAt: new Date() });
    });
    return this.get(principal, orgId);
  }

  /** Its organisation's members, county staff of its county and platform admins see it, photos by signed links. */
  async get(principal: Principal, orgId: string): Promise<ApplicationResponseDto> {
    const organisation = await this.organisations.find(orgId);
    const allowed =
      organisation !== null &&
      (principal.isMemberOf(orgId) ||
        principal.isCountyStaffOf(organisation.countyCode) ||
        principal.isPlatformAdmin());
    const application = allowed ? await this.applications.find(orgId) : null;
    if (!organisation || !application) {
      throw applicationNotFound(orgId);
    }
    return mapApplication(application, organisation, (id) => this.links(id));
  }

  /** The county's review queue (submitted applications, oldest first, unless another status is asked for). */
  async queue(principal: Principal, query: ApplicationQueueDto): Promise<ApplicationResponseDto[]> {
    const counties = principal.memberships
      .filter((membership) => membership.role === MembershipRole.CountyStaff)
      .map((membership) => membership.countyCode);
    const countyCode = query.countyCode ?? counties[0];
    if (!countyCode || (!counties.includes(countyCode) && !principal.isPlatformAdmin())) {
      throw new Problem(403, 'not-county-staff', `only county staff review a county's applications`);
    }
    const found = await this.applications.queue(
      countyCode,
      query.status ?? ApplicationStatus.Submitted,
      query.limit ?? 50,
    );
    return found.map(({ application, organisation }) =>
      mapApplication(application, organisation, (id) => this.links(id)),
    );
  }

  async approve(principal: Principal, orgId: string): Promise<ApplicationResponseDto> {
    await this.decide(principal, orgId, ApplicationTransition.Approve, null);
    return this.get(principal, orgId);
  }

  async reject(principal: Principal, orgId: string, dto: ApplicationRejectDto): Promise<ApplicationResponseDto> {
    await this.decide(principal, orgId, ApplicationTransition.Reject, dto.reason.trim());
    return this.get(principal, orgId);
  }

  private async decide(
    principal: Principal,
    orgId: string,
    transition: ApplicationTransition.Approve | ApplicationTransition.Reject,
    reason: string | null,
  ): Promise<void> {
    await this.db.withTransaction(async (manager) => {
      const organisation = await this.organisationService.lockForDecision(manager, principal, orgId);
      const application = await this.applications.findForUpdate(manager, orgId);
      if (!application) {
        throw applicationNotFound(orgId);
      }
      const status = nextApplicationStatus(application.status, transition);
      if (transition === ApplicationTransition.Approve && organisation.status !== VerificationStatus.Verified) {
        await this.organisationService.applyDecision(manager, principal, organisation, 'verify', null);
      }
      await this.applications.save(manager, {
        ...application,
        status,
        reason,
        decidedBy: principal.userId,
        decidedAt: new Date(),
      });
      const kind =
        transition === ApplicationTransition.Approve
          ? MessageKind.ApplicationApproved
          : MessageKind.ApplicationRejected;
      await this.messages.toOwnersOf(manager, orgId, kind, { orgId, orgName: organisation.name, reason });
    });
  }

  /**
   * Runs `edit` on the organisation's application, locked, as one of its owners, while it may be edited; a missing
   * application is started (as a draft) only when `create` says so.
   */
  private async change(
    principal: Principal,
    orgId: string,
    create: boolean,
    edit: (application: SellerApplication) => void,
  ): Promise<void> {
    await this.db.withTransaction(async (manager) => {
      const { organisation, application } = await this.lockAsOwner(manager, principal, orgId);
      if (!application && !create) {
        throw applicationNotFound(orgId);
      }
      const current =
        application ??
        ({
          orgId: organisation.id,
          status: ApplicationStatus.Draft,
          legalRepresentative: '',
          categories: [],
          licencePhotoId: null,
          permits: [],
          reason: null,
          createdBy: principal.userId,
          decidedBy: null,
          submittedAt: null,
          decidedAt: null,
        } as Partial<SellerApplication> as SellerApplication);
      nextApplicationStatus(current.status, ApplicationTransition.Edit);
      edit(current);
      await this.applications.save(manager, current);
    });
  }

  private async lockAsOwner(
    manager: EntityManager,
    principal: Principal,
    orgId: string,
  ): Promise<{ organisation: Organisation; application: SellerApplication | null }> {
    const organisation = await this.organisations.findForUpdate(manager, orgId);
    if (!organisation || !principal.isMemberOf(orgId)) {
      throw new Problem(404, 'organisation-not-found', `no organisation ${orgId} of yours`);
    }
    if (!principal.isMemberOf(orgId, [MembershipRole.Owner])) {
      throw new Problem(403, 'not-a-member', `only owners of ${organisation.name} apply for it`);
    }
    if (!VERIFIABLE_KINDS.includes(organisation.kind)) {
      throw new Problem(409, 'not-verifiable', `a ${organisation.kind} does not apply to sell`);
    }
    return { organisation, application: await this.applications.findForUpdate(manager, orgId) };
  }

  private links(photoId: string): PhotoLinksDto {
    return { large: this.media.privateUrl(photoId, 'large'), thumb: this.media.privateUrl(photoId, 'thumb') };
  }
}

function permitOf(application: SellerApplication, kind: PermitKind) {
  let permit = application.permits.find((candidate) => candidate.kind === kind);
  if (!permit) {
    permit = { kind, number: null, photoId: null };
    application.permits = [...application.permits, permit];
  }
  return permit;
}

const applicationNotFound = (orgId: string): Problem =>
  new Problem(404, 'application-not-found', `organisation ${orgId} has no application you may see`);
