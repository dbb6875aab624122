// The Annex A browser: filters by theme and any ISO/IEC 27002:2022 attribute. All filtering is done
// by the engine (`catalogue`); this file only renders. User-visible text is always set with
// textContent, never parsed as HTML.
import { engine } from "./engine.js";

const THEME_TITLES = {
  organizational: "Organizational controls",
  people: "People controls",
  physical: "Physical controls",
  technological: "Technological controls",
};
const DIMENSION_LABELS = {
  control_type: "Control type",
  security_properties: "Security property",
  cybersecurity_concepts: "Cybersecurity concept",
  operational_capabilities: "Operational capability",
  security_domains: "Security domain",
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

const humanise = (tag) => tag.replace(/_/g, " ");

function buildFilters(vocabulary) {
  const box = $("attribute-filters");
  for (const [dimension, values] of Object.entries(vocabulary.attributes)) {
    const id = `filter-${dimension}`;
    const select = el("select", { id, name: dimension });
    select.append(el("option", { value: "", text: "Any" }));
    for (const value of values) select.append(el("option", { value, text: humanise(value) }));
    box.append(el("div", { class: "field" }, el("label", { for: id, text: DIMENSION_LABELS[dimension] ?? dimension }), select));
  }
  const themeId = "filter-theme";
  const theme = el("select", { id: themeId, name: "theme" });
  theme.append(el("option", { value: "", text: "Any" }));
  for (const value of vocabulary.themes) theme.append(el("option", { value, text: THEME_TITLES[value] ?? value }));
  box.prepend(el("div", { class: "field" }, el("label", { for: themeId, text: "Theme" }), theme));
}

function request() {
  const form = $("filters");
  const req = {};
  for (const select of form.querySelectorAll("select")) {
    if (select.value) req[select.name] = select.value;
  }
  const text = $("filter-text").value.trim();
  if (text) req.text = text;
  if ($("filter-new").checked) req.new_in_2022 = true;
  return req;
}

function chips(attributes) {
  const list = el("ul", { class: "chips", "aria-label": "ISO/IEC 27002 attributes" });
  for (const [dimension, values] of Object.entries(attributes)) {
    for (const value of values) {
      list.append(el("li", { class: `chip chip-${dimension}`, title: DIMENSION_LABELS[dimension] ?? dimension, text: humanise(value) }));
    }
  }
  return list;
}

function controlCard(control) {
  const head = el("div", { class: "control-head" },
    el("span", { class: "control-id", text: control.id }),
    el("span", { class: "control-title", text: control.title }));
  if (control.new_in_2022) head.append(el("span", { class: "badge", text: "new in 2022" }));
  const lineage = control.predecessors_2013.length
    ? `Replaces 2013: ${control.predecessors_2013.join(", ")}`
    : "No 2013 predecessor";
  return el("li", { class: "control", "data-testid": "control", "data-id": control.id },
    head,
    chips(control.attributes),
    el("p", { class: "guidance", text: control.guidance }),
    el("p", { class: "lineage", text: lineage }));
}

function render(controls, total) {
  const root = $("catalogue");
  const groups = new Map();
  for (const control of controls) {
    if (!groups.has(control.theme)) groups.set(control.theme, []);
    groups.get(control.theme).push(control);
  }
  const sections = [];
  for (const [theme, members] of groups) {
    const headingId = `theme-${theme}`;
    sections.push(el("section", { class: "theme", "aria-labelledby": headingId, "data-theme": theme },
      el("h2", { id: headingId, text: `${THEME_TITLES[theme] ?? theme} (${members.length})` }),
      el("ul", { class: "controls" }, ...members.map(controlCard))));
  }
  root.replaceChildren(...sections);
  $("status").textContent = controls.length === total
    ? `${total} controls`
    : `${controls.length} of ${total} controls match`;
}

async function main() {
  const isms = await engine();
  const total = isms.catalogue().length;
  buildFilters(isms.vocabulary());
  $("engine-version").textContent = `isms engine ${isms.version()}.`;
  const refresh = () => {
    try {
      render(isms.catalogue(request()), total);
    } catch (err) {
      $("status").textContent = `Filter error: ${err.message}`;
    }
  };
  $("filters").addEventListener("input", refresh);
  $("filters").addEventListener("reset", () => setTimeout(refresh));
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  refresh();
  document.body.dataset.ready = "true";
}

main().catch((err) => {
  $("status").textContent = `The engine failed to load: ${err.message}`;
});
