/** A plain HTML table from already formatted cells; numbers align right. */
import { escapeHtml } from './escapeHtml.js';

/**
 * A cell: text, or a list of entries each kept on one line ('80 × H100-80GB' never breaks after its
 * hyphen), written comma-separated so a narrow cell wraps between entries only.
 */
export type HtmlCell = string | { readonly entries: readonly string[] };

export interface HtmlTable {
  readonly columns: readonly { readonly label: string; readonly numeric?: boolean }[];
  readonly rows: readonly (readonly HtmlCell[])[];
  readonly caption?: string;
  /** Cells wrap at their spaces (a table of many columns), instead of keeping each on one line. */
  readonly wrap?: boolean;
}

export function htmlTable(table: HtmlTable): string {
  const cls = (numeric: boolean | undefined) => (numeric ? ' class="num"' : '');
  const head = table.columns.map((c) => `<th scope="col"${cls(c.numeric)}>${escapeHtml(c.label)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${cls(table.columns[i]?.numeric)}>${cellHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  const caption = table.caption ? `<caption>${escapeHtml(table.caption)}</caption>` : '';
  return `<div class="table-wrap"><table${table.wrap ? ' class="wrap"' : ''}>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

function cellHtml(cell: HtmlCell): string {
  if (typeof cell === 'string') return escapeHtml(cell);
  return cell.entries.map((e) => `<span class="nowrap">${escapeHtml(e)}</span>`).join(', ');
}
