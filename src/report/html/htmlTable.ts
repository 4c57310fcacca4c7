/** A plain HTML table from already formatted cells; numbers align right. */
import { escapeHtml } from './escapeHtml.js';

export interface HtmlTable {
  readonly columns: readonly { readonly label: string; readonly numeric?: boolean }[];
  readonly rows: readonly (readonly string[])[];
  readonly caption?: string;
  /** Cells wrap at their spaces (a table of many columns), instead of keeping each on one line. */
  readonly wrap?: boolean;
}

export function htmlTable(table: HtmlTable): string {
  const cls = (numeric: boolean | undefined) => (numeric ? ' class="num"' : '');
  const head = table.columns.map((c) => `<th scope="col"${cls(c.numeric)}>${escapeHtml(c.label)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${cls(table.columns[i]?.numeric)}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  const caption = table.caption ? `<caption>${escapeHtml(table.caption)}</caption>` : '';
  return `<div class="table-wrap"><table${table.wrap ? ' class="wrap"' : ''}>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}
