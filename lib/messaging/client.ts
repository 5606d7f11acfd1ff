import { browser } from 'wxt/browser';
import type { Envelope, Request, RequestType, Response } from './protocol';

/** Thrown when the background answers with an error, or cannot be reached. */
export class BackgroundError extends Error {
  override name = 'BackgroundError';
}

/** Typed request to the background. Used by content scripts, the popup and the options page. */
export async function ask<T extends RequestType>(
  type: T,
  payload: Omit<Request<T>, 'type'>,
): Promise<Response<T>> {
  let reply: Envelope<Response<T>> | undefined;
  try {
    reply = (await browser.runtime.sendMessage({ type, ...payload })) as Envelope<Response<T>> | undefined;
  } catch (err) {
    throw new BackgroundError(`Reply Tracker's background is unreachable: ${(err as Error).message}`);
  }
  if (!reply) throw new BackgroundError(`No answer from the background for "${type}"`);
  if (!reply.ok) throw new BackgroundError(reply.error);
  return reply.data;
}
