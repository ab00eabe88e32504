import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { RefreshToken, Session, UserAccount } from './account.entities';

@Injectable()
export class AccountRepository {
  constructor(private readonly db: TransactionalConnection) {}

  findUserByPhone(phone: string): Promise<UserAccount | null> {
    return this.db.manager.getRepository(UserAccount).findOneBy({ phone });
  }

  findUserByPhoneIn(manager: EntityManager, phone: string): Promise<UserAccount | null> {
    return manager.getRepository(UserAccount).findOneBy({ phone });
  }

  findUser(manager: EntityManager, id: string): Promise<UserAccount | null> {
    return manager.getRepository(UserAccount).findOneBy({ id });
  }

  /** Inserts the user; returns null when the phone number is taken. */
  async createUser(
    manager: EntityManager,
    user: Pick<UserAccount, 'phone' | 'name' | 'passwordHash'>,
  ): Promise<UserAccount | null> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO user_account (phone, name, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (phone) DO NOTHING RETURNING id`,
      [user.phone, user.name, user.passwordHash],
    );
    return rows.length ? this.findUser(manager, rows[0].id) : null;
  }

  /** Sets the password; returns the account's id, or null when no account has the phone. */
  async setPassword(manager: EntityManager, phone: string, passwordHash: string): Promise<string | null> {
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE user_account SET password_hash = $2 WHERE phone = $1 RETURNING id`,
      [phone, passwordHash],
    );
    return rows[0]?.id ?? null;
  }

  /** Revokes every live session of the account; returns their ids. */
  async revokeAllSessions(manager: EntityManager, userId: string, reason: string): Promise<string[]> {
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE user_session SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      [userId, reason],
    );
    return rows.map((row) => row.id);
  }

  createSession(manager: EntityManager, userId: string, expiresAt: Date): Promise<Session> {
    return manager.getRepository(Session).save({ userId, expiresAt, revokedAt: null, revokedReason: null });
  }

  addRefreshToken(manager: EntityManager, sessionId: string, tokenHash: string): Promise<RefreshToken> {
    return manager.getRepository(RefreshToken).save({ sessionId, tokenHash, usedAt: null });
  }

  /** Locks the token row so that two concurrent refreshes with one token cannot both succeed. */
  findRefreshTokenForUpdate(manager: EntityManager, tokenHash: string): Promise<RefreshToken | null> {
    return manager.getRepository(RefreshToken).findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  async markUsed(manager: EntityManager, tokenId: string): Promise<void> {
    await manager.getRepository(RefreshToken).update({ id: tokenId, usedAt: IsNull() }, { usedAt: new Date() });
  }

  findSession(manager: EntityManager, id: string): Promise<Session | null> {
    return manager.getRepository(Session).findOneBy({ id });
  }

  async revokeSession(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager
      .getRepository(Session)
      .update({ id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }
}
