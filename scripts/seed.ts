import 'reflect-metadata';
import { seedDemo } from '../seeds';

/**
 * `npm run seed`: loads the demo county into DATABASE_URL (migrate first). Safe to run again: a complete county is
 * recognised by a quick SQL check and left alone. `--force` checks every item through the APIs anyway.
 */
seedDemo(
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/countyflow',
  (message) => console.log(`[seed] ${message}`),
  { env: process.env, force: process.argv.includes('--force') },
).then(
  // the services' Redis and PostgreSQL clients are closed; nothing should keep the process alive, but be sure
  () => process.exit(0),
  (error: unknown) => {
    console.error('[seed] failed:', error);
    process.exit(1);
  },
);
