/// The dashboard's one page, HTML with its CSS and plain JavaScript inside: served at `/`, it
/// needs no network beyond the server (no CDN, no fonts to fetch).
///
/// ```swift
/// DashboardPage.html.hasPrefix("<!doctype html>")   // true
/// ```
enum DashboardPage {
    static let html = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
    <title>RunKit</title><link rel="icon" href="data:,"><style>\(style)</style></head>
    <body><header><h1>Run<span>Kit</span></h1><div id="stores">loading…</div><div id="live" title="live: the page follows the stores"><i></i><span>live</span> <span id="ver"></span></div></header>
    <nav><a href="#view=runs" data-view="runs">Runs</a><a href="#view=group" data-view="group">Group</a><a href="#view=parallel" data-view="parallel">Parallel coordinates</a><a href="#view=scatter" data-view="scatter">Scatter</a><a href="#view=compare" data-view="compare">Compare</a></nav>
    <main></main><script>\(script)</script></body></html>
    """
}
