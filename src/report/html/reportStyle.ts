/** The report's only stylesheet, inlined: the file must open offline with nothing else beside it. */
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa; --accent: #4c78a8; --warn-bg: #fff8c5; --warn-line: #d4a72c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; }
header, main, footer { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; border-bottom: 1px solid var(--line); padding-bottom: 12px; }
h1 { font-size: 24px; margin: 0 0 4px; font-weight: 600; }
h2 { font-size: 18px; margin: 32px 0 8px; font-weight: 600; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 4px; font-weight: 600; }
.subtitle { color: var(--muted); margin: 2px 0; }
nav { margin-top: 10px; font-size: 13px; display: flex; flex-wrap: wrap; column-gap: 14px; row-gap: 2px; }
nav a { color: var(--accent); text-decoration: none; white-space: nowrap; }
nav a:hover { text-decoration: underline; }
.intro, .caption { color: var(--muted); margin: 4px 0 8px; max-width: 80ch; }
figure.chart { margin: 8px 0 20px; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 10px; margin: 8px 0; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; background: var(--bg-soft); }
.figure .label { color: var(--muted); font-size: 12px; }
.figure .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.figure .fig-note { color: var(--muted); font-size: 12px; }
/* The six headline figures as a deliberate 3 × 2 grid (one row of six leaves each card too narrow
   for its note); 2 × 3 and then one column on narrow screens. */
.figures.headline { grid-template-columns: repeat(3, minmax(0, 1fr)); }
@media (max-width: 760px) { .figures.headline { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media (max-width: 480px) { .figures.headline { grid-template-columns: minmax(0, 1fr); } }
.figures.headline .figure { background: #eef4fb; border-color: #b6cde6; }
.figures.headline .value { font-size: 24px; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
/* Headers wrap at their spaces, so a wide table of short numbers stays narrow; the wrapper scrolls the rest. */
th { background: var(--bg-soft); font-weight: 600; white-space: normal; min-width: 4em; vertical-align: bottom; }
table.wrap th, table.wrap td { white-space: normal; padding: 4px 6px; }
table.wrap td:first-child { min-width: 10em; }
.num { text-align: right; }
.nowrap { white-space: nowrap; }
.note { margin: 8px 0; max-width: 90ch; }
.note.warning { background: var(--warn-bg); border: 1px solid var(--warn-line); border-radius: 6px; padding: 8px 12px; }
.note.info { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg-soft); padding: 1px 4px; border-radius: 4px; }
details { margin: 8px 0 16px; }
summary { cursor: pointer; color: var(--accent); }
footer { color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); margin-top: 32px; padding-top: 8px; padding-bottom: 24px; }
@media print { nav { display: none; } figure.chart { break-inside: avoid; } }
`;
