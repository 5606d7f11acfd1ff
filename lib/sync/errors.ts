import type { ApiFailure } from './api';

/** An error whose message is already written for the person reading it; passed through as is. */
export class PlainError extends Error {
  override name = 'PlainError';
}

/** What went wrong, in words an ambassador can act on, for the popup and the options page. */
export function describeFailure(failure: ApiFailure, serverUrl: string): string {
  switch (failure.kind) {
    case 'network':
      if (failure.timedOut)
        return `The team server at ${serverUrl} did not answer in time (${failure.message}). Reply Tracker will retry.`;
      return `Can't reach the team server at ${serverUrl}. You may be offline, or the server is down.`;
    case 'server':
      return `The team server had a problem (HTTP ${failure.status}). Reply Tracker will retry.`;
    case 'rate-limited':
      return 'The team server asked Reply Tracker to slow down. It will retry shortly.';
    case 'unauthorized':
      return failure.code === 'token_revoked'
        ? 'Your access token was revoked. Ask your team lead for a new one and reconnect in Options.'
        : 'The team server does not accept this access token. Check it, or ask your team lead for a new one.';
    case 'forbidden':
      return `The team server refused: ${failure.message}`;
    case 'not-found':
      return `The team server could not find that: ${failure.message}`;
    case 'conflict':
      return failure.message;
    case 'too-large':
      return 'The batch was too large for the team server; Reply Tracker will send smaller ones.';
    case 'bad-request':
      return `The team server refused some activity: ${failure.message}`;
    case 'not-reply-tracker':
      return `${serverUrl} answered, but it does not look like a Reply Tracker server. Check the Server URL.`;
  }
}
