export * from './database';
export * from './factories';
export * from './medium';
export * from './wait';
