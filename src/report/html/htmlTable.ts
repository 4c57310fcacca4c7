/** A plain HTML table from already formatted cells; numbers align right. */
import { escapeHtml } from './escapeHtml.js';

/**
 * A cell: text, or text in parts of which some must stay on one line (a GPU name such as
 * 'H100-80GB' must not break after its hyphen); the cell still wraps between the parts.
 */
export type HtmlCell = string | { readonly parts: readonly { readonly text: string; readonly nowrap?: boolean }[] };

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
  return cell.parts.map((p) => (p.nowrap ? `<span class="nowrap">${escapeHtml(p.text)}</span>` : escapeHtml(p.text))).join('');
}
