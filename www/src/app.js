// The assessor's shell: a small store (the open assessment's document plus UI state), hash routes,
// the step navigation with its progress, autosave, and one render loop. After every change the
// document goes through the engine (engine.js `assess`): findings, scores, SoA rows and gaps come
// back from it and the views render them. Nothing here computes a score, a band or a status.
import { load, assess, ref } from "./engine.js";
import * as store from "./store.js";
import * as session from "./session.js";
import { watch as watchUpdates, build } from "./update.js";
import { el, $, indexPaths, setFixLinks } from "./dom.js";
import { fieldFor, hrefOf, reveal } from "./reach.js";
import { home } from "./views/home.js";
import { context, leadership } from "./views/org.js";
import { method, assets, risks, treatment } from "./views/risk.js";
import { loss } from "./views/loss.js";
import { controls, soa, catalogue } from "./views/controls.js";
import { readiness, improvement, report } from "./views/status.js";
import { documents } from "./views/documents.js";
import { objectives, support, operations } from "./views/sections.js";

/**
 * The steps of the guided work, in order. `requirements` are the readiness requirement ids and
 * `paths` the document paths whose findings belong to the step: the nav shows the engine's
 * statuses and findings for them.
 */
export const STEPS = [
  { route: "context", title: "Context", view: context, requirements: ["4.1", "4.1-climate", "4.2", "4.3", "4.4"], paths: ["/organisation", "/context"] },
  { route: "leadership", title: "Leadership", view: leadership, requirements: ["5.1", "5.2", "5.3"], paths: ["/leadership"] },
  { route: "method", title: "Risk method", view: method, requirements: ["6.1.1", "6.1.2"], paths: ["/method"] },
  { route: "assets", title: "Assets", view: assets, requirements: [], paths: ["/assets"] },
  { route: "risks", title: "Risk register", view: risks, requirements: ["8.2"], paths: ["/risks"] },
  { route: "treatment", title: "Treatment", view: treatment, requirements: ["6.1.3", "6.1.3.a", "6.1.3.b", "6.1.3.c", "6.1.3.e", "6.1.3.f", "8.3"], paths: ["/risks"] },
  { route: "loss", title: "Loss in money", view: loss, requirements: [], paths: ["/organisation/currency"],
    progress: (doc) => `${(doc.risks ?? []).filter((r) => r.quant).length} of ${(doc.risks ?? []).length} risks quantified`,
    done: (doc) => (doc.risks ?? []).some((r) => r.quant) },
  { route: "controls", title: "Annex A controls", view: controls, requirements: [], paths: ["/controls", "/custom_controls"] },
  { route: "soa", title: "Statement of Applicability", view: soa, requirements: ["6.1.3.d"], paths: ["/soa"] },
  { route: "objectives", title: "Objectives & changes", view: objectives, requirements: ["6.2", "6.3"], paths: ["/objectives", "/planned_changes"] },
  { route: "support", title: "Support", view: support, requirements: ["7.1", "7.2", "7.3", "7.4"], paths: ["/competence"] },
  { route: "documents", title: "Documents", view: documents, requirements: ["7.5.1", "7.5.2", "7.5.3"], paths: ["/documents"] },
  { route: "operations", title: "Operations", view: operations, requirements: ["8.1"], paths: ["/incidents"] },
  { route: "improvement", title: "Audits & improvement", view: improvement, requirements: ["9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2"], paths: ["/audits", "/nonconformities", "/management_reviews", "/kpis"] },
  { route: "readiness", title: "Readiness", view: readiness, requirements: [], paths: [] },
];

const OTHER = {
  "": { title: "Assessments", view: home, free: true },
  report: { title: "Report", view: report },
  catalogue: { title: "Annex A catalogue", view: catalogue, free: true },
};

/** The app state: the open assessment ({id, name, document}), the engine's view of it, UI state. */
export const app = {
  record: null,
  derived: null,
  // Bumped on every change of the open document: views cache what they derive from it per revision.
  revision: 0,
  error: null,
  // imports: the register being read per kind (views/register.js), dropped with the assessment.
  ui: { open: new Set(), filters: {}, notice: null, imports: {} },
  get doc() {
    return this.record?.document;
  },
  commit: session.commit,
  open,
  close,
  session,
  navigate,
  notify,
  render: scheduleRender,
  stepFor,
  steps: STEPS,
};

/** The step that owns a gap or finding (by requirement id, then by document path). */
function stepFor(item) {
  return STEPS.find((s) => s.requirements.includes(item.reference))
    ?? STEPS.find((s) => item.path && s.paths.some((p) => item.path.startsWith(p)))
    ?? (item.reference?.startsWith("A.") ? STEPS.find((s) => s.route === "controls") : undefined);
}

/** Re-assesses app.doc: a rejection keeps the derived figures of the last accepted version. */
function recompute() {
  app.revision++;
  const result = assess(app.doc);
  if (result.error) {
    app.error = result.error;
  } else {
    app.error = null;
    app.derived = result;
  }
}

/**
 * Opens a stored assessment record ({id, name, revision, document}): editable here, or read-only
 * while another tab edits it (session.js).
 */
async function open(record) {
  if (!record) {
    notify("That assessment is no longer on this device.");
    scheduleRender();
    return;
  }
  app.derived = null;
  app.ui.open.clear();
  app.ui.imports = {};
  await session.open(record);
  scheduleRender();
}

/** Closes the open assessment, after saving what is pending. */
async function close() {
  await session.close();
  app.record = null;
  app.derived = null;
  app.error = null;
  app.ui.imports = {};
  scheduleRender();
}

function navigate(route) {
  location.hash = `#/${route}`;
}

/** Shows a short message in the live region. */
let notifyTimer;
function notify(text) {
  $("status").textContent = text;
  clearTimeout(notifyTimer);
  notifyTimer = setTimeout(() => { $("status").textContent = ""; }, 5000);
}

const route = () => location.hash.replace(/^#\/?/, "").split("?")[0];
/** The `field` parameter of the route (`#/risks?field=/risks/0/owner`): the field to bring into view. */
const fieldParam = () => new URLSearchParams(location.hash.split("?")[1] ?? "").get("field");

/** Brings the field that edits `pointer` (its `data-path`) into view and focuses it, opening what hides it. */
function focusField(pointer) {
  const target = fieldFor($("view"), pointer);
  if (!target) return false;
  for (let node = target.parentElement; node; node = node.parentElement) {
    if (node.tagName === "DETAILS") node.open = true;
  }
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
  return true;
}

function renderNav() {
  const nav = $("steps");
  const current = route();
  const derived = app.derived;
  const items = [el("li", {}, link("", "Assessments", current))];
  for (const step of STEPS) {
    let progress = "";
    if (app.record && derived) {
      const reqs = derived.readiness.requirements.filter((r) => step.requirements.includes(r.id));
      const met = reqs.filter((r) => r.status === "met").length;
      const findings = derived.validation.findings.filter((f) => step.paths.some((p) => f.path.startsWith(p)));
      const parts = [];
      if (reqs.length) parts.push(`${met}/${reqs.length} met`);
      if (step.route === "readiness") parts.push(`score ${derived.readiness.score.score}`);
      else if (step.progress) parts.push(step.progress(app.doc));
      else parts.push(findings.length ? `${findings.length} to fix` : "no findings");
      progress = parts.join(" · ");
      const complete = step.route !== "readiness" && reqs.every((r) => r.status === "met") && findings.length === 0 && (step.done?.(app.doc) ?? true);
      items.push(el("li", { class: complete ? "step complete" : "step" }, link(step.route, step.title, current, progress, !app.record)));
    } else {
      items.push(el("li", { class: "step" }, link(step.route, step.title, current, "", !app.record)));
    }
  }
  items.push(el("li", { class: "sep" }, link("report", "Report", current, "", !app.record)));
  items.push(el("li", {}, link("catalogue", "Annex A catalogue", current)));
  nav.replaceChildren(...items);
}

function link(to, title, current, progress = "", disabled = false) {
  const a = el("a", { href: `#/${to}`, "data-route": to, "aria-current": to === current ? "page" : undefined, "aria-disabled": disabled ? "true" : undefined },
    el("span", { class: "step-title", text: title }));
  if (progress) a.append(el("span", { class: "progress", text: progress }));
  return a;
}

function renderBanner() {
  const banner = $("banner");
  const parts = [];
  if (app.record) {
    parts.push(el("span", { class: "open-name" }, "Open: ", el("strong", { text: app.doc.organisation?.name || app.record.name })));
    const next = app.derived?.readiness?.gaps?.[0];
    if (next) {
      const href = hrefOf(app, next);
      parts.push(el("span", { class: "next", "data-testid": "next" }, "Next: ",
        href ? el("a", { href, text: next.message }) : next.message));
    }
  }
  parts.push(...session.bannerParts());
  banner.replaceChildren(...parts);
}

let renderPending = false;
function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  // After the current event, so a focus move (Tab after a change) has happened before re-rendering.
  setTimeout(() => {
    renderPending = false;
    render();
  });
}

function render() {
  const r = route();
  const step = STEPS.find((s) => s.route === r) ?? OTHER[r] ?? OTHER[""];
  const focused = document.activeElement?.id;
  let body;
  if (!app.record && !step.free) {
    body = el("section", { class: "panel" }, el("h1", { text: step.title }),
      el("p", {}, "Create or open an assessment first: ", el("a", { href: "#/", text: "Assessments" }), "."));
  } else {
    try {
      indexPaths(app.doc);
      body = step.view(app);
    } catch (err) {
      console.error(err);
      body = el("p", { role: "alert", text: `This view failed: ${err.message}` });
    }
  }
  $("view").replaceChildren(body);
  $("view").dataset.view = r || "home";
  document.title = `${step.title} · isms assessor`;
  renderNav();
  renderBanner();
  session.decorate();
  if (focused && $(focused)) $(focused).focus({ preventScroll: true });
  document.body.dataset.view = r || "home";
}

async function main() {
  const reference = await load();
  $("engine-version").textContent = `isms engine ${reference.version}, build ${build()}.`;
  session.init(app, { recompute, render: scheduleRender });
  const id = store.currentId();
  const record = id ? await store.get(id) : undefined;
  if (record) await session.open(record);
  const arrive = () => {
    const pointer = fieldParam();
    if (pointer !== null) reveal(app, route(), pointer);
    render();
    if (pointer !== null && focusField(pointer)) return;
    $("view").focus({ preventScroll: true });
    // The view's top: the page's top beside the step list, the view itself below it (a phone).
    const view = $("view").getBoundingClientRect();
    const nav = $("steps").getBoundingClientRect();
    window.scrollTo(0, nav.bottom <= view.top ? view.top + window.scrollY : 0);
  };
  window.addEventListener("hashchange", arrive);
  // A link to the field of the page already shown changes no hash: follow it all the same.
  document.addEventListener("click", (event) => {
    const a = event.target.closest?.("a[href^='#/']");
    if (a && !event.defaultPrevented && a.getAttribute("href") === location.hash) {
      event.preventDefault();
      arrive();
    }
  });
  setFixLinks((finding) => hrefOf(app, finding));
  // Opened at a link to a field (a bookmark, a reload): bring that field into view.
  if (fieldParam() !== null) arrive();
  else render();
  $("status").textContent = "";
  document.body.dataset.ready = "true";
  watchUpdates(scheduleRender);
}

main().catch((err) => {
  console.error(err);
  $("status").textContent = `The engine failed to load: ${err.message}`;
});

export { ref };
