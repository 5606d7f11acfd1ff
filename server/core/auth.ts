import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { type Role, roleAtLeast } from '../../lib/schemas/member';
import type { AppEnv, Deps } from './context';
import { ApiError } from './errors';
import { type AuthedMember, authenticate } from './members';
import type { AuthFailureLimiter, RateLimiter } from './rate-limit';

function tooManyRequests(wait: number, message: string): ApiError {
  return new ApiError('rate_limited', message, { retryAfterSeconds: wait }, { 'Retry-After': String(wait) });
}

/**
 * The address the request came from: the socket's peer under @hono/node-server. Behind a reverse proxy
 * that is the proxy, so all clients share one failure budget there (see server/README.md).
 */
export function socketAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

export function bearerAuth(
  deps: Deps,
  limiter: RateLimiter | null,
  failures: AuthFailureLimiter | null = null,
  clientAddress: (c: Context) => string = socketAddress,
) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new ApiError('missing_token', 'Send "Authorization: Bearer <access token>"');
    const address = clientAddress(c);
    const blocked = failures?.waitFor(address) ?? 0;
    if (blocked > 0) {
      throw tooManyRequests(blocked, `Too many failed sign-ins from this address; retry in ${blocked} s`);
    }
    let member: AuthedMember;
    try {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) {
        throw new ApiError('invalid_token', 'Authorization header must be "Bearer <access token>"');
      }
      member = await authenticate(deps.db, match[1]!);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) failures?.fail(address);
      throw err;
    }
    const wait = limiter?.take(member.id) ?? 0;
    if (wait > 0) {
      throw tooManyRequests(wait, `Too many requests; retry in ${wait} s`);
    }
    c.set('member', member);
    await next();
  });
}

export function requireRole(minimum: Role) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { role } = c.get('member');
    if (!roleAtLeast(role, minimum)) {
      throw new ApiError('forbidden', `This needs the ${minimum} role or higher; you are ${role}`, {
        required: minimum,
        role,
      });
    }
    await next();
  });
}
