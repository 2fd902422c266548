extension DashboardPage {
    /// The page's style sheet: light, dense, one accent colour; narrow windows stack the panels.
    static let style = #"""
:root{--bg:#f6f7f9;--panel:#fff;--ink:#1d2330;--muted:#6b7385;--line:#e3e6ec;--accent:#3358d4;--accent-soft:#e8eefc;--bad:#c0392b;--ok:#1e8e5a;--row:30px;font:14px/1.4 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}
header{display:flex;align-items:center;gap:16px;padding:10px 20px;background:#1d2330;color:#fff;flex-wrap:wrap}
header h1{font-size:17px;margin:0;font-weight:650;letter-spacing:.2px}header h1 span{color:#8fa8ff}
#stores{color:#b8c0d4;font-size:12.5px;flex:1;min-width:200px}
#live{font-size:12px;color:#b8c0d4;display:flex;align-items:center;gap:6px}#live i{width:8px;height:8px;border-radius:50%;background:#3ecf8e;display:inline-block}
#live.flash i{background:#ffd24d}
nav{display:flex;gap:4px;padding:0 20px;background:#fff;border-bottom:1px solid var(--line);flex-wrap:wrap}
nav a{padding:10px 14px;color:var(--muted);text-decoration:none;border-bottom:2px solid transparent;font-weight:550}
nav a.on{color:var(--accent);border-bottom-color:var(--accent)}
main{padding:16px 20px;max-width:1600px;margin:0 auto}
.bar{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-bottom:10px}
input[type=text]{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:8px 10px;border:1px solid var(--line);border-radius:6px;background:#fff;min-width:0}
input.grow{flex:1 1 320px}
button{font:inherit;font-size:13px;padding:7px 12px;border-radius:6px;border:1px solid var(--line);background:#fff;color:var(--ink);cursor:pointer}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}button:disabled{opacity:.5;cursor:default}
.err{white-space:pre;font:12.5px ui-monospace,Menlo,Consolas,monospace;color:var(--bad);background:#fdf0ee;border:1px solid #f3c9c3;border-radius:6px;padding:8px 10px;margin:0 0 10px;overflow:auto}
.muted{color:var(--muted)}.count{color:var(--muted);font-size:13px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:14px;margin-bottom:14px;overflow:auto}
.card h2{font-size:14px;margin:0 0 10px;font-weight:650}
#grid{background:#fff;border:1px solid var(--line);border-radius:8px;overflow:auto;height:calc(100vh - 175px);min-height:260px;position:relative}
#grid table{border-collapse:separate;border-spacing:0;font-size:13px;min-width:100%}
th,td{padding:0 10px;height:var(--row);white-space:nowrap;border-bottom:1px solid #f0f1f4;text-align:left;max-width:280px;overflow:hidden;text-overflow:ellipsis}
#grid th{position:sticky;top:0;background:#fafbfc;border-bottom:1px solid var(--line);z-index:1;cursor:pointer;font-weight:600;color:#424a5c;user-select:none}
#grid th .dir{color:var(--accent)}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr:hover td{background:#f7f9ff}a.run{color:var(--accent);text-decoration:none;font-family:ui-monospace,Menlo,monospace;font-size:12.5px}
.status{font-size:11px;font-weight:650;padding:2px 7px;border-radius:10px;background:#eef0f4;color:#535b6d}
.status.FINISHED{background:#e3f5ec;color:var(--ok)}.status.FAILED,.status.KILLED{background:#fbe9e7;color:var(--bad)}.status.RUNNING{background:#e8eefc;color:var(--accent)}
table.plain{border-collapse:collapse;font-size:13px}table.plain th{color:#424a5c;background:#fafbfc;position:static;cursor:default}
#chooser{position:absolute;right:20px;top:0;background:#fff;border:1px solid var(--line);border-radius:8px;box-shadow:0 8px 30px rgba(20,30,60,.15);padding:10px;max-height:60vh;overflow:auto;z-index:5;width:340px}
#chooser label{display:block;font-size:12.5px;padding:2px 0;font-family:ui-monospace,Menlo,monospace;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.tree{font:12.5px ui-monospace,Menlo,monospace}.tree details{margin-left:14px}.tree summary{cursor:pointer;color:#424a5c}.tree .leaf{margin-left:14px}.tree .k{color:#7a4bc2}
.plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px}
.plot{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px}.plot h3{font-size:12.5px;margin:2px 4px 6px;font-family:ui-monospace,Menlo,monospace;font-weight:600}
svg text{font:11px -apple-system,Segoe UI,Roboto,sans-serif;fill:#6b7385}
.legend{font-size:12px;display:flex;flex-wrap:wrap;gap:4px 12px;margin:6px 4px}.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
#pc{width:100%;height:calc(100vh - 250px);min-height:320px;display:block;background:#fff;border:1px solid var(--line);border-radius:8px}
svg text.axis{font-weight:600;fill:#424a5c}.grow{flex:1}select{font:inherit;font-size:13px;padding:6px 8px;border:1px solid var(--line);border-radius:6px;background:#fff}
#gh a{color:var(--accent);text-decoration:none;font-weight:550}svg.heatmap g.cell:hover rect{stroke:#1d2330;stroke-width:1.5}svg.scatter circle.pt{cursor:pointer}svg.scatter circle.pt:hover{stroke:#1d2330;stroke-width:1.5}
.two{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:14px}
@media (max-width:800px){main{padding:10px}.two{grid-template-columns:1fr}header{padding:8px 12px}nav{padding:0 8px}nav a{padding:8px 9px}#grid{height:calc(100vh - 215px)}th,td{max-width:160px}}
"""#
}
