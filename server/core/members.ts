import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Member, type NewMember, type Role, RoleSchema } from '../../lib/schemas/member';
import type { Db, MembersTable } from '../db/types';
import { ApiError } from './errors';

export function generateToken(): string {
  return `rt_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are 256 random bits, so a fast unsalted hash is enough: there is nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toMember(row: Pick<MembersTable, 'name' | 'role' | 'created_at' | 'revoked_at'>): Member {
  return {
    name: row.name,
    role: RoleSchema.parse(row.role),
    createdAt: row.created_at,
    ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
  };
}

export async function addMember(
  db: Db,
  input: NewMember,
  now: Date,
): Promise<{ member: Member; token: string }> {
  const token = generateToken();
  const row = {
    id: randomUUID(),
    name: input.name,
    role: input.role,
    token_hash: hashToken(token),
    created_at: now.toISOString(),
    revoked_at: null,
    last_sync_at: null,
    client_pending: null,
    client_last_error: null,
    client_version: null,
  };
  // The partial unique index settles races; the read first gives the usual case a clear message.
  const inserted = await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('members')
      .select('id')
      .where('name', '=', input.name)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (existing) return false;
    await trx.insertInto('members').values(row).execute();
    return true;
  });
  if (!inserted) throw new ApiError('conflict', `A member named "${input.name}" already exists`);
  return { member: toMember(row), token };
}

export async function listMembers(db: Db): Promise<Member[]> {
  const rows = await db
    .selectFrom('members')
    .select(['name', 'role', 'created_at', 'revoked_at'])
    .orderBy('created_at')
    .orderBy('name')
    .execute();
  return rows.map(toMember);
}

export async function revokeMember(
  db: Db,
  name: string,
  now: Date,
  opts: { keepLastLead?: boolean } = {},
): Promise<Member> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('members')
      .select(['id', 'name', 'role', 'created_at', 'revoked_at'])
      .where('name', '=', name)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new ApiError('not_found', `No active member named "${name}"`);
    if (opts.keepLastLead && row.role === 'lead') {
      const leads = await trx
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('role', '=', 'lead')
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(leads.n) <= 1) {
        throw new ApiError(
          'conflict',
          'Refusing to revoke the last lead: nobody could manage members after it',
        );
      }
    }
    const revokedAt = now.toISOString();
    await trx.updateTable('members').set({ revoked_at: revokedAt }).where('id', '=', row.id).execute();
    return toMember({ ...row, revoked_at: revokedAt });
  });
}

export async function countMembers(db: Db): Promise<number> {
  const r = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface AuthedMember {
  id: string;
  name: string;
  role: Role;
}

/** Resolves a bearer token, distinguishing unknown from revoked so the extension can say which. */
export async function authenticate(db: Db, token: string): Promise<AuthedMember> {
  const row = await db
    .selectFrom('members')
    .select(['id', 'name', 'role', 'revoked_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) throw new ApiError('invalid_token', 'Unknown access token');
  if (row.revoked_at) throw new ApiError('token_revoked', 'This access token was revoked');
  return { id: row.id, name: row.name, role: RoleSchema.parse(row.role) };
}
