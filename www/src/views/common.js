// Pieces the views share: reaching into the document, editable lists of records, the findings
// that concern a part of the document, and option lists read from the engine's schema.
import { ref } from "../engine.js";
import { el, field, button, findingList, slug, notePath, pathOf, token } from "../dom.js";
import { fieldFor } from "../reach.js";

/** The object at `path` in the document, created empty on the way if missing. */
export function ensure(doc, path, leaf = {}) {
  let node = doc;
  let pointer = pathOf(doc) ?? "";
  path.forEach((key, i) => {
    if (node[key] === undefined || node[key] === null) node[key] = i === path.length - 1 ? leaf : {};
    pointer += `/${token(key)}`;
    node = node[key];
    notePath(node, pointer);
  });
  return node;
}

/** The options of a schema enum ({value, label, description}), with a leading empty choice. */
export function options(name, { empty = "—" } = {}) {
  const values = ref().enums[name] ?? [];
  const list = values.map((v) => ({ value: v.value, label: v.value.replace(/_/g, " "), description: v.description }));
  return empty === null ? list : [{ value: "", label: empty }, ...list];
}

/** The fields of a treatment or corrective action. */
export function actionFields() {
  return [
    { key: "description", label: "Action", wide: true },
    { key: "owner", label: "Owner" },
    { key: "due", label: "Due", kind: "date" },
    { key: "status", label: "Status", kind: "select", options: options("ActionStatus") },
    { key: "completed_on", label: "Completed on", kind: "date" },
  ];
}

/** Findings (from the engine's validation) whose document path starts with one of `prefixes`. */
export function findingsAt(app, ...prefixes) {
  const all = app.derived?.validation?.findings ?? [];
  return all.filter((f) => prefixes.some((p) => f.path === p || f.path.startsWith(`${p}/`)));
}

/** The next free id `PREFIX-n` among `items`. Ids are the user's; this only suggests one. */
export function nextId(items, prefix) {
  const taken = new Set(items.map((i) => i.id));
  let n = items.length + 1;
  while (taken.has(`${prefix}-${String(n).padStart(2, "0")}`)) n++;
  return `${prefix}-${String(n).padStart(2, "0")}`;
}

/** A table in a box of its own that scrolls sideways when the table is wider than the page. */
export const scrollBox = (label, table) => el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": label }, table);

/** Moves focus, once the view has rendered, to the field of `pointer` (or the first field inside it). */
export function focusAfterRender(pointer) {
  setTimeout(() => fieldFor(document.getElementById("view") ?? document.body, pointer)?.focus());
}

/**
 * The field of a field spec ({key, label, kind, options, step, min, max, title, wide}) bound to
 * `obj[key]`: its bounds and the schema's description (views/schemaform.js) on the input.
 */
export function specField(f, { id, obj, commit, path }) {
  const node = field({ id, label: f.label, obj, key: f.key, kind: f.kind, options: f.options, step: f.step, commit, path });
  if (f.wide) node.classList.add("wide");
  const input = node.matches("input, select, textarea") ? node : node.querySelector("input, select, textarea");
  if (input && f.min !== undefined) input.min = String(f.min);
  if (input && f.max !== undefined) input.max = String(f.max);
  if (input && f.title) input.title = f.title;
  return node;
}

/**
 * An editable list of records: each record a fieldset with its fields, its findings and a remove
 * button, then an add button (named with `singular`, carrying the list's pointer as its data-path,
 * moving focus into the new record). `fields` are {key, label, kind, options, wide}.
 */
export function recordList(app, { scope, path, title, singular, prefix, fields, blank = {}, legend, extra }) {
  const items = ensure(app.doc, path, []);
  const docPath = `/${path.join("/")}`;
  const body = items.map((item, i) => {
    const id = `${scope}-${i}`;
    const fs = el("fieldset", { class: "record", "data-testid": `${scope}-record`, "data-id": item.id },
      el("legend", {}, el("span", { class: "rid", text: item.id }), " ", el("span", { text: legend ? legend(item) : "" })),
      el("div", { class: "grid" }, fields.map((f) => {
        return specField(f, { id: `${id}-${slug(f.key)}`, obj: item, commit: app.commit });
      })));
    if (extra) fs.append(...[extra(item, i, id)].flat().filter(Boolean));
    const findings = findingsAt(app, `${docPath}/${i}`);
    if (findings.length) fs.append(findingList(findings));
    fs.append(button(`Remove ${item.id ?? `${singularOf(title, singular)} ${i + 1}`}`, () => {
      items.splice(i, 1);
      app.commit();
    }, { class: "danger small" }));
    return fs;
  });
  return el("div", { class: "record-list" },
    el("h3", { text: `${title} (${items.length})` }),
    ...body,
    button(`Add ${singularOf(title, singular)}`, () => {
      // Records without an id in the model (a measurement, a review input) get none: no prefix.
      items.push({ ...(prefix ? { id: nextId(items, prefix) } : {}), ...(typeof blank === "function" ? blank() : structuredClone(blank)) });
      app.commit();
      focusAfterRender(`${docPath}/${items.length - 1}`);
    }, { id: `add-${scope}`, "data-path": docPath }));
}

/** The word for one record of a list titled `title` (`Roles` → `role`), unless `singular` names it. */
const singularOf = (title, singular) => singular ?? title.toLowerCase().replace(/s$/, "");
