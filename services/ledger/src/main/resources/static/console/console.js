// The Coordination Ledger's web console. Plain script, no framework, nothing loaded from elsewhere: it reads
// the same API as any client (with the session's cookie and CSRF token instead of Basic or bearer), and draws.
// Every piece of ledger data goes into the page as text (textContent), never as markup.
"use strict";

const API = "/api/v1";
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const VIEWS = [
  {id: "structure", label: "Command structure"},
  {id: "force", label: "Force & roster"},
  {id: "mandate", label: "Mandate"},
  {id: "consent", label: "Consent"},
  {id: "coalition", label: "Coalition"},
  {id: "timeline", label: "Timeline"},
  {id: "audit", label: "Audit", role: "AUDITOR"},
  {id: "commands", label: "Commands", needsCommands: true},
];
/** The first screen each role opens to. */
const HOME = {COORDINATOR: "structure", LIAISON: "force", PARTY: "consent", REGISTRAR: "mandate", AUDITOR: "timeline"};
const DAY = 86400000;

const state = {me: null, directory: {}, api: null, range: null, position: -1};

// ---------- small helpers ----------
function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else if (name === "style") element.style.cssText = value; // through the CSSOM: the page's policy refuses style attributes
    else element.setAttribute(name, value === true ? "" : value);
  }
  append(element, children);
  return element;
}
/** Appends children (nested lists flattened; null, undefined and false left out), text as text. */
function add(parent, ...children) {
  append(parent, children);
}
function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}
const SVG = "http://www.w3.org/2000/svg";
function s(tag, attrs, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) if (value !== null && value !== undefined) element.setAttribute(name, value);
  append(element, children);
  return element;
}
const words = value => String(value).toLowerCase().replace(/[_-]/g, " ");
function badge(value, label) {
  return h("span", {class: "badge state-" + value}, label || words(value));
}
/** A count as people read it: 20,000. */
function num(value) {
  return value === null || value === undefined ? "—" : Number(value).toLocaleString("en");
}
function date(instant) {
  return instant ? String(instant).slice(0, 10) : "";
}
function when(instant) {
  if (!instant) return "";
  const text = String(instant);
  return text.length > 10 ? text.slice(0, 16).replace("T", " ") + " UTC" : text;
}
function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || ("HTTP " + status));
    this.status = status;
    this.body = body || {};
  }
}

async function get(path, params) {
  const url = new URL(path.startsWith("/") ? path : API + "/" + path, location.origin);
  for (const [name, value] of Object.entries(params || {})) if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  const response = await fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"});
  if (response.status === 401) { location.href = "/login"; throw new Problem(401, {}); }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Problem(response.status, body);
  body && Object.defineProperty(body, "etag", {value: response.headers.get("ETag"), enumerable: false});
  return body;
}

async function post(path, body, headers) {
  const response = await fetch(API + "/" + path, {
    method: "POST", credentials: "same-origin",
    headers: Object.assign({"Content-Type": "application/json", Accept: "application/json", "X-CSRF-TOKEN": CSRF}, headers || {}),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new Problem(response.status, answer);
  return answer;
}

// ---------- the URL carries the view, the target and the time ----------
function route() {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const [view, ...rest] = path.split("/");
  const params = new URLSearchParams(query || "");
  return {view: view || home(), id: rest.map(decodeURIComponent).join("/") || null, params};
}
function link(view, id, extra) {
  const params = new URLSearchParams(extra || {});
  const current = route().params;
  for (const name of ["asOf", "recorded"]) if (current.get(name) && !params.has(name)) params.set(name, current.get(name));
  const query = params.toString();
  return "#/" + view + (id ? "/" + encodeURIComponent(id) : "") + (query ? "?" + query : "");
}
function home() {
  const roles = state.me ? state.me.roles : [];
  for (const role of ["COORDINATOR", "REGISTRAR", "LIAISON", "PARTY", "AUDITOR"]) if (roles.includes(role)) return HOME[role];
  return "structure";
}
/** The as-of parameters every read carries: effective time, and recorded time when the toggle says so. */
function asOf() {
  const params = route().params;
  const day = params.get("asOf");
  if (!day) return {};
  return params.get("recorded") === "1" ? {asOf: day, recordedAsOf: day + "T23:59:59Z"} : {asOf: day};
}

// ---------- header: navigation, time, live ----------
function drawNav() {
  const nav = document.getElementById("nav");
  nav.replaceChildren();
  const current = route().view;
  for (const view of VIEWS) {
    if (view.role && !state.me.roles.includes(view.role)) continue;
    if (view.needsCommands && state.me.commands.length === 0) continue;
    add(nav, h("a", {href: link(view.id), "aria-current": view.id === current ? "page" : null}, view.label));
  }
}

async function setUpTime() {
  const first = await get("timeline", {limit: 500}).catch(() => ({entries: []}));
  const days = first.entries.map(entry => Date.parse(date(entry.effectiveAt)));
  const today = Date.parse(isoDay(Date.now()));
  const start = days.length ? Math.min(...days) : today - 30 * DAY;
  const end = Math.max(today, ...days);
  state.range = {start, end};
  const slider = document.getElementById("asof-slider");
  slider.max = String(Math.round((end - start) / DAY));
  const band = document.getElementById("asof-band");
  const total = Math.max(1, end - start);
  band.setAttribute("viewBox", "0 0 1000 6");
  for (const day of new Set(days)) add(band, s("rect", {x: ((day - start) / total * 1000).toFixed(1), y: 0, width: 3, height: 6}));
  slider.addEventListener("input", () => showTime(isoDay(start + Number(slider.value) * DAY)));
  slider.addEventListener("change", () => setTime(isoDay(start + Number(slider.value) * DAY)));
  document.getElementById("asof-date").addEventListener("change", event => setTime(event.target.value || null));
  document.getElementById("asof-now").addEventListener("click", () => setTime(null));
  document.getElementById("recorded").addEventListener("change", event => setParam("recorded", event.target.checked ? "1" : null));
}
function showTime(day) {
  document.getElementById("asof-text").textContent = day ? day : "today (live)";
}
function setTime(day) {
  setParam("asOf", day);
}
function setParam(name, value) {
  const {view, id, params} = route();
  if (value) params.set(name, value); else params.delete(name);
  const query = params.toString();
  location.hash = "#/" + view + (id ? "/" + encodeURIComponent(id) : "") + (query ? "?" + query : "");
}
function syncTime() {
  const params = route().params;
  const day = params.get("asOf");
  const slider = document.getElementById("asof-slider");
  if (state.range) {
    slider.value = String(day ? Math.round((Date.parse(day) - state.range.start) / DAY) : slider.max);
  }
  document.getElementById("asof-date").value = day || "";
  document.getElementById("recorded").checked = params.get("recorded") === "1";
  showTime(day);
}

function connectLive() {
  const indicator = document.getElementById("live");
  const source = new EventSource(API + "/live");
  source.addEventListener("position", event => {
    indicator.className = "live on";
    const position = Number(event.data);
    indicator.textContent = "live · event " + position;
    if (state.position >= 0 && position !== state.position) refresh();
    state.position = position;
  });
  source.onerror = () => { indicator.className = "live off"; indicator.textContent = "reconnecting"; };
}

// ---------- events behind a number ("every number links to its events") ----------
function eventsLink(text, aggregateId, filter, title) {
  return h("button", {type: "button", class: "linklike", title: "Show the events behind this",
    onclick: () => showEvents(aggregateId, filter, title || text)}, text);
}
async function showEvents(aggregateId, filter, title) {
  const dialog = document.getElementById("events-dialog");
  document.getElementById("events-title").textContent = title;
  const body = document.getElementById("events-body");
  body.replaceChildren(h("p", {class: "muted"}, "Reading…"));
  dialog.showModal();
  try {
    const page = await get("timeline", Object.assign({aggregateId, limit: 500}, asOf().asOf ? {to: asOf().asOf + "T23:59:59Z"} : {}));
    const entries = page.entries.filter(entry => !filter || Object.entries(filter).every(([k, v]) => entry.payload && entry.payload[k] === v));
    body.replaceChildren(entriesTable(entries));
  } catch (problem) {
    body.replaceChildren(problemBox(problem));
  }
}
function entriesTable(entries) {
  if (!entries.length) return h("p", {class: "muted"}, "No events.");
  return h("table", {}, h("thead", {}, h("tr", {}, ["Effective", "Recorded", "Event", "Aggregate", "Who", "Role", "Citation", ""].map(t => h("th", {scope: "col"}, t)))),
    h("tbody", {}, entries.map(entry => h("tr", {},
      h("td", {}, when(entry.effectiveAt)), h("td", {}, when(entry.recordedAt)), h("td", {}, entry.type),
      h("td", {}, entry.aggregateType + " " + entry.aggregateId), h("td", {}, entry.principal || ""), h("td", {}, entry.role || ""),
      h("td", {}, entry.citation || ""),
      h("td", {}, entry.payload ? h("details", {}, h("summary", {}, "payload"), h("pre", {}, JSON.stringify(entry.payload, null, 2))) : "")))));
}

function problemBox(problem) {
  const body = problem.body || {};
  return h("div", {class: "refusal", role: "alert"},
    h("p", {}, (body.title || "Failed") + (body.rule ? " — rule " + body.rule : "") + (problem.status ? " (" + problem.status + ")" : "")),
    body.detail ? h("p", {}, body.detail) : null,
    (body.errors || []).length ? h("ul", {}, body.errors.map(e => h("li", {}, e.field + ": " + e.message))) : null);
}

function chooser(view, kind) {
  const ids = state.directory[kind] || [];
  return h("p", {}, ids.length ? ["Open: ", ids.map(id => h("a", {href: link(view, id), style: "margin-right:10px"}, id))] : h("span", {class: "muted"}, "Nothing recorded yet."));
}
function pick(kind) {
  const ids = state.directory[kind] || [];
  return route().id || ids[0] || null;
}
function actions(...names) {
  const allowed = new Set(state.me.commands.map(c => c.name));
  const shown = names.filter(([name]) => allowed.has(name));
  if (!shown.length) return null;
  return h("p", {class: "commands-list"}, "Act: ", shown.map(([name, prefill, label]) => h("a", {href: "#/commands/" + name + "?" + new URLSearchParams(prefill || {})}, label || words(name))));
}

// ---------- views ----------
const render = {
  async structure(main) {
    const id = pick("command-structure");
    if (!id) return add(main, h("h1", {}, "Command structure"), chooser("structure", "command-structure"));
    const view = await get("command-structures/" + encodeURIComponent(id), asOf());
    const vacancies = [];
    walkPosts(view.posts, post => { if (!post.holder) vacancies.push(post); });
    add(main, h("h1", {}, view.name, " ", h("span", {class: "muted"}, "(" + view.structureId + ", " + view.location + ")")),
      chooser("structure", "command-structure"),
      h("p", {}, vacancies.length ? h("span", {class: "blocked"}, vacancies.length + " vacant post" + (vacancies.length > 1 ? "s" : "") + ": " + vacancies.map(p => p.title).join(", "))
        : h("span", {}, "Every post is filled.")),
      staffBar(view),
      h("div", {class: "chart", role: "region", "aria-label": "Organization chart"}, orgChart(view)),
      legend(),
      actions(["appoint-lead", {structureId: view.structureId, ifMatch: view.etag}], ["establish-post", {structureId: view.structureId}],
        ["vacate-post", {structureId: view.structureId}], ["assign-command-relationship", {structureId: view.structureId}], ["attach-staff", {structureId: view.structureId}]),
      h("h2", {}, "Posts and holders"), postsTable(view));
  },

  async force(main) {
    const id = pick("force");
    if (!id) return add(main, h("h1", {}, "Force & roster"), chooser("force", "force"));
    const [force, roster, board, roe] = await Promise.all([get("forces/" + id, asOf()), get("forces/" + id + "/roster", asOf()),
      get("forces/" + id + "/consent-board", asOf()).catch(() => null), get("forces/" + id + "/roe-acknowledgements", asOf()).catch(() => null)]);
    const mine = state.me.nation;
    const t = roster.totals;
    add(main, h("h1", {}, force.name, " ", h("span", {class: "muted"}, "(" + force.forceId + ")")), chooser("force", "force"));
    if (mine) {
      const row = roster.rows.find(r => r.nation === mine);
      add(main, h("section", {class: "card mine", "aria-labelledby": "my-pledge"}, h("h2", {id: "my-pledge"}, "Your pledge (" + mine + ")"),
        row ? pledgeCard(row, board, force) : h("p", {}, "No pledge from " + mine + " yet.", " ", actions(["join-force", {forceId: force.forceId, nation: mine}]))));
    }
    add(main, h("div", {class: "cards"},
      h("div", {class: "card"}, h("h3", {}, "Personnel against the ceiling"),
        h("p", {}, eventsLink(num(t.committed), null, {forceId: force.forceId}, "Events of force " + force.forceId), " committed, ",
          num(t.deployed), " deployed, ", num(t.offered), " offered"),
        h("div", {class: "bar", role: "img", "aria-label": t.committed + " committed of a ceiling of " + (t.troopCeiling || "none")},
          h("span", {class: "offered", style: "width:" + pct(t.offered, t.troopCeiling || t.plannedStrength)}),
          h("span", {style: "width:" + pct(t.committed, t.troopCeiling || t.plannedStrength)})),
        h("p", {class: "muted"}, "Planned strength " + num(t.plannedStrength) + "; mandate ceiling " + (t.troopCeiling ? num(t.troopCeiling) : "not set") +
          (t.remainingUnderCeiling !== undefined && t.remainingUnderCeiling !== null ? "; " + num(t.remainingUnderCeiling) + " remaining under it" : ""))),
      h("div", {class: "card"}, h("h3", {}, "Force"), h("p", {}, force.active ? badge("ACTIVE", "active") : badge("PENDING", "not yet active")),
        h("p", {}, "Political authority: " + force.politicalAuthority + "; lead nation " + force.leadNation + "; " + words(force.commandModel)),
        h("p", {}, "Mandate: ", force.mandateId ? h("a", {href: link("mandate", force.mandateId)}, force.mandateId) : "none yet"),
        h("p", {}, "Rules of engagement: version " + (force.currentRoeVersion || "none")))),
      h("h2", {}, "Requirement lines"), linesTable(roster.requirementLines),
      h("h2", {}, "Pledges"), rosterTable(roster, board),
      roe ? [h("h2", {}, "Rules of engagement: who acknowledged"), roeTable(roe)] : null,
      actions(["establish-force", {}], ["define-force-requirement", {forceId: force.forceId}], ["issue-rules-of-engagement", {forceId: force.forceId, ifMatch: force.etag}],
        ["activate-force", {forceId: force.forceId}], ["join-force", {forceId: force.forceId, nation: mine || ""}], ["transfer-authority", {}], ["reject-contribution", {}], ["suspend-contribution", {}]));
  },

  async mandate(main) {
    const id = pick("mandate");
    if (!id) return add(main, h("h1", {}, "Mandate"), chooser("mandate", "mandate"));
    const m = await get("mandates/" + encodeURIComponent(id), asOf());
    add(main, h("h1", {}, "Mandate ", m.mandateId), chooser("mandate", "mandate"),
      h("div", {class: "cards"},
        h("section", {class: "card", "aria-label": "Countdown to expiry"}, h("h2", {}, "Expires ", m.expiresOn || "—"),
          m.daysToExpiry !== null && m.daysToExpiry !== undefined
            ? h("p", {}, h("span", {class: "countdown"}, String(m.daysToExpiry)), " days left on " + (m.statusOn || "today")) : null,
          h("p", {}, badge(m.status), " ", m.active ? "in force" : "not in force")),
        h("section", {class: "card"}, h("h2", {}, "Scope"),
          h("p", {}, "Authorized: " + (m.authorizedEntities || []).join(", ")), h("p", {}, "Tasks: " + (m.tasks || []).join("; ")),
          h("p", {}, "Use of force: " + words(m.useOfForce || "")), h("p", {}, "Troop ceiling: " + (m.troopCeiling ? num(m.troopCeiling) : "none")),
          h("p", {}, "In force from " + (m.effectiveFrom || "—") + "; Charter basis " + words(m.charterBasis || "")))),
      h("h2", {}, "Instruments, amendments and extensions"),
      h("table", {}, h("thead", {}, h("tr", {}, ["Action", "Instrument", "Adopted", "Vote (for / against / abstaining)", "Recorded", "By"].map(t => h("th", {scope: "col"}, t)))),
        h("tbody", {}, m.instruments.map(entry => {
          const i = entry.instrument || {}; const v = i.vote;
          return h("tr", {}, h("td", {}, words(entry.action)), h("td", {}, eventsLink((i.symbol || "") + " · " + String(i.issuingBody || "").replace(/_/g, " "), m.mandateId, null, "Events of mandate " + m.mandateId)),
            h("td", {}, i.adoptedOn || ""), h("td", {}, v ? v.inFavour + " / " + v.against + " / " + v.abstentions : "—"), h("td", {}, when(entry.recordedAt)), h("td", {}, entry.recordedBy || ""));
        }))),
      (m.alerts || []).length ? [h("h2", {}, "Alerts"), h("ul", {}, m.alerts.map(a => h("li", {}, typeof a === "string" ? a : JSON.stringify(a))))] : null,
      actions(["extend-mandate", {mandateId: m.mandateId, ifMatch: m.etag}], ["amend-mandate", {mandateId: m.mandateId, ifMatch: m.etag}], ["end-mandate", {mandateId: m.mandateId}], ["authorize-mandate", {}]));
  },

  async consent(main) {
    const id = pick("force");
    if (!id) return add(main, h("h1", {}, "Consent"), chooser("consent", "force"));
    const board = await get("forces/" + id + "/consent-board", asOf());
    add(main, h("h1", {}, "Consent of the host parties (" + id + ")"), chooser("consent", "force"));
    const party = state.me.party;
    const rows = party ? board.parties.filter(p => p.party === party).concat(board.parties.filter(p => p.party !== party)) : board.parties;
    if (party && !board.parties.some(p => p.party === party)) {
      add(main, h("p", {}, "No consent register for " + party + " yet. "), actions(["open-consent-register", {forceId: id, party}]));
    }
    for (const row of rows) {
      const register = await get("consent-registers/" + encodeURIComponent(row.registerId), asOf()).catch(() => null);
      add(main, h("section", {class: "card" + (row.party === party ? " mine" : ""), "aria-label": "Consent register of " + row.party},
        h("h2", {}, (row.party === party ? "Your consent register: " : "") + row.party + " (" + words(row.partyRole || "") + ")"),
        h("p", {}, "Consent to the force: ", badge(row.consent || "NONE"), register && register.consent && register.consent.citation ? " citing " + register.consent.citation : "",
          register && register.consent && register.consent.since ? ", since " + date(register.consent.since) : ""),
        h("table", {}, h("thead", {}, h("tr", {}, h("th", {scope: "col"}, "Contributor"), h("th", {scope: "col"}, "Position"), h("th", {scope: "col"}, "Reason / citation"))),
          h("tbody", {}, Object.entries(row.nations || {}).map(([nation, position]) => {
            const objection = register && (register.objections || []).find(o => o.nation === nation);
            return h("tr", {}, h("th", {scope: "row"}, nation), h("td", {}, badge(position, position === "OBJECTS" ? "objects" : words(position))),
              h("td", {}, objection ? eventsLink(objection.reason + (objection.citation ? " (" + objection.citation + ")" : ""), row.registerId, {nation}, "Objection to " + nation) : ""));
          }))),
        row.party === party ? actions(["grant-consent", {registerId: row.registerId, ifMatch: register && register.etag}], ["withdraw-consent", {registerId: row.registerId}],
          ["object-to-contributor", {registerId: row.registerId}], ["withdraw-objection", {registerId: row.registerId}]) : null));
    }
  },

  async coalition(main) {
    const id = pick("humanitarian-coalition");
    if (!id) return add(main, h("h1", {}, "Humanitarian coalition"), chooser("coalition", "humanitarian-coalition"));
    const c = await get("humanitarian-coalitions/" + encodeURIComponent(id), asOf());
    add(main, h("h1", {}, c.name), chooser("coalition", "humanitarian-coalition"),
      h("div", {class: "card"}, h("h2", {}, "Partners against the cap: " + (c.capUsage || c.activeMembers + "/" + c.membershipCap)),
        h("div", {class: "bar", role: "img", "aria-label": c.activeMembers + " of " + c.membershipCap}, h("span", {style: "width:" + pct(c.activeMembers, c.membershipCap)}))),
      h("h2", {}, "Members"), table(["Organization", "Type", "Clusters", "Status", "Admitted"], c.members.map(m =>
        [eventsLink(m.name, c.coalitionId, {organizationId: m.organizationId}, "Events of " + m.name), words(m.type), (m.clusters || []).join(", "), badge(m.status), when(m.admittedAt)])),
      h("h2", {}, "Vetting"), table(["Organization", "Authority", "Result", "Valid until"], (c.vetting || []).map(v => [v.organizationId, v.authority, words(v.result || ""), v.validUntil || ""])),
      h("h2", {}, "Exclusions"), table(["Organization", "Decided by", "Legal basis", "Contrary authority", "Since"], (c.exclusions || []).map(x =>
        [eventsLink(x.organizationId, c.coalitionId, {organizationId: x.organizationId}, "Exclusion of " + x.organizationId), x.decidedBy, x.legalBasis, x.contraryAuthority || "—", when(x.since)])),
      h("h2", {}, "Refused admissions"), table(["Organization", "Rule", "Reason", "When"], (c.admissionsDenied || []).map(d => [d.name || d.organizationId, d.rule, d.reason, when(d.at)])),
      actions(["admit-partner", {coalitionId: c.coalitionId, ifMatch: c.etag}], ["record-vetting", {coalitionId: c.coalitionId}], ["exclude-organization", {coalitionId: c.coalitionId}],
        ["set-membership-cap", {coalitionId: c.coalitionId}], ["suspend-partner", {coalitionId: c.coalitionId}], ["remove-partner", {coalitionId: c.coalitionId}]));
  },

  async timeline(main) {
    const params = route().params;
    const filters = {aggregateId: params.get("aggregateId") || "", aggregateType: params.get("aggregateType") || "", type: params.get("type") || "",
      nation: params.get("nation") || "", from: params.get("from") || "", to: params.get("to") || ""};
    add(main, h("h1", {}, "Timeline"));
    if (state.me.roles.includes("AUDITOR")) add(main, await integrityCard());
    const alerts = await get("alerts").catch(() => []);
    if (alerts.length) add(main, h("section", {class: "card", "aria-label": "Open alerts"}, h("h2", {}, "Open alerts (" + alerts.length + ")"),
      h("ul", {}, alerts.map(a => h("li", {}, h("strong", {}, a.nation || ""), " ", a.reason, " — ", a.contributionId, ", raised " + when(a.raisedAt) + " by " + (a.raisedBy || "policy"))))));
    const form = h("form", {class: "filters", "aria-label": "Filter the timeline"},
      ["aggregateId", "aggregateType", "type", "nation", "from", "to"].map(name => h("label", {}, labelFor(name),
        name === "aggregateType" ? select(name, ["", "Mandate", "Force", "Contribution", "ConsentRegister", "CommandStructure", "HumanitarianCoalition"], filters[name])
          : h("input", {name, type: name === "from" || name === "to" ? "date" : "text", value: filters[name]}))),
      h("button", {type: "submit"}, "Filter"));
    form.addEventListener("submit", event => {
      event.preventDefault();
      const data = new FormData(form); const query = {};
      for (const [k, v] of data.entries()) if (v) query[k] = v;
      location.hash = link("timeline", null, query);
    });
    add(main, form, h("p", {class: "muted"}, "In effective-time order; the recorded time is when the ledger learned of it."));
    const query = {aggregateId: filters.aggregateId, aggregateType: filters.aggregateType, limit: 200,
      from: filters.from ? filters.from + "T00:00:00Z" : "", to: filters.to ? filters.to + "T23:59:59Z" : (asOf().asOf ? asOf().asOf + "T23:59:59Z" : "")};
    const holder = h("div", {});
    add(main, holder);
    let cursor = null;
    const more = h("button", {type: "button"}, "Older entries…");
    const load = async () => {
      const page = await get("timeline", Object.assign({}, query, cursor ? {cursor} : {}));
      const entries = page.entries.filter(e => (!filters.type || e.type === filters.type)
        && (!filters.nation || JSON.stringify(e.payload || {}).includes('"' + filters.nation.toUpperCase() + '"'))
        && (!asOf().recordedAsOf || e.recordedAt <= asOf().recordedAsOf));
      add(holder, entriesTable(entries));
      cursor = page.nextCursor;
      more.hidden = !cursor;
    };
    more.addEventListener("click", load);
    await load();
    add(main, more);
  },

  async audit(main) {
    add(main, h("h1", {}, "Audit"), await integrityCard());
    const lag = await get("audit/processors").catch(() => null);
    if (lag) add(main, h("h2", {}, "Processors (head: event " + lag.head + ")"),
      table(["Processor", "Position", "Behind"], lag.processors.map(p => [p.name, String(p.position), p.lag ? h("span", {class: "blocked"}, p.lag + " events") : "up to date"])));
    const dead = await get("audit/dead-letters").catch(() => []);
    add(main, h("h2", {}, "Dead letters (" + dead.length + ")"), dead.length ? table(["Group", "Event", "Stream", "Cause", "Parked"], dead.map(d =>
      [d.processingGroup, d.type + " " + d.eventId, d.aggregateType + " " + d.aggregateId + " #" + d.sequence, d.causeType + ": " + d.causeMessage, when(d.enqueuedAt)])) : h("p", {}, "None parked."),
      dead.length ? h("button", {type: "button", onclick: async event => { event.target.disabled = true; const r = await post("audit/dead-letters/retry"); alert(r.sequencesProcessed + " retried, " + r.stillParked + " still parked"); refresh(); }}, "Retry all") : null);
    const replayBox = h("div", {});
    add(main, h("h2", {}, "Replays"), h("p", {}, h("button", {type: "button", onclick: async () => {
      try { const progress = await post("audit/replays", {projections: ["all"]}); watchReplay(progress.replayId, replayBox); } catch (problem) { replayBox.replaceChildren(problemBox(problem)); }
    }}, "Rebuild every read model")), replayBox);
    const replays = await get("audit/replays").catch(() => []);
    if (replays.length) add(main, table(["Replay", "State", "Events", "Started", "Finished"], replays.map(r => [r.replayId, words(r.state), r.eventsDone + " / " + r.eventsTotal, when(r.startedAt), when(r.finishedAt)])));
    const params = route().params;
    const kind = params.get("kind"), id = params.get("id");
    const log = h("div", {});
    if (kind && id) {
      // one stream, in sequence order: each event's hash beside the one it chains from
      add(main, h("h2", {}, "Stream " + kind + " " + id), h("p", {}, h("a", {href: link("audit")}, "The whole event log")), log);
      const stream = await get("audit/aggregates/" + encodeURIComponent(kind) + "/" + encodeURIComponent(id) + "/events", {limit: 1000});
      add(log, table(["Sequence", "#", "Event", "Who", "Recorded", "Previous hash", "Hash"], stream.events.map((e, i) => [String(e.sequence), String(e.globalIndex),
        h("button", {type: "button", class: "linklike", onclick: () => showAuditEvent(e)}, e.type), (e.metadata || {}).principal || "",
        when((e.metadata || {}).recordedAt), h("code", {}, i ? stream.events[i - 1].hash.slice(0, 16) + "…" : "—"), h("code", {}, (e.hash || "").slice(0, 16) + "…")])));
      return;
    }
    add(main, h("h2", {}, "Event log"), log);
    const after = params.get("after") || "";
    const page = await get("audit/events", {after, limit: 50});
    add(log, table(["#", "Event", "Stream", "Who", "Recorded", "Hash"], page.events.map(e => [String(e.globalIndex),
      h("button", {type: "button", class: "linklike", onclick: () => showAuditEvent(e)}, e.type),
      h("a", {href: link("audit", null, {kind: e.aggregateType, id: e.aggregateId})}, e.aggregateType + " " + e.aggregateId + " #" + e.sequence),
      (e.metadata || {}).principal || "", when((e.metadata || {}).recordedAt), h("code", {}, (e.hash || "").slice(0, 16) + "…")])),
      page.events.length === 50 ? h("a", {href: link("audit", null, {after: page.next})}, "Next 50") : null);
  },

  async commands(main) {
    const {id, params} = route();
    const allowed = state.me.commands;
    if (!id) {
      add(main, h("h1", {}, "Commands you may issue"));
      const groups = {};
      for (const c of allowed) (groups[c.aggregateType] = groups[c.aggregateType] || []).push(c);
      for (const [type, list] of Object.entries(groups)) add(main, h("h2", {}, type), h("p", {class: "commands-list"}, list.map(c => h("a", {href: "#/commands/" + c.name}, words(c.name)))));
      return;
    }
    if (!allowed.some(c => c.name === id)) return add(main, h("p", {class: "refusal"}, "Your role may not issue " + id + "."));
    add(main, await commandForm(id, params));
  },
};

function labelFor(name) {
  return {aggregateId: "Aggregate id", aggregateType: "Aggregate kind", type: "Event type", nation: "Nation", from: "From", to: "To"}[name] || name;
}
function select(name, options, value) {
  return h("select", {name, id: name}, options.map(o => h("option", {value: o, selected: o === value}, o || "any")));
}
function table(headers, rows) {
  if (!rows.length) return h("p", {class: "muted"}, "None.");
  return h("table", {}, h("thead", {}, h("tr", {}, headers.map(t => h("th", {scope: "col"}, t)))), h("tbody", {}, rows.map(r => h("tr", {}, r.map(c => h("td", {}, c))))));
}
function pct(part, whole) {
  return whole ? Math.min(100, Math.round(100 * (part || 0) / whole)) + "%" : "0%";
}
function walkPosts(posts, visit, depth = 0, parent = null) {
  for (const post of posts || []) { visit(post, depth, parent); walkPosts(post.subordinates, visit, depth + 1, post); }
}
function staffBar(view) {
  const staff = Object.entries(view.staff || {});
  if (!staff.length) return h("p", {class: "muted"}, "No staff attached.");
  return h("p", {}, "Staff by nation (" + view.staffTotal + "): ", staff.map(([nation, n]) =>
    h("span", {style: "margin-right:10px"}, eventsLink(nation + " " + n, view.structureId, {nation}, "Staff from " + nation))));
}
function legend() {
  return h("p", {class: "legend"}, h("span", {}, "Dashed red card: vacant post"), h("span", {}, "Labelled lines: command relationships (OPCOM solid green, OPCON dashed green, TACOM solid blue, TACON dashed blue, ADCON dotted, coordination sparse dots, liaison dash-dot)"),
    h("span", {}, "Green chips: national contingents placed under the post"));
}

/** The organization chart: posts as cards in a tree, vacancies dashed, relationships as labelled edges, contingents as chips. */
function orgChart(view) {
  const W = 250, H = 92, GAP_X = 30, GAP_Y = 70, CHIP = 22;
  const nodes = [];
  const contingents = view.contingents || [];
  let column = 0;
  const place = (post, depth) => {
    const children = post.subordinates || [];
    let x;
    if (!children.length) { x = column++; }
    else { const xs = children.map(child => place(child, depth + 1)); x = (xs[0] + xs[xs.length - 1]) / 2; }
    nodes.push({post, depth, x});
    return x;
  };
  (view.posts || []).forEach(post => place(post, 1));
  const depthMax = Math.max(1, ...nodes.map(n => n.depth));
  const chipsUnder = post => contingents.filter(c => c.postId === post.postId).length;
  const chipsMax = Math.max(0, ...nodes.map(n => chipsUnder(n.post)));
  const ROW = H + GAP_Y + chipsMax * (CHIP + 4); // a row of posts leaves room for the chips under them
  const relationships = view.relationships || [];
  const width = Math.max(1, column) * (W + GAP_X) + GAP_X + (relationships.length ? 60 + 30 * relationships.length : 0); // room for the edges
  const height = 20 + (depthMax + 1) * ROW;
  const pos = new Map(nodes.map(n => [n.post.postId, {x: GAP_X + n.x * (W + GAP_X), y: 20 + n.depth * ROW - (ROW - H - GAP_Y)}]));
  const chips = new Map();
  const rootX = column ? (GAP_X + ((column - 1) / 2) * (W + GAP_X)) : GAP_X;
  const svg = s("svg", {width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Organization chart of " + view.name},
    s("defs", {}, s("marker", {id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse"},
      s("path", {d: "M0,0 L10,5 L0,10 z", class: "arrowhead"}))));
  const root = s("g", {class: "post root"}, s("rect", {x: rootX, y: 20, width: W, height: H - 30, rx: 6}),
    s("text", {x: rootX + 10, y: 42, class: "title"}, view.name), s("text", {x: rootX + 10, y: 60}, "Lead nation " + view.leadNation + " · " + view.staffTotal + " staff"));
  add(svg, root);
  for (const n of nodes) {
    const p = pos.get(n.post.postId);
    const parent = nodes.find(other => (other.post.subordinates || []).includes(n.post));
    const from = parent ? pos.get(parent.post.postId) : {x: rootX, y: 20};
    const fromY = parent ? from.y + H + chipsUnder(parent.post) * (CHIP + 4) + 6 : 20 + H - 30; // below the parent's chips
    add(svg, s("path", {class: "edge", d: `M${from.x + W / 2},${fromY} V${(fromY + p.y) / 2} H${p.x + W / 2} V${p.y}`}));
  }
  for (const n of nodes) {
    const post = n.post, p = pos.get(post.postId), holder = post.holder;
    const card = s("a", {href: "#", class: "post" + (holder ? "" : " vacant"), "aria-label": post.title + ": " + (holder ? holder.titleOrRank + " " + holder.name : "vacant")},
      s("rect", {x: p.x, y: p.y, width: W, height: H, rx: 6}),
      s("text", {x: p.x + 10, y: p.y + 20, class: "title"}, post.title),
      holder ? [s("text", {x: p.x + 10, y: p.y + 40}, (holder.titleOrRank ? holder.titleOrRank + " " : "") + holder.name + " (" + holder.nationality + ")"),
        s("text", {x: p.x + 10, y: p.y + 58}, "by " + (holder.appointedBy || post.appointingAuthority)),
        s("text", {x: p.x + 10, y: p.y + 76}, "since " + date(holder.since))]
        : [s("text", {x: p.x + 10, y: p.y + 42, class: "vacant"}, "VACANT"), s("text", {x: p.x + 10, y: p.y + 62}, "appointed by " + post.appointingAuthority)]);
    card.addEventListener("click", event => { event.preventDefault(); showEvents(view.structureId, {postId: post.postId}, "Events of the post " + post.title); });
    add(svg, card);
    contingents.filter(c => c.postId === post.postId).forEach((c, i) => {
      const y = p.y + H + 6 + i * (CHIP + 4);
      chips.set(c.contributionId, {x: p.x + 14, y});
      add(svg, s("g", {class: "chip"}, s("rect", {x: p.x + 14, y, width: W - 28, height: CHIP, rx: 11}),
        s("text", {x: p.x + 24, y: y + 15}, c.nation + " · " + num(c.deployedPersonnel) + " · " + c.authority)));
    });
  }
  // command relationships: from the superior post to a post or to a contingent's chip, labelled and styled by kind
  // each leaves the superior's right edge and reaches the right edge of the post or chip it is over, bulging right,
  // one lane further out per relationship so that none hides another
  relationships.forEach((r, lane) => {
    const a = pos.get(r.superiorPostId);
    const b = r.subordinatePostId ? pos.get(r.subordinatePostId) : chips.get(r.contingentId);
    if (!a || !b) return;
    const toChip = !r.subordinatePostId;
    const x1 = a.x + W, y1 = a.y + H / 2 - 8 + 8 * (lane % 3);
    const x2 = toChip ? b.x + W - 28 : b.x + W, y2 = toChip ? b.y + CHIP / 2 : b.y + H / 2;
    const out = Math.max(x1, x2) + 40 + 30 * lane;
    add(svg, s("g", {class: "relationship", "aria-label": r.type + " from " + r.superiorPostId + " to " + (r.subordinatePostId || r.contingentId)},
      s("path", {class: "rel rel-" + r.type, d: `M${x1},${y1} C${out},${y1} ${out},${y2} ${x2},${y2}`, "marker-end": "url(#arrow)"}),
      s("text", {x: out - 22, y: (y1 + y2) / 2 + 4, class: "rel-label"}, r.type)));
  });
  return svg;
}

function postsTable(view) {
  const rows = [];
  walkPosts(view.posts, (post, depth) => rows.push([
    "\u2003".repeat(depth) + post.title,
    post.holder ? eventsLink((post.holder.titleOrRank ? post.holder.titleOrRank + " " : "") + post.holder.name + " (" + post.holder.nationality + ")", view.structureId, {postId: post.postId}, "Events of the post " + post.title)
      : h("span", {class: "blocked"}, badge("vacant"), " vacant"),
    post.appointingAuthority, post.holder ? date(post.holder.since) : "", post.holder && post.holder.citation ? post.holder.citation : "",
    (post.tenures || []).filter(t => t.to).map(t => t.name + " " + date(t.from) + "–" + date(t.to)).join("; ")]));
  return table(["Post", "Holder", "Appointing authority", "Since", "Citing", "Earlier holders"], rows);
}

function linesTable(lines) {
  return table(["Line", "Capability", "Sector", "Required", "Offered", "Gap"], (lines || []).map(l =>
    [l.lineId, l.capability, l.sector || "", num(l.required), num(l.offered), l.gap > 0 ? h("span", {class: "blocked"}, num(l.gap) + " short") : "filled"]));
}

function consentOf(board, nation) {
  return (board ? board.parties : []).map(p => ({party: p.party, position: (p.nations || {})[nation] || p.consent || "NONE", registerId: p.registerId}));
}

function rosterTable(roster, board) {
  return table(["Nation", "State", "What blocks it", "Personnel (offered / committed / deployed)", "Placed under", "Conditions", "Caveats", "ROE", "Host parties"],
    roster.rows.map(r => [
      h("strong", {}, r.nation),
      badge(r.state, words(r.state)),
      blocks(r),
      eventsLink(num(r.offeredPersonnel) + " / " + num(r.committedPersonnel) + " / " + num(r.deployedPersonnel), r.contributionId, null, "Events of the pledge " + r.contributionId),
      r.placedUnder ? h("a", {href: link("structure", r.placedUnder.structureId)}, r.placedUnder.structureId + " · " + r.placedUnder.postId + " (" + r.placedUnder.authority + ")") : "—",
      (r.openConditions || []).map(c => words(c.type) + (c.party ? " (" + c.party + ")" : "")).join(", ") || "none open",
      (r.caveats || []).map(c => words(c.kind) + ": " + c.description).join("; ") || "none",
      badge(r.roeStatus, words(r.roeStatus) + (r.roeAcknowledgedVersion ? " v" + r.roeAcknowledgedVersion : "")),
      consentOf(board, r.nation).map(c => [badge(c.position, c.party + " " + words(c.position)), " "]),
    ]));
}

/** What blocks a pledge and who can unblock it, in words. */
function blocks(row) {
  const reasons = [];
  for (const party of row.blockedBy || []) reasons.push("Objection by " + party + " — only " + party + " can withdraw it");
  for (const c of row.openConditions || []) reasons.push("Open condition: " + words(c.type) + (c.type === "MANDATE_REQUIRED" ? " — met when the registrar records a mandate" : c.party ? " — needs " + c.party : ""));
  if (row.roeStatus === "STALE") reasons.push("ROE acknowledgement stale — the liaison must acknowledge the current version");
  if (row.suspension) reasons.push("Suspended: " + row.suspension.reason);
  return reasons.length ? h("ul", {class: "blocked"}, reasons.map(r => h("li", {}, r))) : "nothing";
}

function pledgeCard(row, board, force) {
  return [h("p", {}, badge(row.state, words(row.state)), " ", num(row.offeredPersonnel) + " offered, " + num(row.committedPersonnel) + " committed, " + num(row.deployedPersonnel) + " deployed"),
    h("div", {}, h("strong", {}, "What blocks it: "), blocks(row)),
    h("p", {}, "Rules of engagement: ", badge(row.roeStatus, words(row.roeStatus)), " (acknowledged v" + (row.roeAcknowledgedVersion || 0) + ", current v" + (force.currentRoeVersion || 0) + ")"),
    h("p", {}, "Host parties: ", consentOf(board, row.nation).map(c => [badge(c.position, c.party + " " + words(c.position)), " "])),
    actions(["acknowledge-rules-of-engagement", {contributionId: row.contributionId, version: force.currentRoeVersion || ""}], ["commit-contribution", {contributionId: row.contributionId}],
      ["declare-caveat", {contributionId: row.contributionId}], ["lift-caveat", {contributionId: row.contributionId}], ["withdraw-contribution", {contributionId: row.contributionId}])];
}

function roeTable(roe) {
  return table(["Nation", "State", "Acknowledged", "Status", "Caveats"], roe.acknowledgements.map(a =>
    [a.nation, badge(a.state, words(a.state)), a.acknowledgedVersion ? "v" + a.acknowledgedVersion + " on " + date(a.acknowledgedAt) : "not yet", badge(a.status, words(a.status)),
      (a.caveats || []).map(c => words(c.kind) + ": " + c.description).join("; ") || "none"]));
}

async function integrityCard() {
  const card = h("section", {class: "card", "aria-label": "Integrity"}, h("h2", {}, "Integrity"));
  const result = h("div", {}, h("p", {class: "muted"}, "Not verified in this view yet."));
  const verify = async () => {
    result.replaceChildren(h("p", {class: "muted"}, "Verifying every hash chain…"));
    try {
      const report = await get("audit/verify");
      result.replaceChildren();
      add(result, h("p", {id: "integrity-status"}, report.intact ? badge("intact", "intact") : badge("broken", "broken"), " ",
        report.eventsChecked + " events in " + report.streamsChecked + " streams checked"),
        report.breaks.length ? table(["Stream", "Sequence", "Problem"], report.breaks.map(b => [b.aggregateType + " " + b.aggregateId, String(b.sequence), b.problem])) : null);
      const digest = await get("audit/digest").catch(() => null);
      const log = await get("audit/log").catch(() => null);
      if (digest) add(result, h("p", {}, "Digest to keep outside the ledger, up to event " + digest.upToGlobalIndex + ": ", h("code", {}, digest.sha256)));
      if (log && log.latestCheckpoint) add(result, h("p", {}, "Merkle log: " + log.size + " events; latest signed checkpoint covers " + log.latestCheckpoint.treeSize + " (root ", h("code", {}, log.latestCheckpoint.rootHash.slice(0, 16) + "…"), ")"));
    } catch (problem) { result.replaceChildren(problemBox(problem)); }
  };
  add(card, h("p", {}, h("button", {type: "button", class: "primary", id: "verify", onclick: verify}, "Verify integrity")), result);
  return card;
}

async function showAuditEvent(event) {
  const dialog = document.getElementById("events-dialog");
  document.getElementById("events-title").textContent = event.type + " (#" + event.globalIndex + ")";
  const body = document.getElementById("events-body");
  let previous = null;
  if (event.sequence > 0) {
    const stream = await get("audit/aggregates/" + event.aggregateType + "/" + encodeURIComponent(event.aggregateId) + "/events", {limit: 1000}).catch(() => null);
    previous = stream && stream.events.find(e => e.sequence === event.sequence - 1);
  }
  body.replaceChildren(h("p", {}, "Hash: ", h("code", {}, event.hash)), h("p", {}, "Previous hash in its stream: ", h("code", {}, previous ? previous.hash : "none (first event)")),
    h("h3", {}, "Payload"), h("pre", {}, JSON.stringify(event.payload, null, 2)), h("h3", {}, "Metadata"), h("pre", {}, JSON.stringify(event.metadata, null, 2)));
  dialog.showModal();
}

async function watchReplay(id, box) {
  for (;;) {
    const p = await get("audit/replays/" + id);
    box.replaceChildren(h("p", {role: "status"}, "Replay " + id + ": " + words(p.state) + ", " + p.eventsDone + " of " + p.eventsTotal + " events" + (p.secondsLeft ? ", about " + p.secondsLeft + " s left" : "")));
    if (p.finishedAt || p.error) return;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

// ---------- forms built from the OpenAPI document ----------
async function commandForm(name, params) {
  state.api = state.api || await get("/v3/api-docs");
  const operation = state.api.paths[API + "/commands/" + name].post;
  const content = operation.requestBody.content["application/json"];
  const schema = resolve(content.schema);
  const example = Object.values(content.examples || {})[0];
  const form = h("form", {class: "command", novalidate: true, "aria-labelledby": "form-title"});
  const summary = h("div", {id: "form-outcome", "aria-live": "polite"});
  add(form, h("h1", {id: "form-title"}, operation.summary), h("p", {class: "muted"}, operation.description || ""),
    summary, fields(schema, "", prefill(params)));
  const version = params.get("ifMatch");
  if (version) add(form, h("p", {}, h("label", {}, h("input", {type: "checkbox", id: "if-match", checked: true}), " Only if nobody changed it since I looked (version " + version.replace(/"/g, "") + ")")));
  add(form, h("p", {}, h("button", {type: "submit", class: "primary"}, "Issue " + words(name)), " ",
    example ? h("button", {type: "button", onclick: () => fill(form, example.value)}, "Fill in the example") : null, " ",
    h("a", {href: "javascript:history.back()"}, "Back")));
  // one key per distinct body: a retry of the same request is answered once; a changed body is a new request
  let last = {body: null, key: null};
  form.addEventListener("submit", async event => {
    event.preventDefault();
    clearErrors(form);
    const body = collect(form, schema, "");
    const text = JSON.stringify(body);
    if (text !== last.body) last = {body: text, key: crypto.randomUUID()};
    const headers = {"Idempotency-Key": last.key};
    if (version && form.querySelector("#if-match").checked) headers["If-Match"] = version;
    try {
      const answer = await post("commands/" + name, body, headers);
      summary.replaceChildren(h("p", {class: "notice", role: "status"}, "Accepted: " + answer.events.map(e => e.type).join(", ") + " (" + answer.aggregateType + " " + answer.aggregateId + ", event " + answer.position + ")"),
        h("p", {}, h("a", {href: back(answer)}, "See it")));
    } catch (problem) {
      showRefusal(form, summary, problem);
    }
  });
  return form;
}
function back(answer) {
  const view = {CommandStructure: "structure", Force: "force", Contribution: "force", Mandate: "mandate", ConsentRegister: "consent", HumanitarianCoalition: "coalition"}[answer.aggregateType] || "timeline";
  const id = answer.aggregateType === "Contribution" || answer.aggregateType === "ConsentRegister" ? null : answer.aggregateId;
  return "#/" + view + (id ? "/" + encodeURIComponent(id) : "") + "?minPosition=" + answer.position;
}
function prefill(params) {
  const values = {};
  for (const [k, v] of params.entries()) if (k !== "ifMatch" && v) values[k] = v;
  if (state.me.nation && !values.nation) values.nation = state.me.nation;
  if (state.me.party && !values.party) values.party = state.me.party;
  return values;
}
function resolve(schema) {
  let current = schema;
  while (current && current.$ref) current = state.api.components.schemas[current.$ref.split("/").pop()];
  return current || {};
}
function fieldId(path) {
  return "f-" + path.replace(/[^A-Za-z0-9]+/g, "-");
}
function fields(schema, prefix, values) {
  const required = new Set(schema.required || []);
  return Object.entries(schema.properties || {}).map(([name, raw]) => {
    const property = resolve(raw);
    const path = prefix ? prefix + "." + name : name;
    const id = fieldId(path);
    const label = h("label", {for: id}, name + (required.has(name) ? " *" : ""));
    const hint = property.description || raw.description || "";
    if (property.properties) {
      return h("fieldset", {"data-path": path}, h("legend", {}, name + (required.has(name) ? " *" : "")), fields(property, path, {}));
    }
    let input;
    if (property.enum) input = h("select", {id, name: path}, h("option", {value: ""}, "—"), property.enum.map(v => h("option", {value: v, selected: values[name] === v}, v)));
    else if (property.type === "boolean") input = h("input", {id, name: path, type: "checkbox"});
    else if (property.type === "integer" || property.type === "number") input = h("input", {id, name: path, type: "number", value: values[name] || ""});
    else if (property.type === "array" || property.type === "object") input = h("textarea", {id, name: path, "aria-describedby": id + "-hint"});
    else input = h("input", {id, name: path, type: "text", value: values[name] || "", "aria-describedby": id + "-hint"});
    const hintText = property.type === "array" ? "JSON list" + (resolve(property.items || {}).enum ? " of " + resolve(property.items).enum.join(", ") : "") : property.type === "object" ? "JSON object" : hint;
    return h("div", {class: "field", "data-path": path}, label, input, hintText ? h("small", {id: id + "-hint"}, hintText) : null);
  });
}
function collect(form, schema, prefix) {
  const body = {};
  for (const [name, raw] of Object.entries(schema.properties || {})) {
    const property = resolve(raw);
    const path = prefix ? prefix + "." + name : name;
    if (property.properties) {
      const nested = collect(form, property, path);
      if (Object.keys(nested).length) body[name] = nested;
      continue;
    }
    const input = form.querySelector("#" + fieldId(path));
    if (!input) continue;
    if (property.type === "boolean") { if (input.checked) body[name] = true; continue; }
    const value = input.value.trim();
    if (value === "") continue;
    if (property.type === "integer" || property.type === "number") body[name] = Number(value);
    else if (property.type === "array" || property.type === "object") {
      try { body[name] = JSON.parse(value); } catch (notJson) { body[name] = property.type === "array" ? value.split(/\s*,\s*/) : value; }
    } else body[name] = value;
  }
  return body;
}
function fill(form, example, prefix = "") {
  for (const [name, value] of Object.entries(example || {})) {
    const path = prefix ? prefix + "." + name : name;
    const input = form.querySelector("#" + fieldId(path));
    if (input) {
      if (input.type === "checkbox") input.checked = Boolean(value);
      else input.value = typeof value === "object" ? JSON.stringify(value, null, 1) : value;
    } else if (value && typeof value === "object") fill(form, value, path);
  }
}
function clearErrors(form) {
  form.querySelectorAll(".field-error").forEach(e => e.remove());
  form.querySelectorAll("[aria-invalid]").forEach(e => e.removeAttribute("aria-invalid"));
}
/** A refusal beside the input it concerns: the problem's title, its rule, and the domain's sentence for it. */
function showRefusal(form, summary, problem) {
  const body = problem.body || {};
  summary.replaceChildren(h("div", {class: "refusal", role: "alert", id: "refusal"},
    h("p", {}, (body.title || "Refused") + " (" + problem.status + ")" + (body.rule ? " · rule " + body.rule : "")),
    body.detail ? h("p", {}, body.detail) : null,
    problem.status === 412 ? h("p", {}, "Someone changed it since you looked: open the view again, check, and issue the command again.") : null));
  for (const error of body.errors || []) {
    const path = String(error.field).replace(/\[\d+\]/g, "");
    const container = form.querySelector('[data-path="' + CSS.escape(path) + '"]') || form.querySelector('[data-path="' + CSS.escape(path.split(".")[0]) + '"]');
    const message = h("span", {class: "field-error", id: fieldId(path) + "-error"}, error.field + ": " + error.message);
    if (container) {
      add(container, message);
      const input = container.querySelector("input, select, textarea");
      if (input) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", message.id); }
    } else add(summary, message);
  }
  if (body.rule && !(body.errors || []).length && body.detail) {
    // a business rule names no field; it names the values it refused: mark the inputs that hold them
    for (const input of form.querySelectorAll("input[type=text], select")) {
      const value = input.value.trim();
      if (value.length >= 3 && body.detail.includes(value)) {
        const message = h("span", {class: "field-error", id: input.id + "-error"}, body.rule + ": " + body.detail);
        input.closest(".field").append(message);
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", message.id);
      }
    }
  }
  const first = form.querySelector("[aria-invalid]");
  (first || summary).focus && (first || summary.firstChild).focus?.();
}

// ---------- the page ----------
/** Draws a view into the page, replacing what was there only once it is ready (nothing moves while it reads). */
async function draw(view) {
  const fresh = h("div", {});
  try {
    await render[view](fresh);
  } catch (problem) {
    fresh.replaceChildren(problem.status === 404 ? h("p", {}, "It did not exist at that time. " + ((problem.body && problem.body.detail) || "")) : problemBox(problem));
  }
  document.getElementById("view").replaceChildren(...fresh.childNodes);
}

/** The live stream said the read models moved: the same view again, except a form being filled in. */
async function refresh() {
  const {view} = route();
  if (view !== "commands" && render[view]) await draw(view);
}

async function show() {
  const {view, params} = route();
  drawNav();
  syncTime();
  if (!render[view]) { document.getElementById("view").replaceChildren(h("p", {}, "No such view.")); return; }
  if (params.get("minPosition")) await get("timeline", {limit: 1, minPosition: params.get("minPosition")}).catch(() => null); // read your own write
  state.directory = await get("directory").catch(() => state.directory);
  await draw(view);
  document.title = (VIEWS.find(v => v.id === view) || {label: view}).label + " · Coordination Ledger";
  document.body.dataset.shown = location.hash; // which view the page last finished drawing (the browser tests wait on it)
}

async function start() {
  document.getElementById("logout-csrf").value = CSRF;
  state.me = await get("me");
  document.getElementById("caller").textContent = state.me.name + " · " + state.me.roles.map(words).join(", ") +
    (state.me.nation ? " · " + state.me.nation : "") + (state.me.party ? " · " + state.me.party : "");
  await setUpTime();
  window.addEventListener("hashchange", show);
  await show();
  connectLive();
}

document.addEventListener("DOMContentLoaded", start);
