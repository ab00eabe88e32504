import { MembershipRole } from '@countyflow/contracts';
import { CommonConfig, IS_PUBLIC, Problem, REDIS } from '@countyflow/kernel';
import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { Principal } from './principal';
import { InvalidTokenError, revokedSessionKey, verifyAccessToken } from './tokens';

const ROLES = 'countyflow:roles';

/** Only callers holding at least one of these roles (in any organisation) may call the route. */
export const Roles = (...roles: MembershipRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** The verified caller; on a `@Public()` route, undefined when no token was sent. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);

/**
 * Installed as the global guard of every service: each route needs a valid, unrevoked bearer token unless it is
 * `@Public()`; `@Roles()` narrows it further. Org-scoped checks are the services' job, using `Principal`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: CommonConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;

    if (!header) {
      if (isPublic) {
        return true;
      }
      throw new Problem(401, 'unauthenticated', 'send an access token: Authorization: Bearer <token>');
    }
    if (isPublic) {
      // A stale token must not lock the client out of the routes that exist to get a new one (login, refresh).
      request.principal = await this.authenticateHeader(header).catch(() => undefined);
      return true;
    }
    request.principal = await this.authenticateHeader(header);

    const roles = this.reflector.getAllAndOverride<MembershipRole[] | undefined>(ROLES, targets);
    if (roles && !request.principal.hasRole(...roles)) {
      throw new Problem(403, 'missing-role', `this needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private async authenticateHeader(header: string): Promise<Principal> {
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) {
      throw new Problem(401, 'unauthenticated', 'the Authorization header must be "Bearer <token>"');
    }
    return this.authenticate(token);
  }

  private authenticate(token: string): Promise<Principal> {
    return authenticateAccessToken(token, this.config, this.redis);
  }
}

/**
 * Verifies an access token and checks that its session was not logged out: the principal, or a 401 problem
 * (503 when Redis cannot be asked: revocation fails closed). Shared by the guard and the gateway's admin pages.
 */
export async function authenticateAccessToken(
  token: string,
  config: Pick<CommonConfig, 'jwtSecret' | 'queuePrefix' | 'jwtAccessTtlSeconds'>,
  redis: Redis,
): Promise<Principal> {
  let principal: Principal;
  try {
    principal = verifyAccessToken(token, config.jwtSecret, config.jwtAccessTtlSeconds);
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      throw new Problem(401, 'invalid-token', error.message);
    }
    throw error;
  }
  let revoked: number;
  try {
    revoked = await redis.exists(revokedSessionKey(config.queuePrefix, principal.sessionId));
  } catch {
    throw new Problem(503, 'auth-unavailable', 'cannot check whether the token was revoked; try again shortly');
  }
  if (revoked) {
    throw new Problem(401, 'token-revoked', 'this session has been logged out; log in again');
  }
  return principal;
}
