// Node entry point, ES modules: the same engine as the CommonJS entry (node.cjs), so a process that
// both imports and requires the package shares one instance and one IsmsError class.
import isms from "./node.cjs";

const { api } = isms;

export const {
  IsmsError,
  DEFAULT_LIMITS,
  init,
  call,
  callJson,
  catalogue,
  control,
  crosswalk,
  clauses,
  mandatoryDocuments,
  vocabulary,
  findings,
  riskMethods,
  checkMethod,
  rate,
  schema,
  migrate,
  validate,
  isIsmsDocument,
  analyse,
  rerate,
  threats,
  soa,
  draftSoa,
  readiness,
  diff,
  exportReport,
  oscal,
  auditChecklist,
  reviewPack,
  importRegister,
  inspectRegister,
  simulate,
  loadImporter,
  loadDocuments,
  ops,
  version,
  memoryBytes,
  recycle,
} = isms;
// `export` is a reserved word: the op is also exported under its own name for namespace imports.
export { exportReport as export };
export default api;
