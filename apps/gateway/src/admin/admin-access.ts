import { authenticateAccessToken, Principal } from '@countyflow/auth';
import { CommonConfig, Problem, REDIS } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { IncomingHttpHeaders } from 'node:http';

/** The cookie a browser carries to the admin pages, which it cannot send a bearer token to. */
export const ACCESS_COOKIE = 'cf_access';
export const ADMIN_PATH = '/admin';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) {
      return pair.slice(separator + 1).trim() || undefined;
    }
  }
  return undefined;
}

/**
 * Decides who may use the gateway's admin pages: platform admins with a valid, unrevoked access token, sent as
 * a bearer token or as the `cf_access` cookie. The checks are those of the services' AuthGuard.
 */
@Injectable()
export class AdminAccess {
  constructor(
    private readonly config: CommonConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
    return this.assertPlatformAdmin(await this.verify(this.tokenOf(headers)));
  }

  /** For opening a browser session: the token must already belong to a platform admin. */
  async authenticateToken(token: string): Promise<Principal> {
    return this.assertPlatformAdmin(await this.verify(token));
  }

  private tokenOf(headers: IncomingHttpHeaders): string {
    const header = headers.authorization;
    if (header) {
      const [scheme, token] = header.split(' ');
      if (scheme !== 'Bearer' || !token) {
        throw new Problem(401, 'unauthenticated', 'the Authorization header must be "Bearer <token>"');
      }
      return token;
    }
    const cookie = cookieValue(headers.cookie, ACCESS_COOKIE);
    if (!cookie) {
      throw new Problem(
        401,
        'unauthenticated',
        `send a platform admin's access token: Authorization: Bearer <token>, or open a session with POST ${ADMIN_PATH}/session`,
      );
    }
    return cookie;
  }

  private verify(token: string): Promise<Principal> {
    return authenticateAccessToken(token, this.config, this.redis);
  }

  private assertPlatformAdmin(principal: Principal): Principal {
    if (!principal.isPlatformAdmin()) {
      throw new Problem(403, 'not-platform-admin', 'only platform admins may use the admin pages');
    }
    return principal;
  }
}
