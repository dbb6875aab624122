// DOM building blocks. Text is always set with textContent and attributes with setAttribute, so
// whatever a user types or imports is shown as text and never parsed as HTML.

/** Creates an element: attrs (class, text, on<event>, others as attributes), then children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "checked" || key === "selected" || key === "value") node[key] = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

/** Underscores to spaces: `partially_implemented` → `partially implemented`. */
export const humanise = (tag) => String(tag ?? "").replace(/_/g, " ");

/** A safe id fragment from any text. */
export const slug = (text) => String(text).replace(/[^A-Za-z0-9_-]/g, "_");

/** A JSON Pointer token (RFC 6901): `~` and `/` escaped. */
export const token = (key) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");

// Where each object of the open document sits in it, as a JSON Pointer: a field bound to `obj[key]`
// carries `data-path` = pointer of obj + `/key`, so an engine finding or error about a path can be
// shown at (and can focus) the field that edits it. Rebuilt before each render (`indexPaths`);
// objects the views create on the way (`ensure`) are added with `notePath`.
let paths = new WeakMap();

/** Indexes every object and array of `root` by its JSON Pointer. */
export function indexPaths(root) {
  paths = new WeakMap();
  const walk = (node, pointer) => {
    paths.set(node, pointer);
    for (const [key, value] of Object.entries(node)) {
      if (value && typeof value === "object") walk(value, `${pointer}/${token(key)}`);
    }
  };
  if (root && typeof root === "object") walk(root, "");
}

/** Records that `node` sits at `pointer` in the open document. */
export const notePath = (node, pointer) => {
  if (node && typeof node === "object") paths.set(node, pointer);
};

/** The JSON Pointer of an object of the open document, or undefined. */
export const pathOf = (node) => (node && typeof node === "object" ? paths.get(node) : undefined);

/** The JSON Pointer of `obj[key]` (undefined when obj is not part of the open document). */
export const pathTo = (obj, key) => {
  const base = pathOf(obj);
  return base === undefined ? undefined : `${base}/${token(key)}`;
};

/**
 * Annex A control ids as people type them, in the engine's spelling: `8.5`, `a.8.5`, `A8.5` and
 * `A 8.5` become `A.8.5`; anything else (a custom control's id) is kept as typed.
 */
export const controlId = (text) => {
  const t = String(text).trim();
  const m = /^(?:a\s*\.?\s*)?([5-8])\s*\.\s*(\d{1,2})$/i.exec(t);
  return m ? `A.${m[1]}.${Number(m[2])}` : t;
};

/**
 * A labelled form field bound to `obj[key]`; `commit` is called after the value changed.
 * kind: text | textarea | date | number | select | lines | list | controls | checkbox. Empty values
 * remove the key. `controls` is a comma-separated list of control ids, written as `controlId`
 * spells them. The input carries `data-path`, the JSON Pointer of the value it edits (`path`, or
 * found from obj).
 */
export function field({ id, label, obj, key, kind = "text", options = [], commit, hideLabel = false, placeholder, required, step, path }) {
  const current = obj?.[key];
  const pointer = path ?? pathTo(obj, key);
  let input;
  const write = (value) => {
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) delete obj[key];
    else obj[key] = value;
    commit();
  };
  if (kind === "textarea" || kind === "lines") {
    const text = kind === "lines" ? (current ?? []).join("\n") : current ?? "";
    input = el("textarea", { id, rows: kind === "lines" ? Math.max(2, (current ?? []).length + 1) : 3, placeholder });
    input.value = text;
    input.addEventListener("change", () =>
      write(kind === "lines" ? input.value.split("\n").map((s) => s.trim()).filter(Boolean) : input.value));
  } else if (kind === "select") {
    input = el("select", { id });
    for (const option of options) {
      const value = typeof option === "object" ? option.value : option;
      const text = typeof option === "object" ? option.label : humanise(option);
      input.append(el("option", { value: String(value ?? ""), text, title: option.description }));
    }
    input.value = current === undefined || current === null ? "" : String(current);
    input.addEventListener("change", () => {
      const option = options.find((o) => String(typeof o === "object" ? o.value : o) === input.value);
      write(input.value === "" ? undefined : typeof option === "object" ? option.value : input.value);
    });
  } else if (kind === "checkbox") {
    input = el("input", { id, type: "checkbox", checked: Boolean(current), "data-path": pointer });
    input.addEventListener("change", () => write(input.checked ? true : undefined));
    return el("div", { class: "field field-check" }, input, el("label", { for: id, text: label }));
  } else {
    const listed = kind === "list" || kind === "controls";
    const type = listed ? "text" : kind;
    input = el("input", { id, type, placeholder, required, step: kind === "number" ? step ?? "any" : undefined, autocomplete: "off" });
    input.value = listed ? (current ?? []).join(", ") : current ?? "";
    input.addEventListener("change", () => {
      if (kind === "number") write(input.value === "" ? undefined : Number(input.value));
      else if (listed) {
        const items = input.value.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);
        write(kind === "controls" ? items.map(controlId) : items);
      } else write(input.value.trim() === "" ? undefined : input.value);
    });
  }
  if (pointer !== undefined) input.setAttribute("data-path", pointer);
  if (hideLabel) {
    input.setAttribute("aria-label", label);
    return input;
  }
  return el("div", { class: `field field-${kind}` }, el("label", { for: id, text: label }), input);
}

/** A button. */
export const button = (text, onclick, attrs = {}) => el("button", { type: "button", onclick, ...attrs, text });

/** Offers bytes or text to the user as a file download (an in-memory blob, never the network). */
export function download(filename, mediaType, content) {
  const blob = new Blob([content], { type: mediaType });
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: filename, class: "hidden" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads a chosen file as bytes. */
export const readBytes = (file) => file.arrayBuffer().then((buf) => new Uint8Array(buf));

// Where a finding is fixed: a link `#/<step>?field=<pointer>` (set by the app, reach.js).
let fixLink = () => undefined;

/** Sets how findings link to the field that fixes them: `link(finding)` → href or undefined. */
export const setFixLinks = (link) => {
  fixLink = link;
};

/** A finding list (code, severity, reference, message), each as text, with a link to its field. */
export function findingList(findings, { empty = "No findings.", testid = "findings" } = {}) {
  if (!findings.length) return el("p", { class: "muted", "data-testid": testid, text: empty });
  return el("ul", { class: "findings", "data-testid": testid },
    findings.map((f) => {
      const href = fixLink(f);
      return el("li", { class: `finding sev-${f.severity}`, "data-code": f.code, "data-ref": f.reference },
        el("span", { class: "sev", text: f.severity }),
        el("span", { class: "ref", text: f.reference }),
        el("span", { class: "msg", text: f.message }),
        href ? el("a", { class: "go", href, "data-testid": "fix", text: "Go to the field" }) : null);
    }));
}

/** A band chip from an engine rating ({score, band, above_appetite}). */
export function bandChip(rating, labels = {}) {
  if (!rating) return el("span", { class: "muted", text: "—" });
  return el("span", { class: `band band-${slug(rating.band)}`, title: rating.above_appetite ? "above appetite" : "within appetite" },
    `${rating.score} ${labels[rating.band] ?? humanise(rating.band)}`, rating.above_appetite ? " ▲" : "");
}

/** A section with a heading. */
export const section = (title, ...children) => {
  const id = `h-${slug(title)}`;
  return el("section", { class: "panel", "aria-labelledby": id }, el("h2", { id, text: title }), ...children);
};

const SVG = "http://www.w3.org/2000/svg";

/** Creates an SVG element: attrs (class, text, others as attributes), then children. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}
