import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import { errorMessage } from '../../lib/errors';
import { MAX_BODY_BYTES } from '../../lib/schemas/api';
import { storableText, UNSTORABLE_TEXT_MESSAGE } from '../../lib/schemas/common';
import { ApiError, validationError } from './errors';

function tooLarge(): ApiError {
  return new ApiError('payload_too_large', `Request body is over ${MAX_BODY_BYTES} bytes`, {
    maxBytes: MAX_BODY_BYTES,
  });
}

/**
 * Reads at most MAX_BODY_BYTES: Content-Length is checked first, and the stream is counted too,
 * because a chunked request has no length and a lying client may send more than it declared.
 */
async function readText(c: Context): Promise<string> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * The first place in a parsed JSON value (a key or a string) no database can store as text, or null.
 * The schemas refuse such text in every field they know; this also covers what they pass through
 * (playbook content kept as jsonb, unknown keys), so no request reaches Postgres with it.
 */
export function findUnstorable(root: unknown): (string | number)[] | null {
  // A stack, not recursion: JSON.parse accepts nesting deeper than the call stack. Each entry points at
  // its parent, so the path is built only for the one string that is found.
  interface Entry {
    value: unknown;
    key?: string | number;
    parent?: Entry;
  }
  const pathOf = (e: Entry | undefined, key?: string | number): (string | number)[] => {
    const path: (string | number)[] = key === undefined ? [] : [key];
    for (let at = e; at && at.key !== undefined; at = at.parent) path.unshift(at.key);
    return path;
  };
  const stack: Entry[] = [{ value: root }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { value } = entry;
    if (typeof value === 'string') {
      if (!storableText(value)) return pathOf(entry);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: entry });
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (!storableText(k)) return pathOf(entry, k);
        stack.push({ value: v, key: k, parent: entry });
      }
    }
  }
  return null;
}

function decodeOrRaw(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // Not valid percent-encoded UTF-8 (e.g. `%ED%A0%80`, a lone surrogate): no route id looks like it.
    return '\uFFFD';
  }
}

/**
 * Path segments and query values are text too: `%00` in a member name or a cursor must be a 400 here,
 * not a Postgres error inside a handler.
 */
export const refuseUnstorableUrl = createMiddleware(async (c, next) => {
  const url = new URL(c.req.url);
  const segments = url.pathname.split('/').map(decodeOrRaw);
  if (segments.some((s) => !storableText(s))) {
    throw validationError([{ path: [], message: UNSTORABLE_TEXT_MESSAGE }], 'request path');
  }
  for (const [key, value] of url.searchParams) {
    if (!storableText(key) || !storableText(value)) {
      throw validationError([{ path: [key], message: UNSTORABLE_TEXT_MESSAGE }], 'query');
    }
  }
  await next();
});

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await readText(c);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ApiError('invalid_json', 'Request body is not valid JSON', {
      reason: errorMessage(err),
    });
  }
  const unstorable = findUnstorable(raw);
  if (unstorable) throw validationError([{ path: unstorable, message: UNSTORABLE_TEXT_MESSAGE }]);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error.issues, 'query');
  return parsed.data;
}
