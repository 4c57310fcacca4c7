/** HTML reports: the generic page (`toReportHtml`, shared by plan and compare) and the plan's report. */
export { toReportHtml } from './toReportHtml.js';
export type { ReportDocument, ReportSection, ReportBlock, KeyFigure } from './toReportHtml.js';
export type { HtmlTable } from './htmlTable.js';
export { toPlanReportHtml } from './toPlanReportHtml.js';
export type { PlanReportExtras } from './toPlanReportHtml.js';
export { renderChartSvg } from './renderChartSvg.js';
export { toCompareReportHtml } from './toCompareReportHtml.js';
export { toRouterCompareReportHtml } from './toRouterCompareReportHtml.js';
