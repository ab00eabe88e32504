export { RequireSession } from './RequireSession';
export * from './roles';
export { SessionProvider, useSession, type Session, type SessionStatus } from './session';
