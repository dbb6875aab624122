// The JavaScript face of the engine, shared by every entry point (Node, web).
//
// The wasm modules expose one function each, `call(op, requestJson) -> envelopeJson`, which never
// throws: the engine's for every op but the import ops, the importer's (a second module, loaded
// only when a register is imported) for those. This module turns requests into JSON, envelopes
// back into plain objects, and failures into `IsmsError`, a real `Error` subclass with the engine's
// stable `code` and JSON-pointer `path`.

/** An engine error: `code` is stable and machine-readable, `path` is the JSON pointer of the input field. */
export class IsmsError extends Error {
  constructor(code, message, path = "", details = undefined) {
    super(message);
    this.name = "IsmsError";
    this.code = code;
    this.path = path;
    if (details !== undefined) this.details = details;
  }

  /** The error as plain JSON (`JSON.stringify(err)` keeps the message): name, code, message, path, details. */
  toJSON() {
    const json = { name: "IsmsError", code: this.code, message: this.message, path: this.path };
    if (this.details !== undefined) json.details = this.details;
    return json;
  }

  /**
   * The error that `toJSON` wrote (parsed, or as JSON text), as an IsmsError again: for errors
   * crossing a wire or a worker. Anything else becomes IsmsError `internal` carrying it as `cause`.
   */
  static from(json) {
    let value = json;
    if (typeof json === "string") {
      try {
        value = JSON.parse(json);
      } catch {
        value = undefined;
      }
    }
    if (value !== null && typeof value === "object" && typeof value.code === "string" && typeof value.message === "string") {
      return new IsmsError(value.code, value.message, typeof value.path === "string" ? value.path : "", value.details);
    }
    const error = new IsmsError("internal", "not an IsmsError in JSON");
    error.cause = json;
    return error;
  }
}

// The options of each function that takes a document, by their JavaScript name, with the name
// the engine's request gives them.
const AS_OF = { asOf: "as_of" };
const ANALYSE_OPTIONS = { top: "top", asOf: "as_of", includeClosed: "include_closed" };
const DIFF_OPTIONS = { asOf: "as_of", key: "key", threshold: "threshold", includeSource: "include_source" };
const RERATE_OPTIONS = { method: "method", likelihoodMap: "likelihood_map", impactMap: "impact_map" };
const EXPORT_OPTIONS = { report: "report", format: "format", asOf: "as_of" };
const OSCAL_OPTIONS = { model: "model", asOf: "as_of" };
const CHECKLIST_OPTIONS = { asOf: "as_of", cycleYears: "cycle_years" };
const REVIEW_OPTIONS = { previous: "previous", asOf: "as_of" };
const SIMULATE_OPTIONS = {
  seed: "seed",
  iterations: "iterations",
  model: "model",
  risks: "risks",
  keepSamples: "keep_samples",
  lecPoints: "lec_points",
  confidence: "confidence",
  threads: "threads",
  correlation: "correlation",
  amortisationYears: "amortisation_years",
  assume: "assume",
  sensitivity: "sensitivity",
};

/** Decodes base64 to bytes, in browsers and in Node. */
function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Encodes bytes as base64, in browsers and in Node. */
function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Memory of one module instance past which it is replaced after a call (64 MiB): a call on a
 * register of 20,000 risks takes about 110 MiB, which an instance would otherwise hold for good;
 * calls on ordinary documents stay far below it (a fresh instance has under 2 MiB).
 */
export const RECYCLE_ABOVE_BYTES = 64 * 1024 * 1024;

/**
 * The instances of one WebAssembly module, each replaced when it fails. The functions of the
 * engine and of the importer never throw by design, so anything they throw is a failure of the
 * instance: a trap (a panic, which the build turns into `unreachable`, or running out of memory)
 * or a stack overflow. Its memory may then hold anything half done, so the instance is dropped for
 * a fresh one from `create`, and the call throws IsmsError `internal` (the trap as its `cause`).
 * @template T
 * @param {string} name the module, for the message ("engine", "importer")
 * @param {() => T} create a new instance: the module's wasm-bindgen functions
 */
export function renewable(name, create) {
  let current = null;
  return {
    /**
     * Runs `f` on the instance (made first if there is none); a failure replaces it. An instance
     * whose memory has grown past `RECYCLE_ABOVE_BYTES` is dropped after the call, so the memory
     * a large call took goes back when it is collected (WebAssembly memory never shrinks).
     */
    run(f) {
      try {
        const out = f((current ??= create()));
        if (current?.memoryBytes?.() > RECYCLE_ABOVE_BYTES) current = null;
        return out;
      } catch (e) {
        // An engine error that `f` unwrapped (simulate): the instance answered, it did not fail.
        if (e instanceof IsmsError) throw e;
        let restarted;
        try {
          current = create();
          restarted = "was restarted";
        } catch {
          // Left to the next call, which tries again.
          current = null;
          restarted = "could not be restarted yet";
        }
        const error = new IsmsError("internal", `the ${name} failed and ${restarted}: ${e}`);
        error.cause = e;
        throw error;
      }
    },
    /** Drops the instance: the next call runs on a fresh one, its memory back to the start. */
    drop() {
      current = null;
    },
    /** Makes `instance` the current one (the web entry's first, made by an asynchronous load). */
    set(instance) {
      current = instance;
    },
    /** The current instance, or null before the first call. */
    live: () => current,
  };
}

/** An envelope's text as a value, or its error as an IsmsError. */
function unwrap(envelopeText) {
  return unwrapEnvelope(JSON.parse(envelopeText));
}

/** A parsed envelope as a value, or its error as an IsmsError. */
function unwrapEnvelope(envelope) {
  if (envelope.error) {
    const { code, message, path, details } = envelope.error;
    throw new IsmsError(code, message, path, details);
  }
  return envelope.ok;
}

/** The limits of a call and their defaults (`isms_core::api::Limits`), by their engine names. */
export const DEFAULT_LIMITS = Object.freeze({
  input_bytes: 64 * 1024 * 1024,
  string_bytes: 1024 * 1024,
  items: 200_000,
  depth: 64,
  output_bytes: 64 * 1024 * 1024,
  simulation_work: 2_000_000_000,
});

/** The `limits` of a function's options, checked to be an object (or undefined for the defaults). */
function limitsOf(options) {
  const limits = options?.limits;
  if (limits === undefined || limits === null) return undefined;
  if (typeof limits !== "object" || Array.isArray(limits)) {
    throw new IsmsError("schema_violation", "the limits are not an object", "/limits");
  }
  return limits;
}

/** The value of limit `name` for a call: the caller's, or its default. */
function limitOf(limits, name) {
  const value = limits?.[name];
  return typeof value === "number" ? value : DEFAULT_LIMITS[name];
}

/**
 * The `limit_exceeded` error of a request object nested too deep for JSON.stringify: its depth
 * measured without recursion, up to one past the limit.
 */
function tooDeep(request, limits) {
  const max = limitOf(limits, "depth");
  let depth = 0;
  let level = [request];
  while (level.length > 0 && depth <= max) {
    depth += 1;
    const next = [];
    for (const value of level) {
      if (value !== null && typeof value === "object") next.push(...Object.values(value));
    }
    level = next.filter((value) => value !== null && typeof value === "object");
  }
  return new IsmsError(
    "limit_exceeded",
    `the nesting of arrays and objects (${depth}) exceed the limit \`depth\` of ${max}`,
    "",
    { limit: "depth", max, value: depth },
  );
}

/**
 * Builds the api over the engine's instances (`renewable` over its wasm-bindgen functions).
 *
 * Two kinds of work run in wasm modules of their own, so the engine stays small, each loaded
 * only when first needed: the import ops (`import_register`, …: the list the engine reports,
 * `importOps()`) in the importer (`isms_import`), and the document writers (the ops of
 * `documentOps()`, and `export` of a report of `documentReports()`: the documents of the ISMS,
 * the audit checklist, the audit pack) in the documents module (`isms_documents`). Each module's
 * `instances()` returns its instances once loaded (Node loads it there and then), or null when it
 * is not loaded yet (web: `await loadImporter()` / `await loadDocuments()` first); `load(input)`
 * loads it.
 * @param {ReturnType<typeof renewable>} engine the engine's instances: call, simulate, ops, importOps, documentOps, documentReports, version, memoryBytes
 * @param {() => boolean} isReady false until the engine is loaded (web entry before init)
 * @param {{instances(): ReturnType<typeof renewable> | null, load(input?: unknown): Promise<void>}} importer
 *   the importer's instances (call, ops, memoryBytes) once loaded
 * @param {{instances(): ReturnType<typeof renewable> | null, load(input?: unknown): Promise<void>}} documents
 *   the documents module's instances (call, ops, memoryBytes) once loaded
 */
export function bind(engine, isReady, importer, documents) {
  /**
   * The request as the engine reads it, once the engine is ready: JSON text, or the bytes of
   * JSON text (a `Uint8Array` or `ArrayBuffer` given as the request: the raw form, read as it is).
   * A request longer than the input limit is refused here, before it is copied into the engine.
   */
  function requestText(request, limits, raw = false) {
    if (!isReady()) {
      throw new IsmsError("not_initialized", "the engine is not initialised: await init() first");
    }
    let text;
    if (raw && typeof request === "string") {
      text = request;
    } else if (raw && (request instanceof Uint8Array || request instanceof ArrayBuffer)) {
      text = request instanceof Uint8Array ? request : new Uint8Array(request);
    } else if (raw) {
      throw new IsmsError("schema_violation", "the raw request is neither JSON text nor its bytes");
    } else {
      try {
        text = JSON.stringify(request ?? {});
      } catch (e) {
        // JSON.stringify recurses: nesting deep enough to overflow the stack is past the depth limit.
        if (e instanceof RangeError) throw tooDeep(request, limits);
        throw new IsmsError("schema_violation", `the request is not JSON-compatible: ${e.message}`);
      }
      if (text === undefined) {
        throw new IsmsError("schema_violation", "the request is not JSON-compatible");
      }
    }
    // UTF-8 takes at least one byte per UTF-16 unit, so a text longer than the limit in units is
    // longer in bytes too: refused without copying it into the engine.
    const max = limitOf(limits, "input_bytes");
    if (text.length > max) {
      throw new IsmsError(
        "limit_exceeded",
        `the request's bytes (at least ${text.length}) exceed the limit \`input_bytes\` of ${max}`,
        "",
        { limit: "input_bytes", max, value: text.length },
      );
    }
    return text;
  }

  /** A set of names the engine reports by `list` (read once). */
  const names = (list) => {
    let set = null;
    return (name) => (set ??= new Set(JSON.parse(engine.run((raw) => raw[list]())))).has(name);
  };
  const runsInImporter = names("importOps");
  const runsInDocuments = names("documentOps");
  const writtenByDocuments = names("documentReports");
  /** The module of each kind of work besides the engine, with the function that loads it. */
  const modules = {
    importer: { module: importer, what: "the importer", load: "loadImporter" },
    documents: { module: documents, what: "the documents module", load: "loadDocuments" },
  };

  /**
   * The module other than the engine that runs `op` on `request` (an object, or raw text whose
   * report the engine names when it cannot write it), or null for the engine.
   */
  function moduleOf(op, request, raw) {
    if (runsInImporter(op)) return modules.importer;
    if (runsInDocuments(op)) return modules.documents;
    if (op === "export" && !raw && (writtenByDocuments(request?.report) || request?.format === "docx")) {
      return modules.documents;
    }
    return null;
  }

  /** Runs `op` in `on` (one of `modules`), or throws `not_initialized` when it is not loaded. */
  function runIn(on, op, text, limitsText) {
    const instances = on.module.instances();
    if (!instances) {
      throw new IsmsError("not_initialized", `${on.what} is not loaded: await ${on.load}() before \`${op}\``);
    }
    const raw = typeof text === "string" ? text : new TextDecoder().decode(text);
    const out = unwrap(instances.run((module) => module.call(op, raw, limitsText)));
    // A workbook or archive the documents module laid out but has no writer for: the engine
    // writes it.
    if (op === "export" && out?.job) {
      return unwrap(engine.run((module) => module.finishExport(JSON.stringify(out.job), limitsText)));
    }
    return out;
  }

  /**
   * Runs `op` on `request` (an object, or the raw JSON text or bytes of the request), within the
   * `limits` of `options` ({limits: {input_bytes, string_bytes, items, depth, output_bytes,
   * simulation_work}}, each at most its hard maximum; the defaults otherwise).
   */
  function call(op, request, options) {
    return run(op, request, options, false);
  }

  /**
   * Runs `op` on the raw JSON text of its request (a string, or its UTF-8 bytes as a Uint8Array
   * or ArrayBuffer), parsed once by the engine: a syntax error names the line and column of that
   * text (`details.line`, `details.column`).
   */
  function callJson(op, text, options) {
    return run(op, text, options, true);
  }

  function run(op, request, options, raw) {
    const limits = limitsOf(options);
    const text = requestText(request, limits, raw);
    if (typeof op !== "string") {
      throw new IsmsError("unknown_op", "the op is not a string: call(op, request) takes an op name such as \"catalogue\"");
    }
    const limitsText = limits === undefined ? "" : JSON.stringify(limits);
    const other = moduleOf(op, request, raw);
    if (other) return runIn(other, op, text, limitsText);
    try {
      return unwrap(
        engine.run((raw) => (typeof text === "string" ? raw.call(op, text, limitsText) : raw.callBytes(op, text, limitsText))),
      );
    } catch (e) {
      // A raw `export` request of a document: the engine names the module that writes it.
      if (e instanceof IsmsError && e.code === "unknown_op" && e.details?.feature === "documents") {
        return runIn(modules.documents, op, text, limitsText);
      }
      throw e;
    }
  }

  /** A register request whose `content` may be the bytes of the file, as the engine reads it (base64). */
  function registerRequest(request) {
    const { content, ...rest } = request ?? {};
    if (content instanceof Uint8Array || content instanceof ArrayBuffer) {
      const bytes = content instanceof Uint8Array ? content : new Uint8Array(content);
      return { ...rest, content: toBase64(bytes), encoding: "base64" };
    }
    return request;
  }

  /**
   * A function's request: `request` (the document, or the two versions of a diff) with each
   * option added under the engine's name in `names` (`{asOf: "as_of"}`). Options come only from
   * the function's own parameter, never from the document, so a tenant's body passed as a
   * document cannot set them; a name the function does not take is an error, not dropped.
   */
  function withOptions(request, options, names) {
    if (options === undefined || options === null) return request;
    if (typeof options !== "object" || Array.isArray(options)) {
      throw new IsmsError("schema_violation", "the options are not an object");
    }
    for (const [key, value] of Object.entries(options)) {
      if (key === "limits") continue;
      if (!Object.hasOwn(names, key)) {
        const known = Object.keys(names).map((name) => `\`${name}\``);
        const expected = known.length ? `expected one of ${known.join(", ")}` : "this function takes none";
        const path = `/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
        throw new IsmsError("schema_violation", `unknown option \`${key}\`, ${expected}`, path);
      }
      if (value !== undefined) request[names[key]] = value;
    }
    return request;
  }

  /** The request of a function that takes a document as its first argument, then its options. */
  function documentRequest(document, options, names) {
    return withOptions({ document }, options, names);
  }

  /**
   * A report ({report: "soa" | "treatment_plan" | "readiness" | "all", or a document of the ISMS
   * such as "policy" or "methodology", format: "json" | "csv" | "markdown" | "md" | "html" |
   * "xlsx", "docx", "zip" for the audit pack, asOf}) as {filename, mediaType, content}: a
   * string, or a Uint8Array for XLSX, DOCX and ZIP. The engine writes the SoA as XLSX unless the
   * options say otherwise. The documents of the ISMS, the audit checklist, the audit pack and
   * every Word document are written by the documents module (browsers: `await loadDocuments()`
   * first).
   */
  function exportReport(document, options) {
    const out = call("export", documentRequest(document, options, EXPORT_OPTIONS), options);
    const content = out.encoding === "base64" ? fromBase64(out.content) : out.content;
    return { filename: out.filename, mediaType: out.media_type, content };
  }

  return {
    /** Runs any engine operation by its snake_case name ({limits} in the options). */
    call,
    /** Runs any engine operation on the raw JSON text (or bytes) of its request. */
    callJson,
    /** Annex A controls passing the filters (theme, any 27002 attribute, new_in_2022, text). */
    catalogue: (request, options) => call("catalogue", request, options),
    /** One 2022 control by id ("A.5.1", "5.1", or {id}). */
    control: (request, options) => call("control", request, options),
    /** The 2013↔2022 correspondence ({direction, id}). */
    crosswalk: (request, options) => call("crosswalk", request, options),
    /** The requirements of clauses 4.1–10.2 ({clause}). */
    clauses: (request, options) => call("clauses", request, options),
    /** The mandatory documents and records ({kind}). */
    mandatoryDocuments: (request, options) => call("mandatory_documents", request, options),
    /** Themes and attribute values in the standard's order. */
    vocabulary: (request, options) => call("vocabulary", request, options),
    /** Every finding code `validate` can raise, with its usual severity, reference and meaning. */
    findings: (request, options) => call("findings", request, options),
    /** The shipped risk methods, complete. */
    riskMethods: (request, options) => call("risk_methods", request, options),
    /** Validates a risk method ({method: presetId | method}) and returns its score grid. */
    checkMethod: (request, options) => call("check_method", request, options),
    /** Score, band and appetite verdict of {method, likelihood, impact}. */
    rate: (request, options) => call("rate", request, options),
    /** The JSON Schema of the ISMS document ({of: "document"}) or of a risk method ({of: "method"}). */
    schema: (request, options) => call("schema", request, options),
    /** Brings a document of an older schema version forward, keeping unknown fields. */
    migrate: (document, options) => call("migrate", documentRequest(document, options, {}), options),
    /** Checks a document ({asOf} enables date-dependent findings); broken rules throw, gaps are findings. */
    validate: (document, options) => call("validate", documentRequest(document, options, AS_OF), options),
    /** The scored register: heat maps, counts, top risks ({top}), treatment plan ({asOf} marks overdue). */
    analyse: (document, options) => call("analyse", documentRequest(document, options, ANALYSE_OPTIONS), options),
    /** Moves a document to another method ({method, likelihoodMap, impactMap}) and reports band changes. */
    rerate: (document, options) => call("rerate", documentRequest(document, options, RERATE_OPTIONS), options),
    /** The starter threat and vulnerability catalogue, filtered by {asset_type, control}. */
    threats: (request, options) => call("threats", request, options),
    /** The Statement of Applicability: header, summary, one row per control, findings ({asOf}). */
    soa: (document, options) => call("soa", documentRequest(document, options, AS_OF), options),
    /** The SoA drafted from the risks: every control a risk treatment names proposed as applicable; decisions kept. */
    draftSoa: (document, options) => call("draft_soa", documentRequest(document, options, {}), options),
    /** Readiness: clause requirements, mandatory documents, Annex A by theme/attribute, score, gaps ({asOf}). */
    readiness: (document, options) => call("readiness", documentRequest(document, options, AS_OF), options),
    /** What changed from the document `old` to the document `next` ({asOf, key, threshold, includeSource}). */
    diff: (old, next, options) => call("diff", withOptions({ old, new: next }, options, DIFF_OPTIONS), options),
    /** A report as {filename, mediaType, content}: a string, or a Uint8Array for XLSX. */
    exportReport,
    /**
     * True when `value` is a document the engine reads: it fits the document's schema and
     * `validate` finds no broken rule (findings do not count). In TypeScript it narrows `value`
     * to `IsmsDocument`, so an untrusted body needs no cast. Never throws for a bad document; a
     * request past a limit is not a document either.
     */
    isIsmsDocument: (value, options) => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
      try {
        call("validate", { document: value }, options);
        return true;
      } catch (e) {
        if (e instanceof IsmsError && e.code !== "internal" && e.code !== "not_initialized") return false;
        throw e;
      }
    },
    /** The same as `exportReport` (`export` is a reserved word, so import it as `exportReport`). */
    export: exportReport,
    /**
     * An OSCAL 1.2.1 document ({model: "catalog" | "profile" | "ssp" | "poam", asOf}). Runs in
     * the documents module (browsers: `await loadDocuments()` first).
     */
    oscal: (document, options) => call("oscal", documentRequest(document, options, OSCAL_OPTIONS), options),
    /**
     * The internal audit checklist and the findings on the audit programme ({asOf, cycleYears}).
     * Runs in the document writers (browsers: `await loadDocuments()` first).
     */
    auditChecklist: (document, options) =>
      call("audit_checklist", documentRequest(document, options, CHECKLIST_OPTIONS), options),
    /**
     * The management review pack: the inputs of 9.3.2 from live data ({previous, asOf}). Runs in
     * the document writers (browsers: `await loadDocuments()` first).
     */
    reviewPack: (document, options) =>
      call("review_pack", documentRequest(document, options, REVIEW_OPTIONS), options),
    /**
     * Reads a risk or asset register into a document: `content` is CSV text or the bytes of a
     * CSV or XLSX file (Uint8Array or ArrayBuffer), or `rows` are arrays of cells with the header
     * row among them; with {kind, format, sheet, header_row, columns, scales, method, document,
     * on_error}. Returns {columns, ignored, scales, rows, imported, errors, notes, document}.
     * Runs in the importer, a second wasm module (Node loads it here; browsers: `await
     * loadImporter()` first).
     */
    importRegister: (request, options) => call("import_register", registerRequest(request), options),
    /**
     * Reads how a risk or asset register would be imported, without importing it (the
     * `inspect_register` op; `content` as for `importRegister`). Runs in the importer.
     */
    inspectRegister: (request, options) => call("inspect_register", registerRequest(request), options),
    /**
     * FAIR-style Monte Carlo simulation of the annual loss, in money, of the document's quantified
     * risks and of the portfolio, before and after treatment ({seed, iterations, model: "event" |
     * "shortcut", risks, keepSamples, lecPoints, confidence, threads, correlation,
     * amortisationYears, assume, sensitivity}; `threads` is accepted and one is used). With keepSamples, each risk and the
     * portfolio carry `samples: {inherent, residual}`, the simulated years as Float64Array.
     */
    simulate: (document, options = {}) => {
      const request = documentRequest(document, options, SIMULATE_OPTIONS);
      const limits = limitsOf(options);
      const text = requestText(request, limits);
      const limitsText = limits === undefined ? "" : JSON.stringify(limits);
      return engine.run((raw) => {
        const handle = raw.simulate(text, limitsText);
        try {
          const out = unwrap(handle.envelope());
          if (request.keep_samples) {
            const take = (i) => ({ inherent: handle.take_samples(i, false), residual: handle.take_samples(i, true) });
            out.risks.forEach((risk, i) => {
              risk.samples = take(i);
            });
            out.portfolio.samples = take(out.risks.length);
          }
          return out;
        } finally {
          handle.free();
        }
      });
    },
    /**
     * Loads the importer, the second wasm module that runs the import ops (`importRegister`,
     * `inspectRegister`, CSV and XLSX alike), kept out of the engine (once). Browsers: await it
     * before the first import (optionally with the importer's .wasm URL, a Response, its bytes or
     * a compiled module). Node loads the importer by itself at the first import.
     */
    loadImporter: (input) => importer.load(input),
    /**
     * Loads the document writers, the wasm module that writes the documents of the ISMS, the
     * audit checklist and the audit pack (`exportReport` of those reports, `auditChecklist`,
     * `reviewPack`), kept out of the engine (once). Browsers: await it before the first of them
     * (optionally with the module's .wasm URL, a Response, its bytes or a compiled module). Node
     * loads it by itself when first needed.
     */
    loadDocuments: (input) => documents.load(input),
    /**
     * Drops the instances of the engine, the importer and the document writers: the next call
     * runs on fresh ones, with the memory of a new instance (an instance past 64 MiB is recycled
     * after each call anyway).
     */
    recycle: () => {
      engine.drop();
      importer.instances()?.drop();
      documents.instances()?.drop();
    },
    /** The snake_case names of every engine operation (the importer's and the document writers' included). */
    ops: () => JSON.parse(engine.run((raw) => raw.ops())),
    /** The engine version. */
    version: () => engine.run((raw) => raw.version()),
    /**
     * The size in bytes of the WebAssembly memory of every module instance there is (the engine,
     * and the importer and the document writers once loaded), added up: the high-water mark of every call so far (wasm
     * memory never shrinks), for recycling a worker whose engine has grown too large. An instance
     * replaced after a failure no longer counts; its replacement does.
     */
    memoryBytes: () =>
      [engine, importer.instances(), documents.instances()].reduce((total, module) => {
        const instance = module?.live();
        return total + (instance ? module.run((raw) => raw.memoryBytes()) : 0);
      }, 0),
  };
}
