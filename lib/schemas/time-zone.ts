/** Whether this runtime knows the IANA time zone, e.g. "Europe/Moscow": reports and settings accept only these. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
