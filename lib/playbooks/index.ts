import { type PlaybookContent, type PlaybookIssue, validatePlaybooks } from '../schemas/playbook';
import { DEFAULT_PLAYBOOKS } from './defaults';

export * from '../schemas/playbook';
export * from './defaults';
export * from './fill';

export interface ResolvedPlaybooks {
  content: PlaybookContent;
  /** Where the content came from: the team's published document, or the built-in defaults. */
  source: 'team' | 'default';
  /** Why a published document was not used (it did not validate). */
  issues?: PlaybookIssue[];
}

/**
 * The playbooks to use for a published document's content: the team's when it validates, else the
 * defaults. An empty object is what the server serves before anyone published (version 0).
 */
export function resolvePlaybooks(content: unknown): ResolvedPlaybooks {
  const empty =
    content === undefined ||
    content === null ||
    (typeof content === 'object' && Object.keys(content as object).length === 0);
  if (empty) return { content: DEFAULT_PLAYBOOKS, source: 'default' };
  const result = validatePlaybooks(content);
  return result.ok
    ? { content: result.content, source: 'team' }
    : { content: DEFAULT_PLAYBOOKS, source: 'default', issues: result.issues };
}
