import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canMove, SmsCodePurpose, SmsCodeStatus } from './sms-code-state';

/** A guess counted against the newest live code: its hash, to compare, and how many guesses it has had. */
export interface CountedGuess {
  id: string;
  codeHash: string;
  attempts: number;
}

@Injectable()
export class SmsCodeRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** The new code replaces any code of the same phone and purpose still waiting (one statement, one round trip). */
  async issue(code: { phone: string; purpose: SmsCodePurpose; codeHash: string; expiresAt: Date }): Promise<string> {
    const rows = await this.db.manager.query<{ id: string }[]>(
      `WITH superseded AS (
         UPDATE sms_code SET status = $5 WHERE phone = $1 AND purpose = $2 AND status = $6
       )
       INSERT INTO sms_code (phone, purpose, code_hash, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [code.phone, code.purpose, code.codeHash, code.expiresAt, SmsCodeStatus.Superseded, SmsCodeStatus.Issued],
    );
    return rows[0].id;
  }

  /**
   * Counts one guess against the newest issued, unexpired code, in one statement and before any comparison, so that
   * parallel guesses cannot exceed `maxAttempts` between them. Null when there is no such code or its guesses are
   * spent. Runs on its own (not in the caller's transaction), so a wrong guess stays counted.
   */
  async countGuess(phone: string, purpose: SmsCodePurpose, maxAttempts: number): Promise<CountedGuess | null> {
    const [rows] = await this.db.manager.query<[{ id: string; code_hash: string; attempts: number }[], number]>(
      `UPDATE sms_code SET attempts = attempts + 1
        WHERE id = (SELECT id FROM sms_code WHERE phone = $1 AND purpose = $2 ORDER BY created_at DESC LIMIT 1)
          AND status = $3 AND expires_at > now() AND attempts < $4
        RETURNING id, code_hash, attempts`,
      [phone, purpose, SmsCodeStatus.Issued, maxAttempts],
    );
    return rows[0] ? { id: rows[0].id, codeHash: rows[0].code_hash, attempts: rows[0].attempts } : null;
  }

  /** The guarded move `issued → to`; false when the code is no longer issued (another request spent it). */
  async transition(manager: EntityManager, id: string, to: SmsCodeStatus): Promise<boolean> {
    if (!canMove(SmsCodeStatus.Issued, to)) {
      throw new Error(`an SMS code cannot move from issued to ${to}`);
    }
    const [, affected] = await manager.query<[unknown, number]>(
      `UPDATE sms_code SET status = $2, used_at = CASE WHEN $2 = 'used' THEN now() END
        WHERE id = $1 AND status = $3`,
      [id, to, SmsCodeStatus.Issued],
    );
    return affected === 1;
  }
}
