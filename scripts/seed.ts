import 'reflect-metadata';
import { seedDemo } from '../seeds';

/** `npm run seed`: loads the demo county into DATABASE_URL (migrate first). Safe to run again. */
seedDemo(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/countyflow', (message) =>
  console.log(`[seed] ${message}`),
).catch((error: unknown) => {
  console.error('[seed] failed:', error);
  process.exit(1);
});
