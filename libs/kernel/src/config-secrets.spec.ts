import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isPublishedSecret, productionSecretProblems, PUBLISHED_SECRETS } from './config-secrets';

const ROOT = resolve(__dirname, '../../..');

/** Files whose assignments are code: only quoted literals are values (the rest are expressions). */
const CODE = /\.(ts|tsx|js|mjs|cjs)$/;
const SKIP = /(^|\/)package-lock\.json$|\.(png|jpe?g|gif|ico|svg|woff2?|ttf|pdf|lock)$/;
const SECRET_KEY = String.raw`[A-Z0-9_]*SECRET[A-Z0-9_]*|POSTGRES_PASSWORD|REDIS_PASSWORD|KUAIDI100_(?:KEY|SALT)`;

interface Found {
  where: string;
  value: string;
}

/** Values the text gives to secret keys (env and compose assignments and defaults, code literals, URL passwords). */
export function secretValuesIn(text: string, code: boolean): string[] {
  const values: string[] = [];
  const literal = (raw: string): string | undefined => {
    const quoted = /^(['"`])(.*?)\1/.exec(raw);
    if (quoted) {
      // a template that interpolates (`AKID${own()}`) is made at run time, not published
      return quoted[1] === '`' && quoted[2].includes('${') ? undefined : quoted[2];
    }
    if (code) {
      return undefined;
    }
    const bare = /^[^\s#'"`,}]+/.exec(raw)?.[0];
    return bare && !bare.startsWith('$') ? bare : undefined;
  };
  for (const line of text.split('\n')) {
    for (const match of line.matchAll(new RegExp(String.raw`\$\{(?:${SECRET_KEY}):?-([^}]*)\}`, 'g'))) {
      values.push(match[1]);
    }
    for (const match of line.matchAll(new RegExp(String.raw`\b(?:${SECRET_KEY})\b['"]?\s*[:=](?![-?])\s*(.+)`, 'g'))) {
      const value = match[1].startsWith('${') ? undefined : literal(match[1]);
      if (value !== undefined) {
        values.push(value);
      }
    }
    for (const match of line.matchAll(/\b\w*(?:[sS]ecret|kuaidi100(?:Key|Salt))['"]?\s*[:=]\s*(['"`])([^'"`]+)\1/g)) {
      values.push(match[2]);
    }
    for (const match of line.matchAll(/\b(?:postgres(?:ql)?|rediss?):\/\/[^:/@\s'"`]*:([^@\s'"`/]+)@/g)) {
      if (!match[1].includes('${') && match[1] !== '***') {
        values.push(match[1]);
      }
    }
  }
  return values.filter((value) => value.trim() !== '');
}

function trackedSecretValues(): Found[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  expect(files.length).toBeGreaterThan(100);
  const found: Found[] = [];
  for (const file of files) {
    const path = join(ROOT, file);
    if (SKIP.test(file) || statSync(path, { throwIfNoEntry: false })?.isFile() !== true) {
      continue;
    }
    const text = readFileSync(path, 'utf8');
    if (text.includes('\0')) {
      continue;
    }
    for (const value of secretValuesIn(text, CODE.test(file))) {
      found.push({ where: file, value });
    }
  }
  return found;
}

describe('published secrets', () => {
  it('finds the values given to secret keys in env files, compose files and code', () => {
    // keys spelt through a variable, so that the scan of this file does not find these examples
    const key = 'JWT_SECRET';
    const camel = 'jwtSecret';
    expect(secretValuesIn(`${key}=abc-def\n# ${key}=\n`, false)).toEqual(['abc-def']);
    expect(secretValuesIn(`  ${key}: \${${key}:-compose-default}`, false)).toEqual(['compose-default']);
    expect(secretValuesIn(`  ${key}: \${${key}:?set ${key}}`, false)).toEqual([]);
    expect(secretValuesIn(`  url: postgres://postgres:\${POSTGRES_${'PASSWORD'}:-pw1}@db/x`, false)).toEqual(['pw1']);
    expect(secretValuesIn(`const DEV_${key} = 'dev-1';\nconst x = { ${key}: SECRET };`, true)).toEqual(['dev-1']);
    expect(secretValuesIn(`{ ${camel}: 'j1', ${camel.slice(3).toLowerCase()}: "s1" }`, true)).toEqual(['j1', 's1']);
    expect(secretValuesIn(`const url = 'redis://:${'hunter2'}@cache:6379';`, true)).toEqual(['hunter2']);
  });

  it('lists every value that a tracked file of the repository gives a secret key', () => {
    const found = trackedSecretValues();
    // the scan does see the repository's published values (a scan that found nothing could not fail)
    expect(found.map((entry) => entry.value)).toEqual(
      expect.arrayContaining(['development-payment-webhook-secret', 'development-carrier-webhook-secret']),
    );
    const missing = found.filter((entry) => !isPublishedSecret(entry.value));
    // add each to PUBLISHED_SECRETS in config-secrets.ts: production must refuse what anyone can read here
    expect(missing).toEqual([]);
  });

  it('refuses every published value, placeholders and short secrets in production, naming the key', () => {
    for (const value of PUBLISHED_SECRETS) {
      expect(productionSecretProblems({ jwtSecret: value })).toEqual([expect.stringMatching(/^JWT_SECRET: /)]);
    }
    expect(productionSecretProblems({ paymentWebhookSecret: 'DEVELOPMENT-payment-webhook-secret ' })).toEqual([
      expect.stringMatching(/^PAYMENT_WEBHOOK_SECRET: this value is published in the repository/),
    ]);
    const placeholder = 'my-own-carrier-secret-change-me-please-1234';
    const short = 'Zq8#shortbutrandom';
    expect(productionSecretProblems({ carrierWebhookSecret: placeholder })).toEqual([
      expect.stringMatching(/^CARRIER_WEBHOOK_SECRET: this looks like a placeholder/),
    ]);
    expect(productionSecretProblems({ carrierWebhookSecret: short })).toEqual([
      expect.stringMatching(/^CARRIER_WEBHOOK_SECRET: in production a secret needs at least 32 characters/),
    ]);
    // 快递100: our salt is held to the same length; its issued key to its own shortest, but never a published value
    expect(productionSecretProblems({ kuaidi100Salt: short, kuaidi100Key: short })).toEqual([
      expect.stringMatching(/^KUAIDI100_SALT: in production a secret needs at least 32 characters/),
    ]);
    const seven = 'Zq8#sh7';
    expect(productionSecretProblems({ kuaidi100Key: seven })).toEqual([
      expect.stringMatching(/^KUAIDI100_KEY: in production a secret needs at least 8 characters \(it has 7\)/),
    ]);
    expect(
      productionSecretProblems({ kuaidi100Key: PUBLISHED_SECRETS[0], kuaidi100Salt: PUBLISHED_SECRETS[1] }),
    ).toEqual([
      expect.stringMatching(/^KUAIDI100_SALT: this value is published in the repository/),
      expect.stringMatching(/^KUAIDI100_KEY: this value is published in the repository/),
    ]);
    expect(productionSecretProblems({ databaseUrl: 'postgres://postgres:countyflow@db:5432/countyflow' })).toEqual([
      expect.stringMatching(/^DATABASE_URL: its password is published/),
    ]);
    expect(
      productionSecretProblems({ databaseDirectUrl: 'postgres://postgres:countyflow@db:5432/countyflow' }),
    ).toEqual([expect.stringMatching(/^DATABASE_DIRECT_URL: its password is published/)]);
    const own = () => randomBytes(32).toString('base64url');
    expect(
      productionSecretProblems({
        jwtSecret: own(),
        paymentWebhookSecret: own(),
        carrierWebhookSecret: own(),
        databaseUrl: `postgres://countyflow:${own()}@db:5432/countyflow`,
        redisUrl: 'redis://127.0.0.1:6379',
      }),
    ).toEqual([]);
  });
});
