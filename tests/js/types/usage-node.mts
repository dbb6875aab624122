// The Node ES module entry's declarations (node.d.mts through the "node" + "import" conditions).
import api, { IsmsError, catalogue, exportReport, init, validate } from "isms-wasm";
import type { IsmsDocument, Validation } from "isms-wasm";

const document: IsmsDocument = { schema: "isms/2", organisation: { name: "Example Ltd" } };
const checked: Validation = validate(document);
const count: number = catalogue({ theme: "people" }).length + api.catalogue().length;
const bytes: Uint8Array = exportReport(document).content;
const ready = await init();
const error: typeof IsmsError.prototype.code = "unknown_control";
// @ts-expect-error the Node entry is ready on import: its init takes no wasm input
await init("isms_wasm_bg.wasm");

export const used = [checked, count, bytes, ready.version(), error];
