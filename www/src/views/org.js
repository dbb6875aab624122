// Organisation and context (clause 4) and leadership (clause 5).
import { el, field, findingList, section } from "../dom.js";
import { ensure, options, findingsAt, recordList } from "./common.js";
import { requirementItem } from "../reach.js";

/** The engine's statuses of the readiness requirements `ids`, as a list. */
export function requirementsOf(app, ids) {
  const reqs = app.derived?.readiness?.requirements.filter((r) => ids.includes(r.id)) ?? [];
  return el("ul", { class: "requirements" }, reqs.map((r) => requirementItem(app, r)));
}

export function context(app) {
  const doc = app.doc;
  const org = ensure(doc, ["organisation"]);
  const scope = ensure(doc, ["context", "scope"]);
  const issueKinds = options("IssueKind", { empty: null });
  return el("div", {},
    el("h1", { text: "Organisation and context" }),
    requirementsOf(app, ["4.1", "4.1-climate", "4.2", "4.3", "4.4"]),
    section("Organisation",
      el("div", { class: "grid" },
        field({ id: "org-name", label: "Name", obj: org, key: "name", commit: app.commit }),
        field({ id: "org-sector", label: "Sector", obj: org, key: "sector", commit: app.commit }),
        field({ id: "org-employees", label: "Employees", obj: org, key: "employees", kind: "number", commit: app.commit }),
        field({ id: "org-locations", label: "Locations (one per line)", obj: org, key: "locations", kind: "lines", commit: app.commit }),
        Object.assign(field({ id: "org-description", label: "Description", obj: org, key: "description", kind: "textarea", commit: app.commit }), { className: "field wide" }))),
    section("Issues (4.1)",
      recordList(app, {
        scope: "issue", path: ["context", "issues"], title: "Issues", singular: "issue", prefix: "ISS", blank: { kind: "external", description: "" },
        legend: (i) => i.kind,
        fields: [
          { key: "kind", label: "Internal or external", kind: "select", options: issueKinds },
          { key: "climate", label: "Concerns climate change", kind: "checkbox" },
          { key: "description", label: "Issue", kind: "textarea", wide: true },
          { key: "effect", label: "Effect on the ISMS", kind: "textarea", wide: true },
        ],
      })),
    section("Interested parties and their requirements (4.2)",
      recordList(app, {
        scope: "party", path: ["context", "interested_parties"], title: "Interested parties", singular: "interested party", prefix: "IP", blank: { name: "" },
        legend: (p) => p.name ?? "",
        fields: [
          { key: "name", label: "Name", wide: true },
          { key: "needs", label: "Needs and expectations", kind: "textarea", wide: true },
        ],
        extra: (party, i) => recordList(app, {
          scope: `party-${i}-req`, path: ["context", "interested_parties", i, "requirements"], title: "Requirements", singular: "requirement", prefix: `${party.id}-R`,
          blank: { kind: "contractual", description: "" },
          legend: (r) => r.kind,
          fields: [
            { key: "kind", label: "Source", kind: "select", options: options("RequirementSource", { empty: null }) },
            { key: "reference", label: "Reference (law, contract…)" },
            { key: "controls", label: "Controls that address it (ids, comma separated)", kind: "controls" },
            { key: "description", label: "Requirement", kind: "textarea", wide: true },
          ],
        }),
      })),
    section("Scope (4.3)",
      field({ id: "scope-statement", label: "Scope statement", obj: scope, key: "statement", kind: "textarea", commit: app.commit }),
      el("div", { class: "grid" },
        field({ id: "scope-inclusions", label: "Inclusions (one per line)", obj: scope, key: "inclusions", kind: "lines", commit: app.commit }),
        exclusions(app, scope),
        interfaces(app, scope))),
    section("Findings", findingList(findingsAt(app, "/organisation", "/context"), { empty: "No findings about the context." })));
}

function exclusions(app, scope) {
  const items = scope.exclusions ?? [];
  const text = { lines: items.map((e) => (e.justification ? `${e.item} — ${e.justification}` : e.item)) };
  return field({
    id: "scope-exclusions", label: "Exclusions (one per line: item — justification)", obj: text, key: "lines", kind: "lines",
    commit: () => {
      const lines = text.lines ?? [];
      if (lines.length) {
        scope.exclusions = lines.map((l) => {
          const [item, ...rest] = l.split(" — ");
          return rest.length ? { item: item.trim(), justification: rest.join(" — ").trim() } : { item: item.trim() };
        });
      } else delete scope.exclusions;
      app.commit();
    },
  });
}

function interfaces(app, scope) {
  const items = scope.interfaces ?? [];
  const text = { lines: items.map((e) => e.description) };
  return field({
    id: "scope-interfaces", label: "Interfaces and dependencies (one per line)", obj: text, key: "lines", kind: "lines",
    commit: () => {
      const lines = text.lines ?? [];
      if (lines.length) scope.interfaces = lines.map((description, i) => ({ ...(items[i] ?? {}), description }));
      else delete scope.interfaces;
      app.commit();
    },
  });
}

export function leadership(app) {
  const lead = ensure(app.doc, ["leadership"]);
  const policy = lead.policy ?? {};
  const commitPolicy = () => {
    lead.policy = policy;
    app.commit();
  };
  return el("div", {},
    el("h1", { text: "Leadership" }),
    requirementsOf(app, ["5.1", "5.2", "5.3"]),
    section("Information security policy (5.2)",
      el("div", { class: "grid" },
        field({ id: "policy-title", label: "Title", obj: policy, key: "title", commit: commitPolicy }),
        field({ id: "policy-version", label: "Version", obj: policy, key: "version", commit: commitPolicy }),
        field({ id: "policy-approved-by", label: "Approved by", obj: policy, key: "approved_by", commit: commitPolicy }),
        field({ id: "policy-approved-on", label: "Approved on", obj: policy, key: "approved_on", kind: "date", commit: commitPolicy }),
        field({ id: "policy-next-review", label: "Next review", obj: policy, key: "next_review", kind: "date", commit: commitPolicy }),
        field({ id: "policy-document", label: "Document id (register)", obj: policy, key: "document", commit: commitPolicy }))),
    section("Roles and responsibilities (5.3)",
      recordList(app, {
        scope: "role", path: ["leadership", "roles"], title: "Roles", singular: "role", prefix: "ROLE", blank: { title: "" },
        legend: (r) => r.title ?? "",
        fields: [
          { key: "title", label: "Role" },
          { key: "holder", label: "Held by" },
          { key: "responsibilities", label: "Responsibilities (one per line)", kind: "lines", wide: true },
        ],
      })),
    section("Findings", findingList(findingsAt(app, "/leadership"), { empty: "No findings about leadership." })));
}
