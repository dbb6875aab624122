// Editors generated from the engine's document schema: given a `$defs` type (`Objective`, `Kpi`,
// `ManagementReview`…), the fields of its records come from the schema's properties — strings,
// dates (`format: date`), numbers with their bounds, enums (a `$ref` to a `oneOf` of consts),
// booleans, lists of strings or control ids — and its lists of records (`measurements`,
// `actions`) become nested record lists. A field the model gains shows up in the UI without a
// change here; `overrides` only tune labels, kinds and order where the generated text reads badly.
import { ref } from "../engine.js";
import { el, humanise, pathTo, slug, token } from "../dom.js";
import { options, recordList, specField } from "./common.js";

/** The `$defs` entry `name` of the document schema. */
export const def = (name) => ref().schema.$defs[name];

/** The name of the `$defs` type a property schema refers to (directly, or as `anyOf [$ref, null]`). */
function refName(prop) {
  const target = prop.$ref ?? prop.anyOf?.find((v) => v.$ref)?.$ref;
  return target?.replace("#/$defs/", "");
}

const isEnum = (d) => Array.isArray(d?.oneOf) && d.oneOf.every((v) => "const" in v);
const types = (prop) => [prop.type ?? []].flat();

/** `completed_on` → `Completed on`. */
export const labelOf = (key) => {
  const text = humanise(key);
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** Keys whose text is a few sentences rather than a line. */
const PROSE = new Set(["description", "conclusion", "lessons_learned", "impact", "notes", "correction", "root_cause", "scope", "needs", "note"]);

/**
 * How one property is edited: {kind, options, min, max} for a field, {nested: defName} for a list
 * of records, or undefined when no generated field fits (an object such as a valuation).
 */
export function kindOf(key, prop) {
  const name = refName(prop);
  if (name) {
    const target = def(name);
    if (isEnum(target)) return { kind: "select", options: options(name) };
    if (target?.format === "date") return { kind: "date" };
    if (target?.type === "object" && target.properties) return { group: name };
    return undefined;
  }
  const t = types(prop);
  if (t.includes("array")) {
    const item = prop.items ?? {};
    const itemRef = refName(item);
    if (itemRef && !isEnum(def(itemRef))) return { nested: itemRef };
    if (key === "controls") return { kind: "controls" };
    return { kind: "list" };
  }
  if (t.includes("boolean")) return { kind: "checkbox" };
  if (t.includes("number") || t.includes("integer")) {
    return { kind: "number", min: prop.minimum ?? prop.exclusiveMinimum, max: prop.maximum ?? prop.exclusiveMaximum, step: t.includes("integer") ? "1" : undefined };
  }
  if (t.includes("string")) {
    if (prop.format === "date") return { kind: "date" };
    return { kind: PROSE.has(key) ? "textarea" : "text" };
  }
  return undefined;
}

/**
 * The fields of a `$defs` object type, in schema order with `order` first: each {key, label,
 * kind, options, min, max, step, title, wide}, and `nested`, the properties that are lists of
 * records. `omit` leaves properties out (the id, shown in the legend), `overrides` changes a
 * field's label, kind, options or width.
 */
export function schemaFields(name, { order = [], omit = ["id"], overrides = {} } = {}) {
  const properties = def(name)?.properties ?? {};
  const keys = [...order.filter((k) => k in properties), ...Object.keys(properties).filter((k) => !order.includes(k))]
    .filter((k) => !omit.includes(k));
  const fields = [];
  const nested = [];
  const groups = [];
  for (const key of keys) {
    const prop = properties[key];
    const how = kindOf(key, prop);
    const override = overrides[key] ?? {};
    if (!how && !override.kind) continue;
    if (how?.nested && !override.kind) {
      nested.push({ key, def: how.nested, title: override.label ?? labelOf(key) });
      continue;
    }
    if (how?.group && !override.kind) {
      groups.push({ key, def: how.group, title: override.label ?? labelOf(key), description: prop.description });
      continue;
    }
    const kind = override.kind ?? how.kind;
    fields.push({
      key, kind,
      // A list typed into one input says how its items are separated.
      label: override.label ?? `${labelOf(key)}${kind === "list" || kind === "controls" ? " (comma separated)" : ""}`,
      options: override.options ?? how?.options,
      min: how?.min, max: how?.max, step: how?.step,
      title: prop.description,
      wide: override.wide ?? kind === "textarea",
    });
  }
  return { fields, nested, groups };
}

/**
 * The fields of an optional object inside a record (a nonconformity's `verification`): bound to a
 * holder that becomes `item[key]` once a value is entered (with the type's required booleans
 * false until ticked) and is removed again when emptied, so an untouched record gains nothing.
 */
function group(app, item, { key, def: name, title, description }, id, { overrides = {}, order = [] } = {}) {
  const holder = item[key] ?? {};
  const base = pathTo(item, key);
  const required = def(name).required ?? [];
  const commit = () => {
    const filled = Object.keys(holder).some((k) => holder[k] !== false);
    if (filled) {
      for (const k of required) if (holder[k] === undefined && types(def(name).properties[k]).includes("boolean")) holder[k] = false;
      item[key] = holder;
    } else delete item[key];
    app.commit();
  };
  const { fields } = schemaFields(name, { overrides, order });
  return el("fieldset", { class: "group", "data-testid": `${id}-${key}` },
    el("legend", { text: title, title: description }),
    el("div", { class: "grid" }, fields.map((f) => specField(f, {
      id: `${id}-${key}-${slug(f.key)}`, obj: holder, commit, path: base === undefined ? undefined : `${base}/${token(f.key)}`,
    }))));
}

/**
 * A record list of `$defs` type `def` at `path`, with its fields from the schema; each list of
 * records inside (an objective's measurements, a review's actions) is a nested record list.
 * `nested` gives each such list its options ({prefix, blank, legend, singular, overrides, order,
 * omit}); `extra` adds hand-made parts to a record after the generated ones.
 */
export function schemaList(app, { def: name, scope, path, title, singular, prefix, blank = {}, legend, order, omit, overrides, nested = {}, extra }) {
  const { fields, nested: lists, groups } = schemaFields(name, { order, omit, overrides });
  return recordList(app, {
    scope, path, title, singular, prefix, blank, legend, fields,
    extra: (item, i, id) => {
      const parts = groups.filter((g) => !(nested[g.key]?.skip)).map((g) => group(app, item, g, id, nested[g.key]));
      parts.push(...lists.map((list) => {
        const opts = nested[list.key] ?? {};
        if (opts.skip) return null;
        return schemaList(app, {
          def: list.def, scope: `${scope}-${i}-${list.key}`, path: [...path, i, list.key],
          title: opts.title ?? list.title, singular: opts.singular, prefix: "id" in (def(list.def).properties ?? {}) ? (typeof opts.prefix === "function" ? opts.prefix(item) : opts.prefix ?? `${item.id}-${list.key.slice(0, 1).toUpperCase()}`) : undefined,
          blank: opts.blank, legend: opts.legend, order: opts.order,
          omit: opts.omit, overrides: opts.overrides, nested: opts.nested,
        });
      }));
      if (extra) parts.push(extra(item, i, id));
      return parts.filter(Boolean);
    },
  });
}
