/** Every stored timestamp goes through this, so text comparison in SQL is time comparison. */
export function isoUtc(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}

export function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function startOfUtcMonth(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}
