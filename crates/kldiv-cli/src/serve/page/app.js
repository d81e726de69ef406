// The page of `kldiv serve`: it maps controls to the JSON endpoints and their answers to the
// page. Every number comes from the server; none is computed here.
"use strict";

const PRESETS = [
  { name: "two Gaussians", p: "normal(0, 1)", q: "normal(3, 1)" },
  { name: "Gaussian vs mixture", p: "normal(0, 1)", q: "0.5*normal(0, 1) + 0.5*normal(3, 1)" },
  { name: "mixture vs Gaussian", p: "0.5*normal(0, 1) + 0.5*normal(3, 1)", q: "normal(0, 1)" },
  { name: "heavy tails", p: "student_t(1)", q: "normal(0, 1)" },
  { name: "disjoint supports", p: "uniform(0, 1)", q: "uniform(2, 3)" },
  { name: "near-equal", p: "normal(0, 1)", q: "normal(0.001, 1)" },
];

const $ = (id) => document.getElementById(id);
const state = { p: "", q: "", alpha: 0.5, components: { p: null, q: null } };
let generation = 0;          // the newest computation; older answers are dropped
let inflight = null;         // its AbortController
let typingTimer = null;
// A slider's moves are coalesced, not delayed: the first is sent at once; moves while its
// answers are on their way become one request sent when they arrive (the newest values).
let busy = false;
let dirty = false;
const TYPE_DEBOUNCE_MS = 250;

async function post(path, body, signal) {
  const r = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  const j = await r.json();
  if (!r.ok) throw new Error(j.error || ("HTTP " + r.status));
  return j;
}

// A number as the server sent it: a JSON number, or "inf", "-inf", "nan".
function fmt(v, digits) {
  if (v === "inf") return "+∞";
  if (v === "-inf") return "−∞";
  if (v === "nan") return "NaN";
  if (typeof v !== "number") return String(v);
  const s = v.toPrecision(digits || 12);
  return (s.includes("e") ? s : s.replace(/\.?0+$/, "")).replace("-", "−");
}
function bar(v) {
  if (typeof v !== "number") return fmt(v);
  return v === 0 ? "0" : v.toExponential(0).replace("-", "−");
}

// ---- the URL holds the state: #p=…&q=…&alpha=…
function writeUrl() {
  const h = new URLSearchParams({ p: state.p, q: state.q, alpha: String(state.alpha) });
  history.replaceState(null, "", "#" + h.toString());
}
function readUrl() {
  const h = new URLSearchParams(location.hash.slice(1));
  if (h.get("p") !== null && h.get("q") !== null) {
    return { p: h.get("p"), q: h.get("q"), alpha: parseFloat(h.get("alpha") || "0.5") || 0.5 };
  }
  return null;
}

// ---- sliders from the library's parameter ranges
function niceStep(lo, hi) {
  if (Number.isInteger(lo) && Number.isInteger(hi) && hi - lo >= 50) return 1;
  const span = hi - lo;
  return span <= 2 ? 0.01 : span <= 25 ? 0.05 : 0.5;
}
function round(x) { return parseFloat(x.toPrecision(12)); }

function specOf(components) {
  const mixture = components.length > 1;
  return components.map((c) => {
    const args = c.params.map((p) => typeof p.value === "number" ? String(round(p.value))
      : JSON.stringify(p.value)).join(", ");
    const atom = c.family + "(" + args + ")";
    return mixture ? String(round(c.weight)) + "*" + atom : atom;
  }).join(" + ");
}

function buildSliders(which) {
  const box = $("sliders-" + which);
  box.replaceChildren();
  const comps = state.components[which];
  if (!comps) return;
  comps.forEach((c, ci) => {
    if (comps.length > 1) {
      const head = document.createElement("div");
      head.className = "component";
      head.textContent = "component " + (ci + 1) + ": " + c.family;
      box.appendChild(head);
    }
    const rows = c.params.map((p, pi) => ({ p, pi })).filter((r) => typeof r.p.value === "number" && r.p.range);
    if (comps.length === 2 && ci === 0) {
      rows.unshift({ weight: true });
    }
    rows.forEach((r) => {
      const name = r.weight ? "weight" : r.p.name;
      const id = `s-${which}-${ci}-${name}`;
      const row = document.createElement("div");
      row.className = "slider";
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = (comps.length > 1 ? `${which}.${ci + 1}.` : `${which}.`) + name;
      const input = document.createElement("input");
      input.type = "range";
      input.id = id;
      input.dataset.param = name;
      let lo, hi, value;
      if (r.weight) { lo = 0.01; hi = 0.99; value = c.weight; }
      else { [lo, hi] = r.p.range; value = r.p.value; }
      // A value typed outside the library's range widens the slider rather than moving it.
      lo = Math.min(lo, value); hi = Math.max(hi, value);
      input.min = lo; input.max = hi; input.step = r.weight ? 0.01 : niceStep(lo, hi);
      input.value = value;
      const out = document.createElement("output");
      out.htmlFor = id;
      out.textContent = fmt(value, 6);
      input.addEventListener("input", () => {
        const v = parseFloat(input.value);
        out.textContent = fmt(v, 6);
        if (r.weight) { comps[0].weight = v; comps[1].weight = round(1 - v); }
        else { c.params[r.pi].value = v; }
        state[which] = specOf(comps);
        $("spec-" + which).value = state[which];
        slid();
      });
      row.append(label, input, out);
      box.appendChild(row);
    });
  });
}

// ---- showing answers
function pending(on) {
  for (const id of ["kl-pq", "kl-qp"]) if (on) $(id).dataset.state = "pending";
  document.querySelectorAll(".svg").forEach((e) => { if (on) e.dataset.state = "pending"; });
}
function showEstimate(id, e) {
  const el = $(id), detail = $(id + "-detail");
  if (e.error) {
    el.dataset.state = "refused";
    el.textContent = "refused";
    detail.textContent = e.error;
    el.dataset.value = "";
    return;
  }
  el.dataset.value = String(e.value);
  if (e.value === "inf") {
    el.dataset.state = "infinite";
    el.textContent = "+∞";
    detail.textContent = e.method + " · q vanishes where p does not";
    return;
  }
  el.dataset.state = "ok";
  el.textContent = fmt(e.value) + " ± " + bar(e.abs_error);
  detail.textContent = e.method + " · " + e.evaluations + " evaluations" + (e.warning ? " · " + e.warning : "");
}
function blank(message) {
  for (const id of ["kl-pq", "kl-qp"]) {
    $(id).dataset.state = "error"; $(id).textContent = "—"; $(id).dataset.value = "";
    $(id + "-detail").textContent = message || "";
  }
  $("measures-table").tBodies[0].replaceChildren();
  document.querySelectorAll(".svg").forEach((e) => { e.replaceChildren(); e.dataset.state = "error"; });
}

const MEASURES = [
  ["jeffreys", "Jeffreys KL(p‖q) + KL(q‖p)"],
  ["js", "Jensen–Shannon"],
  ["js_distance", "Jensen–Shannon distance"],
  ["hellinger", "Hellinger distance"],
  ["tv", "total variation"],
  ["renyi", "Rényi of order α"],
  ["bhattacharyya", "Bhattacharyya"],
  ["cross_entropy_pq", "cross-entropy H(p, q)"],
  ["cross_entropy_qp", "cross-entropy H(q, p)"],
  ["entropy_p", "entropy H(p)"],
  ["entropy_q", "entropy H(q)"],
];
function showMeasures(m) {
  const body = $("measures-table").tBodies[0];
  body.replaceChildren();
  for (const [key, label] of MEASURES) {
    const e = m[key];
    const tr = document.createElement("tr");
    tr.dataset.measure = key;
    const name = document.createElement("td");
    name.textContent = key === "renyi" ? label.replace("α", "α = " + fmt(m.alpha, 4)) : label;
    const val = document.createElement("td");
    val.className = "num";
    const how = document.createElement("td");
    if (e.error) { val.textContent = "refused"; how.textContent = e.error; }
    else {
      val.textContent = e.value === "inf" ? "+∞" : fmt(e.value) + " ± " + bar(e.abs_error);
      how.textContent = e.method;
    }
    tr.append(name, val, how);
    body.appendChild(tr);
  }
}

function slid() {
  if (busy) { dirty = true; return; }
  compute();
}

// ---- the computation of one view; only the newest one's answers are shown
async function compute() {
  busy = true;
  try { await computeOnce(); } finally { busy = false; }
  if (dirty) { dirty = false; compute(); }
}

async function computeOnce() {
  const gen = ++generation;
  if (inflight) inflight.abort();
  inflight = new AbortController();
  const signal = inflight.signal;
  writeUrl();
  pending(true);
  const body = { p: state.p, q: state.q, alpha: state.alpha };
  const current = () => gen === generation;
  const guard = (promise, show) => promise.then((v) => { if (current()) show(v); })
    .catch((err) => {
      if (err.name === "AbortError" || !current()) return;
      blank(err.message);
      $("err-panels").textContent = err.message;
    });
  $("err-panels").textContent = "";
  await Promise.all([
    guard(post("/api/kl", body, signal), (r) => { showEstimate("kl-pq", r.pq); showEstimate("kl-qp", r.qp); }),
    guard(post("/api/panels", body, signal), (r) => {
      for (const k of ["densities", "log_ratio", "integrand_pq", "integrand_qp"]) {
        const el = $("panel-" + k);
        el.innerHTML = r[k];
        el.dataset.state = "ok";
      }
    }),
    guard(post("/api/measures", body, signal), showMeasures),
  ]);
  if (current()) document.body.dataset.generation = String(gen);
}

// A spec typed or set: parse both (the errors name the field), rebuild the sliders, compute.
async function respec() {
  const gen = ++generation;
  if (inflight) inflight.abort();
  let ok = true;
  for (const which of ["p", "q"]) {
    const input = $("spec-" + which);
    state[which] = input.value.trim();
    try {
      const r = await post("/api/parse", { spec: state[which] });
      if (gen !== generation) return;
      if (r.error) throw new Error(which + ": " + r.error);
      state.components[which] = r.components;
      input.setAttribute("aria-invalid", "false");
      $("err-" + which).textContent = "";
      buildSliders(which);
    } catch (err) {
      if (gen !== generation) return;
      ok = false;
      state.components[which] = null;
      input.setAttribute("aria-invalid", "true");
      $("err-" + which).textContent = err.message;
      $("sliders-" + which).replaceChildren();
    }
  }
  if (ok) { compute(); } else { writeUrl(); blank("fix the spec above"); document.body.dataset.generation = String(gen); }
}

function setView(p, q, alpha) {
  $("spec-p").value = p;
  $("spec-q").value = q;
  state.alpha = alpha;
  $("alpha").value = alpha;
  $("alpha-out").textContent = fmt(alpha, 4);
  document.querySelectorAll("#presets button").forEach((b) =>
    b.setAttribute("aria-pressed", String(b.dataset.p === p && b.dataset.q === q)));
  respec();
}

// ---- samples and arrays
async function drawSamples() {
  const sizes = $("sizes").value.split(/[\s,;]+/).filter(Boolean).map(Number);
  $("err-samples").textContent = "";
  const body = $("samples-table").tBodies[0];
  try {
    const r = await post("/api/samples", {
      p: state.p, q: state.q, sizes, seed: Number($("seed").value), k: Number($("k").value),
    });
    body.replaceChildren();
    const cert = r.certified.error ? "refused" : fmt(r.certified.value, 8);
    const cell = (e) => !e ? "—" : e.error ? "refused: " + e.error
      : fmt(e.value, 5) + " [" + fmt(e.low, 4) + ", " + fmt(e.high, 4) + "]";
    for (const row of r.rows) {
      const tr = document.createElement("tr");
      for (const [text, num] of [[String(row.n), true], [cell(row.knn), true], [cell(row.binned), true], [cert, true]]) {
        const td = document.createElement("td");
        td.textContent = text;
        if (num) td.className = "num";
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  } catch (err) {
    body.replaceChildren();
    $("err-samples").textContent = err.message;
  }
}

function numbers(text, name) {
  const parts = text.replace(/[\[\]]/g, " ").split(/[\s,;]+/).filter(Boolean);
  return parts.map((s, i) => {
    const v = Number(s);
    if (!Number.isFinite(v)) throw new Error(`${name}[${i}]: '${s}' is not a number`);
    return v;
  });
}
let arraysGen = 0;
async function computeArrays() {
  const gen = ++arraysGen;
  const el = $("arrays-value");
  $("err-arrays").textContent = "";
  try {
    const pk = numbers($("pk").value, "pk");
    const qkText = $("qk").value.trim();
    const qk = qkText ? numbers(qkText, "qk") : null;
    const b = $("base").value;
    const r = await post("/api/arrays", { pk, qk, base: b === "e" ? Math.E : Number(b) });
    if (gen !== arraysGen) return;
    el.dataset.state = r.value === "inf" ? "infinite" : "ok";
    el.dataset.value = String(r.value);
    el.textContent = r.what + " = " + fmt(r.value, 15);
  } catch (err) {
    if (gen !== arraysGen) return;
    el.dataset.state = "error";
    el.dataset.value = "";
    el.textContent = "—";
    $("err-arrays").textContent = err.message;
  }
}

// ---- wiring
function init() {
  const bar = $("presets");
  for (const pr of PRESETS) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = pr.name;
    b.dataset.p = pr.p; b.dataset.q = pr.q;
    b.addEventListener("click", () => setView(pr.p, pr.q, state.alpha));
    bar.appendChild(b);
  }
  for (const which of ["p", "q"]) {
    $("spec-" + which).addEventListener("input", () => {
      clearTimeout(typingTimer);
      typingTimer = setTimeout(respec, TYPE_DEBOUNCE_MS);
    });
    $("spec-" + which).addEventListener("keydown", (e) => {
      if (e.key === "Enter") { clearTimeout(typingTimer); respec(); }
    });
  }
  $("alpha").addEventListener("input", () => {
    state.alpha = parseFloat($("alpha").value);
    $("alpha-out").textContent = fmt(state.alpha, 4);
    slid();
  });
  $("draw").addEventListener("click", drawSamples);
  for (const id of ["pk", "qk", "base"]) $(id).addEventListener("input", computeArrays);
  window.addEventListener("hashchange", () => {
    const v = readUrl();
    if (v && (v.p !== state.p || v.q !== state.q || v.alpha !== state.alpha)) setView(v.p, v.q, v.alpha);
  });
  const v = readUrl() || { p: PRESETS[0].p, q: PRESETS[0].q, alpha: 0.5 };
  setView(v.p, v.q, v.alpha);
  computeArrays();
}
init();
