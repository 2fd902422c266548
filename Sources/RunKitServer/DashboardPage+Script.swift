extension DashboardPage {
    /// The page's script, plain JavaScript: the runs table (virtual scrolling over pages the API
    /// sorts and filters), the group panel (with a heatmap of two keys), the run page, compare,
    /// parallel coordinates on a canvas, a scatter plot of two keys, URL-hash state, and a poll of `/api/version` every second for live updates.
    static let script = #"""
"use strict";
const $ = (s, el) => (el || document).querySelector(s);
const esc = s => String(s).replace(/[&<>"']/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));
const token = new URLSearchParams(location.search).get("token");
const palette = ["#3358d4","#e4572e","#17a673","#a846c9","#f2a007","#1fa2c9","#d6336c","#6b7385","#7a9a01","#8c564b"];
const ROW = 30, PAGE = 100;
let S = {view:"runs", where:"", order:[], cols:null, by:"", agg:"", curve:"", run:"", sel:[], axes:null, hm:"", x:"", y:"", color:""};
let lastCols = [], version = 0, total = 0, pages = new Map(), fieldsList = null, varyingList = null, brushes = {};

async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (Array.isArray(v)) v.forEach(x => q.append(k, x)); else if (v !== "" && v != null) q.append(k, v);
  }
  const r = await fetch(path + (q.toString() ? "?" + q : ""), {headers: token ? {Authorization: "Bearer " + token} : {}});
  const body = await r.json().catch(() => ({error: "The server answered " + r.status + " with no JSON."}));
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}
function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  S.view = h.get("view") || "runs"; S.where = h.get("where") || ""; S.order = h.getAll("order");
  S.cols = h.has("cols") ? h.get("cols").split(",").filter(Boolean) : null;
  S.by = h.get("by") || ""; S.agg = h.get("agg") || ""; S.curve = h.get("curve") || ""; S.run = h.get("run") || "";
  S.sel = (h.get("sel") || "").split(",").filter(Boolean);
  S.axes = h.has("axes") ? h.get("axes").split(",").filter(Boolean) : null;
  S.hm = h.get("hm") || ""; S.x = h.get("x") || ""; S.y = h.get("y") || ""; S.color = h.get("color") || "";
}
function writeHash(push) {
  const h = new URLSearchParams();
  h.set("view", S.view); if (S.where) h.set("where", S.where); S.order.forEach(o => h.append("order", o));
  if (S.cols) h.set("cols", S.cols.join(",")); if (S.by) h.set("by", S.by); if (S.agg) h.set("agg", S.agg); if (S.curve) h.set("curve", S.curve);
  if (S.run) h.set("run", S.run); if (S.sel.length) h.set("sel", S.sel.join(","));
  if (S.axes) h.set("axes", S.axes.join(","));
  for (const k of ["hm", "x", "y", "color"]) if (S[k]) h.set(k, S[k]);
  const url = location.pathname + location.search + "#" + h;
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}
function fmt(v) {
  if (v === null || v === undefined) return '<span class="muted">–</span>';
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(3) : String(+v.toPrecision(5)));
  if (typeof v === "object") return esc(JSON.stringify(v));
  return esc(v);
}
function cell(key, v, run) {
  if (key === "run_id") return `<a class="run" href="#" data-run="${esc(v)}">${esc(String(v).slice(0, 12))}</a>`;
  if (key === "status" && v) return `<span class="status ${esc(v)}">${esc(v)}</span>`;
  if (key === "start_time" && typeof v === "number") return esc(new Date(v).toISOString().replace("T", " ").slice(0, 19));
  return fmt(v);
}
async function loadMeta() {
  const v = await api("/api/version");
  $("#stores").textContent = v.stores.map(s => `${s.store} · ${s.kind} · ${s.runs} runs`).join("   |   ");
  version = v.version;
}
async function fields() { if (!fieldsList) fieldsList = await api("/api/fields"); return fieldsList; }
async function varying() { if (!varyingList) varyingList = await api("/api/varying", {sample: 2000}); return varyingList; }
async function columns() {
  if (S.cols) return S.cols;
  const vary = (await varying()).filter(k => !/^(run_id|run_name|status|start_time|end_time|run_dir|artifacts_dir|info\.|tags\.mlflow)/.test(k));
  const cfg = vary.filter(k => k.startsWith("config.")).slice(0, 8), met = vary.filter(k => k.startsWith("metrics.")).slice(0, 6);
  return ["run_id", "run_name", "status", ...cfg, ...met];
}
function showError(el, e) { el.innerHTML = e ? `<div class="err">${esc(e.message || e)}</div>` : ""; }

// ---------- runs table (server-side filter, sort, paging; virtual scrolling) ----------
async function viewRuns(main) {
  main.innerHTML = `<div class="bar"><input id="q" class="grow" type="text" spellcheck="false" placeholder="where, e.g. metrics.loss < 0.5 and config.model.type = 'cnn'" value="${esc(S.where)}">
    <button class="primary" id="go">Query</button><button id="colsBtn">Columns</button><button id="cmp" disabled>Compare</button><span class="count" id="count"></span></div>
    <div id="qerr"></div><div style="position:relative"><div id="chooserHost"></div></div><div id="grid"><table><thead></thead><tbody></tbody></table></div>`;
  const run = () => { S.where = $("#q").value.trim(); writeHash(true); pages.clear(); refreshRuns(true); };
  $("#go").onclick = run; $("#q").onkeydown = e => { if (e.key === "Enter") run(); };
  $("#colsBtn").onclick = toggleChooser;
  $("#cmp").onclick = () => { S.view = "compare"; writeHash(true); route(); };
  $("#grid").onscroll = () => renderRows();
  await refreshRuns(true);
}
async function refreshRuns(reset) {
  const cols = await columns(); lastCols = cols;
  try {
    const first = await api("/api/runs", {where: S.where, order_by: S.order, columns: cols.join(","), limit: PAGE, offset: 0});
    showError($("#qerr"), null);
    if (reset) pages.clear();
    total = first.total; pages.set(0, first.runs);
    $("#count").textContent = `${total.toLocaleString()} runs`;
  } catch (e) { showError($("#qerr"), e); total = 0; pages.clear(); }
  const head = cols.map(c => {
    const o = S.order.find(x => x.split(" ")[0] === c); const dir = o ? (o.endsWith(" DESC") ? " ▼" : " ▲") : "";
    return `<th data-col="${esc(c)}" title="${esc(c)}">${esc(c.replace(/^(config|metrics)\./, ""))}<span class="dir">${dir}</span></th>`;
  }).join("");
  $("#grid thead").innerHTML = `<tr><th style="width:28px"></th>${head}</tr>`;
  $("#grid thead").onclick = e => {
    const th = e.target.closest("th[data-col]"); if (!th) return;
    const c = th.dataset.col, cur = S.order[0] || "";
    S.order = [cur === c + " ASC" || cur === c ? c + " DESC" : c + " ASC"];
    writeHash(true); pages.clear(); refreshRuns(true);
  };
  renderRows();
}
let pending = new Set();
function renderRows() {
  const grid = $("#grid"); if (!grid) return;
  const cols = S.cols || lastCols;
  const start = Math.max(0, Math.floor(grid.scrollTop / ROW) - 10), end = Math.min(total, start + Math.ceil(grid.clientHeight / ROW) + 20);
  let html = `<tr style="height:${start * ROW}px"></tr>`;
  for (let i = start; i < end; i++) {
    const page = pages.get(Math.floor(i / PAGE));
    if (!page) { fetchPage(Math.floor(i / PAGE)); html += `<tr><td></td><td colspan="${cols.length}" class="muted">…</td></tr>`; continue; }
    const r = page[i % PAGE]; if (!r) continue;
    const id = r.run_id, checked = S.sel.includes(id) ? "checked" : "";
    html += `<tr><td><input type="checkbox" data-sel="${esc(id)}" ${checked}></td>` + cols.map(c => `<td class="${typeof r[c] === "number" ? "num" : ""}">${cell(c, r[c], r)}</td>`).join("") + "</tr>";
  }
  html += `<tr style="height:${Math.max(0, total - end) * ROW}px"></tr>`;
  $("#grid tbody").innerHTML = html;
  $("#grid tbody").onclick = e => {
    const a = e.target.closest("a[data-run]"); if (a) { e.preventDefault(); S.run = a.dataset.run; S.view = "run"; writeHash(true); route(); return; }
    const box = e.target.closest("input[data-sel]");
    if (box) { const id = box.dataset.sel; S.sel = box.checked ? [...S.sel, id] : S.sel.filter(x => x !== id); writeHash(false); updateCompare(); }
  };
  updateCompare();
}
async function fetchPage(n) {
  if (pending.has(n)) return; pending.add(n);
  try {
    const cols = await columns(); lastCols = cols;
    const r = await api("/api/runs", {where: S.where, order_by: S.order, columns: cols.join(","), limit: PAGE, offset: n * PAGE});
    pages.set(n, r.runs); total = r.total;
  } catch (e) {} finally { pending.delete(n); }
  renderRows();
}
function updateCompare() { const b = $("#cmp"); if (b) { b.disabled = S.sel.length < 2; b.textContent = `Compare (${S.sel.length})`; } }
async function toggleChooser() {
  const host = $("#chooserHost"); if (host.innerHTML) { host.innerHTML = ""; return; }
  const cols = await columns(), all = (await fields()).map(f => f.field);
  host.innerHTML = `<div id="chooser"><div class="bar"><input type="text" id="cf" placeholder="filter keys" style="flex:1"><button id="cdone" class="primary">Done</button></div>` +
    all.map(k => `<label><input type="checkbox" value="${esc(k)}" ${cols.includes(k) ? "checked" : ""}> ${esc(k)}</label>`).join("") + "</div>";
  $("#cf").oninput = e => host.querySelectorAll("label").forEach(l => l.style.display = l.textContent.includes(e.target.value) ? "" : "none");
  $("#cdone").onclick = () => {
    const picked = [...host.querySelectorAll("input[type=checkbox]:checked")].map(x => x.value);
    S.cols = ["run_id", ...picked.filter(k => k !== "run_id")]; host.innerHTML = ""; writeHash(true); pages.clear(); refreshRuns(true);
  };
}

// ---------- group panel ----------
async function viewGroup(main) {
  if (!S.by || !S.agg) {
    const vary = await varying();
    const cfg = vary.filter(k => k.startsWith("config.") && !/seed/i.test(k)).slice(0, 2);
    const met = vary.filter(k => k.startsWith("metrics.")).slice(0, 1)[0];
    if (!S.by) S.by = cfg.join(",");
    if (!S.agg) S.agg = ["count()"].concat(met ? [`mean(${met})`, `std(${met})`] : []).join("; ");
  }
  if (!S.curve) S.curve = ((await varying()).find(k => k.startsWith("metrics.")) || "").replace(/^metrics\./, "");
  main.innerHTML = `<div class="bar"><input id="q" class="grow" type="text" spellcheck="false" placeholder="where" value="${esc(S.where)}"></div>
    <div class="bar"><label class="muted">by</label><input id="by" type="text" class="grow" value="${esc(S.by)}" placeholder="config.model.type,config.lr">
    <label class="muted">aggregate</label><input id="agg" type="text" class="grow" value="${esc(S.agg)}" placeholder="count(); mean(metrics.acc); std(metrics.acc)"><button class="primary" id="go">Group</button></div>
    <div id="qerr"></div><div class="two"><div class="card" id="gt"></div><div class="card" id="gp"></div></div>
    <div class="card" id="gh"></div>
    <div class="card"><div class="bar"><h2 style="margin:0">Curves: mean ± std over each group's runs of</h2><input id="curve" type="text" value="${esc(S.curve)}" placeholder="metric, e.g. loss"></div><div id="gc"></div></div>`;
  const go = () => { S.where = $("#q").value.trim(); S.by = $("#by").value.trim(); S.agg = $("#agg").value.trim(); S.curve = $("#curve").value.trim(); writeHash(true); doGroup(); };
  $("#go").onclick = go; main.querySelectorAll("input").forEach(i => i.onkeydown = e => { if (e.key === "Enter") go(); });
  await doGroup();
}
async function doGroup() {
  const aggs = S.agg.split(";").map(x => x.trim()).filter(Boolean);
  try {
    const rows = await api("/api/group", {where: S.where, by: S.by, agg: aggs});
    showError($("#qerr"), null);
    const cols = rows.length ? Object.keys(rows[0]) : [];
    $("#gt").innerHTML = `<h2>${rows.length} groups</h2><table class="plain"><tr>${cols.map(c => `<th>${esc(c)}</th>`).join("")}</tr>` +
      rows.map(r => `<tr>${cols.map(c => `<td class="${typeof r[c] === "number" ? "num" : ""}">${fmt(r[c])}</td>`).join("")}</tr>`).join("") + "</table>";
    const keys = S.by.split(",").map(x => x.trim()).filter(Boolean);
    const mean = aggs.find(a => a.startsWith("mean(")), std = mean && aggs.find(a => a === "std(" + mean.slice(5));
    const best = mean && rows.length ? rows.reduce((b, r) => (typeof r[mean] === "number" && (b === null || r[mean] > b[mean])) ? r : b, null) : null;
    $("#gp").innerHTML = mean ? `<h2>${esc(mean)}${std ? " ± std" : ""}</h2>` + barChart(rows.map(r => ({label: keys.map(k => fmtPlain(r[k])).join(" · ") || "all", v: r[mean], e: std ? r[std] : null})), 520) +
      (best ? `<p class="muted">highest ${esc(mean)}: <b>${esc(keys.map(k => k + "=" + fmtPlain(best[k])).join(", ") || "all")}</b> (${fmtPlain(best[mean])})</p>` : "") : '<p class="muted">Add a mean(KEY) aggregation to see bars.</p>';
    groupHeatmap(rows, keys, aggs);
  } catch (e) { showError($("#qerr"), e); $("#gt").innerHTML = ""; $("#gp").innerHTML = ""; $("#gh").innerHTML = ""; }
  await groupCurves();
}

// ---------- heatmap: two group keys × one aggregated value ----------
function groupHeatmap(rows, keys, aggs) {
  const el = $("#gh"); if (!el) return;
  const numeric = aggs.filter(a => rows.some(r => typeof r[a] === "number"));
  const scatterLink = `<a href="#" id="toScatter">Scatter of these runs →</a>`;
  if (keys.length !== 2 || !numeric.length) {
    el.innerHTML = `<div class="bar"><h2 style="margin:0">Heatmap</h2><span class="muted">Group by two keys, with a numeric aggregation, to see one value per pair.</span><span class="grow"></span>${scatterLink}</div>`;
  } else {
    const metric = numeric.includes(S.hm) ? S.hm : (numeric.find(a => a.startsWith("mean(")) || numeric.find(a => a !== "count()") || numeric[0]);
    el.innerHTML = `<div class="bar"><h2 style="margin:0">Heatmap of</h2><select id="hm">${numeric.map(a => `<option ${a === metric ? "selected" : ""}>${esc(a)}</option>`).join("")}</select>
      <span class="muted">${esc(keys[0])} × ${esc(keys[1])}</span><span class="grow"></span>${scatterLink}</div>` + heatmapChart(rows, keys[0], keys[1], metric);
    $("#hm").onchange = e => { S.hm = e.target.value; writeHash(false); groupHeatmap(rows, keys, aggs); };
  }
  $("#toScatter").onclick = e => { e.preventDefault(); S.view = "scatter"; writeHash(true); route(); };
}
function distinct(values) {
  const seen = new Map(); values.forEach(v => { const k = JSON.stringify(v ?? null); if (!seen.has(k)) seen.set(k, v ?? null); });
  return [...seen.values()].sort((a, b) => typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), undefined, {numeric: true}));
}
// Sequential colour: light blue (low) to deep indigo (high), readable text on every cell.
const ramp = [[239,243,255],[189,204,247],[120,146,232],[61,90,204],[32,44,128]];
function rampColor(t) {
  t = Math.max(0, Math.min(1, t)) * (ramp.length - 1); const i = Math.min(ramp.length - 2, Math.floor(t)), f = t - i;
  return "rgb(" + ramp[i].map((c, k) => Math.round(c + (ramp[i + 1][k] - c) * f)).join(",") + ")";
}
function heatmapChart(rows, kx, ky, metric) {
  const xs = distinct(rows.map(r => r[kx])), ys = distinct(rows.map(r => r[ky]));
  const at = new Map(rows.map(r => [JSON.stringify(r[kx] ?? null) + "\u0000" + JSON.stringify(r[ky] ?? null), r]));
  const nums = rows.map(r => r[metric]).filter(v => typeof v === "number" && Number.isFinite(v));
  const lo = Math.min(...nums), hi = Math.max(...nums), span = hi - lo || 1;
  const L = 130, T = 46, cw = Math.max(56, Math.min(150, 900 / Math.max(1, xs.length))), ch = 38, w = L + xs.length * cw + 10, h = T + ys.length * ch + 46;
  let g = `<svg class="heatmap" viewBox="0 0 ${w} ${h}" width="${w}" style="max-width:100%"><text x="${L + xs.length * cw / 2}" y="14" text-anchor="middle" class="axis">${esc(kx)}</text>`;
  xs.forEach((x, i) => g += `<text x="${L + i * cw + cw / 2}" y="${T - 8}" text-anchor="middle">${esc(fmtPlain(x).slice(0, 12))}</text>`);
  g += `<text x="12" y="${T + ys.length * ch / 2}" transform="rotate(-90 12 ${T + ys.length * ch / 2})" text-anchor="middle" class="axis">${esc(ky)}</text>`;
  ys.forEach((y, j) => {
    g += `<text x="${L - 8}" y="${T + j * ch + ch / 2 + 4}" text-anchor="end">${esc(fmtPlain(y).slice(0, 16))}</text>`;
    xs.forEach((x, i) => {
      const r = at.get(JSON.stringify(x) + "\u0000" + JSON.stringify(y)), v = r ? r[metric] : null, X = L + i * cw, Y = T + j * ch;
      if (typeof v !== "number" || !Number.isFinite(v)) { g += `<rect x="${X + 1}" y="${Y + 1}" width="${cw - 2}" height="${ch - 2}" fill="#f4f5f8" rx="3"/><text x="${X + cw / 2}" y="${Y + ch / 2 + 4}" text-anchor="middle">–</text>`; return; }
      const t = (v - lo) / span, tip = `${kx}=${fmtPlain(x)}, ${ky}=${fmtPlain(y)}: ${metric} = ${fmtPlain(v)}` + (typeof r["count()"] === "number" ? ` (${r["count()"]} runs)` : "");
      g += `<g class="cell"><title>${esc(tip)}</title><rect x="${X + 1}" y="${Y + 1}" width="${cw - 2}" height="${ch - 2}" fill="${rampColor(t)}" rx="3"/>` +
        `<text x="${X + cw / 2}" y="${Y + ch / 2 + 4}" text-anchor="middle" style="fill:${t > .55 ? "#fff" : "#1d2330"}">${esc(fmtPlain(v))}</text></g>`;
    });
  });
  const bw = Math.min(260, xs.length * cw), by = T + ys.length * ch + 18;
  for (let k = 0; k < 40; k++) g += `<rect x="${L + k * bw / 40}" y="${by}" width="${bw / 40 + .5}" height="10" fill="${rampColor(k / 39)}"/>`;
  g += `<text x="${L}" y="${by + 24}">${esc(fmtPlain(lo))}</text><text x="${L + bw}" y="${by + 24}" text-anchor="end">${esc(fmtPlain(hi))}</text>`;
  return g + "</svg>";
}

// ---------- scatter: two keys over the filtered runs ----------
async function viewScatter(main) {
  const vary = await varying();
  const numericFields = new Set((await fields()).filter(f => /^(int|double|float|number)/.test(f.type) || /(^|\|)(int|double)(\||$)/.test(f.type)).map(f => f.field));
  const cands = vary.filter(k => numericFields.has(k) && !/seed/i.test(k));
  if (!S.x) S.x = cands.find(k => k.startsWith("config.")) || cands[0] || "";
  if (!S.y) S.y = cands.find(k => k.startsWith("metrics.") && k !== S.x) || cands.find(k => k !== S.x) || "";
  main.innerHTML = `<div class="bar"><input id="q" class="grow" type="text" spellcheck="false" placeholder="where" value="${esc(S.where)}"></div>
    <div class="bar"><label class="muted">x</label><input id="sx" type="text" class="grow" value="${esc(S.x)}"><label class="muted">y</label><input id="sy" type="text" class="grow" value="${esc(S.y)}">
    <label class="muted">colour</label><input id="scol" type="text" value="${esc(S.color)}" placeholder="optional key"><button class="primary" id="go">Draw</button><span class="count" id="count"></span></div>
    <div id="qerr"></div><div class="card" id="sc"></div>`;
  const go = () => { S.where = $("#q").value.trim(); S.x = $("#sx").value.trim(); S.y = $("#sy").value.trim(); S.color = $("#scol").value.trim(); writeHash(true); drawScatter(); };
  $("#go").onclick = go; main.querySelectorAll("input").forEach(i => i.onkeydown = e => { if (e.key === "Enter") go(); });
  await drawScatter();
}
async function drawScatter() {
  const el = $("#sc"); if (!el) return;
  if (!S.x || !S.y) { el.innerHTML = '<p class="muted">Name an x and a y key.</p>'; return; }
  try {
    const cols = [...new Set(["run_id", "run_name", S.x, S.y].concat(S.color ? [S.color] : []))];
    const r = await api("/api/runs", {where: S.where, columns: cols.join(","), limit: 10000, order_by: S.order});
    showError($("#qerr"), null);
    const ok = v => typeof v === "number" && Number.isFinite(v);
    const pts = r.runs.filter(x => ok(x[S.x]) && ok(x[S.y]));
    $("#count").textContent = `${pts.length.toLocaleString()} of ${r.total.toLocaleString()} runs plotted` + (r.total > r.runs.length ? ` (the first ${r.runs.length.toLocaleString()})` : "");
    scData = pts; renderScatter();
    window.onresize = () => { if (S.view === "scatter") renderScatter(); };
    el.onclick = e => { const c = e.target.closest("[data-run]"); if (c) { S.run = c.dataset.run; S.view = "run"; writeHash(true); route(); } };
  } catch (e) { el.innerHTML = ""; showError($("#qerr"), e); }
}
// Drawn at the card's width (again when the window is resized), as tall as the window allows.
let scData = null;
function renderScatter() {
  const el = $("#sc"); if (!el || !scData) return;
  const w = Math.max(300, el.clientWidth - 30), h = Math.max(280, Math.min(600, window.innerHeight - 300));
  el.innerHTML = scData.length ? scatterChart(scData, S.x, S.y, S.color, w, h) : '<p class="muted">No run has numbers for both keys.</p>';
}
function scatterChart(pts, kx, ky, kc, w, h) {
  const L = 64, R = 16, T = 14, B = 46;
  const axis = (vals) => { const lo = Math.min(...vals), hi = Math.max(...vals), log = lo > 0 && hi / lo >= 99.99; const t = v => log ? Math.log10(v) : v; let a = t(lo), b = t(hi); if (a === b) { a -= 1; b += 1; } const pad = (b - a) * .04; return {log, t, a: a - pad, b: b + pad}; };
  const ax = axis(pts.map(p => p[kx])), ay = axis(pts.map(p => p[ky]));
  const X = v => L + (ax.t(v) - ax.a) / (ax.b - ax.a) * (w - L - R), Y = v => T + (1 - (ay.t(v) - ay.a) / (ay.b - ay.a)) * (h - T - B);
  const cvals = kc ? pts.map(p => p[kc]) : [], cnum = kc && cvals.every(v => typeof v === "number"), cats = kc && !cnum ? distinct(cvals) : [];
  const clo = cnum ? Math.min(...cvals) : 0, chi = cnum ? Math.max(...cvals) : 1;
  const colour = p => !kc ? palette[0] : cnum ? `hsl(${230 - 200 * ((p[kc] - clo) / ((chi - clo) || 1))},70%,46%)` : palette[cats.findIndex(c => JSON.stringify(c) === JSON.stringify(p[kc] ?? null)) % palette.length];
  let g = `<svg class="scatter" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}"><rect x="${L}" y="${T}" width="${w - L - R}" height="${h - T - B}" fill="none" stroke="#e3e6ec"/>`;
  // Ticks: the powers of ten on a log axis, else five even steps of the padded range.
  const ticks = ax => { const p = []; if (ax.log) for (let k = Math.ceil(ax.a); k <= Math.floor(ax.b); k++) p.push(Math.pow(10, k));
    return p.length >= 2 ? p : [0, 1, 2, 3, 4].map(k => { const v = ax.a + (ax.b - ax.a) * k / 4; return ax.log ? Math.pow(10, v) : v; }); };
  ticks(ay).forEach(vy => g += `<line x1="${L}" x2="${w - R}" y1="${Y(vy)}" y2="${Y(vy)}" stroke="#f0f1f4"/><text x="${L - 5}" y="${Y(vy) + 4}" text-anchor="end">${fmtPlain(vy)}</text>`);
  ticks(ax).forEach(vx => g += `<line y1="${T}" y2="${h - B}" x1="${X(vx)}" x2="${X(vx)}" stroke="#f0f1f4"/><text x="${X(vx)}" y="${h - B + 15}" text-anchor="middle">${fmtPlain(vx)}</text>`);
  g += `<text x="${L + (w - L - R) / 2}" y="${h - 8}" text-anchor="middle" class="axis">${esc(kx)}${ax.log ? " (log)" : ""}</text>`;
  g += `<text x="14" y="${T + (h - T - B) / 2}" transform="rotate(-90 14 ${T + (h - T - B) / 2})" text-anchor="middle" class="axis">${esc(ky)}${ay.log ? " (log)" : ""}</text>`;
  const rad = pts.length > 3000 ? 2.2 : 4;
  pts.forEach(p => g += `<circle class="pt" data-run="${esc(p.run_id)}" cx="${X(p[kx]).toFixed(1)}" cy="${Y(p[ky]).toFixed(1)}" r="${rad}" fill="${colour(p)}" fill-opacity=".7" stroke="#fff" stroke-width=".6"><title>${esc((p.run_name || p.run_id) + `: ${kx}=${fmtPlain(p[kx])}, ${ky}=${fmtPlain(p[ky])}` + (kc ? `, ${kc}=${fmtPlain(p[kc])}` : ""))}</title></circle>`);
  g += "</svg>";
  if (kc && !cnum) g = legend(cats.map(c => `${kc} = ${fmtPlain(c)}`)) + g;
  if (kc && cnum) g = `<p class="muted">colour: ${esc(kc)} from ${fmtPlain(clo)} (blue) to ${fmtPlain(chi)} (red)</p>` + g;
  return g;
}
async function groupCurves() {
  const el = $("#gc"); if (!el) return;
  if (!S.curve) { el.innerHTML = '<p class="muted">Name a metric to see its curves.</p>'; return; }
  const key = "history." + S.curve.replace(/^(metrics|history)\./, ""), mean = `mean(${key})`, std = `std(${key})`;
  try {
    const rows = await api("/api/group", {where: S.where, by: S.by, agg: [mean, std]});
    const keys = S.by.split(",").map(x => x.trim()).filter(Boolean);
    const num = v => typeof v === "number" && Number.isFinite(v) ? v : null;
    const series = rows.map(r => ({points: (r[mean] || []).map((v, i) => [i, num(v), num((r[std] || [])[i]) || 0]).filter(p => p[1] !== null)}));
    const names = rows.map(r => keys.map(k => fmtPlain(r[k])).join(" · ") || "all runs");
    el.innerHTML = series.some(x => x.points.length) ? legend(names) + `<div style="max-width:900px">${lineChart(series, 900, 300)}</div>` : '<p class="muted">No history for this metric.</p>';
  } catch (e) { el.innerHTML = ""; showError(el, e); }
}
function fmtPlain(v) { return v === null || v === undefined ? "–" : typeof v === "number" ? String(+v.toPrecision(4)) : typeof v === "object" ? JSON.stringify(v) : String(v); }
function barChart(items, width) {
  items = items.filter(i => typeof i.v === "number").slice(0, 40);
  if (!items.length) return '<p class="muted">No numeric values.</p>';
  const bh = 22, lw = 170, h = items.length * bh + 20, max = Math.max(...items.map(i => i.v + (i.e || 0)), 0), min = Math.min(0, ...items.map(i => i.v));
  const x = v => lw + (v - min) / ((max - min) || 1) * (width - lw - 80);
  return `<svg viewBox="0 0 ${width} ${h}" width="100%">` + items.map((it, k) => {
    const y = k * bh + 4;
    return `<text x="${lw - 6}" y="${y + 14}" text-anchor="end">${esc(it.label.slice(0, 28))}</text><rect x="${x(Math.min(0, it.v))}" y="${y + 3}" width="${Math.abs(x(it.v) - x(0))}" height="${bh - 8}" rx="3" fill="${palette[0]}" opacity=".85"/>` +
      (it.e ? `<line x1="${x(it.v - it.e)}" x2="${x(it.v + it.e)}" y1="${y + 11}" y2="${y + 11}" stroke="#1d2330" stroke-width="1.5"/>` : "") +
      `<text x="${x(it.v) + (it.e ? x(it.v + it.e) - x(it.v) : 0) + 4}" y="${y + 14}">${fmtPlain(it.v)}</text>`;
  }).join("") + "</svg>";
}

// ---------- curves ----------
function lineChart(series, w, h) {
  const pts = series.flatMap(s => s.points); if (!pts.length) return "";
  const xs = pts.map(p => p[0]), ys = pts.flatMap(p => p.length > 2 && p[2] != null ? [p[1] - p[2], p[1] + p[2]] : [p[1]]).filter(Number.isFinite);
  let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  if (x0 === x1) x1 = x0 + 1; if (y0 === y1) { y0 -= 1; y1 += 1; }
  const L = 46, R = 10, T = 8, B = 22, X = v => L + (v - x0) / (x1 - x0) * (w - L - R), Y = v => T + (1 - (v - y0) / (y1 - y0)) * (h - T - B);
  let g = `<svg viewBox="0 0 ${w} ${h}" width="100%"><rect x="${L}" y="${T}" width="${w - L - R}" height="${h - T - B}" fill="none" stroke="#e3e6ec"/>`;
  for (let k = 0; k <= 4; k++) { const v = y0 + (y1 - y0) * k / 4; g += `<text x="${L - 4}" y="${Y(v) + 3}" text-anchor="end">${fmtPlain(v)}</text><line x1="${L}" x2="${w - R}" y1="${Y(v)}" y2="${Y(v)}" stroke="#f0f1f4"/>`; }
  g += `<text x="${L}" y="${h - 6}">${fmtPlain(x0)}</text><text x="${w - R}" y="${h - 6}" text-anchor="end">${fmtPlain(x1)}</text>`;
  series.forEach((s, k) => {
    const c = palette[k % palette.length], p = s.points.filter(q => Number.isFinite(q[1]));
    if (p.some(q => q.length > 2 && q[2] != null)) g += `<path d="M${p.map(q => X(q[0]) + "," + Y(q[1] + q[2])).join("L")}L${p.slice().reverse().map(q => X(q[0]) + "," + Y(q[1] - q[2])).join("L")}Z" fill="${c}" opacity=".15"/>`;
    g += p.length === 1 ? `<circle cx="${X(p[0][0])}" cy="${Y(p[0][1])}" r="3" fill="${c}"/>` : `<path d="M${p.map(q => X(q[0]) + "," + Y(q[1])).join("L")}" fill="none" stroke="${c}" stroke-width="1.6"/>`;
  });
  return g + "</svg>";
}
function legend(names) { return `<div class="legend">${names.map((n, k) => `<span><i style="background:${palette[k % palette.length]}"></i>${esc(n)}</span>`).join("")}</div>`; }
function tree(v, key) {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const inner = Object.entries(v).map(([k, x]) => tree(x, k)).join("");
    return key === undefined ? inner : `<details open><summary><span class="k">${esc(key)}</span></summary>${inner}</details>`;
  }
  return `<div class="leaf"><span class="k">${esc(key)}</span>: ${fmt(v)}</div>`;
}
function kvTable(obj) {
  const e = Object.entries(obj || {}); if (!e.length) return '<p class="muted">none</p>';
  return `<table class="plain">${e.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${fmt(v)}</td></tr>`).join("")}</table>`;
}

// ---------- run page ----------
async function viewRun(main) {
  main.innerHTML = '<p class="muted">loading…</p>';
  try {
    const r = await api("/api/runs/" + encodeURIComponent(S.run));
    let arts = {files: []}; try { arts = await api("/api/runs/" + encodeURIComponent(r.run_id) + "/artifacts"); } catch (e) {}
    const hist = Object.entries(r.metric_history || {});
    const q = token ? "?token=" + encodeURIComponent(token) : "";
    main.innerHTML = `<div class="bar"><button id="back">← Runs</button><h2 style="margin:0;font-size:18px">${esc(r.run_name || r.run_id)}</h2><span class="status ${esc(r.status)}">${esc(r.status)}</span>
      <span class="muted" style="font-family:ui-monospace,monospace;font-size:12.5px">${esc(r.run_id)} · ${esc(r.experiment_name || "")}${r.store ? " · " + esc(r.store) : ""}</span></div>
      <div class="two"><div class="card"><h2>Config</h2><div class="tree">${Object.keys(r.config || {}).length ? tree(r.config) : '<p class="muted">none</p>'}</div></div>
      <div><div class="card"><h2>Metrics</h2>${kvTable(r.metrics)}</div><div class="card"><h2>Params</h2>${kvTable(r.params)}</div></div></div>
      <div class="card"><h2>History</h2>${hist.length ? `<div class="plots">${hist.map(([k, pts]) => `<div class="plot"><h3>${esc(k)}</h3>${lineChart([{points: pts.map(p => [p[0], p[2]])}], 420, 200)}</div>`).join("")}</div>` : '<p class="muted">no metric history</p>'}</div>
      <div class="two"><div class="card"><h2>Tags</h2>${kvTable(r.tags)}</div><div class="card"><h2>Artifacts</h2>${arts.files.length ? arts.files.map(f => `<div><a href="/api/runs/${encodeURIComponent(r.run_id)}/artifacts/${f.path.split("/").map(encodeURIComponent).join("/")}${q}" target="_blank">${esc(f.path)}</a></div>`).join("") : '<p class="muted">none</p>'}</div></div>`;
    $("#back").onclick = () => { S.view = "runs"; writeHash(true); route(); };
  } catch (e) { main.innerHTML = ""; showError(main, e); }
}

// ---------- compare ----------
function flatten(o, prefix, out) {
  for (const [k, v] of Object.entries(o || {})) {
    if (v && typeof v === "object" && !Array.isArray(v)) flatten(v, prefix + k + ".", out); else out[prefix + k] = v;
  }
  return out;
}
async function viewCompare(main) {
  if (S.sel.length < 1) { main.innerHTML = '<p class="muted">Select runs with the checkboxes in the Runs view, then Compare.</p>'; return; }
  main.innerHTML = '<p class="muted">loading…</p>';
  try {
    const runs = await Promise.all(S.sel.map(id => api("/api/runs/" + encodeURIComponent(id))));
    const flat = runs.map(r => flatten({config: r.config, params: r.params, metrics: r.metrics, status: r.status}, "", {}));
    const keys = [...new Set(flat.flatMap(Object.keys))].sort();
    const differ = keys.filter(k => new Set(flat.map(f => JSON.stringify(f[k] ?? null))).size > 1);
    const names = runs.map(r => (r.run_name || r.run_id).slice(0, 24));
    const metricKeys = [...new Set(runs.flatMap(r => Object.keys(r.metric_history || {})))];
    main.innerHTML = `<div class="bar"><button id="back">← Runs</button><b>${runs.length} runs</b><span class="muted">${differ.length} of ${keys.length} keys differ</span></div>
      <div class="card"><h2>Keys that differ</h2><table class="plain"><tr><th>key</th>${names.map((n, k) => `<th><i style="display:inline-block;width:9px;height:9px;border-radius:2px;background:${palette[k % palette.length]}"></i> ${esc(n)}</th>`).join("")}</tr>
      ${differ.map(k => `<tr><th>${esc(k)}</th>${flat.map(f => `<td class="${typeof f[k] === "number" ? "num" : ""}">${fmt(f[k])}</td>`).join("")}</tr>`).join("")}</table></div>
      <div class="card"><h2>Curves</h2>${legend(names)}<div class="plots">${metricKeys.map(m => `<div class="plot"><h3>${esc(m)}</h3>${lineChart(runs.map(r => ({points: (r.metric_history[m] || []).map(p => [p[0], p[2]])})), 420, 200)}</div>`).join("")}</div></div>`;
    $("#back").onclick = () => { S.view = "runs"; writeHash(true); route(); };
  } catch (e) { main.innerHTML = ""; showError(main, e); }
}

// ---------- parallel coordinates (canvas, log axes, brushing) ----------
let pcData = null;
async function viewParallel(main) {
  const vary = await varying();
  const numericFields = new Set((await fields()).filter(f => /^(int|double|float|number)/.test(f.type) || f.type === "int|double" || f.type === "double|int").map(f => f.field));
  const axes = S.axes || vary.filter(k => (k.startsWith("config.") || k.startsWith("metrics.")) && numericFields.has(k) && !/seed/i.test(k)).slice(0, 8);
  main.innerHTML = `<div class="bar"><input id="q" class="grow" type="text" spellcheck="false" placeholder="where" value="${esc(S.where)}"><input id="axes" type="text" class="grow" value="${esc(axes.join(","))}"><button class="primary" id="go">Draw</button><span class="count" id="count"></span></div><div id="qerr"></div><canvas id="pc"></canvas><p class="muted">Drag along an axis to brush (click the axis to clear); click an axis name for a log scale.</p>`;
  $("#go").onclick = () => { S.where = $("#q").value.trim(); S.axes = $("#axes").value.split(",").map(x => x.trim()).filter(Boolean); brushes = {}; writeHash(true); route(); };
  try {
    const r = await api("/api/runs", {where: S.where, columns: ["run_id", ...axes].join(","), limit: 10000, order_by: S.order});
    showError($("#qerr"), null);
    pcData = {axes, runs: r.runs, log: {}};
    axes.forEach(a => { const v = r.runs.map(x => x[a]).filter(x => typeof x === "number"); pcData.log[a] = v.length && Math.min(...v) > 0 && Math.max(...v) / Math.min(...v) > 100; });
    drawPC(); bindPC();
  } catch (e) { showError($("#qerr"), e); }
}
function pcGeometry(c) {
  const {axes} = pcData, w = c.clientWidth, h = c.clientHeight, L = 60, R = 60, T = 36, B = 24;
  const scale = {};
  axes.forEach(a => {
    const vals = pcData.runs.map(r => r[a]);
    const nums = vals.filter(v => typeof v === "number" && Number.isFinite(v) && (!pcData.log[a] || v > 0));
    if (nums.length) { const t = v => pcData.log[a] ? Math.log10(v) : v; let lo = t(Math.min(...nums)), hi = t(Math.max(...nums)); if (lo === hi) { const pad = Math.abs(lo) * .5 || 1; lo -= pad; hi += pad; } scale[a] = {kind: "num", f: v => typeof v === "number" && (!pcData.log[a] || v > 0) ? T + (1 - (t(v) - lo) / (hi - lo)) * (h - T - B) : null, lo, hi}; }
    else { const cats = [...new Set(vals.map(v => JSON.stringify(v)))].sort(); scale[a] = {kind: "cat", cats, f: v => T + (cats.indexOf(JSON.stringify(v)) + .5) / cats.length * (h - T - B)}; }
  });
  const x = k => L + k * (w - L - R) / Math.max(1, axes.length - 1);
  return {w, h, T, B, x, scale};
}
function drawPC() {
  const c = $("#pc"); if (!c || !pcData) return;
  const dpr = window.devicePixelRatio || 1; c.width = c.clientWidth * dpr; c.height = c.clientHeight * dpr;
  const g = c.getContext("2d"); g.scale(dpr, dpr); g.clearRect(0, 0, c.width, c.height);
  const {axes} = pcData, G = pcGeometry(c), last = axes[axes.length - 1], ls = G.scale[last];
  const inBrush = r => axes.every(a => { const b = brushes[a]; if (!b) return true; const y = G.scale[a].f(r[a]); return y !== null && y >= b[0] && y <= b[1]; });
  let kept = 0;
  const draw = (sel) => pcData.runs.forEach(r => {
    const ok = inBrush(r); if (ok !== sel) return; if (ok) kept++;
    g.beginPath(); let started = false;
    axes.forEach((a, k) => { const y = G.scale[a].f(r[a]); if (y === null) { started = false; return; } if (!started) { g.moveTo(G.x(k), y); started = true; } else g.lineTo(G.x(k), y); });
    const y = ls.f(r[last]), t = y === null ? .5 : 1 - (y - G.T) / (G.h - G.T - G.B);
    g.strokeStyle = sel ? `hsla(${230 - 200 * t},70%,48%,${pcData.runs.length > 2000 ? .25 : .6})` : "rgba(160,168,184,.12)"; g.lineWidth = 1.2; g.stroke();
  });
  draw(false); draw(true);
  g.fillStyle = "#1d2330"; g.font = "600 12px -apple-system,Segoe UI,Roboto,sans-serif"; g.textAlign = "center";
  axes.forEach((a, k) => {
    const X = G.x(k), s = G.scale[a];
    g.strokeStyle = "#8b93a5"; g.lineWidth = 1; g.beginPath(); g.moveTo(X, G.T); g.lineTo(X, G.h - G.B); g.stroke();
    g.fillStyle = "#1d2330"; g.fillText(a.replace(/^(config|metrics)\./, "") + (pcData.log[a] ? " (log)" : ""), X, G.T - 14);
    g.fillStyle = "#6b7385"; g.font = "11px -apple-system,Segoe UI,Roboto,sans-serif";
    if (s.kind === "num") { const lab = v => fmtPlain(pcData.log[a] ? Math.pow(10, v) : v); g.fillText(lab(s.hi), X, G.T - 2); g.fillText(lab(s.lo), X, G.h - G.B + 14); }
    else s.cats.forEach((cat, i) => g.fillText(String(JSON.parse(cat)).slice(0, 14), X, G.T + (i + .5) / s.cats.length * (G.h - G.T - G.B) - 4));
    g.font = "600 12px -apple-system,Segoe UI,Roboto,sans-serif";
    const b = brushes[a]; if (b) { g.fillStyle = "rgba(51,88,212,.18)"; g.fillRect(X - 8, b[0], 16, b[1] - b[0]); g.strokeStyle = "#3358d4"; g.strokeRect(X - 8, b[0], 16, b[1] - b[0]); }
  });
  $("#count").textContent = `${kept.toLocaleString()} of ${pcData.runs.length.toLocaleString()} runs in the brush`;
}
function bindPC() {
  const c = $("#pc"); let drag = null;
  const axisAt = (x) => { const G = pcGeometry(c); let best = -1, d = 1e9; pcData.axes.forEach((a, k) => { const e = Math.abs(G.x(k) - x); if (e < d) { d = e; best = k; } }); return d < 30 ? pcData.axes[best] : null; };
  c.onmousedown = e => { const r = c.getBoundingClientRect(), a = axisAt(e.clientX - r.left), y = e.clientY - r.top; if (!a) return;
    if (y < 34) { pcData.log[a] = !pcData.log[a]; brushes = {}; drawPC(); return; } drag = {a, y0: y}; };
  c.onmousemove = e => { if (!drag) return; const y = e.clientY - c.getBoundingClientRect().top; brushes[drag.a] = [Math.min(drag.y0, y), Math.max(drag.y0, y)]; drawPC(); };
  c.onmouseup = e => { if (drag) { const y = e.clientY - c.getBoundingClientRect().top; if (Math.abs(y - drag.y0) < 3) delete brushes[drag.a]; drag = null; drawPC(); } };
  window.onresize = () => drawPC();
}

// ---------- routing and live updates ----------
async function route() {
  readHash();
  document.querySelectorAll("nav a").forEach(a => a.classList.toggle("on", a.dataset.view === S.view || (S.view === "run" && a.dataset.view === "runs")));
  const main = $("main");
  const views = {runs: viewRuns, group: viewGroup, parallel: viewParallel, scatter: viewScatter, compare: viewCompare, run: viewRun};
  await (views[S.view] || viewRuns)(main);
}
async function poll() {
  try {
    const v = await api("/api/version");
    if (v.version !== version) {
      version = v.version; fieldsList = null; varyingList = null;
      $("#stores").textContent = v.stores.map(s => `${s.store} · ${s.kind} · ${s.runs} runs`).join("   |   ");
      $("#live").classList.add("flash"); setTimeout(() => $("#live").classList.remove("flash"), 800);
      $("#ver").textContent = "v" + version;
      if (S.view === "runs") { pages.clear(); await refreshRuns(true); } else if (S.view === "group") await doGroup(); else if (S.view === "scatter") await drawScatter(); else if (S.view === "compare" || S.view === "run") await route();
    }
  } catch (e) {}
  setTimeout(poll, 1000);
}
document.querySelectorAll("nav a").forEach(a => a.onclick = e => { e.preventDefault(); S.view = a.dataset.view; writeHash(true); route(); });
window.onpopstate = () => route();
(async () => { readHash(); await loadMeta(); $("#ver").textContent = "v" + version; await route(); setTimeout(poll, 1000); })();
"""#
}
