import { Client } from 'pg';
import { seedIdentity } from './demo-identity';

export * from './demo-identity';

/** Seeds the demo county, idempotently: every row has a fixed id and a second run changes nothing. */
export async function seedDemo(databaseUrl: string, log: (message: string) => void = console.log): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const identity = await seedIdentity(client);
    log(`identity: ${identity.users} new accounts, ${identity.orgs} new organisations`);
  } finally {
    await client.end();
  }
}
