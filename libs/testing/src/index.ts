export * from './database';
export * from './factories';
export * from './fake-s3';
export * from './inbox';
export * from './medium';
export * from './pgbouncer';
export * from './sms-fakes';
export * from './wait';
