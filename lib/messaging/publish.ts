import { errorMessage } from '../errors';
import type { VersionedPublishResult } from './protocol';

/** What a publish run sets in an editor's state (the playbooks draft's, the monitoring terms'). */
interface PublishRunUpdate<Document> {
  publishing?: boolean;
  conflict?: Extract<VersionedPublishResult<Document>, { status: 'conflict' }> | undefined;
  publishError?: string | undefined;
  /** The editor's last word (its type differs per editor); a publish clears it. */
  notice?: undefined;
}

/**
 * One publish of a versioned document from an editor's store, after the editor's own checks passed:
 * marks it publishing and clears the last outcome, sends it, then keeps the answer — published (the
 * editor's `published`, which takes the new version as its base), someone else's newer version (the
 * conflict, for the editor to offer a reload), the server's refusal (its message, or the
 * editor's `invalid` where it shows the issues as well) or a failure to ask (its message). True only
 * when published. The caller refuses a second run while `publishing` (before its own checks).
 */
export async function runPublish<Document>(
  set: (update: PublishRunUpdate<Document>) => void,
  send: () => Promise<VersionedPublishResult<Document>>,
  on: {
    published(document: Document): void;
    invalid?(result: Extract<VersionedPublishResult<Document>, { status: 'invalid' }>): void;
  },
): Promise<boolean> {
  set({ publishing: true, publishError: undefined, conflict: undefined, notice: undefined });
  try {
    const result = await send();
    if (result.status === 'published') {
      on.published(result.document);
      return true;
    }
    if (result.status === 'conflict') set({ conflict: result });
    else if (on.invalid) on.invalid(result);
    else set({ publishError: result.message });
    return false;
  } catch (err) {
    set({ publishError: errorMessage(err) });
    return false;
  } finally {
    set({ publishing: false });
  }
}
