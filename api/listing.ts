import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { z } from 'zod';

/** What the routes that list things for operators share: instants in the query, JSON or CSV, and the CSV download. */

/** `2026-03-01` (midnight UTC) or a date-time with its offset. */
export const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'must be an ISO-8601 date or date-time' }).transform((v) => new Date(v));

export const format = z.enum(['json', 'csv']).default('json');

/**
 * Player ids, memos and tags are what clients sent: a cell starting like a formula (=, +, -, @, tab, CR) would run in
 * a spreadsheet, so it is written with a leading apostrophe (OWASP's CSV injection advice). Numbers are not strings.
 */
const asText = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** RFC 4180 CSV with a header row, as a download; true and false read as such, an absent value as an empty cell. */
export function sendCsv(res: Response, filename: string, rows: object[], columns: string[]): void {
  const csv = stringify(rows, { header: true, columns, cast: { boolean: (b) => String(b), string: asText } });
  res.type('text/csv').set('content-disposition', `attachment; filename="${filename}"`).send(csv);
}
