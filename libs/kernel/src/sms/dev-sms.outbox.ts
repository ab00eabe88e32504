import type { Redis } from 'ioredis';
import { redisKeyPrefix } from '../config';
import { SmsMessage, SmsSender } from './sms.port';

/** A message in the development outbox. */
export interface DevSmsEntry extends SmsMessage {
  sentAt: string;
}

/** How many messages the outbox keeps (newest first). */
const KEPT = 500;

export const devSmsOutboxKey = (queuePrefix: string): string => `${redisKeyPrefix(queuePrefix)}:dev-sms:outbox`;

/**
 * Development only (production refuses SMS_PROVIDER=dev): every service's messages go to one Redis list, which
 * identity's `GET /dev/sms` and the web app's /dev/sms page show to developers, so a code can be read without a phone.
 */
export class DevSmsOutbox extends SmsSender {
  constructor(
    private readonly redis: Redis,
    private readonly queuePrefix: string,
  ) {
    super();
  }

  async send(message: SmsMessage): Promise<void> {
    const entry: DevSmsEntry = { ...message, sentAt: new Date().toISOString() };
    const key = devSmsOutboxKey(this.queuePrefix);
    await this.redis
      .multi()
      .lpush(key, JSON.stringify(entry))
      .ltrim(key, 0, KEPT - 1)
      .exec();
  }

  /** The newest messages first, to one phone when given. */
  async list(phone?: string, limit = 50): Promise<DevSmsEntry[]> {
    const raw = await this.redis.lrange(devSmsOutboxKey(this.queuePrefix), 0, KEPT - 1);
    return raw
      .map((line) => JSON.parse(line) as DevSmsEntry)
      .filter((entry) => !phone || entry.phone === phone)
      .slice(0, limit);
  }
}
