import { parseArgs } from 'node:util';
import { NewMemberSchema, ROLES } from '../../lib/schemas/member';
import { ApiError, formatPath } from '../core/errors';
import { addMember, listMembers, revokeMember } from '../core/members';
import { openDatabase, parseDatabaseUrl } from '../db/connect';
import { migrateToLatest } from '../db/migrate';

const USAGE = `Usage (uses DATABASE_URL like the server):
  npm run -s members -- add --name NAME --role ${ROLES.join('|')}   prints the new token as the last line
  npm run -s members -- list
  npm run -s members -- revoke NAME`;

class UsageError extends Error {}

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  const db = openDatabase(parseDatabaseUrl(process.env.DATABASE_URL));
  try {
    await migrateToLatest(db);
    if (command === 'add') {
      const { values } = parseArgs({
        args: rest,
        options: { name: { type: 'string' }, role: { type: 'string' } },
        strict: true,
      });
      const parsed = NewMemberSchema.safeParse(values);
      if (!parsed.success) {
        const msg = parsed.error.issues.map((i) => `--${formatPath(i.path.map(String))}: ${i.message}`);
        throw new UsageError(msg.join('\n'));
      }
      const { member, token } = await addMember(db, parsed.data, new Date());
      console.log(`Added ${member.name} (${member.role}). Access token, shown only this once:`);
      console.log(token);
    } else if (command === 'list') {
      if (rest.length > 0) throw new UsageError(`list takes no arguments, got: ${rest.join(' ')}`);
      for (const m of await listMembers(db)) {
        console.log(
          [m.name, m.role, `created ${m.createdAt}`, m.revokedAt ? `revoked ${m.revokedAt}` : 'active'].join(
            '\t',
          ),
        );
      }
    } else if (command === 'revoke') {
      if (rest.length !== 1) throw new UsageError('revoke takes exactly one NAME');
      const m = await revokeMember(db, rest[0]!, new Date());
      console.log(`Revoked ${m.name}: its token no longer works.`);
    } else {
      throw new UsageError(`Unknown command "${command}"`);
    }
  } finally {
    await db.destroy();
  }
}

run(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || (err instanceof TypeError && 'code' in err)) {
    // parseArgs reports unknown or malformed options as a TypeError with an ERR_PARSE_ARGS_* code.
    console.error(`${err.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (err instanceof ApiError) {
    console.error(err.message);
    process.exitCode = 1;
  } else {
    console.error(err);
    process.exitCode = 1;
  }
});
