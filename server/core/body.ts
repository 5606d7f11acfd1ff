import type { Context } from 'hono';
import type { z } from 'zod';
import { MAX_BODY_BYTES } from '../../lib/schemas/api';
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

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await readText(c);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ApiError('invalid_json', 'Request body is not valid JSON', {
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error.issues, 'query');
  return parsed.data;
}
