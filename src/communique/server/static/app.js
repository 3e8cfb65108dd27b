// communique web UI: plain JS; Leaflet (map), topojson-client (country borders) and Cytoscape
// (network layout) are vendored under /static/vendor, so nothing is fetched beyond this server.
// Every value from the data is inserted with textContent or as an SVG attribute, never as HTML.
"use strict";

const QUAD_NAMES = { 1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict" };
const QUAD_COLORS = { 1: "#4c9be8", 2: "#1f5fa8", 3: "#f0a04b", 4: "#c8372d" };
const SVG_NS = "http://www.w3.org/2000/svg";
const PAGE_SIZE = 50;

// ---------- small DOM helpers ----------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}
function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}
function $(sel) { return document.querySelector(sel); }
function fmt(v, digits) {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" && digits !== undefined) return v.toFixed(digits);
  return String(v);
}
function quadBadge(q) { return q ? el("span", { class: "quad quad-" + q, title: QUAD_NAMES[q] || "", text: String(q) }) : ""; }
function actorLabel(code, name) {
  const wrap = el("span");
  if (code) wrap.append(el("span", { class: "code", text: code }));
  if (name) wrap.append(" ", el("span", { class: "muted", text: name }));
  return wrap;
}
function setStatus(id, text, isError) {
  const node = document.getElementById(id);
  node.textContent = text;
  node.classList.toggle("error", !!isError);
}
function fillBody(table, rows) {
  const tbody = table.querySelector("tbody");
  tbody.replaceChildren(...rows);
}

// ---------- API ----------
async function api(path, options) {
  const resp = await fetch(path, Object.assign({ headers: { Accept: "application/json" } }, options || {}));
  let data = null;
  try { data = await resp.json(); } catch (_) { data = null; }
  if (!resp.ok) {
    let msg = resp.status + " " + resp.statusText;
    if (data && Array.isArray(data.detail)) {
      msg = data.detail.map(d => (d.loc ? d.loc[d.loc.length - 1] + ": " : "") + d.msg).join("; ");
    } else if (data && data.detail) {
      msg = String(data.detail);
    }
    throw new Error(msg);
  }
  return data;
}
function queryString(params) {
  const usp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined && v !== false) usp.set(k, v === true ? "true" : v);
  return usp.toString();
}

// ---------- routing ----------
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  const parts = (path || "events").split("/");
  return { view: parts[0] || "events", arg: parts[1] ? decodeURIComponent(parts[1]) : null, params: new URLSearchParams(query || "") };
}
function go(view, params) {
  const qs = params ? queryString(params) : "";
  location.hash = "#/" + view + (qs ? "?" + qs : "");
}
function showView(name) {
  for (const sec of document.querySelectorAll("section.view")) sec.hidden = sec.id !== "view-" + name;
  for (const a of document.querySelectorAll("header nav a[data-view]")) a.classList.toggle("active", a.dataset.view === name);
}
// The paste view asks the server to load the coder now (in the background), so the first
// article pasted does not wait for the model to load.
function warmCoder() {
  fetch("/api/code/warm", { method: "POST" }).catch(() => {});
}
function route() {
  const { view, arg, params } = parseHash();
  if (view === "article" && arg) { showView("article"); loadArticle(arg, params.get("event")); return; }
  if (view === "dyad") { showView("dyad"); loadDyad(params); return; }
  if (view === "network") { showView("network"); loadNetwork(params); return; }
  if (view === "map") { showView("map"); loadMap(params); return; }
  if (view === "explain") { showView("explain"); loadExplain(params); return; }
  if (view === "code") { showView("code"); warmCoder(); return; }
  showView("events"); loadEvents(params);
}

function formToParams(form) {
  const params = {};
  for (const node of form.elements) {
    if (!node.name) continue;
    if (node.type === "checkbox") params[node.name] = node.checked;
    else params[node.name] = node.value.trim();
  }
  return params;
}
function paramsToForm(form, params) {
  for (const node of form.elements) {
    if (!node.name) continue;
    if (node.type === "checkbox") {
      if (params.has(node.name)) node.checked = params.get(node.name) === "true";
    } else if (params.has(node.name)) node.value = params.get(node.name);
    else if (node.tagName === "SELECT") node.selectedIndex = 0;
    else if (node.type !== "number") node.value = "";
  }
}

// ---------- events table ----------
let eventsState = { page: 1, total: 0 };

async function loadEvents(params) {
  const form = $("#event-filters");
  paramsToForm(form, params);
  const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  const query = {};
  for (const [k, v] of params) if (v) query[k] = v;
  query.page = page; query.page_size = PAGE_SIZE;
  setStatus("events-status", "Loading…");
  try {
    updateDownloads(query);
    const data = await api("/api/events?" + queryString(query));
    eventsState = { page, total: data.total, params };
    renderEvents(data);
    const first = data.total ? (page - 1) * PAGE_SIZE + 1 : 0;
    setStatus("events-status", `${data.total} event${data.total === 1 ? "" : "s"}` + (data.total ? ` · showing ${first}–${first + data.events.length - 1}` : ""));
  } catch (err) {
    fillBody($("#events-table"), []);
    setStatus("events-status", "Error: " + err.message, true);
  }
}

function whereText(ev) {
  if (!ev.location_name) return "";
  return ev.location_country && ev.location_country !== ev.location_name ? `${ev.location_name}, ${ev.location_country}` : ev.location_name;
}
function eventCell(ev) {
  const td = el("td", {}, el("span", { class: "code", text: ev.cameo }), " ", ev.cameo_name || "");
  if (ev.plover) td.append(el("span", { class: "plover", title: "PLOVER event type" + (ev.plover_mode ? " / mode " + ev.plover_mode : ""), text: ev.plover }));
  if (ev.negated) td.append(" ", el("span", { class: "muted", text: "(negated)" }));
  else if (ev.modality && ev.modality !== "asserted") td.append(" ", el("span", { class: "muted", text: "(" + ev.modality + ")" }));
  return td;
}
function dateCell(ev) {
  const prec = ev.date_precision && ev.date_precision !== "day" ? ev.date_precision : null;
  return el("td", { class: "date", title: prec ? "date precision: " + prec + (ev.date_text ? " (\u201c" + ev.date_text + "\u201d)" : "") : null, text: ev.date ? fmt(ev.date) + (prec ? " ~" : "") : "undated" });
}
function openEvent(ev) {
  const articleId = ev.article_id || ev.first_article_id;
  if (articleId) go("article/" + encodeURIComponent(articleId), { event: ev.id });
}

function renderEvents(data) {
  const rows = data.events.map(ev => {
    const tr = el("tr", { class: "clickable", "data-event": ev.id, title: "open the article" },
      dateCell(ev),
      el("td", {}, actorLabel(ev.source_code, ev.source_name)),
      el("td", {}, actorLabel(ev.target_code, ev.target_name)),
      eventCell(ev),
      el("td", {}, quadBadge(ev.quad_class)),
      el("td", { class: "num", text: fmt(ev.goldstein, 1) }),
      el("td", { class: "where", text: whereText(ev) }),
      el("td", { class: "num", text: fmt(ev.confidence, 2) }),
      el("td", { class: "rule", title: "the lexicon entry or rule that coded the event", text: (ev.rule || "").replace(/([:+])/g, "$1\u200b") }),
      el("td", { class: "num", text: fmt(ev.num_mentions) }),
      el("td", { class: "evidence", text: ev.evidence || "" }));
    tr.addEventListener("click", () => openEvent(ev));
    return tr;
  });
  fillBody($("#events-table"), rows);
  const pages = Math.max(1, Math.ceil(data.total / data.page_size));
  $("#page-info").textContent = `page ${data.page} of ${pages}`;
  $("#prev-page").disabled = data.page <= 1;
  $("#next-page").disabled = data.page >= pages;
}

// A short list of events (map point, dyad month) with a link to each article.
function compactRows(events) {
  return events.map(ev => {
    const tr = el("tr", { class: "clickable", "data-event": ev.id, title: "open the article" },
      dateCell(ev), el("td", {}, actorLabel(ev.source_code, ev.source_name)), el("td", {}, actorLabel(ev.target_code, ev.target_name)),
      eventCell(ev), el("td", {}, quadBadge(ev.quad_class)), el("td", { class: "num", text: fmt(ev.confidence, 2) }),
      el("td", { class: "evidence", text: ev.evidence || "" }));
    tr.addEventListener("click", () => openEvent(ev));
    return tr;
  });
}
async function listEvents(table, titleNode, title, query) {
  titleNode.textContent = title + " …";
  try {
    const data = await api("/api/events?" + queryString(Object.assign({ page_size: 200, sort: "date_asc" }, query)));
    titleNode.textContent = `${title}: ${data.total} event${data.total === 1 ? "" : "s"}` + (data.total > data.events.length ? ` (first ${data.events.length})` : "");
    fillBody(table, compactRows(data.events));
  } catch (err) {
    titleNode.textContent = title + ": error: " + err.message;
    fillBody(table, []);
  }
}

// The export endpoint takes the same filters as /api/events.
const EXPORT_SKIP = new Set(["page", "page_size", "sort"]);
function updateDownloads(query) {
  const q = {};
  for (const [k, v] of Object.entries(query)) if (!EXPORT_SKIP.has(k)) q[k] = v;
  for (const a of document.querySelectorAll(".downloads a[data-format]")) {
    a.href = "/api/export?" + queryString(Object.assign({}, q, { format: a.dataset.format }));
  }
}

// Suggestions while typing: countries and actors of this store, by code or name.
let suggestTimer = null;
function onSuggestInput(evt) {
  const value = evt.target.value.trim();
  clearTimeout(suggestTimer);
  if (value.length < 2) return;
  suggestTimer = setTimeout(async () => {
    try {
      const items = await api("/api/suggest?" + queryString({ q: value, limit: 12 }));
      $("#suggest-list").replaceChildren(...items.map(s => el("option", { value: s.value, label: `${s.label} · ${s.kind} · ${s.events} events` })));
    } catch (_) { /* suggestions are a help; typing goes on without them */ }
  }, 150);
}

function pageTo(delta) {
  const params = {};
  for (const [k, v] of eventsState.params || []) params[k] = v;
  params.page = eventsState.page + delta;
  go("events", params);
}

// ---------- annotated text ----------
// Splits the text at every span boundary so overlapping annotations (an actor inside a quote)
// each keep their own class on the pieces they cover.
function renderAnnotated(container, text, spans) {
  const valid = spans.filter(s => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= text.length && s.start < s.end);
  const cuts = new Set([0, text.length]);
  for (const s of valid) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const cover = valid.filter(s => s.start <= a && s.end >= b);
    const chunk = text.slice(a, b);
    if (!cover.length) { pieces.push(document.createTextNode(chunk)); continue; }
    const span = el("span", { class: [...new Set(cover.map(s => s.cls))].join(" "), title: cover.map(s => s.title).filter(Boolean).join(" | ") }, chunk);
    for (const s of cover) if (s.mention) span.dataset.mention = (span.dataset.mention ? span.dataset.mention + " " : "") + s.mention;
    pieces.push(span);
  }
  container.replaceChildren(...pieces);
}

function flashMention(container, mentionId) {
  for (const node of container.querySelectorAll(".flash")) node.classList.remove("flash");
  const hits = [...container.querySelectorAll("[data-mention]")].filter(n => n.dataset.mention.split(" ").includes(mentionId));
  for (const n of hits) n.classList.add("flash");
  if (hits.length) hits[0].scrollIntoView({ block: "center", behavior: "smooth" });
}

function eventRows(mentions, container) {
  return mentions.map((m, i) => {
    const tr = el("tr", { class: "clickable", "data-mention": m.id, title: "show in the text" },
      el("td", { text: String(i + 1) }),
      el("td", {}, actorLabel(m.source_code, m.source_text || m.source_name)),
      el("td", { text: m.trigger_text || "" }),
      el("td", {}, actorLabel(m.target_code, m.target_text || m.target_name)),
      el("td", {}, el("span", { class: "code", text: m.cameo }), " ", m.cameo_name || "", " ", quadBadge(m.quad_class),
        m.plover ? el("span", { class: "plover", title: "PLOVER event type", text: m.plover }) : ""),
      el("td", { class: "date", text: fmt(m.date) + (m.date_precision ? " (" + m.date_precision + ")" : "") }),
      el("td", { class: "where", text: whereText(m) }),
      el("td", { text: (m.negated ? "negated, " : "") + (m.modality || "") }),
      el("td", { class: "num", text: fmt(m.confidence, 2) }),
      el("td", { class: "rule", text: (m.rule || "").replace(/([:+])/g, "$1\u200b") }),
      el("td", { class: "evidence", text: m.evidence || "" }));
    tr.addEventListener("click", () => flashMention(container, m.id));
    return tr;
  });
}

function spansFor(mentions, actors, quotes) {
  const spans = [];
  for (const a of actors) spans.push({ start: a.start, end: a.end, cls: "actor", title: `${a.code || ""} ${a.name || ""}`.trim() });
  for (const m of mentions) spans.push({ start: m.trigger_start, end: m.trigger_end, cls: "trigger", mention: m.id, title: `${m.cameo} ${m.cameo_name || ""}: ${m.source_code || "?"} → ${m.target_code || "?"}` });
  for (const q of quotes) spans.push({ start: q.start, end: q.end, cls: "quote", title: "quote" + (q.speaker_code ? " by " + q.speaker_code : "") });
  return spans;
}

// ---------- article view ----------
async function loadArticle(id, eventId) {
  setStatus("events-status", "");
  $("#article-title").textContent = "Loading…";
  try {
    const art = await api("/api/articles/" + encodeURIComponent(id));
    $("#article-title").textContent = art.title || "(untitled article)";
    const meta = [art.date, art.source, art.origin].filter(Boolean).join(" · ");
    const metaNode = $("#article-meta");
    metaNode.replaceChildren(meta);
    if (art.url && /^https?:\/\//.test(art.url)) metaNode.append(" · ", el("a", { href: art.url, rel: "noreferrer noopener", target: "_blank", text: art.url }));
    const textNode = $("#article-text");
    renderAnnotated(textNode, art.text || "", spansFor(art.mentions, art.actors, art.quotes));
    fillBody($("#article-events"), eventRows(art.mentions, textNode));
    fillBody($("#article-actors"), art.actors.map(a => el("tr", {},
      el("td", { text: a.text }), el("td", { class: "code", text: a.code || "" }), el("td", { text: a.name || "" }), el("td", { class: "muted", text: a.how || "" }))));
    fillBody($("#article-quotes"), art.quotes.map(q => el("tr", {},
      el("td", {}, actorLabel(q.speaker_code, q.speaker_text)), el("td", { text: q.text }), el("td", { text: q.kind || "" }))));
    if (eventId) {
      const m = art.mentions.find(x => x.event_id === eventId);
      if (m) flashMention(textNode, m.id);
    }
  } catch (err) {
    $("#article-title").textContent = "Error: " + err.message;
  }
}

// ---------- dyad timeline (SVG) ----------
function niceMax(v) {
  if (v <= 5) return Math.max(1, Math.ceil(v));
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function drawDyadChart(container, data) {
  const months = data.months;
  const W = Math.max(900, Math.min(1300, 110 + months.length * 36)), H = 340;
  const m = { l: 48, r: 56, t: 40, b: 64 };
  const iw = W - m.l - m.r, ih = H - m.t - m.b;
  const maxTotal = niceMax(Math.max(0, ...months.map(x => x.total)));
  const band = months.length ? iw / months.length : iw;
  const y = v => m.t + ih - (v / maxTotal) * ih;
  const yg = g => m.t + ih - ((g + 10) / 20) * ih;
  const s = svgEl("svg", { id: "dyad-svg", width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "monthly events by quad class" });
  const ticks = maxTotal <= 5 ? maxTotal : 5;  // whole numbers for small counts
  for (let i = 0; i <= ticks; i++) {
    const v = (maxTotal * i) / ticks, yy = y(v);
    s.append(svgEl("line", { class: "grid", x1: m.l, x2: m.l + iw, y1: yy, y2: yy }));
    s.append(svgEl("text", { x: m.l - 6, y: yy + 4, "text-anchor": "end" }, Number.isInteger(v) ? String(v) : v.toFixed(1)));
  }
  for (const g of [-10, -5, 0, 5, 10]) {
    s.append(svgEl("text", { x: m.l + iw + 6, y: yg(g) + 4 }, (g > 0 ? "+" : "") + g));
  }
  s.append(svgEl("line", { x1: m.l, x2: m.l + iw, y1: yg(0), y2: yg(0), stroke: "#999", "stroke-dasharray": "3 3" }));
  s.append(svgEl("text", { x: 12, y: m.t + ih / 2, transform: `rotate(-90 12 ${m.t + ih / 2})`, "text-anchor": "middle" }, data.weight));
  s.append(svgEl("text", { x: W - 8, y: m.t + ih / 2, transform: `rotate(90 ${W - 8} ${m.t + ih / 2})`, "text-anchor": "middle" }, "mean Goldstein"));
  const step = Math.max(1, Math.ceil(months.length / 24));
  months.forEach((mo, i) => {
    let acc = 0;
    const w = Math.min(band * 0.76, 48), x = m.l + i * band + (band - w) / 2;  // a lone month is a bar, not a wall
    for (const q of [1, 2, 3, 4]) {
      const v = mo["q" + q];
      if (!v) continue;
      const rect = svgEl("rect", { class: "bar q" + q, x: x, y: y(acc + v), width: w, height: y(acc) - y(acc + v), fill: QUAD_COLORS[q], "data-month": mo.month });
      rect.append(svgEl("title", {}, `${mo.month}: ${v} ${QUAD_NAMES[q].toLowerCase()} (click to list)`));
      rect.addEventListener("click", () => dyadMonth(mo.month, q));
      s.append(rect);
      acc += v;
    }
    if (i % step === 0) {
      const tx = m.l + i * band + band / 2, ty = m.t + ih + 14;
      s.append(svgEl("text", { x: tx, y: ty, "text-anchor": "end", transform: `rotate(-45 ${tx} ${ty})` }, mo.month));
    }
  });
  s.append(svgEl("line", { x1: m.l, x2: m.l + iw, y1: m.t + ih, y2: m.t + ih, stroke: "#999" }));
  // Goldstein line, broken where a month has no events.
  let seg = [];
  const flush = () => { if (seg.length > 1) s.append(svgEl("polyline", { class: "gline", points: seg.join(" ") })); seg = []; };
  months.forEach((mo, i) => {
    if (mo.goldstein === null || mo.goldstein === undefined) { flush(); return; }
    const px = m.l + i * band + band / 2, py = yg(mo.goldstein);
    seg.push(`${px.toFixed(1)},${py.toFixed(1)}`);
    const dot = svgEl("circle", { class: "gdot", cx: px, cy: py, r: 3.5 });
    dot.append(svgEl("title", {}, `${mo.month}: mean Goldstein ${mo.goldstein}`));
    s.append(dot);
  });
  flush();
  let lx = m.l;
  // the legend lists the classes present only
  for (const q of [1, 2, 3, 4].filter(q => months.some(mo => mo["q" + q]))) {
    s.append(svgEl("rect", { x: lx, y: 12, width: 12, height: 12, fill: QUAD_COLORS[q] }));
    s.append(svgEl("text", { x: lx + 16, y: 22 }, QUAD_NAMES[q]));
    lx += 28 + QUAD_NAMES[q].length * 6.2;
  }
  s.append(svgEl("line", { x1: lx, x2: lx + 16, y1: 18, y2: 18, class: "gline" }));
  s.append(svgEl("text", { x: lx + 20, y: 22 }, "Mean Goldstein"));
  container.replaceChildren(s);
}

async function loadDyad(params) {
  const form = $("#dyad-form");
  paramsToForm(form, params);
  const container = $("#dyad-chart");
  if (!params.get("dyad")) {
    container.replaceChildren();
    fillBody($("#dyad-table"), []);
    setStatus("dyad-status", "Enter a dyad such as RUS:IND.");
    return;
  }
  setStatus("dyad-status", "Loading…");
  const query = {};
  for (const [k, v] of params) if (v) query[k] = v;
  try {
    const data = await api("/api/dyad?" + queryString(query));
    const total = data.months.reduce((a, mo) => a + mo.total, 0);
    setStatus("dyad-status", `${data.dyad}${data.both_directions ? " (both directions)" : ""}: ${total} ${data.weight} over ${data.months.length} month${data.months.length === 1 ? "" : "s"}` + (data.undated ? `; ${data.undated} undated not shown` : ""));
    drawDyadChart(container, data);
    dyadQuery = { dyad: query.dyad, both: query.both, from: query.from, to: query.to };
    const links = $("#dyad-list-links");
    links.replaceChildren(el("a", { class: "linkish", id: "dyad-all", text: "list all the dyad's events", onclick: () => dyadList({}, "All events") }));
    if (data.undated) links.append(" · ", el("a", { class: "linkish", id: "dyad-undated", text: `list the ${data.undated} undated`, onclick: () => dyadList({ undated: true, from: "", to: "" }, "Undated events") }));
    dyadList({}, "All events");
    fillBody($("#dyad-table"), data.months.map(mo => el("tr", { class: "clickable", onclick: () => dyadMonth(mo.month) },
      el("td", { text: mo.month }), el("td", { class: "num", text: mo.q1 }), el("td", { class: "num", text: mo.q2 }),
      el("td", { class: "num", text: mo.q3 }), el("td", { class: "num", text: mo.q4 }), el("td", { class: "num", text: mo.total }),
      el("td", { class: "num", text: fmt(mo.goldstein, 2) }))));
  } catch (err) {
    container.replaceChildren();
    setStatus("dyad-status", "Error: " + err.message, true);
  }
}

let dyadQuery = {};
function monthEnd(month) {
  const [y, m] = month.split("-").map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
}
function dyadMonth(month, quad) {
  dyadList({ from: month + "-01", to: monthEnd(month), quad: quad || "" }, `${month}` + (quad ? ` (${QUAD_NAMES[quad].toLowerCase()})` : ""));
}
function dyadList(extra, title) {
  const query = Object.assign({}, dyadQuery, extra);
  listEvents($("#dyad-events"), $("#dyad-list-title"), `${dyadQuery.dyad}: ${title}`, query);
}

// ---------- country network (SVG, force layout) ----------
function goldsteinColor(g) {
  const t = Math.max(-1, Math.min(1, (g || 0) / 10));
  const mix = (a, b, f) => Math.round(a + (b - a) * f);
  const grey = [154, 154, 154], red = [200, 55, 45], blue = [31, 95, 168];
  const end = t < 0 ? red : blue, f = Math.abs(t);
  return `rgb(${mix(grey[0], end[0], f)},${mix(grey[1], end[1], f)},${mix(grey[2], end[2], f)})`;
}

// Cytoscape draws the graph: its force layout ("cose") keeps nodes apart (no node sits on
// another, the NaN edge of two coincident nodes cannot happen), and it gives zoom and pan.
let cy = null;
function showTip(evt, text) {
  const tip = $("#network-tip");
  tip.textContent = text;
  tip.hidden = false;
  const e = evt.originalEvent;
  if (e) { tip.style.left = (e.clientX + 14) + "px"; tip.style.top = (e.clientY + 14) + "px"; }
}
function hideTip() { $("#network-tip").hidden = true; }

function drawNetwork(container, data, level) {
  if (cy) { cy.destroy(); cy = null; }
  container.replaceChildren();
  if (!data.nodes.length) {
    container.append(el("p", { class: "muted empty", text: "no events between " + (level === "actor" ? "actors" : "countries") + " for these filters" }));
    return;
  }
  const maxEvents = Math.max(...data.nodes.map(n => n.events));
  const maxW = Math.max(...data.edges.map(e => e.weight));
  const elements = [];
  for (const n of data.nodes) {
    const size = 26 + 34 * Math.sqrt(n.events / maxEvents);
    const tip = `${n.id}${n.name ? " " + n.name : ""}: ${n.events} events (${n.out} as source, ${n.in} as target)`;
    elements.push({ data: { id: n.id, label: n.id, size, tip } });
  }
  data.edges.forEach((e, i) => {
    elements.push({ data: {
      id: "e" + i, source: e.source, target: e.target, width: 1.5 + 6 * (e.weight / maxW), color: goldsteinColor(e.goldstein),
      tip: `${e.source} \u2192 ${e.target}: ${e.weight} events, mean Goldstein ${e.goldstein}` +
        ` (${[1, 2, 3, 4].map(q => e["q" + q] + " " + QUAD_NAMES[q].toLowerCase()).join(", ")})` } });
  });
  cy = cytoscape({
    container, elements, wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 4,
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "background-color": "#f5f5f5",
        "border-color": "#333", "border-width": 1.5, "text-valign": "center", "text-halign": "center", "font-size": 11, "font-weight": 700 } },
      { selector: "node:selected", style: { "background-color": "#dcebfb" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(color)", "target-arrow-color": "data(color)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.85 } },
    ],
    // randomize off + a fixed node order: the same data draws the same picture
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 400000, idealEdgeLength: () => 90,
      nodeOverlap: 40, componentSpacing: 80, padding: 30, numIter: 1500 },
  });
  cy.on("mouseover", "node, edge", evt => showTip(evt, evt.target.data("tip")));
  cy.on("mousemove", "node, edge", evt => showTip(evt, evt.target.data("tip")));
  cy.on("mouseout", "node, edge", hideTip);
  cy.on("tap", "node", evt => { hideTip(); go("events", level === "actor" ? { actor: evt.target.id() } : { country: evt.target.id() }); });
  cy.on("tap", "edge", evt => { hideTip(); go("events", { dyad: evt.target.data("source") + ":" + evt.target.data("target") }); });
  container.dataset.nodes = String(cy.nodes().length);
  container.dataset.edges = String(cy.edges().length);
}

async function loadNetwork(params) {
  const form = $("#network-form");
  paramsToForm(form, params);
  const query = {};
  for (const [k, v] of new URLSearchParams(queryString(formToParams(form)))) query[k] = v;
  const level = query.level === "actor" ? "actor" : "country";
  delete query.level;
  setStatus("network-status", "Loading…");
  try {
    const data = await api((level === "actor" ? "/api/network/actors?" : "/api/network?") + queryString(query));
    setStatus("network-status", `${data.nodes.length} ${level === "actor" ? "actors" : "countries"}, ${data.edges.length} directed links`);
    drawNetwork($("#network-chart"), data, level);
    const actorQuery = { from: query.from, to: query.to, quad: query.quad, min_confidence: query.min_confidence, limit: 15 };
    const actors = await api("/api/actors/top?" + queryString(actorQuery));
    fillBody($("#top-actors"), actors.map(a => {
      const tr = el("tr", { class: "clickable" },
        el("td", { class: "code", text: a.code || a.key }), el("td", { text: a.name || "" }), el("td", { class: "num", text: a.events }),
        el("td", { class: "num", text: a.as_source }), el("td", { class: "num", text: a.as_target }), el("td", { class: "num", text: fmt(a.goldstein, 2) }));
      tr.addEventListener("click", () => go("events", { actor: a.code || a.key }));
      return tr;
    }));
  } catch (err) {
    $("#network-chart").replaceChildren();
    setStatus("network-status", "Error: " + err.message, true);
  }
}

// ---------- map (Leaflet, no tiles: Natural Earth country shapes shipped with the package) ----------
let leafletMap = null, mapLayers = [], worldShapes = null;
async function world() {
  if (!worldShapes) {
    const resp = await fetch("/static/vendor/countries-110m.iso3.json");
    const topo = await resp.json();
    const shapes = topojson.feature(topo, topo.objects.countries);
    // Antarctica has no events and spans the whole width at the bottom of a Mercator map
    shapes.features = shapes.features.filter(f => f.id !== "ATA");
    for (const f of shapes.features) unwrapAntimeridian(f.geometry);
    worldShapes = shapes;
  }
  return worldShapes;
}
// Rings that cross the 180th meridian (Russia's Chukotka, Fiji) jump from +180 to -180; drawn
// as they are, that jump is a stripe across the whole map. Keeping each ring's longitudes
// continuous draws the part beyond 180 just east of it instead.
function unwrapAntimeridian(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) {
        const d = ring[i][0] - ring[i - 1][0];
        if (d > 180) ring[i][0] -= 360;
        else if (d < -180) ring[i][0] += 360;
      }
    }
  }
}
function shade(count, max) {
  if (!count) return "#f4f4f1";
  const t = Math.sqrt(count / max);  // square root: one busy country must not wash out the rest
  const a = [239, 237, 245], b = [84, 39, 143];  // purple: the points use the blues and reds
  return `rgb(${a.map((v, i) => Math.round(v + (b[i] - v) * t)).join(",")})`;
}

async function loadMap(params) {
  const form = $("#map-form");
  paramsToForm(form, params);
  const query = {};
  for (const [k, v] of new URLSearchParams(queryString(formToParams(form)))) query[k] = v;
  setStatus("map-status", "Loading…");
  try {
    const [data, shapes] = await Promise.all([api("/api/map?" + queryString(query)), world()]);
    if (!leafletMap) {
      leafletMap = L.map("map", { worldCopyJump: false, minZoom: 1, maxZoom: 8, attributionControl: false }).setView([20, 10], 2);
    }
    for (const layer of mapLayers) layer.remove();
    mapLayers = [];
    const byCountry = {};
    for (const c of data.countries) byCountry[c.country] = c;
    const maxC = Math.max(1, ...data.countries.map(c => c.events));
    const countries = L.geoJSON(shapes, {
      style: f => ({ fillColor: shade((byCountry[f.id] || {}).events, maxC), fillOpacity: 1, color: "#9aa", weight: 0.6 }),
      onEachFeature: (f, layer) => {
        const c = byCountry[f.id];
        layer.bindTooltip(`${f.properties.name}: ${c ? c.events : 0} events` + (c && c.goldstein !== null ? `, mean Goldstein ${c.goldstein}` : ""), { sticky: true });
        if (c) layer.on("click", () => go("events", Object.assign({}, stripMapOnly(query), { country: f.id })));
      },
    }).addTo(leafletMap);
    mapLayers.push(countries);
    const maxP = Math.max(1, ...data.points.map(p => p.events));
    for (const p of data.points) {
      const marker = L.circleMarker([p.lat, p.lon], {
        radius: 4 + 16 * Math.sqrt(p.events / maxP), color: "#fff", weight: 1, fillColor: QUAD_COLORS[p.quad_class], fillOpacity: 0.85,
        className: "map-point",
      }).addTo(leafletMap);
      marker.bindTooltip(`${p.name || "?"}${p.country ? ", " + p.country : ""}: ${p.events} events (` +
        [1, 2, 3, 4].filter(q => p["q" + q]).map(q => p["q" + q] + " " + QUAD_NAMES[q].toLowerCase()).join(", ") + ")");
      marker.on("click", () => listEvents($("#map-events"), $("#map-list-title"), `${p.name || "?"}${p.country ? ", " + p.country : ""}`,
        Object.assign({}, stripMapOnly(query), { place: `${p.lat},${p.lon}` })));
      mapLayers.push(marker);
    }
    const placed = data.points.reduce((a, p) => a + p.events, 0);
    setStatus("map-status", `${placed} events at ${data.points.length} places; ${data.unplaced} without a place are not on the map; ` +
      `${data.countries.length} countries shaded (${data.by === "actor" ? "countries taking part" : "where events happened"})`);
    $("#map").dataset.points = String(data.points.length);
    $("#map").dataset.countries = String(data.countries.length);
    setTimeout(() => leafletMap.invalidateSize(), 0);  // the section was hidden when the map was made
  } catch (err) {
    setStatus("map-status", "Error: " + err.message, true);
  }
}
function stripMapOnly(query) {
  const q = Object.assign({}, query);
  delete q.by; delete q.limit;
  return q;
}

// ---------- codebook ----------
function dl(pairs) {
  const node = el("dl");
  for (const [k, v] of pairs) if (v !== null && v !== undefined && v !== "") node.append(el("dt", { text: k }), el("dd", {}, v));
  return node;
}
function rolesList(person) {
  const ul = el("ul");
  for (const r of person.roles) ul.append(el("li", {}, el("span", { class: "code", text: r.code }), ` ${r.title || r.sector_name} (${r.start || "…"} to ${r.end || "now"})`));
  return ul;
}
function personBlock(p) {
  return el("div", {}, el("strong", { text: p.name }), " ", el("span", { class: "muted", text: `[${p.source}]` + (p.matched === "surname" ? " matched by surname" : "") }), rolesList(p));
}
async function loadExplain(params) {
  const form = $("#explain-form");
  paramsToForm(form, params);
  const term = params.get("term");
  const out = $("#explain-result");
  if (!term) { out.replaceChildren(); setStatus("explain-status", "A CAMEO code (0874), an actor code (RUSGOV) or a name (Jaishankar)."); return; }
  setStatus("explain-status", "Looking up…");
  try {
    const info = await api("/api/explain/" + encodeURIComponent(term));
    setStatus("explain-status", "");
    if (info.kind === "event_code") {
      out.replaceChildren(el("h2", {}, el("span", { class: "code", text: info.code }), " " + info.name), dl([
        ["Description", info.description],
        ["Goldstein (GDELT)", (info.goldstein > 0 ? "+" : "") + info.goldstein.toFixed(1)],
        ["Quad class", el("span", {}, quadBadge(info.quad_class), " " + info.quad_name)],
        ["PLOVER", info.plover ? info.plover + (info.plover_mode ? " / " + info.plover_mode : "") : "not mapped"],
        ["More specific codes", info.children.length ? info.children.map(c => `${c.code} ${c.name}`).join("; ") : null],
        ["Coded from words like", info.triggers.length ? info.triggers.join(", ") + (info.more_triggers ? ` (+${info.more_triggers} more)` : "") : null],
      ]), el("p", {}, el("a", { class: "linkish", text: "events with this code", onclick: () => go("events", { cameo: info.code }) })));
    } else if (info.kind === "actor_code") {
      const people = el("div");
      for (const p of info.people) people.append(personBlock(p));
      if (info.more_people) people.append(el("p", { class: "muted", text: `… and ${info.more_people} more` }));
      out.replaceChildren(el("h2", {}, el("span", { class: "code", text: info.code }), " " + info.description), dl([
        ["Country", info.country_name],
        ["Sectors", info.sectors.map(x => `${x.code} ${x.name}`).join(", ")],
        ["Organisations", info.organisations.map(o => o.name).join("; ")],
        ["People the knowledge base codes so", info.people.length ? people : null],
      ]), el("p", {}, el("a", { class: "linkish", text: "events of this actor", onclick: () => go("events", { actor: info.code }) })));
    } else {
      const blocks = info.matches.map(m => m.kind === "person" ? personBlock(m)
        : m.kind === "title" ? el("p", { text: `title: ${m.name}, sector ${m.sector} (${m.sector_name}); the country comes from the text` })
        : el("p", { text: `${m.kind}: ${m.name} \u2192 ${m.code || "-"}` }));
      // the code a name is coded with today (a person's latest role), to open its events
      const codes = [...new Set(info.matches.map(m => m.roles && m.roles.length ? m.roles[0].code : m.code).filter(Boolean))];
      const links = codes.map(code => el("a", { class: "linkish", text: `events of ${code}`, onclick: () => go("events", { actor: code }) }));
      out.replaceChildren(el("h2", { text: info.query }), ...(info.note ? [el("p", { class: "muted", text: info.note })] : []), ...blocks,
        ...(links.length ? [el("p", {}, ...links.flatMap((a, i) => i ? [" · ", a] : [a]))] : []));
    }
  } catch (err) {
    out.replaceChildren();
    setStatus("explain-status", "Error: " + err.message, true);
  }
}

// ---------- paste an article ----------
async function codeArticle(evt) {
  evt.preventDefault();
  const form = evt.target;
  const p = formToParams(form);
  const body = { text: form.elements.text.value, store: !!p.store };
  if (p.date) body.date = p.date;
  if (p.source) body.source = p.source;
  setStatus("code-status", "Coding…");
  $("#code-submit").disabled = true;
  try {
    const data = await api("/api/code", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body) });
    const mentions = data.events.map(ev => ({
      id: ev.id, source_code: ev.source && ev.source.code, source_text: ev.source && ev.source.text,
      target_code: ev.target && ev.target.code, target_text: ev.target && ev.target.text,
      cameo: ev.cameo, cameo_name: ev.cameo_name, quad_class: ev.quad_class, date: ev.date, date_precision: ev.date_precision,
      plover: ev.plover, confidence: ev.confidence, rule: ev.rule,
      location_name: ev.location && ev.location.name, location_country: ev.location && ev.location.country,
      modality: ev.modality, negated: ev.negated, evidence: ev.evidence, trigger_text: ev.trigger.text,
      trigger_start: ev.trigger.start, trigger_end: ev.trigger.end }));
    const quotes = data.quotes.map(q => ({ start: q.start, end: q.end, speaker_code: q.speaker && q.speaker.code }));
    const view = $("#code-text-view");
    renderAnnotated(view, data.text, spansFor(mentions, data.actors, quotes));
    fillBody($("#code-events"), eventRows(mentions, view));
    $("#code-result").hidden = false;
    let note = `${data.events.length} event${data.events.length === 1 ? "" : "s"}, ${data.actors.length} actor mentions, ${data.quotes.length} quotes` + (data.date ? ` · dated ${data.date}` : "");
    if (body.store) note += data.stored ? " · saved to the store" : " · not saved: " + (data.store_note || "unknown reason");
    setStatus("code-status", note);
  } catch (err) {
    setStatus("code-status", "Error: " + err.message, true);
  } finally {
    $("#code-submit").disabled = false;
  }
}

// ---------- wiring ----------
function submitTo(view) {
  return evt => {
    evt.preventDefault();
    if (!evt.target.reportValidity()) return;
    go(view, formToParams(evt.target));
  };
}

async function loadStats() {
  try {
    const s = await api("/api/stats");
    $("#stats").textContent = `${s.events} events · ${s.articles} articles` + (s.first_date ? ` · ${s.first_date} – ${s.last_date}` : "");
  } catch (err) {
    $("#stats").textContent = "store unavailable: " + err.message;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("#event-filters").addEventListener("submit", submitTo("events"));
  $("#event-filters").addEventListener("reset", () => setTimeout(() => go("events", {}), 0));
  $("#dyad-form").addEventListener("submit", submitTo("dyad"));
  $("#network-form").addEventListener("submit", submitTo("network"));
  $("#map-form").addEventListener("submit", submitTo("map"));
  $("#explain-form").addEventListener("submit", submitTo("explain"));
  for (const input of document.querySelectorAll("input.suggest")) input.addEventListener("input", onSuggestInput);
  $("#code-form").addEventListener("submit", codeArticle);
  $("#prev-page").addEventListener("click", () => pageTo(-1));
  $("#next-page").addEventListener("click", () => pageTo(1));
  window.addEventListener("hashchange", route);
  loadStats();
  route();
});
