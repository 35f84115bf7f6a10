// Writing entries out as csv, json (one array), ndjson or SARIF, streamed: entries are written
// as they are read, so an export of millions of entries never holds them all.
import type { AuditRecord } from '../entry.js';
import { csvHeader, csvRow } from './csv.js';
import { recordJson } from './record-json.js';
import { isSarifResult, SARIF_SCHEMA, sarifResult, SarifRules } from './sarif.js';

export const EXPORT_FORMATS = ['csv', 'json', 'ndjson', 'sarif'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type Write = (chunk: string) => void | Promise<void>;

export interface ExportOptions {
  /** The version reported as the SARIF tool's. */
  readonly toolVersion?: string;
}

/** Writes the entries in `format`; returns how many were written (for SARIF, how many results). */
export async function exportRecords(format: ExportFormat, records: AsyncIterable<AuditRecord>, write: Write, options: ExportOptions = {}): Promise<number> {
  let count = 0;
  switch (format) {
    case 'csv':
      await write(csvHeader());
      for await (const r of records) { await write(csvRow(r)); count++; }
      return count;
    case 'ndjson':
      for await (const r of records) { await write(`${JSON.stringify(recordJson(r))}\n`); count++; }
      return count;
    case 'json':
      await write('[');
      for await (const r of records) { await write(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(recordJson(r))}`); count++; }
      await write(count === 0 ? ']\n' : '\n]\n');
      return count;
    case 'sarif': {
      const rules = new SarifRules();
      // Results first, the rules they name after: SARIF does not order members, and this streams.
      await write(`{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[{"results":[`);
      for await (const r of records) {
        if (!isSarifResult(r)) continue;
        await write(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(sarifResult(r, rules.indexOf(r)))}`);
        count++;
      }
      const driver = { name: 'Warden', ...(options.toolVersion ? { version: options.toolVersion } : {}), rules: rules.toJson() };
      await write(`\n],"tool":${JSON.stringify({ driver })}}]}\n`);
      return count;
    }
  }
}
