import { z } from 'zod';
import { IsoDateTimeSchema } from './common';

/** Ordered from least to most trusted: each role can do everything the one before it can. */
export const ROLES = ['ambassador', 'manager', 'lead'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** A handle, not a display name: it appears in URLs (`/members/:name`), exports and "replied by". */
export const MemberNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, 'must start with a letter or digit; letters, digits, _ . @ - only');

export const MemberSchema = z.object({
  name: MemberNameSchema,
  role: RoleSchema,
  createdAt: IsoDateTimeSchema,
  /** Set once the member's token is revoked; a revoked name can be added again with a new token. */
  revokedAt: IsoDateTimeSchema.optional(),
});
export type Member = z.infer<typeof MemberSchema>;

export const NewMemberSchema = z.object({ name: MemberNameSchema, role: RoleSchema });
export type NewMember = z.infer<typeof NewMemberSchema>;

/** Access tokens: `rt_` and 43 base64url characters (32 random bytes). */
export const AccessTokenSchema = z.string().regex(/^rt_[A-Za-z0-9_-]{43,}$/, 'must be a Reply Tracker token');
