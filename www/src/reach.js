// Where each gap and finding is fixed. A gap or finding of the engine names a requirement or
// control (`reference`) and, when it sits at one place, a JSON Pointer (`path`); this module turns
// that into a link `#/<step>?field=<pointer>` to the field that closes it, and brings that field
// into view when the link is followed: it opens what hides it (a risk's details row, a control's
// row, the treatment of a risk within appetite) and, when the field does not exist yet (a list
// with no record), falls back to the nearest thing that does: the list's Add button carries the
// list's pointer as its `data-path`.
import { el } from "./dom.js";

/**
 * What evidences each clause requirement for the engine's readiness (core readiness.rs
 * `evidence`), as the places in the document that record it: `[what, pointer, route]`. A `*` in
 * a pointer stands for the first record of the list that lacks the rest of the pointer (or the
 * first record). A requirement the document cannot evidence by itself (7.1, 7.4) is met by an
 * entry of the documented-information register that cites it.
 */
const EVIDENCE = {
  "4.1": [["internal and external issues", "/context/issues"]],
  "4.1-climate": [["an issue marked as concerning climate change", "/context/issues/*/climate"]],
  "4.2": [["interested parties", "/context/interested_parties"]],
  "4.3": [["the scope statement", "/context/scope/statement"]],
  "4.4": [["the scope statement", "/context/scope/statement"], ["the policy", "/leadership/policy/title", "leadership"],
    ["the risk register", "/risks", "risks"], ["control decisions", "/controls", "controls"]],
  "5.1": [["an approved policy", "/leadership/policy/approved_by", "leadership"], ["a management review", "/management_reviews"]],
  "5.2": [["the policy", "/leadership/policy/title", "leadership"]],
  "5.3": [["roles", "/leadership/roles"]],
  "6.1.1": [["the risk register", "/risks", "risks"]],
  "6.1.2": [["rated risks", "/risks/*/inherent/likelihood", "risks"]],
  "6.1.3": [["risk treatments", "/risks/*/treatment/option", "treatment"]],
  "6.1.3.a": [["risk treatments", "/risks/*/treatment/option", "treatment"]],
  "6.1.3.b": [["controls linked to risks", "/risks/*/controls", "risks"]],
  "6.1.3.c": [["a decision for every Annex A control", "/controls", "controls"]],
  "6.1.3.d": [["control records", "/controls", "controls"]],
  "6.1.3.e": [["treatment actions", "/risks/*/treatment/plan", "treatment"]],
  "6.1.3.f": [["risk owners' acceptances", "/risks/*/acceptance/by", "treatment"]],
  "6.2": [["objectives", "/objectives"]],
  "6.3": [["planned changes", "/planned_changes"]],
  "7.1": [["a register entry citing 7.1", "/documents"]],
  "7.2": [["competence records", "/competence"]],
  "7.3": [["awareness records", "/competence"]],
  "7.4": [["a register entry citing 7.4", "/documents"]],
  "7.5.1": [["the documented-information register", "/documents"]],
  "7.5.2": [["versioned, approved documents", "/documents/*/approved_on"]],
  "7.5.3": [["document locations", "/documents/*/location"]],
  "8.1": [["implemented controls", "/controls", "controls"]],
  "8.2": [["rated risks", "/risks/*/inherent/likelihood", "risks"]],
  "8.3": [["residual ratings", "/risks/*/residual/likelihood", "risks"], ["completed treatment actions", "/risks/*/treatment/plan", "treatment"]],
  "9.1": [["measured indicators", "/kpis"]],
  "9.2.1": [["audits", "/audits"]],
  "9.2.2": [["a completed audit", "/audits/*/status"]],
  "9.3.1": [["a management review", "/management_reviews"]],
  "9.3.2": [["review inputs", "/management_reviews/*/inputs"]],
  "9.3.3": [["review decisions", "/management_reviews/*/decisions"]],
  "10.1": [["verified corrections", "/nonconformities"], ["review decisions", "/management_reviews/*/decisions"]],
  "10.2": [["nonconformities", "/nonconformities"]],
};

const tokens = (pointer) => pointer.split("/").slice(1).map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));

/** The value at a pointer of `doc`, or undefined. */
function at(doc, pointer) {
  let node = doc;
  for (const t of tokens(pointer)) {
    if (node === undefined || node === null || typeof node !== "object") return undefined;
    node = node[t];
  }
  return node;
}

/** A pointer with `*` resolved against `doc` (see EVIDENCE); the list itself when it is empty. */
export function resolve(doc, pointer) {
  const star = pointer.indexOf("/*");
  if (star < 0) return pointer;
  const list = pointer.slice(0, star);
  const rest = pointer.slice(star + 2);
  const items = at(doc, list);
  if (!Array.isArray(items) || !items.length) return list;
  const missing = items.findIndex((item) => at(item, rest) === undefined || at(item, rest) === false);
  return resolve(doc, `${list}/${missing < 0 ? 0 : missing}${rest}`);
}

const owns = (step, pointer) => step.paths.some((p) => pointer === p || pointer.startsWith(`${p}/`));

/** The step (of `steps`) that shows `pointer`, preferring one that also owns the requirement. */
function stepOf(steps, pointer, reference) {
  return steps.find((s) => s.requirements.includes(reference) && owns(s, pointer)) ?? steps.find((s) => owns(s, pointer));
}

/** A link `#/<route>?field=<pointer>`. */
export const fieldHref = (route, pointer) => `#/${route}?field=${encodeURIComponent(pointer).replace(/%2F/g, "/")}`;

/**
 * The places that evidence a requirement: [{what, route, title, pointer}], pointers resolved against the
 * open document; a place whose step the assessor does not have is left out.
 */
export function evidenceOf(app, requirement) {
  const steps = app.steps;
  return (EVIDENCE[requirement] ?? []).map(([what, pointer, route]) => {
    const resolved = resolve(app.doc ?? {}, pointer);
    const step = route ? steps.find((s) => s.route === route) : stepOf(steps, resolved, requirement);
    return step ? { what, route: step.route, title: step.title, pointer: resolved } : null;
  }).filter(Boolean);
}

/**
 * Where a gap or finding ({reference, path, kind}) is fixed: {route, title, pointer}, or
 * undefined when no step shows it.
 */
export function targetOf(app, item) {
  const steps = app.steps;
  if (item.path) {
    const step = stepOf(steps, item.path, item.reference) ?? app.stepFor(item);
    if (step) return { route: step.route, title: step.title, pointer: item.path };
  }
  const [first] = evidenceOf(app, item.reference);
  if (first) return first;
  const step = app.stepFor(item);
  return step ? { route: step.route, title: step.title, pointer: "" } : undefined;
}

/** The link to where a gap or finding is fixed, or undefined. */
export function hrefOf(app, item) {
  const t = targetOf(app, item);
  if (!t) return undefined;
  return t.pointer ? fieldHref(t.route, t.pointer) : `#/${t.route}`;
}

// Views that hide fields until a row is opened register how to open it for a pointer.
const revealers = new Map();

/** Registers `open(app, pointer)` for a route: makes the view render the field at `pointer`. */
export const onReveal = (route, open) => revealers.set(route, open);

/** Prepares the view of `route` to show the field at `pointer` (before it renders). */
export function reveal(app, route, pointer) {
  revealers.get(route)?.(app, pointer);
}

/**
 * The element that edits `pointer`, or the nearest one that exists: the field itself, else the
 * first field inside it (a record's first field), else the same for each ancestor pointer (a
 * list's Add button carries the list's pointer).
 */
export function fieldFor(root, pointer) {
  const nodes = [...root.querySelectorAll("[data-path]")];
  for (let p = pointer; p; p = p.slice(0, p.lastIndexOf("/"))) {
    const found = nodes.find((n) => n.dataset.path === p) ?? nodes.find((n) => n.dataset.path.startsWith(`${p}/`));
    if (found) return found;
  }
  return undefined;
}

/**
 * A clause requirement ({id, title, status, evidence, documents} of the engine's readiness) as a
 * list item: its status, and where it is met, with links: what the engine found that evidences
 * it, or, while it is not met, the places (on this step or another) that would.
 */
export function requirementItem(app, q) {
  const current = app.steps.find((s) => `#/${s.route}` === location.hash.split("?")[0]);
  const places = evidenceOf(app, q.id);
  const links = places.flatMap((p, i) => [
    i ? (i === places.length - 1 ? " and " : ", ") : null,
    el("a", { href: fieldHref(p.route, p.pointer), "data-testid": "evidence-link" }, p.what),
    p.route === current?.route ? null : ` (${p.title})`,
  ]);
  const shown = [q.evidence, q.documents?.length ? `register entries ${q.documents.join(", ")}` : null].filter(Boolean).join("; ");
  let where;
  if (q.status === "missing") {
    where = el("span", { class: "where" }, places.length ? ["Met through ", ...links, `, or a register entry citing ${q.id}.`] : `Met through a register entry citing ${q.id}.`);
  } else {
    const findings = q.status === "partial" ? `; ${q.findings} finding${q.findings === 1 ? "" : "s"} to address` : "";
    where = el("span", { class: "where" }, `Shown by ${shown}${findings}.`, places.length ? [" Recorded in ", ...links, "."] : null);
  }
  return el("li", { class: `req req-${q.status}`, "data-id": q.id },
    el("span", { class: "status", text: q.status.replace(/_/g, " ") }),
    el("span", { class: "ref", text: q.id }),
    el("span", { class: "req-text" }, el("span", { text: q.title }), " ", where));
}
