// The CommonJS entry's declarations (node.d.cts through the "node" + "require" conditions):
// `require("isms-wasm")` in a CommonJS module.
import isms = require("isms-wasm");

const document: isms.IsmsDocument = { schema: "isms/2", organisation: { name: "Example Ltd" } };
const findings: isms.Finding[] = isms.validate(document).findings;
const titles: string[] = isms.catalogue({ theme: "people" }).map((c) => c.title);
const text: string = isms.exportReport(document, { format: "csv" }).content;
function codeOf(err: unknown): string | undefined {
  return err instanceof isms.IsmsError ? err.code : undefined;
}
// @ts-expect-error `peoples` is not a theme
isms.catalogue({ theme: "peoples" });

export = { findings, titles, text, codeOf, api: isms.api.version() };
