// dyad's web page: a hash-routed single page over the JSON API, no dependencies.
// Views: #/events?filters (person=NAME among them), #/actors?q=NAME, #/actor/ID, #/pair/A/B?filters, #/graph,
// #/article/ID?event=N, #/commitments?actor=X&status=S.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const COLORS = ["#2a9d55", "#3a86c8", "#52b788", "#8ab17d", "#2e7d32", "#00897b", "#9e9d24", "#5c6bc0",
  "#e76f51", "#f4a261", "#d62828", "#bc6c25", "#9d0208", "#6d597a", "#7b2cbf", "#370617"];
const FILTERS = ["actor", "source", "target", "type", "context", "since", "until", "article", "person"];
const view = document.getElementById("view");

function typeColor(t) {
  const i = TYPES.indexOf(t);
  return i >= 0 ? COLORS[i] : "#888";
}

// Builds an element: el("a", {href: "#"}, "text", child...).
function el(tag, attrs, ...children) {
  const node = tag === "svg" || SVG_TAGS.has(tag)
    ? document.createElementNS("http://www.w3.org/2000/svg", tag)
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    // Styles through the CSSOM, which the page's Content-Security-Policy allows.
    else if (k === "style") node.style.cssText = v;
    else if (k === "href" && !safeHref(v)) continue;
    else node.setAttribute(k, v === true ? "" : v);
  }
  // Children nest in lists at any depth ([", ", link] inside a map): flatten them all.
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
// Only links within the page and http(s) links are made: a stored `javascript:` URL is not.
function safeHref(url) {
  return /^(#|\/(?!\/)|https?:\/\/)/i.test(String(url));
}
const SVG_TAGS = new Set(["g", "rect", "circle", "line", "text", "title", "path", "polyline"]);

function typeBadge(t) {
  return el("span", { class: "type", style: `background:${typeColor(t)}` }, t);
}

function actorLink(a) {
  if (!a) return el("span", { class: "muted" }, "—");
  return el("a", { href: `#/actor/${encodeURIComponent(a.id)}`, title: a.name }, a.id);
}

function pairHref(a, b) {
  return `#/pair/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
}

// A row that opens `href` when clicked or when Enter is pressed on it (it takes the focus).
function linkRow(href, attrs, ...cells) {
  const go = ev => { if (!ev.target.closest("a")) location.hash = href; };
  return el("tr", { ...attrs, class: "link", tabindex: 0, onclick: go,
    onkeydown: ev => { if (ev.key === "Enter") go(ev); } }, ...cells);
}

// An actor box: suggestions from ids, names and other names as the user types ("viet nam"),
// and the persons the events name ("lacroix"), each with the body they act for and their role.
// Choosing a person calls `onPerson` with them; without it the box takes the body they act
// for and says whom it stands for.
function actorBox(name, label, value, placeholder, onPerson) {
  const list = el("datalist", { id: `${name}-suggestions` });
  const note = el("span", { class: "muted note", "aria-live": "polite" });
  let asked = "";
  let persons = new Map();
  const input = el("input", { name, value: value || "", placeholder, list: list.id, autocomplete: "off",
    oninput: async ev => {
      const q = input.value.trim();
      // A suggestion chosen from the list (not typed key by key).
      const chosen = persons.get(q);
      if (chosen && ev.inputType !== "insertText") {
        if (onPerson) return onPerson(chosen);
        input.value = chosen.acts_for.id;
        note.textContent = `${personLabel(chosen)}: events of ${chosen.acts_for.name}`;
        return;
      }
      asked = q;
      if (q.length < 2) { list.replaceChildren(); note.textContent = ""; return; }
      const r = await api(`/api/actors/suggest?q=${encodeURIComponent(q)}&limit=8`).catch(() => null);
      if (!r || asked !== q) return;
      persons = new Map(r.persons.map(p => [p.person, p]));
      list.replaceChildren(
        ...r.actors.map(a => el("option", { value: a.id, "data-kind": "actor" }, `${a.name} (${a.matched})`)),
        ...r.persons.map(p => el("option", { value: p.person, "data-kind": "person" }, `${personLabel(p)} · person`)));
      note.textContent = r.message || "";
    } });
  const box = el("label", {}, label, input, list, note);
  // The person a value names among the suggestions shown, if any.
  box.person = value => persons.get(value.trim());
  return box;
}

// "Jean-Pierre Lacroix — UN, Under-Secretary-General": a person, the body they act for, their role.
function personLabel(p) {
  const body = p.acts_for.kind === "person" ? "" : p.acts_for.id;
  const what = [body, p.role].filter(Boolean).join(", ");
  return what ? `${p.person} — ${what}` : p.person;
}

function personHref(name) {
  return `#/events?person=${encodeURIComponent(name)}`;
}

// Case and accents aside, as the API compares names ("Nguyễn" and "nguyen").
function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
}

// An actor with the person who acted for it, when one did.
function actorCell(a) {
  if (!a || !a.person) return actorLink(a);
  return [actorLink(a), el("div", { class: "muted person" },
    el("a", { href: personHref(a.person), title: `events naming ${a.person}` }, a.person), a.role ? `, ${a.role}` : "")];
}

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({ code: "internal", message: res.statusText }));
  if (!res.ok) throw body;
  return body;
}

function showError(e) {
  view.replaceChildren(el("div", { class: "error", role: "alert" },
    el("strong", {}, e.code || "error"), ": ", e.message || String(e),
    e.hint ? el("div", { class: "muted" }, "Hint: ", e.hint) : null));
}

function parseHash() {
  const h = location.hash.replace(/^#\/?/, "") || "events";
  const [path, query] = h.split("?");
  return { parts: path.split("/").map(decodeURIComponent), params: new URLSearchParams(query || "") };
}

async function route() {
  const { parts, params } = parseHash();
  for (const a of document.querySelectorAll("nav a")) {
    a.classList.toggle("active", a.dataset.nav === parts[0] || (parts[0] === "actor" && a.dataset.nav === "actors"));
  }
  view.replaceChildren("Loading…");
  try {
    if (parts[0] === "events") await eventsView(params);
    else if (parts[0] === "actors") await actorsView(params);
    else if (parts[0] === "pair" && parts[1] && parts[2]) await pairView(parts[1], parts[2], params);
    else if (parts[0] === "actor" && parts[1]) await actorView(parts[1]);
    else if (parts[0] === "graph") await graphView(params);
    else if (parts[0] === "article" && parts[1]) await articleView(parts[1], params);
    else if (parts[0] === "commitments") await commitmentsView(params);
    else showError({ code: "not_found", message: "no such page", hint: "start at #/events" });
  } catch (e) {
    showError(e);
  }
}

// ---- events table with filters -------------------------------------------------------------

async function eventsView(params) {
  const limit = 50;
  const offset = Number(params.get("offset") || 0);
  const q = new URLSearchParams();
  for (const f of FILTERS) if (params.get(f)) q.set(f, params.get(f));
  q.set("limit", limit);
  q.set("offset", offset);
  const person = params.get("person");
  const [data, found] = await Promise.all([api(`/api/events?${q}`),
    person ? api(`/api/actors/suggest?q=${encodeURIComponent(person)}&limit=20`) : { persons: [] }]);

  const input = (name, label, placeholder) => el("label", {}, label,
    el("input", { name, value: params.get(name) || "", placeholder }));
  const typeSelect = el("select", { name: "type" }, el("option", { value: "" }, "any"),
    TYPES.map(t => el("option", { value: t, selected: params.get("type") === t }, t)));
  const actorField = actorBox("actor", "Actor or person", params.get("actor"), "VNM, Viet Nam or Lacroix", p => {
    const next = new URLSearchParams();
    for (const f of FILTERS) if (f !== "actor" && params.get(f)) next.set(f, params.get(f));
    next.set("person", p.person);
    location.hash = `#/events?${next}`;
  });
  const form = el("form", { class: "filters", id: "filters", onsubmit: ev => {
    ev.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v.trim()) next.set(k, v.trim());
    // A person's name typed in full into the actor box filters by the person.
    const typed = actorField.person(next.get("actor") || "");
    if (typed) { next.delete("actor"); next.set("person", typed.person); }
    location.hash = `#/events?${next}`;
  } },
  actorField,
  input("person", "Person", "Jean-Pierre Lacroix"),
  input("source", "Source", ""), input("target", "Target", ""),
  el("label", {}, "Type", typeSelect),
  input("context", "Context", "military"),
  input("since", "Since", "YYYY-MM-DD"), input("until", "Until", "YYYY-MM-DD"),
  input("article", "Article", ""),
  el("button", { type: "submit" }, "Filter"),
  el("button", { type: "button", class: "plain", onclick: () => { location.hash = "#/events"; } }, "Clear"));

  const rows = data.events.map(e => linkRow(articleHref(e), { "data-event": e.id },
    el("td", {}, e.day || el("span", { class: "muted" }, "—")),
    el("td", {}, typeBadge(e.event_type)),
    el("td", {}, actorCell(e.source)),
    el("td", {}, actorCell(e.target), e.source && e.target ? [" ", el("a", { href: pairHref(e.source.id, e.target.id), class: "pair", title: "both ways" }, "⇄")] : null),
    el("td", {}, place(e)),
    el("td", {}, e.cameo),
    el("td", { class: "num" }, e.goldstein === null ? "" : e.goldstein.toFixed(1)),
    el("td", {}, e.sentence.length > 160 ? e.sentence.slice(0, 159) + "…" : e.sentence),
    el("td", {}, el("a", { href: `#/article/${encodeURIComponent(e.article_id)}?event=${e.id}` }, e.article_id)),
    el("td", { class: "num sources", title: (e.sources || []).map(s => s.article_id).join(", ") }, e.source_count || 1)));
  const page = (o) => { const p = new URLSearchParams(params); p.set("offset", o); return `#/events?${p}`; };
  const pager = el("div", { class: "pager" },
    el("button", { class: "plain", disabled: offset === 0, onclick: () => { location.hash = page(Math.max(0, offset - limit)); } }, "← Newer"),
    el("span", { class: "muted", id: "count" }, data.events.length === 0 ? "no events"
      : `${offset + 1}–${offset + data.events.length}`),
    el("button", { class: "plain", disabled: data.next_offset === null, onclick: () => { location.hash = page(data.next_offset); } }, "Older →"));
  view.replaceChildren(personHeading(person, found.persons), form, pager,
    el("table", { id: "events" },
      el("thead", {}, el("tr", {}, ["Day", "Type", "Source", "Target", "Place", "CAMEO", "Goldstein", "Sentence", "Article", "Sources"].map(h => el("th", {}, h)))),
      el("tbody", {}, rows)));
  // Counting every match can take a while in a big store: the table does not wait for it.
  if (data.events.length) {
    q.set("limit", 0);
    q.set("total", "true");
    const count = pager.querySelector("#count");
    api(`/api/events?${q}`).then(c => {
      if (count.isConnected) count.textContent = `${offset + 1}–${offset + data.events.length} of ${c.total} events`;
    }, () => {});
  }
}

// "Events naming Jean-Pierre Lacroix — UN, Under-Secretary-General" over a person's events, as
// the actor box suggests them; a name that stands for several persons lists them.
function personHeading(person, found) {
  if (!person) return el("h1", {}, "Events");
  const wanted = fold(person.trim());
  const same = found.filter(p => fold(p.person) === wanted);
  const list = same.length ? same : found;
  if (list.length === 1 || (list.length && list.every(p => p.person === list[0].person))) {
    const p = list[0];
    return el("h1", { id: "person-heading" }, `Events naming ${p.person}`, el("span", { class: "muted" }, " — ",
      list.map((q, i) => [i ? "; " : "", q.acts_for.kind === "person" ? "" : [actorLink(q.acts_for), q.role ? ", " : ""], q.role || ""])));
  }
  return el("h1", { id: "person-heading" }, `Events naming “${person}”`, list.length ? el("span", { class: "muted" },
    ` (${list.length} people: `, list.map((p, i) => [i ? "; " : "", personLabel(p)]), ")") : null);
}

function articleHref(e) {
  return `#/article/${encodeURIComponent(e.article_id)}?event=${e.id}`;
}

function place(e) {
  if (!e.location) return el("span", { class: "muted" }, "—");
  return e.location.country && e.location.country !== e.location.name ? `${e.location.name} (${e.location.country})` : e.location.name;
}

// ---- actors --------------------------------------------------------------------------------

async function actorsView(params) {
  const q = (params.get("q") || "").trim();
  const search = el("form", { class: "filters", id: "actor-search", onsubmit: ev => {
    ev.preventDefault();
    const v = new FormData(search).get("q").trim();
    location.hash = v ? `#/actors?q=${encodeURIComponent(v)}` : "#/actors";
  } }, actorBox("q", "Find an actor or a person (id, name or another name)", q, "viet nam, United Nations, Lacroix",
    p => { location.hash = personHref(p.person); }),
  el("button", { type: "submit" }, "Find"));
  if (q) {
    const found = await api(`/api/actors/suggest?q=${encodeURIComponent(q)}&limit=20`);
    const actors = found.actors.length ? el("ul", { id: "found" }, found.actors.map(a => el("li", { "data-actor": a.id },
      actorLink(a), ` ${a.name} `, el("span", { class: "muted" }, `${a.kind}, ${a.events} events; matched “${a.matched}”`)))) : null;
    const persons = found.persons.length ? [el("h2", {}, "People"), el("ul", { id: "found-persons" }, found.persons.map(p =>
      el("li", { "data-person": p.person, "data-acts-for": p.acts_for.id },
        el("a", { href: personHref(p.person) }, p.person), " — ",
        p.acts_for.kind === "person" ? "" : [actorLink(p.acts_for), ` ${p.acts_for.name}`, p.role ? ", " : ""], p.role || "",
        el("span", { class: "muted" }, ` · named in ${p.mentions} ${p.mentions === 1 ? "report" : "reports"}`))))] : null;
    view.replaceChildren(el("h1", {}, "Actors and people"), search,
      // replaceChildren takes nodes, not lists: a `div` holds what was found.
      el("div", { id: "search-results" },
        actors || persons ? [actors, persons] : el("p", { id: "no-match", role: "status" }, found.message)));
    return;
  }
  const data = await api("/api/actors?limit=500&partners=3");
  view.replaceChildren(el("h1", {}, "Actors"), search, el("table", { id: "actors" },
    el("thead", {}, el("tr", {}, ["Actor", "Name", "Kind", "Events", "As source", "As target", "Main partners"].map(h => el("th", {}, h)))),
    el("tbody", {}, data.actors.map(a => el("tr", {},
      el("td", {}, actorLink(a)), el("td", {}, a.name), el("td", {}, a.kind),
      el("td", { class: "num" }, a.events), el("td", { class: "num" }, a.as_source), el("td", { class: "num" }, a.as_target),
      el("td", {}, a.partners.map((p, i) => [i ? ", " : "", actorLink(p), ` (${p.events}) `,
        el("a", { href: pairHref(a.id, p.id), class: "pair", title: `${a.id} and ${p.id}, both ways` }, "⇄")])))))));
}

async function actorView(id) {
  const [a, recent] = await Promise.all([
    api(`/api/actors/${encodeURIComponent(id)}`),
    api(`/api/events?actor=${encodeURIComponent(id)}&limit=20`),
  ]);
  const types = Object.keys(a.by_type).sort((x, y) => TYPES.indexOf(x) - TYPES.indexOf(y));
  view.replaceChildren(
    el("h1", {}, `${a.name} `, el("span", { class: "muted" }, `(${a.id}, ${a.kind})`)),
    el("p", {}, `${a.events} events: ${a.as_source} as source, ${a.as_target} as target. `,
      el("a", { href: `#/events?actor=${encodeURIComponent(a.id)}` }, "All its events →")),
    el("h2", {}, "Timeline by event type"),
    el("div", { class: "legend" }, types.map(t => el("span", {}, typeBadge(t), ` ${a.by_type[t]}`))),
    timeline(a.timeline),
    el("div", { class: "cols" },
      el("div", {}, el("h2", {}, "Recent events"), el("table", {}, el("tbody", {}, recent.events.map(e => el("tr", {},
        el("td", {}, e.day || "—"), el("td", {}, typeBadge(e.event_type)),
        el("td", {}, actorLink(e.source), " → ", actorLink(e.target)),
        el("td", {}, el("a", { href: `#/article/${encodeURIComponent(e.article_id)}?event=${e.id}` }, e.sentence.slice(0, 90)))))))),
      el("div", {}, el("h2", {}, "Main partners"), el("ol", { class: "partners" }, a.partners.map(p => el("li", {},
        actorLink(p), ` ${p.name}: ${p.events} events `, el("a", { href: pairHref(a.id, p.id), class: "pair" }, "both ways ⇄"),
        p.goldstein_mean === null ? "" : el("span", { style: `color:${p.goldstein_mean >= 0 ? "var(--coop)" : "var(--conf)"}` },
          ` (Goldstein ${p.goldstein_mean.toFixed(1)})`)))))));
}

// Stacked bars of events per month, one colour per type.
function timeline(months) {
  if (!months.length) return el("p", { class: "muted" }, "No dated events.");
  const W = 900, H = 180, pad = 28;
  const max = Math.max(...months.map(m => Object.values(m.by_type).reduce((s, n) => s + n, 0)));
  const bw = Math.max(2, Math.min(40, (W - pad) / months.length - 2));
  const svg = el("svg", { viewBox: `0 0 ${W} ${H + 30}`, width: "100%", id: "timeline", role: "img" });
  svg.append(el("text", { x: 0, y: 12 }, String(max)));
  months.forEach((m, i) => {
    let y = H;
    const x = pad + i * (bw + 2);
    for (const t of TYPES.filter(t => m.by_type[t]).concat(Object.keys(m.by_type).filter(t => !TYPES.includes(t)))) {
      const h = (m.by_type[t] / max) * (H - 10);
      y -= h;
      svg.append(el("rect", { x, y, width: bw, height: h, fill: typeColor(t) }, el("title", {}, `${m.month} ${t}: ${m.by_type[t]}`)));
    }
    const every = Math.ceil(months.length / Math.max(1, Math.floor((W - pad) / 56)));
    if (i % every === 0) svg.append(monthLabel(m.month, x + bw / 2, H + 14, W));
  });
  return svg;
}

// A month under a bar, centred on it and kept inside the drawing (the last is not clipped).
function monthLabel(month, x, y, width) {
  const anchor = x < 30 ? "start" : x > width - 30 ? "end" : "middle";
  return el("text", { x, y, "text-anchor": anchor, class: "month" }, month);
}

// ---- network graph -------------------------------------------------------------------------

async function graphView(params) {
  const limit = Number(params.get("limit") || 150);
  const q = new URLSearchParams({ undirected: "true", limit });
  for (const f of ["type", "since", "until"]) if (params.get(f)) q.set(f, params.get(f));
  const data = await api(`/api/dyads?${q}`);
  const form = el("form", { class: "filters", id: "graph-filters", onsubmit: ev => {
    ev.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v.trim()) next.set(k, v.trim());
    location.hash = `#/graph?${next}`;
  } },
  el("label", {}, "Type", el("select", { name: "type" }, el("option", { value: "" }, "any"),
    TYPES.map(t => el("option", { value: t, selected: params.get("type") === t }, t)))),
  el("label", {}, "Since", el("input", { name: "since", value: params.get("since") || "", placeholder: "YYYY-MM-DD" })),
  el("label", {}, "Until", el("input", { name: "until", value: params.get("until") || "", placeholder: "YYYY-MM-DD" })),
  el("button", { type: "submit" }, "Filter"));
  const nodes = new Map();
  const edges = data.dyads.map(d => {
    for (const a of [d.source, d.target]) if (!nodes.has(a.id)) nodes.set(a.id, { id: a.id, name: a.name, weight: 0 });
    nodes.get(d.source.id).weight += d.events;
    nodes.get(d.target.id).weight += d.events;
    return { a: d.source.id, b: d.target.id, n: d.events, g: d.goldstein_mean };
  });
  const list = [...nodes.values()];
  layout(list, edges);
  const W = 1000, H = 620;
  const maxW = Math.max(1, ...list.map(n => n.weight));
  const maxN = Math.max(1, ...edges.map(e => e.n));
  const svg = el("svg", { class: "graph", id: "graph", viewBox: `0 0 ${W} ${H}`, role: "img" });
  for (const e of edges) {
    const [p, q] = [nodes.get(e.a), nodes.get(e.b)];
    const color = e.g === null ? "#999" : e.g >= 0 ? "var(--coop)" : "var(--conf)";
    svg.append(el("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, stroke: color, "stroke-opacity": 0.6, class: "edge",
      "data-pair": `${e.a}/${e.b}`, onclick: () => { location.hash = pairHref(e.a, e.b); },
      "stroke-width": 2 + 5 * e.n / maxN }, el("title", {}, `${e.a} – ${e.b}: ${e.n} events, Goldstein ${e.g === null ? "n/a" : e.g.toFixed(1)}`)));
  }
  for (const n of list) {
    const r = 5 + 14 * Math.sqrt(n.weight / maxW);
    const open = () => { location.hash = `#/actor/${encodeURIComponent(n.id)}`; };
    svg.append(el("g", { class: "node", "data-actor": n.id, tabindex: 0, role: "link", "aria-label": n.name, onclick: open,
      onkeydown: ev => { if (ev.key === "Enter") open(); } },
      el("circle", { cx: n.x, cy: n.y, r, fill: "#3a86c8" }, el("title", {}, `${n.name}: ${n.weight} events`)),
      // Busy actors are labelled; the others show their name on hover.
      n.weight >= maxW / 8 || list.length <= 30 ? el("text", { x: n.x + r + 2, y: n.y + 4, class: "halo" }, n.id) : null));
  }
  view.replaceChildren(el("h1", {}, "Network of actors"), form,
    el("p", { class: "muted" }, `${list.length} actors, ${edges.length} pairs (busiest ${limit}). Edge width: events; colour: mean Goldstein score (green cooperation, red conflict). Click an actor, or a pair's line for the pair view.`),
    svg);
}

// A small force-directed layout: pairs attract in proportion to their events, all repel.
function layout(nodes, edges) {
  const W = 1000, H = 620;
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  nodes.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, nodes.length);
    n.x = W / 2 + (W / 3) * Math.cos(angle);
    n.y = H / 2 + (H / 3) * Math.sin(angle);
  });
  const k = Math.sqrt((W * H) / Math.max(1, nodes.length)) * 0.6;
  for (let step = 0; step < 300; step++) {
    const temp = 30 * (1 - step / 300) + 0.5;
    const dx = new Float64Array(nodes.length), dy = new Float64Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        let x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
        const d2 = Math.max(0.01, x * x + y * y), f = (k * k) / d2;
        dx[i] += x * f; dy[i] += y * f; dx[j] -= x * f; dy[j] -= y * f;
      }
    }
    for (const e of edges) {
      const i = index.get(e.a), j = index.get(e.b);
      const x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
      const d = Math.max(0.1, Math.hypot(x, y)), f = (d / k) * (1 + Math.log(e.n));
      dx[i] -= x * f; dy[i] -= y * f; dx[j] += x * f; dy[j] += y * f;
    }
    nodes.forEach((n, i) => {
      // Gravity keeps separate components on the canvas instead of at its edges.
      dx[i] += (W / 2 - n.x);
      dy[i] += (H / 2 - n.y);
      const len = Math.max(0.01, Math.hypot(dx[i], dy[i]));
      n.x = Math.min(W - 60, Math.max(30, n.x + (dx[i] / len) * Math.min(len, temp)));
      n.y = Math.min(H - 30, Math.max(30, n.y + (dy[i] / len) * Math.min(len, temp)));
    });
  }
}

// ---- article view --------------------------------------------------------------------------

async function articleView(id, params) {
  const data = await api(`/api/articles/${encodeURIComponent(id)}`);
  const a = data.article;
  // Spans are Unicode code point offsets: index the text by code points, not UTF-16 units.
  const chars = Array.from(a.text);
  const cuts = new Set([0, chars.length]);
  const clamp = n => Math.max(0, Math.min(chars.length, n));
  for (const e of data.events) {
    for (const s of [e.span, e.trigger]) { cuts.add(clamp(s.start)); cuts.add(clamp(s.end)); }
  }
  const bounds = [...cuts].sort((x, y) => x - y);
  const text = el("div", { class: "article-text", id: "article-text" });
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [s, t] = [bounds[i], bounds[i + 1]];
    const piece = chars.slice(s, t).join("");
    const covering = data.events.filter(e => e.span.start <= s && t <= e.span.end && e.span.start < e.span.end);
    if (!covering.length) { text.append(piece); continue; }
    const inTrigger = covering.some(e => e.trigger.start <= s && t <= e.trigger.end && e.trigger.start < e.trigger.end);
    text.append(el("mark", { class: "event", "data-events": covering.map(e => e.id).join(" "),
      onclick: () => select(covering[0].id, true), title: covering.map(e => `${e.event_type} ${e.cameo}`).join(", ") },
      inTrigger ? el("span", { class: "trigger" }, piece) : piece));
  }
  const codings = data.events.map(e => el("div", { class: "coding", "data-event": e.id, tabindex: 0,
    onclick: ev => { if (!ev.target.closest("a")) select(e.id, true); },
    onkeydown: ev => { if (ev.key === "Enter") select(e.id, true); } },
    el("div", {}, typeBadge(e.event_type), " ", actorLink(e.source), " → ", actorLink(e.target),
      el("span", { class: "muted" }, `  CAMEO ${e.cameo}`)),
    el("dl", {},
      el("dt", {}, "Trigger"), el("dd", {}, e.trigger_text || "—"),
      el("dt", {}, "Date"), el("dd", {}, e.date ? `${e.date} (${e.date_precision || "?"})` : `— (day ${e.day || "unknown"})`),
      e.contexts.length ? [el("dt", {}, "Contexts"), el("dd", {}, e.contexts.join(", "))] : null,
      e.mode ? [el("dt", {}, "Mode"), el("dd", {}, e.mode)] : null,
      e.source ? [el("dt", {}, "Source as written"), el("dd", {}, e.source.text || "—")] : null,
      e.target ? [el("dt", {}, "Target as written"), el("dd", {}, e.target.text || "—")] : null,
      [["Source person", e.source], ["Target person", e.target]].filter(([, a]) => a && a.person).map(([what, a]) =>
        [el("dt", {}, what), el("dd", {}, el("a", { href: personHref(a.person) }, a.person), a.role ? `, ${a.role}` : "")]),
      e.location ? [el("dt", {}, "Place"), el("dd", {}, e.location.name)] : null,
      e.commitment ? [el("dt", {}, "Commitment"), el("dd", {}, `${e.commitment.kind}: ${e.commitment.what}`)] : null,
      el("dt", {}, "Goldstein"), el("dd", {}, e.goldstein === null ? "—" : e.goldstein.toFixed(1)),
      el("dt", {}, "Confidence"), el("dd", {}, e.confidence.toFixed(2)),
      el("dt", {}, "Span"), el("dd", {}, `${e.span.start}–${e.span.end} (code points)`),
      (e.source_count || 1) > 1 ? [el("dt", {}, "Also reported by"), el("dd", { class: "also" },
        e.sources.filter(s => s.event_id !== e.id).map((s, i) => [i ? ", " : "",
          el("a", { href: `#/article/${encodeURIComponent(s.article_id)}?event=${s.event_id}`, title: s.reason || s.sentence }, s.article_id)]),
        e.source_count > e.sources.length ? ` and ${e.source_count - e.sources.length} more` : null)] : null,
      e.reasons && e.reasons.length ? [el("dt", {}, "Merged because"), el("dd", {}, e.reasons.join("; "))] : null)));
  view.replaceChildren(
    el("h1", {}, a.title || a.id),
    el("p", { class: "muted" }, [a.published, a.url ? (/^https?:\/\//i.test(a.url) ? el("a", { href: a.url, rel: "noreferrer" }, a.url) : a.url) : null, `id ${a.id}`]
      .filter(Boolean).flatMap((x, i) => (i ? [" · ", x] : [x]))),
    el("div", { class: "cols" }, text,
      el("div", { id: "codings", class: "codings" }, el("h2", {}, `${data.events.length} events`), codings)));
  const wanted = Number(params.get("event"));
  if (wanted) select(wanted, true);

  function select(eventId, scroll) {
    for (const m of text.querySelectorAll("mark.event")) {
      m.classList.toggle("active", m.dataset.events.split(" ").includes(String(eventId)));
    }
    for (const c of document.querySelectorAll(".coding")) c.classList.toggle("active", c.dataset.event === String(eventId));
    const first = text.querySelector("mark.event.active");
    const card = document.querySelector(".coding.active");
    if (!scroll) return;
    // The sentence in the page's view, then the card in its own scrolling column (whose place
    // on screen the page's scroll moves: it sticks to the top of the view).
    if (first && !inView(first, null)) first.scrollIntoView({ block: "center" });
    if (card && !inView(card, card.parentElement)) {
      const column = card.parentElement;
      column.scrollTop += card.getBoundingClientRect().top - column.getBoundingClientRect().top - 8;
    }
  }
}

// Whether `node` is wholly inside the window and, when given, inside the visible part of the
// scrolling box `box`.
function inView(node, box) {
  const r = node.getBoundingClientRect();
  if (r.top < 0 || r.bottom > window.innerHeight) return false;
  if (!box) return true;
  const b = box.getBoundingClientRect();
  return r.top >= b.top && r.bottom <= b.top + box.clientHeight;
}

// ---- commitments ---------------------------------------------------------------------------

async function commitmentsView(params) {
  const q = new URLSearchParams({ limit: 500 });
  for (const f of ["actor", "status", "kind"]) if (params.get(f)) q.set(f, params.get(f));
  const data = await api(`/api/commitments?${q}`);
  const statusSelect = el("select", { name: "status" }, el("option", { value: "" }, "any"),
    ["open", "followed_up", "expired"].map(s => el("option", { value: s, selected: params.get("status") === s }, s.replace("_", " "))));
  const form = el("form", { class: "filters", id: "commitment-filters", onsubmit: ev => {
    ev.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v.trim()) next.set(k, v.trim());
    location.hash = `#/commitments?${next}`;
  } },
  el("label", {}, "Actor (holder or counterpart)", el("input", { name: "actor", value: params.get("actor") || "", placeholder: "JPN or Japan" })),
  el("label", {}, "Status", statusSelect),
  el("button", { type: "submit" }, "Filter"),
  el("button", { type: "button", class: "plain", onclick: () => { location.hash = "#/commitments"; } }, "Clear"));
  const counts = { open: 0, followed_up: 0, expired: 0 };
  for (const c of data.commitments) counts[c.status] = (counts[c.status] || 0) + 1;
  // By holder: each actor with its commitments, open ones first.
  const byHolder = new Map();
  for (const c of data.commitments) {
    if (!byHolder.has(c.holder.id)) byHolder.set(c.holder.id, []);
    byHolder.get(c.holder.id).push(c);
  }
  const order = { open: 0, followed_up: 1, expired: 2 };
  const groups = [...byHolder.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const evidence = c => c.evidence.length ? c.evidence.flatMap((e, i) => [i ? el("br") : "",
    e.event_id ? el("a", { href: `#/event-link/${e.event_id}`, "data-event": e.event_id, onclick: ev => { ev.preventDefault(); openEvent(e.event_id); } }, e.reason) : e.reason])
    : el("span", { class: "muted" }, "—");
  const sections = groups.map(([holder, list]) => el("section", { class: "holder", "data-holder": holder },
    el("h2", {}, actorLink(list[0].holder), ` ${list[0].holder.name} `,
      el("span", { class: "muted" }, `${list.filter(c => c.status === "open").length} open · ${list.filter(c => c.status === "followed_up").length} followed up`)),
    el("table", { class: "commitments" },
      el("thead", {}, el("tr", {}, ["Status", "Kind", "To", "What", "Date", "Period", "Source", "Follow-up"].map(h => el("th", {}, h)))),
      el("tbody", {}, list.sort((a, b) => order[a.status] - order[b.status]).map(c => el("tr", { "data-status": c.status, "data-commitment": c.id },
        el("td", {}, el("span", { class: `status ${c.status}` }, c.status.replace("_", " "))),
        el("td", {}, c.kind),
        el("td", {}, actorLink(c.counterpart)),
        el("td", {}, c.what),
        el("td", {}, c.date || "—"),
        el("td", {}, c.period ? c.period.text : "—"),
        el("td", {}, c.event_id ? el("a", { href: `#/article/${encodeURIComponent(c.article_id)}?event=${c.event_id}`, title: c.sentence }, c.article_id) : c.article_id),
        el("td", {}, evidence(c))))))));
  view.replaceChildren(el("h1", {}, "Commitments"), form,
    el("p", { id: "commitment-counts" }, `${data.commitments.length} commitments: `,
      el("span", { class: "status open" }, `${counts.open} open`), " ",
      el("span", { class: "status followed_up" }, `${counts.followed_up} followed up`), " ",
      el("span", { class: "status expired" }, `${counts.expired} expired`)),
    ...(sections.length ? sections : [el("p", { class: "muted" }, "No commitments.")]));
}

// ---- pair view: what two actors did to each other, both ways ------------------------------

async function pairView(a, b, params) {
  const q = new URLSearchParams({ limit: 500 });
  for (const f of ["type", "context", "since", "until", "family"]) if (params.get(f)) q.set(f, params.get(f));
  const data = await api(`/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}?${q}`);
  const p = data.pair;
  const form = el("form", { class: "filters", id: "pair-filters", onsubmit: ev => {
    ev.preventDefault();
    const next = new URLSearchParams();
    const f = new FormData(form);
    for (const [k, v] of f) if (!["a", "b"].includes(k) && v.trim()) next.set(k, v.trim());
    location.hash = `${pairHref(f.get("a").trim() || a, f.get("b").trim() || b)}?${next}`;
  } },
  actorBox("a", "Actor", p.a.id, "VNM or Viet Nam"), actorBox("b", "and actor", p.b.id, "UN or United Nations"),
  el("label", {}, "Since", el("input", { name: "since", value: params.get("since") || "", placeholder: "YYYY-MM-DD" })),
  el("label", {}, "Until", el("input", { name: "until", value: params.get("until") || "", placeholder: "YYYY-MM-DD" })),
  el("label", {}, "Type", el("select", { name: "type" }, el("option", { value: "" }, "any"),
    TYPES.map(t => el("option", { value: t, selected: params.get("type") === t }, t)))),
  el("label", {}, "Context", el("input", { name: "context", value: params.get("context") || "", placeholder: "military" })),
  el("label", { class: "check" }, el("input", { type: "checkbox", name: "family", value: "true", checked: params.get("family") === "true" }),
    "with sub-bodies (UNDP for the UN)"),
  el("button", { type: "submit" }, "Show"),
  el("a", { href: pairHref(p.b.id, p.a.id) + (params.toString() ? `?${params}` : ""), class: "swap" }, "swap ⇄"));
  const way = e => (e.source && e.source.id === p.b.id) || (e.target && e.target.id === p.a.id) ? "b_to_a" : "a_to_b";
  const rows = data.events.map(e => linkRow(articleHref(e), { "data-event": e.id, "data-way": way(e) },
    el("td", {}, e.day || "—"),
    el("td", {}, actorLink(e.source), " → ", actorLink(e.target)),
    el("td", {}, typeBadge(e.event_type)),
    el("td", { class: "num" }, e.goldstein === null ? "" : e.goldstein.toFixed(1)),
    el("td", {}, place(e)),
    el("td", {}, e.sentence),
    el("td", {}, el("a", { href: articleHref(e) }, e.article_id))));
  const commitments = data.commitments.map(c => el("tr", { "data-status": c.status, "data-commitment": c.id },
    el("td", {}, el("span", { class: `status ${c.status}` }, c.status.replace("_", " "))),
    el("td", {}, c.kind),
    el("td", {}, actorLink(c.holder), " → ", actorLink(c.counterpart)),
    el("td", {}, c.what),
    el("td", {}, c.date || "—"),
    el("td", { class: "period" }, c.period ? `${c.period.start || "?"}–${c.period.end || "?"}` : "—"),
    el("td", {}, c.evidence.length ? c.evidence.map((e, i) => [i ? el("br") : "",
      e.event_id ? el("a", { href: `#/event-link/${e.event_id}`, onclick: ev => { ev.preventDefault(); openEvent(e.event_id); } }, e.reason) : e.reason])
      : el("span", { class: "muted" }, "—"))));
  const shown = { pair: p, events: data.events, commitments: data.commitments };
  view.replaceChildren(
    el("h1", {}, `${p.a.name} `, el("span", { class: "muted" }, "and"), ` ${p.b.name}`),
    form,
    el("p", { id: "pair-counts" }, `${p.a.id} → ${p.b.id}: ${p.a_to_b} events · ${p.b.id} → ${p.a.id}: ${p.b_to_a} events`,
      p.goldstein_mean === null ? "" : ` · mean Goldstein ${p.goldstein_mean.toFixed(2)}`,
      p.undated ? ` · ${p.undated} undated` : ""),
    el("h2", {}, "Month by month, both ways"),
    el("div", { class: "legend" }, Object.keys(p.by_type).map(t => el("span", {}, typeBadge(t), ` ${p.by_type[t].a_to_b} → / ← ${p.by_type[t].b_to_a}`))),
    pairChart(p),
    el("h2", {}, `Commitments between them (${data.commitments.length})`),
    commitments.length ? el("table", { id: "pair-commitments", class: "commitments" },
      el("thead", {}, el("tr", {}, ["Status", "Kind", "Who → to whom", "What", "Date", "Period", "Follow-up"].map(h => el("th", {}, h)))),
      el("tbody", {}, commitments)) : el("p", { class: "muted" }, "No commitments."),
    el("h2", {}, `Events (${data.events.length}${data.next_offset === null ? "" : "+"})`,
      " ", download("CSV", `${p.a.id}-${p.b.id}.csv`, "text/csv", () => eventsCsv(data.events)),
      " ", download("JSON", `${p.a.id}-${p.b.id}.json`, "application/json", () => JSON.stringify(shown, null, 1))),
    el("table", { id: "pair-events" },
      el("thead", {}, el("tr", {}, ["Day", "Who → whom", "Type", "Goldstein", "Place", "Sentence", "Article"].map(h => el("th", {}, h)))),
      el("tbody", {}, rows)));
}

// A link that saves what `make` returns as a file.
function download(label, name, type, make) {
  const link = el("a", { class: "download", download: name, href: "#" }, `download ${label}`);
  link.addEventListener("click", () => { link.href = URL.createObjectURL(new Blob([make()], { type })); });
  return link;
}

function eventsCsv(events) {
  const cell = v => { const s = v === null || v === undefined ? "" : String(v); return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
  const head = ["id", "day", "date", "event_type", "cameo", "source_id", "target_id", "goldstein", "location", "contexts", "article_id", "sentence"];
  const rows = events.map(e => [e.id, e.day, e.date, e.event_type, e.cameo, e.source && e.source.id, e.target && e.target.id,
    e.goldstein, e.location && e.location.name, e.contexts.join(";"), e.article_id, e.sentence].map(cell).join(","));
  return [head.join(","), ...rows].join("\n") + "\n";
}

// Bars each way per month on a real time axis (A → B above the line, B → A below) and the
// monthly mean Goldstein score as a line: cooperation up, conflict down.
function pairChart(p) {
  const months = p.months;
  if (!months.length) return el("p", { class: "muted" }, "No dated events.");
  const W = 900, H = 220, mid = H / 2, pad = 34;
  const max = Math.max(1, ...months.map(m => Math.max(m.a_to_b, m.b_to_a)));
  const step = (W - pad - 10) / months.length, bw = Math.max(2, Math.min(36, step - 2));
  const svg = el("svg", { viewBox: `0 0 ${W} ${H + 34}`, width: "100%", id: "pair-chart", role: "img",
    "aria-label": `${p.a.id} and ${p.b.id}: events per month each way and the mean Goldstein score` });
  svg.append(el("line", { x1: pad, y1: mid, x2: W, y2: mid, stroke: "#999" }),
    el("text", { x: 0, y: 12 }, `${p.a.id}→`), el("text", { x: 0, y: H - 4 }, `${p.b.id}→`));
  const points = [];
  const every = Math.ceil(months.length / Math.max(1, Math.floor((W - pad) / 56)));
  months.forEach((m, i) => {
    const x = pad + i * step;
    const up = (m.a_to_b / max) * (mid - 8), down = (m.b_to_a / max) * (mid - 8);
    svg.append(el("rect", { x, y: mid - up, width: bw, height: up, class: "a-to-b", "data-month": m.month },
      el("title", {}, `${m.month}: ${p.a.id} → ${p.b.id} ${m.a_to_b}`)));
    svg.append(el("rect", { x, y: mid, width: bw, height: down, class: "b-to-a", "data-month": m.month },
      el("title", {}, `${m.month}: ${p.b.id} → ${p.a.id} ${m.b_to_a}`)));
    if (m.goldstein_mean !== null) points.push(`${x + bw / 2},${mid - (m.goldstein_mean / 10) * (mid - 8)}`);
    if (i % every === 0 || i === months.length - 1 && (months.length - 1) % every >= every / 2) {
      svg.append(monthLabel(m.month, x + bw / 2, H + 16, W));
    }
  });
  if (points.length > 1) svg.append(el("polyline", { points: points.join(" "), class: "goldstein", fill: "none" }));
  for (const pt of points) {
    const [x, y] = pt.split(",");
    svg.append(el("circle", { cx: x, cy: y, r: 3, class: "goldstein" }));
  }
  return svg;
}

// Opens the article view of a stored event.
async function openEvent(id) {
  const e = await api(`/api/events/${id}`);
  location.hash = `#/article/${encodeURIComponent(e.article_id)}?event=${e.id}`;
}

async function loadStats() {
  try {
    const s = await api("/api/stats");
    document.getElementById("stats").textContent = `${s.articles} articles · ${s.events} events · ${s.actors} actors`;
  } catch (e) { /* the view shows errors */ }
}

window.addEventListener("hashchange", route);
loadStats();
route();
