// `isms-wasm/pool`: the engine in a pool of workers (Node worker_threads, browser Web Workers).
// Copied into the package by ./build beside the generated types.d.ts.
import type { CallOptions, IsmsError as IsmsErrorType, IsmsErrorConstructor, Limits, OpName, OpRequests, OpResponses } from "./types.js";
export type * from "./types.js";

/** The engine's error class, the same as the package's (`instanceof` holds across both). */
export declare const IsmsError: IsmsErrorConstructor;
export type IsmsError = IsmsErrorType;

/** Options of `createPool`. */
export interface PoolOptions {
  /** Workers, each with its own engine (2 by default). */
  size?: number;
  /** Deadline of a call in milliseconds (30,000 by default): past it the worker is terminated and replaced, the call fails with `timeout`. */
  timeoutMs?: number;
  /** Calls that may wait for a worker (64 by default); one more fails at once with `overloaded`. */
  maxQueue?: number;
  /** Engine memory past which a worker is replaced after its call (256 MiB by default). */
  recycleAboveBytes?: number;
  /** Limits of every call (a call's own `limits` replace them). */
  limits?: Partial<Limits>;
  /** The worker script (the package's by default); a script of your own answers with `serve` (Node). */
  worker?: string | URL;
}

/** Options of one call. */
export interface RunOptions extends CallOptions {
  /** This call's deadline in milliseconds. */
  timeoutMs?: number;
}

/** What the pool holds and what has happened so far. */
export interface PoolStats {
  workers: number;
  busy: number;
  queued: number;
  /** The engine memory of each worker after its last call. */
  memoryBytes: number[];
  started: number;
  replaced: number;
  timeouts: number;
  crashes: number;
  recycled: number;
  overloaded: number;
}

/** A pool of engines in workers. Every failure is an `IsmsError`; nothing a worker does reaches the caller's thread. */
export interface Pool {
  /** Runs `op` on its request (the wire form, snake_case, as `call`) in a worker. */
  run<K extends OpName>(op: K, request: OpRequests[K], options?: RunOptions): Promise<OpResponses[K]>;
  /** Runs `op` on the raw JSON text (or UTF-8 bytes) of its request in a worker, as `callJson`. */
  runJson<K extends OpName>(op: K, text: string | Uint8Array | ArrayBuffer, options?: RunOptions): Promise<OpResponses[K]>;
  /** Workers, queued calls, and the counts of timeouts, crashes, recycled workers and refused calls. */
  stats(): PoolStats;
  /** Stops every worker; waiting and running calls fail with `not_initialized`. */
  close(): Promise<void>;
}

/** The defaults of `createPool`. */
export declare const POOL_DEFAULTS: Readonly<Required<Pick<PoolOptions, "size" | "timeoutMs" | "maxQueue" | "recycleAboveBytes">>>;

/** A pool of workers, each running the engine. */
export declare function createPool(options?: PoolOptions): Pool;

/**
 * Node: the answering half of the package's worker, for a worker script of your own (`worker`):
 * `parentPort.on("message", serve(api, IsmsError, (reply) => parentPort.postMessage(reply)))`.
 */
export declare function serve(
  api: { call(op: string, request: unknown, options?: unknown): unknown; callJson(op: string, text: unknown, options?: unknown): unknown; memoryBytes(): number },
  errorClass: IsmsErrorConstructor,
  reply: (message: unknown) => void,
): (message: unknown) => void;
