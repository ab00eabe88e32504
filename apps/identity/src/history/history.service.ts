import { Principal } from '@countyflow/auth';
import { EventName, OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { EventPublisher } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { hashPassword } from '../account/account.service';
import { IdentityConfig } from '../identity.config';
import { Organisation, ROLES_BY_KIND } from '../organisation/organisation.entities';
import { assertRegistrable, statusChanged, VERIFIABLE_KINDS } from '../organisation/organisation.service';
import { AccountImportDto, ImportedOrganisationDto, ImportResponseDto, OrganisationImportDto } from './history.dto';
import { HistoryRepository, ImportedTable } from './history.repository';

/** The event a decided organisation's status once caused. */
type EventOfStatus = EventName.OrgVerified | EventName.OrgSuspended;
const EVENT_OF: Partial<Record<VerificationStatus, EventOfStatus>> = {
  [VerificationStatus.Verified]: EventName.OrgVerified,
  [VerificationStatus.Suspended]: EventName.OrgSuspended,
};

/**
 * The accounts and organisations of a county that existed before it came to the platform (the demo county's
 * people), imported in bulk by a platform admin with the ids they had, each request in one transaction. Idempotent
 * by id: what is there already is skipped, so a second import writes nothing. Unlike the order history, what an
 * organisation's status means for the other services is not settled in the past: a verified or suspended seller
 * or service point is announced (`org.verified`, `org.suspended`) in the transaction that writes it, as a decision
 * would be, so that catalog and orders keep their copies.
 */
@Injectable()
export class HistoryService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly history: HistoryRepository,
    private readonly events: EventPublisher,
    private readonly config: IdentityConfig,
  ) {}

  /**
   * Accounts with the passwords given, hashed as registration hashes them; accounts of one request that share a
   * password share its hash (argon2id at production cost takes a tenth of a second or more a hash, and a county's
   * worth of accounts with one password would take a minute). Only accounts not there yet are hashed.
   */
  async importAccounts(dto: AccountImportDto): Promise<ImportResponseDto> {
    const present = await this.history.present(
      'user_account',
      dto.accounts.map((account) => account.id),
    );
    const hashes = new Map<string, string>();
    for (const { password } of dto.accounts.filter((account) => !present.has(account.id))) {
      if (!hashes.has(password)) {
        hashes.set(password, await hashPassword(password, this.config.passwordHash));
      }
    }
    const rows = dto.accounts
      .filter((account) => hashes.has(account.password))
      .map((account) => ({
        id: account.id,
        phone: account.phone,
        name: account.name.trim(),
        password_hash: hashes.get(account.password),
      }));
    const written = await this.db.withTransaction((manager) => this.insertNew(manager, 'user_account', rows));
    return { received: dto.accounts.length, imported: written.size };
  }

  /** Organisations with their status and members; the members' accounts must be there. */
  async importOrganisations(principal: Principal, dto: OrganisationImportDto): Promise<ImportResponseDto> {
    dto.organisations.forEach(assertImportable);
    const decider = (organisation: ImportedOrganisationDto): string => organisation.decidedBy ?? principal.userId;
    const rows = dto.organisations.map((organisation) => ({
      id: organisation.id,
      kind: organisation.kind,
      name: organisation.name.trim(),
      county_code: organisation.countyCode,
      village_code: organisation.villageCode ?? null,
      credit_code: organisation.creditCode ?? null,
      contact_phone: organisation.contactPhone ?? null,
      status: organisation.status,
      status_reason: organisation.statusReason ?? null,
      status_decided_by: organisation.status === VerificationStatus.Pending ? null : decider(organisation),
    }));
    const imported = await this.db.withTransaction(async (manager) => {
      const written = await this.insertNew(manager, 'organisation', rows);
      // each written once, though a batch may name an organisation twice
      const fresh = dto.organisations.filter(
        (organisation, index, all) =>
          written.has(organisation.id) && all.findIndex((other) => other.id === organisation.id) === index,
      );
      const members = fresh.flatMap((organisation) =>
        organisation.members.map((member) => ({ org_id: organisation.id, user_id: member.userId, role: member.role })),
      );
      const userIds = [...new Set(members.map((member) => member.user_id))];
      const accounts = await this.history.presentIn(manager, 'user_account', userIds);
      const unknown = userIds.filter((id) => !accounts.has(id));
      if (unknown.length > 0) {
        throw new Problem(422, 'import-unknown-account', `no account has the id ${unknown.join(', ')}`, {
          ids: unknown,
        });
      }
      await this.history.addMembers(manager, members);
      // one multi-row outbox insert per event name, not one per organisation
      for (const [status, event] of Object.entries(EVENT_OF) as [VerificationStatus, EventOfStatus][]) {
        const announced = fresh.filter(
          (organisation) => organisation.status === status && VERIFIABLE_KINDS.includes(organisation.kind),
        );
        await this.events.publishMany(
          manager,
          event,
          announced.map((organisation) => statusChanged(asOrganisation(organisation), decider(organisation))),
        );
      }
      return fresh.length;
    });
    return { received: dto.organisations.length, imported };
  }

  /**
   * Inserts the rows whose id the table does not hold yet and answers the ids written; refuses (409, rolling the
   * import back) a row that is neither there (before, or committed meanwhile by a concurrent import) nor written:
   * its phone or credit code belongs to another.
   */
  private async insertNew(manager: EntityManager, table: ImportedTable, rows: { id: string }[]): Promise<Set<string>> {
    const present = await this.history.presentIn(
      manager,
      table,
      rows.map((row) => row.id),
    );
    const written = await this.history.insert(
      manager,
      table,
      rows.filter((row) => !present.has(row.id)),
    );
    const missed = rows.filter((row) => !present.has(row.id) && !written.has(row.id)).map((row) => row.id);
    // a concurrent import of the same ids committed them while this insert waited on their keys: there already
    const landed = missed.length > 0 ? await this.history.presentIn(manager, table, missed) : new Set<string>();
    const taken = missed.filter((id) => !landed.has(id));
    if (taken.length > 0) {
      const [what, owner] = table === 'user_account' ? ['phone', 'account'] : ['credit code', 'organisation'];
      throw new Problem(409, 'import-conflict', `${taken.join(', ')}: the ${what} belongs to another ${owner}`, {
        ids: taken,
      });
    }
    return written;
  }
}

/** What `POST /organisations` and a decision would refuse, and what only identity may open (the platform). */
function assertImportable(organisation: ImportedOrganisationDto): void {
  assertRegistrable(organisation);
  if (organisation.kind === OrganisationKind.Platform) {
    throw new Problem(422, 'import-platform', 'identity opens the platform organisation itself (PLATFORM_ADMIN_*)');
  }
  if (!VERIFIABLE_KINDS.includes(organisation.kind) && organisation.status !== VerificationStatus.Verified) {
    throw new Problem(409, 'not-verifiable', `a ${organisation.kind} is not verified or suspended`);
  }
  const roles = ROLES_BY_KIND[organisation.kind];
  const refused = organisation.members.find((member) => !roles.includes(member.role));
  if (refused) {
    throw new Problem(
      400,
      'role-not-allowed',
      `a ${organisation.kind} can give the roles ${roles.join(', ')}, not ${refused.role}`,
    );
  }
}

const asOrganisation = (organisation: ImportedOrganisationDto): Organisation =>
  Object.assign(new Organisation(), {
    ...organisation,
    villageCode: organisation.villageCode ?? null,
    creditCode: organisation.creditCode ?? null,
    statusReason: organisation.statusReason ?? null,
  });
