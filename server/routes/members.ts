import { Hono } from 'hono';
import type { MembersListResponse, NewMemberResponse } from '../../lib/schemas/api';
import { NewMemberSchema } from '../../lib/schemas/member';
import { requireRole } from '../core/auth';
import { readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { addMember, listMembers, revokeMember } from '../core/members';

export function membersRoutes(deps: Deps) {
  const { db } = deps;
  const lead = requireRole('lead');
  return (
    new Hono<AppEnv>()
      .get('/members', lead, async (c) =>
        c.json({ members: await listMembers(db) } satisfies MembersListResponse),
      )
      .post('/members', lead, async (c) => {
        const input = await readJson(c, NewMemberSchema);
        const created = await addMember(db, input, deps.clock());
        return c.json(created satisfies NewMemberResponse, 201);
      })
      .post('/members/:name/revoke', lead, async (c) => {
        const member = await revokeMember(db, c.req.param('name'), deps.clock(), { keepLastLead: true });
        return c.json({ member });
      })
      // Same as the POST above, for clients that prefer REST verbs.
      .delete('/members/:name', lead, async (c) => {
        const member = await revokeMember(db, c.req.param('name'), deps.clock(), { keepLastLead: true });
        return c.json({ member });
      })
  );
}
