import { createMiddleware } from 'hono/factory';
import { type Role, roleAtLeast } from '../../lib/schemas/member';
import type { AppEnv, Deps } from './context';
import { ApiError } from './errors';
import { authenticate } from './members';
import type { RateLimiter } from './rate-limit';

export function bearerAuth(deps: Deps, limiter: RateLimiter | null) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new ApiError('missing_token', 'Send "Authorization: Bearer <access token>"');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new ApiError('invalid_token', 'Authorization header must be "Bearer <access token>"');
    const member = await authenticate(deps.db, match[1]!);
    const wait = limiter?.take(member.id) ?? 0;
    if (wait > 0) {
      throw new ApiError(
        'rate_limited',
        `Too many requests; retry in ${wait} s`,
        { retryAfterSeconds: wait },
        {
          'Retry-After': String(wait),
        },
      );
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
