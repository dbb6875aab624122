// What the pages share: where results go, and the document and register they use.

/** Writes `value` into the page's element `id`. */
export function show(id, value) {
  const element = document.createElement("p");
  element.dataset.testid = id;
  element.textContent = String(value);
  document.body.append(element);
}

export const DOCUMENT = {
  schema: "isms/2",
  organisation: { name: "Example Ltd" },
  assets: [{ id: "db", name: "Customer database", type: "software", owner: "CTO" }],
  risks: [{ id: "R1", title: "Database breach", owner: "CTO", assets: ["db"], inherent: { likelihood: 4, impact: 5 } }],
  controls: [{ control: "A.8.5", applicable: true, status: "implemented", evidence: ["MFA policy"] }],
};

export const CSV = "Risk,Likelihood,Impact\nFlood,2,3\nFire,1,5\n";
