/** The CLI's output formats: json, text, table, yaml, yaml-stream (awscli/formatter.py). */
import { formatText } from './text';
import { formatTable } from './table';
import { dumpYaml } from './yaml';

export interface FormatOptions {
  format: string;
  /** The operation name, the table's title. */
  title: string;
  color?: boolean;
  width?: number;
}

export function formatJson(data: unknown): string {
  // Python's json.dump(…, indent=4, ensure_ascii=False) prints the same text as JSON.stringify for these values.
  if (data && typeof data === 'object' && !Array.isArray(data) && Object.keys(data).length === 0) return '';
  return `${JSON.stringify(data === undefined ? null : data, null, 4)}\n`;
}

export function formatYaml(data: unknown, stream = false): string {
  if (data && typeof data === 'object' && !Array.isArray(data) && Object.keys(data).length === 0) return '';
  return dumpYaml(stream ? [data] : data);
}

/** Formats a whole (already queried) result. */
export async function format(data: unknown, opts: FormatOptions): Promise<string> {
  switch (opts.format) {
    case 'text':
      return formatText(data);
    case 'table':
      return formatTable(opts.title, data, { color: opts.color, width: opts.width });
    case 'yaml':
      return formatYaml(data);
    // Not paginated: the result as a one-item stream.
    case 'yaml-stream':
      return formatYaml(data, true);
    default:
      return formatJson(data);
  }
}
