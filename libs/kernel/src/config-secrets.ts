/**
 * Secrets a production deployment must choose for itself. A value published anywhere in the repository — the
 * development defaults, .env.example, docker-compose.yml, tests, seeds, bench, docs — lets anyone who read it forge
 * platform-admin tokens or "paid" webhooks, so production refuses it. `config-secrets.spec.ts` scans every tracked
 * file for values given to secret keys and fails when one is missing here: a new published value cannot slip past.
 */

/**
 * The config property of each secret setting, the environment key it is read from and, for a secret a provider
 * issues (whose length is theirs), the shortest production accepts instead of MIN_PRODUCTION_SECRET_LENGTH.
 */
export const SECRET_SETTINGS: readonly (readonly [property: string, key: string, minLength?: number])[] = [
  ['jwtSecret', 'JWT_SECRET'],
  ['paymentWebhookSecret', 'PAYMENT_WEBHOOK_SECRET'],
  ['carrierWebhookSecret', 'CARRIER_WEBHOOK_SECRET'],
  ['mediaSigningSecret', 'MEDIA_SIGNING_SECRET'],
  ['s3SecretAccessKey', 'S3_SECRET_ACCESS_KEY'],
  // 快递100: the salt its pushes are signed with is ours to choose; the account key is the one 快递100 issued
  ['kuaidi100Salt', 'KUAIDI100_SALT'],
  ['kuaidi100Key', 'KUAIDI100_KEY', 8],
];

/** Connection URLs whose password is a secret too (the database's, and Redis's when it has one). */
export const SECRET_URL_SETTINGS: readonly (readonly [property: string, key: string])[] = [
  ['databaseUrl', 'DATABASE_URL'],
  ['databaseDirectUrl', 'DATABASE_DIRECT_URL'],
  ['redisUrl', 'REDIS_URL'],
];

/** The shortest secret production accepts: an HMAC/HS256 key should carry at least 256 bits. */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

/** Every value the repository gives a secret key (compared without regard to case or surrounding blanks). */
export const PUBLISHED_SECRETS: readonly string[] = [
  // code defaults for development and tests
  'development-only-secret-do-not-use-in-production',
  'development-only-payment-webhook-secret',
  'development-only-carrier-webhook-secret',
  'development-only-media-signing-secret-0001',
  // .env.example
  'development-payment-webhook-secret',
  'development-carrier-webhook-secret',
  // docker-compose.yml (before it required real secrets) and the database password of its demo
  'docker-compose-demo-secret-change-me-0123456789',
  'docker-compose-demo-payment-webhook-secret',
  'docker-compose-demo-carrier-webhook-secret',
  'countyflow',
  // tests, bench
  'unit-test-secret-that-is-long-enough-to-pass',
  'a-test-secret-of-enough-length',
  'another-secret-entirely-here',
  'not-the-shared-secret',
  'guessed-secret-of-an-attacker',
  'journey-payment-webhook-secret-0001',
  'journey-carrier-webhook-secret-0001',
  'test-carrier-webhook-secret-0001',
  'chaos-payment-webhook-secret-2026',
  'medium-payment-webhook-secret-01',
  // placeholders in docs and messages
  'PASSWORD',
];

/** Words that mark a placeholder rather than a chosen secret. */
const PLACEHOLDER = /development|change-?me|example|do-not-use|placeholder/i;

const published = new Set(PUBLISHED_SECRETS.map((value) => value.trim().toLowerCase()));

/** True when the value was published in the repository. */
export const isPublishedSecret = (value: string): boolean => published.has(value.trim().toLowerCase());

function urlPassword(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What is wrong with the secrets of a production config, one line per key (empty: nothing). Only the properties the
 * config has are checked, so every app's config goes through the same rule.
 */
export function productionSecretProblems(config: object): string[] {
  const values = config as Record<string, unknown>;
  const problems: string[] = [];
  for (const [property, key, minLength = MIN_PRODUCTION_SECRET_LENGTH] of SECRET_SETTINGS) {
    const value = values[property];
    if (typeof value !== 'string') {
      continue;
    }
    if (isPublishedSecret(value)) {
      problems.push(
        `${key}: this value is published in the repository (.env.example, docker-compose.yml, a code default, a test ` +
          'or the docs), so anyone could sign with it; set a secret of your own, e.g. `openssl rand -base64 48`',
      );
    } else if (PLACEHOLDER.test(value)) {
      problems.push(
        `${key}: this looks like a placeholder, not a secret; set a random one, e.g. \`openssl rand -base64 48\``,
      );
    } else if (value.length < minLength) {
      problems.push(`${key}: in production a secret needs at least ${minLength} characters (it has ${value.length})`);
    }
  }
  for (const [property, key] of SECRET_URL_SETTINGS) {
    const value = values[property];
    const password = typeof value === 'string' ? urlPassword(value) : undefined;
    if (password !== undefined && isPublishedSecret(password)) {
      problems.push(`${key}: its password is published in the repository; give the server a password of your own`);
    }
  }
  return problems;
}
