/** RFC 4180 writing, shared by the server's export and the extension's local export. */

const FORMULA_START = /^[=+\-@\t\r]/;

/** Excel only reads a CSV as UTF-8 when it starts with this. */
export const UTF8_BOM = '\uFEFF';

/**
 * One RFC 4180 cell. A cell a spreadsheet would run as a formula gets a leading apostrophe (the OWASP
 * advice); that alters ids that start with "-", which is why the JSON export is the lossless one.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
