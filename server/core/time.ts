import { timestampInRange } from '../../lib/schemas/common';
import { ApiError } from './errors';

/**
 * Every stored timestamp goes through this, so text comparison in SQL is time comparison and nothing is
 * written that would not read back (see IsoDateTimeSchema): an instant out of range is refused here.
 */
export function isoUtc(value: string | Date, field = 'timestamp'): string {
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (!timestampInRange(ms)) {
    throw new ApiError('validation_failed', `${field}: out of the range the server can store`, {
      issues: [{ path: [field], message: 'out of the range the server can store' }],
    });
  }
  return new Date(ms).toISOString();
}

export function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function startOfUtcMonth(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}
