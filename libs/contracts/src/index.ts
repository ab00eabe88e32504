export * from './credit-code';
export * from './events';
export * from './values';
