import type { Redis } from 'ioredis';
import { redisKeyPrefix } from './config';
import { assertOneSlot, redisHashSlot } from './redis-slot';
import { DevSmsOutbox } from './sms/dev-sms.outbox';
import { SmsTemplate } from './sms/sms.port';

describe('Redis Cluster slots', () => {
  it('maps keys to the slots Redis Cluster does (values from ioredis’s cluster-key-slot)', () => {
    expect(redisHashSlot('foo')).toBe(12182);
    expect(redisHashSlot('bar')).toBe(5061);
    expect(redisHashSlot('123456789')).toBe(12739);
    // a hash tag: only the text in the first braces counts; empty braces are not a tag
    expect(redisHashSlot('{user1000}.following')).toBe(3443);
    expect(redisHashSlot('user1000')).toBe(3443);
    expect(redisHashSlot('a{}b')).toBe(13694);
    // Redis's keyHashSlot hashes the whole key when the first braces are empty (cluster-key-slot says 11068 here)
    expect(redisHashSlot('{}{x}')).toBe(3257);
    expect(redisHashSlot('{cf}:inbox-orders:wait')).toBe(4633);
  });

  it('refuses keys used together across slots', () => {
    expect(() => assertOneSlot(['{a}:x', '{a}:y'])).not.toThrow();
    expect(() => assertOneSlot(['foo', 'bar'])).toThrow(/different cluster slots: foo, bar/);
  });

  it('gives the other keys the queue prefix without its braces, so they do not all land in the queues’ slot', () => {
    expect(redisKeyPrefix('{cf}')).toBe('cf');
    expect(redisKeyPrefix('cf-test-1')).toBe('cf-test-1');
  });

  it('keeps the dev SMS outbox’s MULTI on one key', async () => {
    const keys: string[] = [];
    const chain = {
      lpush: (key: string) => (keys.push(key), chain),
      ltrim: (key: string) => (keys.push(key), chain),
      exec: () => Promise.resolve([]),
    };
    const sut = new DevSmsOutbox({ multi: () => chain } as unknown as Redis, '{cf}');
    await sut.send({ phone: '13800000000', template: SmsTemplate.VerificationCode, params: {}, text: '验证码 123456' });
    expect(keys).toEqual(['cf:dev-sms:outbox', 'cf:dev-sms:outbox']);
  });
});
