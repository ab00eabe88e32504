import { Injectable } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { ACCESS_COOKIE, ADMIN_PATH, AdminAccess } from './admin-access';

/** Browser sessions for the admin pages: the access token goes into an HttpOnly cookie scoped to /admin. */
@Injectable()
export class AdminSessionService {
  constructor(
    private readonly config: GatewayConfig,
    private readonly access: AdminAccess,
  ) {}

  /** @returns the Set-Cookie value, once the token is known to belong to a platform admin. */
  async open(accessToken: string, secure: boolean): Promise<string> {
    await this.access.authenticateToken(accessToken);
    return this.cookie(accessToken, this.config.jwtAccessTtlSeconds, secure);
  }

  close(secure: boolean): string {
    return this.cookie('', 0, secure);
  }

  private cookie(value: string, maxAgeSeconds: number, secure: boolean): string {
    const attributes = [
      `${ACCESS_COOKIE}=${value}`,
      `Path=${ADMIN_PATH}`,
      `Max-Age=${maxAgeSeconds}`,
      'HttpOnly',
      'SameSite=Strict',
    ];
    return (secure ? [...attributes, 'Secure'] : attributes).join('; ');
  }
}
