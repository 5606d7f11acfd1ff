import { z } from 'zod';

export const PlatformSchema = z.enum(['x', 'youtube']);
export type Platform = z.infer<typeof PlatformSchema>;

/** ISO 8601 timestamp with an offset (what `Date#toISOString` produces). */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

export const UuidSchema = z.uuid();

/** An id a platform gives a post or comment: X status ids are digits, YouTube ids are url-safe base64. */
export const PlatformIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, 'must be a platform id (letters, digits, _ . -)');

export const HttpUrlSchema = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');
