export * from './data-source';
export * from './insert-rows';
export * from './persistence.module';
export * from './prepared-statements';
export * from './snake-naming.strategy';
export * from './transactional-connection';
