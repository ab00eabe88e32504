import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MessageKind, UserMessage } from './message.entity';

@Injectable()
export class MessageRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** One message to each owner of the organisation, in the caller's transaction. */
  async toOwnersOf(
    manager: EntityManager,
    orgId: string,
    kind: MessageKind,
    params: Record<string, string | null>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO user_message (user_id, kind, params)
       SELECT user_id, $2, $3::jsonb FROM membership WHERE org_id = $1 AND role = 'owner'`,
      [orgId, kind, JSON.stringify(params)],
    );
  }

  listFor(userId: string, limit: number): Promise<UserMessage[]> {
    return this.db.manager
      .getRepository(UserMessage)
      .find({ where: { userId }, order: { createdAt: 'DESC' }, take: limit });
  }
}
