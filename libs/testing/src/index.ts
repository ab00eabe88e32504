export * from './database';
export * from './factories';
export * from './medium';
export * from './sms-fakes';
export * from './wait';
