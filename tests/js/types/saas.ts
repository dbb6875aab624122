// A SaaS client of the package, checked by tsc --strict with the DOM lib and
// exactOptionalPropertyTypes: a worker pool serving tenants' requests, errors narrowed by code
// (typed details), an XLSX export handed to a Blob, limits per call, raw JSON bodies.
import { createPool, IsmsError, type Pool } from "isms-wasm/pool";
import * as isms from "isms-wasm";
import type { IsmsDocument, Validation } from "isms-wasm";

const pool: Pool = createPool({ size: 2, timeoutMs: 5_000, maxQueue: 32, limits: { depth: 32 } });

/** An HTTP status and body for an engine error, by its code. */
function answer(err: unknown): { status: number; body: string } {
  if (!(err instanceof IsmsError)) return { status: 500, body: "internal error" };
  switch (err.code) {
    case "limit_exceeded": {
      const limit: string = err.details?.limit ?? "unknown";
      const max: number | undefined = err.details?.max;
      return { status: 413, body: `${limit} over ${max ?? "?"}` };
    }
    case "invalid_json": {
      const line: number | undefined = err.details?.line;
      return { status: 400, body: `not JSON at line ${line ?? "?"}` };
    }
    case "superseded_control": {
      const successors: string[] = err.details?.successors ?? [];
      return { status: 422, body: successors.join(", ") };
    }
    case "timeout": {
      const ms: number | undefined = err.details?.timeoutMs;
      return { status: 504, body: `took over ${ms ?? "?"} ms` };
    }
    case "overloaded":
      return { status: 503, body: `${err.details?.queued ?? 0} waiting` };
    default:
      return { status: 422, body: JSON.stringify(err) };
  }
}

export async function validate(body: string): Promise<{ status: number; body: string }> {
  try {
    const validation: Validation = await pool.runJson("validate", body, { limits: { input_bytes: 1 << 20 } });
    return { status: 200, body: JSON.stringify(validation.findings.length) };
  } catch (err) {
    return answer(err);
  }
}

export async function soa(document: IsmsDocument): Promise<number> {
  const soa = await pool.run("soa", { document, as_of: "2026-11-01" }, { timeoutMs: 1_000 });
  return soa.rows.length;
}

export function download(document: IsmsDocument): Blob {
  const file = isms.exportReport(document, { format: "xlsx", report: "soa", limits: { output_bytes: 1 << 24 } });
  return new Blob([file.content], { type: file.mediaType });
}

export function wire(err: IsmsError): IsmsError {
  const text = JSON.stringify(err.toJSON());
  const back = IsmsError.from(JSON.parse(text));
  if (back.code === "limit_exceeded") {
    const limit: "input_bytes" | "string_bytes" | "items" | "depth" | "output_bytes" | "simulation_work" | undefined = back.details?.limit;
    console.log(limit);
  }
  return back;
}

export function tenantDocument(body: unknown): IsmsDocument | undefined {
  if (isms.isIsmsDocument(body)) {
    const narrowed: IsmsDocument = body;
    return narrowed;
  }
  return undefined;
}

export const defaults: number = isms.DEFAULT_LIMITS.depth;
export const stats: number = pool.stats().timeouts;
