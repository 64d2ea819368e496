/** The report's one inline stylesheet (no web fonts, no external files). */
export const STYLE = `
:root{--ok:#1a7f37;--bad:#cf222e;--skip:#8c959f;--warn:#9a6700;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1200px;margin:0 auto;padding:20px 24px 60px}h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:0}code,pre,.mono{font:12px/1.4 ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;vertical-align:middle}
.status-success{background:var(--ok)}.status-failure,.status-failed{background:var(--bad)}.status-skipped,.status-cancelled{background:var(--skip)}
.meta{color:var(--muted)}.meta span{margin-right:16px}.links a{margin-right:12px}
.timeline{position:relative;margin:8px 0 2px;border-left:1px solid var(--line)}
.row{position:absolute;left:0;right:0;height:26px;display:flex;align-items:center}
.row-label{width:180px;flex:none;padding:0 8px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;color:var(--fg);text-decoration:none}
.stage-row{background:var(--soft)}.stage-name{padding:0 8px;font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.lane{position:relative;flex:1;height:100%}
.bar{position:absolute;top:4px;height:18px;border-radius:3px;color:#fff;font-size:11px;overflow:hidden;white-space:nowrap;text-decoration:none;opacity:.92}
.bar span{padding:0 4px;line-height:18px}.not-run{position:absolute;left:0;top:4px;color:var(--skip);font-style:italic;font-size:12px}
.edge-layer{position:absolute;left:180px;right:0;top:0;bottom:0;pointer-events:none}.edges{width:100%;height:100%}
.edge{fill:none;stroke:#57606a;stroke-width:1.2;stroke-dasharray:3 2;vector-effect:non-scaling-stroke}
.axis{display:flex;justify-content:space-between;margin-left:180px;color:var(--muted);font-size:11px;border-top:1px solid var(--line)}
.job{border:1px solid var(--line);border-radius:6px;margin:12px 0;padding:10px 12px}.job.failed{border-color:var(--bad)}
.job header{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
table{border-collapse:collapse;width:100%;margin-top:8px}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600}td.num{text-align:right;white-space:nowrap}
table.steps{table-layout:fixed}.steps th:nth-child(1){width:40px}.steps th:nth-child(3){width:90px}.steps th:nth-child(4){width:80px}.steps th:nth-child(5){width:56px}.steps th:nth-child(6){width:64px}td code{word-break:break-word}
tr.failing td{background:#ffebe9}tr.failing td:first-child{box-shadow:inset 3px 0 0 var(--bad)}
pre.tail{background:#1f2328;color:#e6edf3;padding:10px;border-radius:6px;overflow:auto;max-height:420px;margin:8px 0 0}
.error{color:var(--bad)}.hint{color:var(--muted)}ul.plain{margin:4px 0;padding-left:18px}
`;
