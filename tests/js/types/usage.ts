// A typed client of isms-wasm, checked with `tsc --noEmit --strict` (tests/js/types.test.mjs): every
// op is called with a realistic request and its response fields are used, through the package's
// own exports map ("types" conditions), so the declarations a TypeScript user gets are the ones
// checked here. Lines marked @ts-expect-error must stay errors: they prove that wrong requests
// are rejected.
import {
  IsmsError,
  analyse,
  auditChecklist,
  call,
  catalogue,
  checkMethod,
  clauses,
  control,
  crosswalk,
  diff,
  draftSoa,
  exportReport,
  importRegister,
  inspectRegister,
  simulate,
  mandatoryDocuments,
  migrate,
  ops,
  oscal,
  rate,
  readiness,
  rerate,
  reviewPack,
  riskMethods,
  schema,
  soa,
  threats,
  validate,
  version,
  vocabulary,
  findings,
  loadImporter,
  loadDocuments,
} from "isms-wasm";
import type {
  Control,
  Finding,
  FindingCode,
  FindingInfo,
  Imported,
  IsmsDocument,
  IsmsErrorCode,
  OpName,
  OpRequests,
  OpResponses,
  RateRequest,
  SoaRow,
} from "isms-wasm";
import init, * as web from "isms-wasm/web";

const document: IsmsDocument = {
  schema: "isms/2",
  organisation: { name: "Example Ltd" },
  method: "iso27005-5x5",
  assets: [
    { id: "db", name: "Customer database", type: "software", owner: "CTO" },
    {
      id: "data",
      name: "Customer data",
      type: "information",
      owner: "CTO",
      valuation: { confidentiality: 5, integrity: 4 },
      depends_on: ["db"],
    },
  ],
  risks: [
    {
      id: "R1",
      title: "Database breach",
      owner: "CTO",
      assets: ["db"],
      inherent: { likelihood: 4 },
      controls: ["A.8.5"],
      treatment: { option: "modify", plan: [{ id: "T1", description: "Enforce MFA", due: "2026-12-01" }] },
    },
  ],
  controls: [{ control: "A.8.5", applicable: true, status: "implemented", evidence: ["MFA policy"] }],
  x_tenant: "acme", // unknown fields are kept: documents are open
};

// Catalogue and clauses.
const people: Control[] = catalogue({ theme: "people" });
const recover = catalogue({ theme: ["technological"], cybersecurity_concepts: "Recover", new_in_2022: false });
const firstType: string = people[0].attributes.control_type[0];
const c = control("5.1");
const same = control({ id: "A.5.1" });
const titles: string[] = [c.title, same.title, ...recover.map((r) => r.id)];
for (const row of crosswalk({ id: "A.12.6.1" })) {
  if ("successors" in row) titles.push(...row.successors.map((s) => s.id));
  else titles.push(...row.predecessors.map((p) => p.id), String(row.new_in_2022));
}
const requirement = clauses({ clause: "6.1" })[0];
const needsRecord: boolean = requirement.documented_information.some((d) => d.kind === "record");
const records = mandatoryDocuments({ kind: "record" }).map((d) => `${d.requirement}: ${d.name}`);
const themes: string[] = vocabulary().themes;

// Risk methods and rating.
const methods: string[] = riskMethods().map((m) => m.id);
const checked = checkMethod({ method: "iso27005-5x5" });
const [lowest, highest]: [number, number] = checked.score_range;
const cellBand: string = checked.grid[0][0].band;
const rateRequest: RateRequest = { method: "iso27005-5x5", likelihood: 3, impact: { confidentiality: 4, integrity: 2 } };
const rating = rate(rateRequest);
const verdict: [number, string, boolean] = [rating.score, rating.band, rating.above_appetite];
const documentSchema: Record<string, unknown> = schema({ of: "document" });
const methodSchema = schema({ of: "method" });

// Documents.
const migrated = migrate({ schema: "isms/1", organisation: { name: "Old Ltd" } });
const current: IsmsDocument = migrated.document;
const changes: string[] = migrated.changes.map((change) => `${change.path}: ${change.description}`);
const validation = validate(document, { asOf: "2026-11-01" });
const raised: Finding[] = validation.findings;
const untreated: FindingCode = "risk_untreated";
const raisedCodes: FindingCode[] = raised.map((finding) => finding.code);
const listed: FindingInfo[] = findings();
const meanings = new Map(listed.map((info) => [info.code, `${info.severity} ${info.reference}: ${info.meaning}`]));
const untreatedMeaning: string | undefined = meanings.get(untreated);
// @ts-expect-error a finding code is one of the engine's codes, not any string
const madeUp: FindingCode = "risk_unloved";
const high: number = validation.summary.high + validation.contents.risks;
const again = validate(document, { asOf: null });
const analysis = analyse(document, { top: 5, asOf: "2026-11-01" });
const topScore: number | undefined = analysis.top[0]?.inherent?.score;
const heat: number[][] = analysis.heat_map.inherent;
const plan = analysis.treatment_plan.map((row) => [row.risk, row.action, row.overdue] as const);
const moved = rerate(document, { method: "iso27005-3x3" });
const movedBands = moved.changed.map((change) => [change.risk, change.inherent_after?.band] as const);
const movedDocument: IsmsDocument = moved.document; // a written document is a valid input again
const catalogueOfThreats = threats({ asset_type: "software", control: "A.8.5" });
const threatNames: string[] = catalogueOfThreats.threats.map((t) => t.name);

// Reports.
const statement = soa(document, { asOf: "2026-11-01" });
const row: SoaRow | undefined = statement.rows.find((r) => r.control === "A.8.5");
const undecided: number = statement.summary.undecided;
const ready = readiness(document);
const score: [number, string] = [ready.score.score, ready.score.verdict];
const gaps = ready.gaps.map((gap) => gap.kind);
const next: IsmsDocument = { ...document, risks: [] };
const changed = diff(document, next, { asOf: "2026-11-01" });
const removed: number = changed.summary.risks_removed;
const fromRequest = call("diff", { old: document, new: next });
const byTitle = diff(document, next, { key: "title", threshold: 0.8, includeSource: true });
const warned: "ids_by_position" | "duplicate_key" | "similarity_skipped" | undefined = byTitle.warnings[0]?.code;
const inherentMove: "up" | "down" | "same" | undefined = byTitle.risks.rerated[0]?.inherent_direction;
const edit = byTitle.risks.edited[0]?.changes[0];
const editedField: string | undefined = edit?.field;
const reworded: number = byTitle.risks.reworded.length;
const workbook = exportReport(document, { report: "soa", format: "xlsx" });
const bytes: Uint8Array = workbook.content;
const byDefault: Uint8Array = exportReport(document).content; // the SoA as XLSX
const csv = exportReport(document, { report: "treatment_plan", format: "csv" });
const text: string = csv.content;
const html: string = call("export", { document, report: "readiness", format: "html" }).content;
const profile = oscal(document, { model: "profile" });
const oscalVersion = (profile.profile as { metadata: { "oscal-version": string } }).metadata["oscal-version"];
const checklist = auditChecklist(document, { asOf: "2026-11-01", cycleYears: 3 });
const sampled: string[] = checklist.items.flatMap((item) => item.samples.flatMap((s) => s.records));
const programme: FindingCode[] = checklist.findings.map((f) => f.code);
const pack = reviewPack(document, { asOf: "2026-11-01", previous: document });
const offTarget: string[] = pack.kpis.filter((k) => k.on_target === false).map((k) => k.id);
const policyMd: string = exportReport(document, { report: "policy", format: "md" }).content;
const auditPack: Uint8Array = exportReport(document, { report: "audit_pack", format: "zip" }).content;

// Registers.
const imported = importRegister({
  content: "Ref,Risk,Risk owner,Likelihood,Impact\nR1,Ransomware,CIO,High,High\n",
  method: "iso27005-5x5",
  on_error: "collect",
});
const importedRisks: number = imported.imported + imported.errors.length;
const fromBytes = importRegister({ content: new TextEncoder().encode("Risk,Likelihood,Impact\nFlood,2,3\n"), kind: "risks" });
const header: number = fromBytes.header_row;
const reading = inspectRegister({ content: "Ref,Scenario,Liklihood,Impact\nR1,Flood,High,Low\n" });
const firstField: string | null | undefined = reading.columns[0]?.field;
const rereadCount: number = importRegister({
  content: "Ref,Scenario,Liklihood,Impact\nR1,Flood,High,Low\n",
  reading: { ...reading, columns: reading.columns.map((c) => (c.column === "D" ? { ...c, field: null } : c)) },
}).imported;

// Loss in money (the example document has no quantified risks: every risk is listed as unquantified).
const simulation = simulate(document, { seed: 7, iterations: 1000, keepSamples: true });
const portfolioAle: number = simulation.portfolio.residual.ale;
const years: Float64Array | undefined = simulation.portfolio.samples?.residual;
const curve: number[] = simulation.risks.flatMap((r) => r.lec.loss);
const unquantified: string[] = simulation.unquantified;
// @ts-expect-error the loss model is `event` or `shortcut`
simulate(document, { model: "fast" });

// Scenarios: the SoA drafted from the risks, statuses assumed, each control's worth.
const drafted = draftSoa(document);
const proposedIds: string[] = drafted.proposed.map((p) => p.control);
const proposedFlag: boolean = (drafted.document.controls ?? []).some((c) => c.proposed === true);
const scenario = simulate(drafted.document, { assume: { planned: "implemented" }, sensitivity: true });
const swings: number[] = (scenario.sensitivity ?? []).map((c) => c.swing - c.without + c.full);
// @ts-expect-error `done` is not an implementation status
simulate(document, { assume: { planned: "done" } });
const openRisks: number = analyse(document, { includeClosed: true }).totals.closed;

// `call` is typed by op name.
const byName: OpResponses["rate"] = call("rate", { method: "score-1-9", likelihood: 2, impact: 3 });
const all: Control[] = call("catalogue");
const opNames: OpName[] = ops();
const request: OpRequests["validate"] = { document };
const engineVersion: string = version();

// Errors.
try {
  control({ id: "A.9.4.2" });
} catch (err) {
  if (err instanceof IsmsError) {
    const code: IsmsErrorCode = err.code;
    const where: string = err.path;
    const successors = (err.details as { successors?: string[] } | undefined)?.successors;
    console.log(code, where, successors, err.message, err.name === "IsmsError");
  }
}

// The web entry: explicit init, then the same functions.
async function inBrowser(url: URL): Promise<number> {
  const api = await init(url);
  const both = api.catalogue({ theme: "physical" }).length + web.catalogue().length;
  if (!(web.IsmsError.prototype instanceof Error)) throw new Error("IsmsError is an Error");
  // The importer, a second module: from its URL, then an XLSX register imported.
  await web.loadImporter(new URL("isms_import_bg.wasm", url));
  const imported: Imported = web.importRegister({ content: new Uint8Array([0x50, 0x4b, 3, 4]), format: "xlsx" });
  // @ts-expect-error the web entry's importer is loaded from a URL, a Response, bytes or a module
  await web.loadImporter(null);
  return both + imported.imported;
}

// The bundler entry's importer is its own chunk: loadImporter takes nothing there.
async function withWorkbook(bytes: Uint8Array): Promise<number> {
  await loadImporter();
  return importRegister({ content: bytes, kind: "assets" }).imported;
}

// The documents module: loaded on demand (the bundler entry's is its own chunk), then a document
// of the ISMS as Markdown and the audit pack as bytes.
async function withDocuments(document: IsmsDocument): Promise<number> {
  await loadDocuments();
  const policy: string = exportReport(document, { report: "policy", format: "md" }).content;
  const pack: Uint8Array = exportReport(document, { report: "audit_pack", format: "zip" }).content;
  return policy.length + pack.length;
}

// Wrong requests are type errors.
// @ts-expect-error `peoples` is not a theme
catalogue({ theme: "peoples" });
// @ts-expect-error unknown filter field (requests reject unknown fields)
catalogue({ them: "people" });
// @ts-expect-error a control id is a string, not a number
control(5.1);
// @ts-expect-error rate needs a likelihood
rate({ method: "iso27005-5x5", impact: 3 });
// @ts-expect-error `simulate_everything` is not an op
call("simulate_everything", {});
// @ts-expect-error `control` needs a request
call("control");
// @ts-expect-error a document needs its schema version
validate({ organisation: { name: "No schema" } });
// @ts-expect-error options are camelCase: `as_of` is the wire name, taken only by `call`
validate(document, { as_of: "2026-11-01" });
// @ts-expect-error a function that takes a document takes no whole request
diff({ old: document, new: next });
// @ts-expect-error options are camelCase: `include_source` is the wire name
diff(document, next, { include_source: true });
// @ts-expect-error an XLSX export is bytes, not text
const notText: string = exportReport(document, { format: "xlsx" }).content;
// @ts-expect-error a CSV export is text, not bytes
const notBytes: Uint8Array = exportReport(document, { format: "csv" }).content;
// @ts-expect-error OSCAL needs a model
oscal(document, {});
// @ts-expect-error the programme's cycle is a number of years
auditChecklist(document, { cycleYears: "3" });
// @ts-expect-error there is no `docx` report kind; a document is a report such as `policy`
exportReport(document, { report: "docx" });
// @ts-expect-error responses are typed: a rating has no `colour`
rating.colour;

export const used = [
  firstType,
  titles,
  needsRecord,
  records,
  themes,
  methods,
  lowest,
  highest,
  cellBand,
  verdict,
  documentSchema,
  methodSchema,
  current,
  changes,
  raised,
  raisedCodes,
  untreatedMeaning,
  madeUp,
  high,
  again,
  topScore,
  heat,
  plan,
  movedBands,
  movedDocument,
  threatNames,
  row,
  undecided,
  score,
  gaps,
  removed,
  warned,
  inherentMove,
  editedField,
  reworded,
  fromRequest,
  bytes,
  byDefault,
  text,
  html,
  oscalVersion,
  sampled,
  programme,
  offTarget,
  policyMd,
  auditPack,
  importedRisks,
  header,
  firstField,
  rereadCount,
  portfolioAle,
  years,
  curve,
  unquantified,
  proposedIds,
  proposedFlag,
  swings,
  openRisks,
  byName,
  all,
  opNames,
  request,
  engineVersion,
  inBrowser,
  withWorkbook,
  withDocuments,
  notText,
  notBytes,
];
