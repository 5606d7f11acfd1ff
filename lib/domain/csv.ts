/**
 * What a spreadsheet may safely be handed: the one cell-cleaning rule shared by the server's export
 * and the extension's local export, for CSV and for .xlsx.
 */

/** Excel only reads a CSV as UTF-8 when it starts with this. */
export const UTF8_BOM = '\uFEFF';

// C0 controls other than \n (tab and CR are mapped first), DEL and the C1 block: invisible in a
// sheet, invalid in the XML inside an .xlsx, and \r or \t at a cell start is a formula trigger.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * A cell's text with control characters gone: \r\n and a lone \r become \n (the one line break a
 * cell keeps), a tab becomes a space so the words either side stay apart, the rest is dropped.
 */
export function plainText(value: string): string {
  // Most text holds no control character at all: one scan instead of three replacements.
  if (!ANY_CONTROL.test(value)) return value;
  return value.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROL, '');
}

/**
 * A text cell for an .xlsx: control characters gone, and Excel's own escape neutralised. In the XML
 * of a workbook Excel reads `_xHHHH_` as the character U+HHHH (ECMA-376's ST_Xstring), so a member's
 * `_x0041_` would show as `A`; its `_` is written as `_x005F_` so the text comes back as typed.
 * A string cell is never a formula, so nothing else needs neutralising here.
 */
export function xlsxText(value: string): string {
  return plainText(value).replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_');
}

/**
 * Where a spreadsheet may start reading a new cell inside ours: the cell's start; `;` and `,`, because
 * Excel splits a CSV on the list separator of its locale (`;` in Russian and most of Europe) and
 * does not honour our quotes when the field did not start with one; and a line break, which in that
 * case also ends the record. Spaces after it do not help: Excel and LibreOffice may trim them.
 * Triggers are = + - @ and their full-width and small forms, which Excel folds to ASCII.
 */
const FORMULA_AT_BOUNDARY = /(^|[;,\n])(?=[^\S\n]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B])/g;

/**
 * A cell no spreadsheet will run as a formula, in any locale: control characters stripped, and an
 * apostrophe (the OWASP advice; Excel shows the rest as text) wherever a formula could start. This
 * alters text such as ids that start with "-", which is why the JSON Lines export is the lossless one.
 */
export function safeCellText(value: string): string {
  return plainText(value).replace(FORMULA_AT_BOUNDARY, "$1'");
}

/** A formula trigger at a cell's start, behind spaces or not (the start case of FORMULA_AT_BOUNDARY). */
const FORMULA_START = /^[^\S\n]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B]/;

/**
 * A cell `csvCell` would hand back unchanged: no control character (C0, DEL, C1), separator or quote
 * (so no line break either, and its only formula boundary is its start), and no formula trigger
 * there, behind spaces or not. A loop over the code units, not a regular expression: this runs for
 * every cell of an export, and most cells are short ids, names, times and URLs.
 */
export function isPlainCell(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0x22 /* " */ ||
      c === 0x2c /* , */ ||
      c === 0x3b /* ; */
    )
      return false;
  }
  const first = text.charCodeAt(0);
  // Printable ASCII other than a space or a trigger cannot start a formula: no need for the pattern.
  if (first > 0x20 && first < 0x7f && first !== 0x3d && first !== 0x2b && first !== 0x2d && first !== 0x40)
    return true;
  return !FORMULA_START.test(text);
}

/**
 * One RFC 4180 cell. Quoted when it holds a quote, a line break or either separator, so a reader
 * that guesses the separator keeps the cell whole.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  // Most cells (ids, names, times, URLs) hold nothing to clean, quote or neutralise: say so in one pass.
  if (isPlainCell(text)) return text;
  const s = safeCellText(text);
  return /[",;\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  // A loop rather than map and join: no array of cells per record.
  let line = values.length > 0 ? csvCell(values[0]) : '';
  for (let i = 1; i < values.length; i++) line += `,${csvCell(values[i])}`;
  return `${line}\r\n`;
}
