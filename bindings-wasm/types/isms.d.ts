// The hand-written part of the package's types.d.ts: the JavaScript functions wherever they differ
// from "one request in, one response out" (a document and camelCase options, decoded exports,
// bytes in imports), and the error class. generate.mjs appends this, after the types generated
// from the engine's Rust types, and adds the plain signature of every op not declared here.

// ---- The JavaScript api ----

/**
 * The code of an engine error (`internal`: a module trapped and was replaced by a fresh instance for
 * the next call), or `not_initialized` (web entry: a call before `await init()`, or an import
 * before `await loadImporter()`), or a code of `isms-wasm/pool`: `timeout` (a call past its
 * deadline; its worker was replaced), `overloaded` (every worker busy and the queue full).
 */
export type IsmsErrorCode = ErrorCode | "not_initialized" | "timeout" | "overloaded";

/** The name of a limit of one call (`Limits`). */
export type LimitName = keyof Limits;

/** The `details` of each error code that has typed details; other codes have `unknown` details. */
export interface IsmsErrorDetailsByCode {
  /** The limit passed, its value for the call, and what the request holds (or would make). */
  limit_exceeded: { limit: LimitName; max: number; value: number };
  /** Where the JSON text of the request stops being JSON (1-based line, column in bytes). */
  invalid_json: { line: number; column: number } | undefined;
  /** The 2022 controls that replace a 2013 control. */
  superseded_control: { successors: string[] };
  /** The deadline the call passed. */
  timeout: { timeoutMs: number };
  /** The calls waiting and the most that may wait. */
  overloaded: { queued: number; maxQueue: number };
  /** A limit set above its hard maximum (`invalid_value` also has other details). */
  invalid_value: unknown;
}

/** The details of the errors of `code`. */
export type IsmsErrorDetails<C extends IsmsErrorCode> = C extends keyof IsmsErrorDetailsByCode
  ? IsmsErrorDetailsByCode[C]
  : unknown;

/** An engine error of one code: `details` typed by the code. */
export interface IsmsErrorOf<C extends IsmsErrorCode> extends Error {
  readonly name: "IsmsError";
  /** Stable machine code: compare this, never the message. */
  readonly code: C;
  /** JSON pointer (RFC 6901) of the request field at fault; empty for the whole request. */
  readonly path: string;
  /** Structured facts a caller can act on, typed by `code`. */
  readonly details?: IsmsErrorDetails<C>;
  /** The error as plain JSON, for a wire (`JSON.stringify(err)` keeps the message). */
  toJSON(): IsmsErrorJson;
}

/**
 * An engine error: a real `Error` (name `IsmsError`) with the engine's stable code and the field at
 * fault; a union discriminated by `code`, so `if (err.code === "limit_exceeded") err.details?.limit`.
 */
export type IsmsError = { [C in IsmsErrorCode]: IsmsErrorOf<C> }[IsmsErrorCode];

/** An IsmsError as JSON (`toJSON`, `IsmsError.from`). */
export interface IsmsErrorJson {
  name: "IsmsError";
  code: IsmsErrorCode;
  message: string;
  path: string;
  details?: unknown;
}

/** The `IsmsError` class. */
export interface IsmsErrorConstructor {
  new <C extends IsmsErrorCode>(code: C, message: string, path?: string, details?: IsmsErrorDetails<C>): IsmsErrorOf<C>;
  readonly prototype: IsmsError;
  /** The error `toJSON` wrote (an object or its JSON text) as an IsmsError again; anything else is `internal`. */
  from(json: unknown): IsmsError;
}

/** The options every function takes: the limits of the call (each at most its hard maximum). */
export interface CallOptions {
  /** Limits of this call, by their engine names (`input_bytes`, `depth`, …); the defaults otherwise. */
  limits?: Partial<Limits>;
}

/** Today's date for date-dependent findings (overdue actions, lapsed reviews and acceptances). */
export interface AsOfOptions extends CallOptions {
  /** YYYY-MM-DD; without it no finding depends on the date. */
  asOf?: IsoDate | null;
}

/** Options of `diff`. */
export interface DiffOptions extends AsOfOptions {
  /**
   * What to match risks by: `"id"`, `"title"`, `"description"`, `"threat"`, `"vulnerability"`,
   * `"owner"` or a source column the import kept. When absent, by id, unless a version's ids were
   * made from row positions on import: then by title, with a warning (`ids_by_position`).
   */
  key?: string | null;
  /** The similarity (above 0, at most 1) at which differing keys still match; 0.7 for titles and descriptions when absent. */
  threshold?: number | null;
  /** Compare the source columns an import kept but did not read (`x_source_columns`) too. */
  includeSource?: boolean;
}

/** Options of `analyse`. */
export interface AnalyseOptions extends AsOfOptions {
  /** How many risks the top list holds (10 when absent). */
  top?: number;
  /** Count closed risks in the heat maps, totals, top list and counts too (left out but for the count by status when absent). */
  includeClosed?: boolean;
}

/** Options of `rerate`. */
export interface RerateOptions extends CallOptions {
  /** The method to move to: a preset id or a method object. */
  method: MethodRef;
  /** New likelihood level of each old level; the interval-centre mapping when absent. */
  likelihoodMap?: number[] | null;
  /** New impact level of each old level; the interval-centre mapping when absent. */
  impactMap?: number[] | null;
}

/** Options of `oscal`. */
export interface OscalOptions extends AsOfOptions {
  /** `catalog`, `profile`, `ssp` or `poam`. */
  model: Model;
}

/** Options of `auditChecklist`. */
export interface AuditChecklistOptions extends AsOfOptions {
  /** The audit programme's cycle in years (3 when absent). */
  cycleYears?: number;
}

/** Options of `reviewPack`. */
export interface ReviewPackOptions extends AsOfOptions {
  /** The document as it was at the last review, for the changes in issues and interested parties. */
  previous?: IsmsDocument;
}

/** Options of `exportReport`. */
export interface ExportOptions<F extends Format = Format> extends AsOfOptions {
  /**
   * `soa` (default), `treatment_plan`, `readiness`, `all` (not for CSV), or a document of the
   * ISMS: `scope`, `policy`, `methodology`, `risk_assessment`, `objectives`, `assets`,
   * `competence`, `audit_programme`, `audit_report`, `management_review`, `nonconformities`,
   * `incidents`, the `audit_checklist` (not as JSON), or the `audit_pack` (as `zip` only).
   */
  report?: ReportKind;
  /** `xlsx` (default), `json`, `csv`, `markdown` (or `md`), `html`, or `zip` (the audit pack). */
  format?: F;
}

/** A written report: text for every format but XLSX and ZIP, whose bytes are a Uint8Array. */
export interface ExportedReport<F extends Format = Format> {
  /** A file name: the organisation, the report, the extension. */
  filename: string;
  /** IANA media type. */
  mediaType: string;
  /** The file: a string, or the bytes of the workbook (XLSX), the Word document (DOCX) or the audit pack (ZIP). */
  content: F extends "xlsx" | "zip" | "docx" ? Uint8Array<ArrayBuffer> : string;
}

/** The request of `importRegister`: `content` may also be the bytes of the file. */
export type ImportRegisterRequest = Omit<ImportRequest, "content" | "encoding"> & {
  /** CSV text, the bytes of a CSV or XLSX file, or base64 (with `encoding: "base64"`). */
  content?: string | Uint8Array | ArrayBuffer | null;
  /** How a string `content` is encoded: `utf-8`, or `base64`. */
  encoding?: Encoding | null;
};

/** Options of `simulate` (camelCase forms of the `simulate` request's fields). */
export interface SimulateOptions extends CallOptions {
  /** The seed of every random stream (1 when absent): the same seed gives the same numbers everywhere. */
  seed?: number;
  /** Simulated years, 1 to 10,000,000 (10,000 when absent). */
  iterations?: number;
  /** `event` (every threat event simulated; the default) or `shortcut` (frequency × magnitude). */
  model?: LossModel;
  /** The ids of the risks to simulate; every risk with `quant` when absent. */
  risks?: string[];
  /** Also return the simulated years of each risk and of the portfolio, as Float64Array. */
  keepSamples?: boolean;
  /** Points of each loss exceedance curve, 2 to 1000 (50 when absent). */
  lecPoints?: number;
  /** The confidence level of value at risk and expected shortfall (0.95 when absent). */
  confidence?: number;
  /** Threads, 1 to 1024: accepted for the same requests everywhere; WebAssembly uses one, with the same numbers. */
  threads?: number;
  /** Correlation between risks (a matrix over risk ids), applied with a Gaussian copula. */
  correlation?: Correlation;
  /** Years over which a control's one-off cost is spread in its annual cost (3 when absent). */
  amortisationYears?: number;
  /** Statuses read as others for this simulation: `{planned: "implemented"}` for the loss after the planned treatment. */
  assume?: Partial<Record<ImplementationStatus, ImplementationStatus>>;
  /** Also give each control's effect on each risk's and the portfolio's residual ALE (`sensitivity` in the result). */
  sensitivity?: boolean;
}

/** The simulated annual losses, before and after treatment (with `keepSamples`). */
export interface AnnualLosses {
  inherent: Float64Array<ArrayBuffer>;
  residual: Float64Array<ArrayBuffer>;
}

/** A simulation: per risk and for the portfolio, with the simulated years when kept. */
export type SimulationResult = Omit<Simulation, "risks" | "portfolio"> & {
  risks: (Omit<RiskLoss, "samples"> & { samples?: AnnualLosses })[];
  portfolio: Omit<PortfolioLoss, "samples"> & { samples?: AnnualLosses };
};

/** A migrated document and what was done to it. */
export type MigratedDocument = Omit<Migrated, "document"> & {
  /** The document in the current schema, every field it did not know kept. */
  document: IsmsDocument;
};

/**
 * The engine's functions. Each is stateless and synchronous: plain JSON-compatible objects in,
 * plain objects out; failures throw `IsmsError`. A function that takes a document takes it first
 * and its options (camelCase) only from its own options object: an option it does not take throws
 * `IsmsError` `schema_violation`, and the whole-request form (snake_case) is `call(op, request)`.
 */
export interface Isms {
  /** Runs any op by its snake_case name on its request (the wire form: snake_case fields). */
  call<K extends OpName>(
    op: K,
    ...request: {} extends OpRequests[K]
      ? [request?: OpRequests[K], options?: CallOptions]
      : [request: OpRequests[K], options?: CallOptions]
  ): OpResponses[K];

  /**
   * Runs any op on the raw JSON text of its request, or its UTF-8 bytes (a tenant's body as it
   * came), parsed once by the engine: a syntax error names the line and column of that text.
   */
  callJson<K extends OpName>(op: K, text: string | Uint8Array | ArrayBuffer, options?: CallOptions): OpResponses[K];

  /**
   * Drops the engine's (and the importer's and document writers') instances: the next call runs on fresh ones. An
   * instance whose memory passed 64 MiB is dropped after its call anyway.
   */
  recycle(): void;

  /** Brings a document of an older schema version forward, keeping every field it does not know. */
  migrate(document: object): MigratedDocument;

  /** Checks a document: broken rules throw `IsmsError` (every one in `details.errors`), gaps are findings. */
  validate(document: IsmsDocument, options?: AsOfOptions): Validation;

  /**
   * True when `value` is a document the engine reads (it fits the schema and no rule is broken;
   * findings do not count): narrows an untrusted body to `IsmsDocument` without a cast.
   */
  isIsmsDocument(value: unknown, options?: CallOptions): value is IsmsDocument;

  /** The scored register: heat maps, counts, the top risks and the treatment plan (`asOf` marks overdue actions). */
  analyse(document: IsmsDocument, options?: AnalyseOptions): Analysis;

  /** Moves a document to another risk method and reports every risk whose band changed. */
  rerate(document: IsmsDocument, options: RerateOptions): Rerated;

  /** The Statement of Applicability: header, summary, one row per control, findings. */
  soa(document: IsmsDocument, options?: AsOfOptions): Soa;

  /**
   * The Statement of Applicability drafted from the risks: every control a risk treatment names
   * proposed as applicable (`proposed: true`, reason `risk_treatment`) for its owner to confirm;
   * a decision already made is never changed.
   */
  draftSoa(document: IsmsDocument, options?: CallOptions): DraftSoa;

  /** Readiness: clause requirements, mandatory documents, Annex A by theme and attribute, score, gaps. */
  readiness(document: IsmsDocument, options?: AsOfOptions): Readiness;

  /** What changed from `old` to `next`: records matched by id, or by `key` (with similar titles matched too). */
  diff(old: IsmsDocument, next: IsmsDocument, options?: DiffOptions): Diff;

  /**
   * A report as a file: text, or a Uint8Array for XLSX and ZIP (the engine's default format; its default report is
   * the SoA). The documents of the ISMS, the audit checklist and the audit pack are written by the document writers
   * (browsers: `await loadDocuments()` first).
   */
  exportReport<F extends Format = "xlsx">(document: IsmsDocument, options?: ExportOptions<F>): ExportedReport<F>;

  /** The same as `exportReport` (`export` is a reserved word, so import it as `exportReport`). */
  readonly export: Isms["exportReport"];

  /** An OSCAL 1.2.1 document: the Annex A catalog, the profile, the SSP's control implementation or the POA&M. Runs in the documents module (browsers: `await loadDocuments()` first). */
  oscal(document: IsmsDocument, options: OscalOptions): OpResponses["oscal"];

  /** The internal audit checklist: every clause requirement and applicable control with questions, techniques and samples; findings on the programme. Runs in the document writers (browsers: `await loadDocuments()` first). */
  auditChecklist(document: IsmsDocument, options?: AuditChecklistOptions): Checklist;

  /** The management review pack: the inputs of 9.3.2 from live data, every KPI against its target. Runs in the document writers (browsers: `await loadDocuments()` first). */
  reviewPack(document: IsmsDocument, options?: ReviewPackOptions): ReviewPack;

  /**
   * Reads a risk or asset register (CSV text, CSV or XLSX bytes, or rows) into a document. Runs in
   * the importer, a second wasm module (browsers: `await loadImporter()` first).
   */
  importRegister(request: ImportRegisterRequest, options?: CallOptions): Imported;

  /**
   * How `importRegister` would read a register (same request): the sheet, the header rows, each
   * column's field with its confidence and alternatives, each scale, the first records and the
   * problems. Change it and give it back as `importRegister({ ...request, reading })`. Runs in the
   * importer (browsers: `await loadImporter()` first).
   */
  inspectRegister(request: ImportRegisterRequest, options?: CallOptions): OpResponses["inspect_register"];

  /** Monte Carlo annual loss in money of the quantified risks and the portfolio, before and after treatment. */
  simulate(document: IsmsDocument, options?: SimulateOptions): SimulationResult;

  /**
   * Loads the importer, the second wasm module that runs the import ops (`importRegister`, CSV and
   * XLSX alike), fetched only when needed (once). In browsers, await it before the first import
   * (else IsmsError `not_initialized`); the web entry's `input` is where to load the importer's
   * .wasm from (a URL, a Response, its bytes or a compiled module; the file next to the entry by
   * default). Node loads the importer by itself.
   */
  loadImporter(input?: unknown): Promise<void>;

  /**
   * Loads the document writers, the wasm module that writes the documents of the ISMS (`exportReport`
   * of `scope`, `policy`, `methodology`, …), the audit checklist and the audit pack, and runs
   * `auditChecklist` and `reviewPack`, fetched only when needed (once). In browsers, await it before
   * the first of them (else IsmsError `not_initialized`); the web entry's `input` is where to load
   * its .wasm from. Node loads it by itself.
   */
  loadDocuments(input?: unknown): Promise<void>;

  /** The snake_case names of every op. */
  ops(): OpName[];

  /** The engine version. */
  version(): string;

  /**
   * The size in bytes of the WebAssembly memory of every module instance there is, added up: the
   * engine's and, once loaded, the importer's. The high-water mark of every call so far (wasm
   * memory never shrinks), for recycling a worker whose engine has grown too large; an instance
   * replaced after a trap no longer counts, its replacement does.
   */
  memoryBytes(): number;

  // (generated: one function per remaining op)
}
