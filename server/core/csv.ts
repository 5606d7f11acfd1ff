// The writer lives in lib/ so the extension's local export quotes and neutralises cells the same way.
export { csvCell, csvRow, UTF8_BOM } from '../../lib/reports/csv';
