/**
 * report.html of `compare --deployment D --routers …`: compare.csv on its side — a row per figure, a
 * column per routing policy — so the policies' tails and verdicts read across one line each.
 */
import type { RouterColumn, RouterResult } from '../../compare/index.js';
import { fmt, pct } from './formatNumber.js';
import { toReportHtml } from './toReportHtml.js';

/** Left out of the table: the policy heads the columns, the deployment is in the title. */
const NOT_IN_TABLE = new Set(['deployment', 'router']);

export async function toRouterCompareReportHtml(scenarioName: string, deployment: string, columns: readonly RouterColumn[], results: readonly RouterResult[]): Promise<string> {
  const figures = columns.filter((c) => !NOT_IN_TABLE.has(c.name));
  const first = results[0]?.report;
  return toReportHtml({
    title: `llmcap compare — ${deployment} on ${scenarioName}, by routing policy`,
    subtitles: [`${results.length} routing policies; the same deployment, trace (${first?.trace ?? '–'}) and seed (${first?.seed ?? '–'}) for each; every number from the replay`],
    sections: [
      {
        id: 'routing',
        title: 'Routing policies',
        blocks: [
          {
            kind: 'table',
            title: 'Compare table (compare.csv, one row per policy there)',
            table: {
              wrap: true,
              columns: [{ label: 'figure' }, ...results.map((r) => ({ label: r.router, numeric: true }))],
              rows: figures.map((c) => [c.unit && c.unit !== 'share' ? `${c.label} (${c.unit})` : c.label, ...results.map((r) => cellText(c, c.value(r)))]),
            },
          },
        ],
      },
    ],
  });
}

function cellText(c: RouterColumn, v: number | string): string {
  if (typeof v === 'string') return v === '' ? '—' : v;
  if (!Number.isFinite(v)) return '—';
  return c.unit === 'share' ? pct(v, c.digits ?? 2) : fmt(v, c.digits ?? 0);
}
