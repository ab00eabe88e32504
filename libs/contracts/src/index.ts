export * from './credit-code';
export * from './event-name';
export * from './events';
export * from './trace-code';
export * from './values';
