export { Public } from '@countyflow/kernel';
export * from './auth.guard';
export * from './auth.module';
export * from './principal';
export * from './tokens';
