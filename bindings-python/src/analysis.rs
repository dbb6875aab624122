//! `isms._native.Analysed`: the analysis of a document held by the engine, so that analysing a
//! register of many thousand risks does not turn every scored risk into a Python dict: the small
//! parts (totals, heat maps, counts, the top risks) cross as JSON at once, the per-risk lists
//! when first asked for, and their tables go to Arrow straight from the engine's records
//! ([`crate::record`]).

use isms_core::analysis::{self, Analysis, RegisterRow};
use isms_core::api::{self, AnalyseRequest, Limits};
use isms_core::checks::{self, Checked};
use isms_core::method::Method;
use isms_core::model::EffectiveValuation;
use isms_core::risk::register::ScoredRisk;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;

use crate::record;
use crate::table::{ArrowTable, Spec};
use crate::{engine, to_py_error};

/// The lists of an analysis that grow with the register, in the order the analysis has them.
const PARTS: [&str; 3] = ["risks", "treatment_plan", "assets"];

/// An analysed document: the request (with its document), the scores of its risks, and the
/// analysis's small parts.
#[pyclass(frozen, module = "isms._native")]
pub(crate) struct Analysed {
    request: AnalyseRequest,
    /// The document's method, asset valuations and scored risks, as the check gave them: the
    /// lists are analysed again from these without checking the document again.
    method: Method,
    valuations: Vec<EffectiveValuation>,
    risks: Vec<ScoredRisk>,
    /// The analysis without [`PARTS`], as JSON.
    summary: String,
}

/// Runs `analyse` on the JSON text of a request within the default limits on the request, as
/// `call("analyse", …)` does, and holds the result.
///
/// Raises `IsmsError` as `call` does.
#[pyfunction]
pub(crate) fn analyse(py: Python<'_>, request: std::borrow::Cow<'_, str>) -> PyResult<Analysed> {
    engine(py, || {
        let request: AnalyseRequest = parse_within(&request, &Limits::default())?;
        let checked = checks::score(&request.document).map_err(|e| e.under("/document"))?;
        let summary = api::respond(&of(&request, &checked).summary())?;
        let Checked {
            method,
            valuations,
            risks,
            ..
        } = checked;
        Ok(Analysed {
            request,
            method,
            valuations,
            risks,
            summary,
        })
    })
    .map_err(|e| to_py_error(py, &e))
}

/// Texts from this length on are measured against the limits on another thread while they are
/// parsed: below it, starting the thread costs more than it saves.
const MEASURED_BESIDE: usize = 1 << 20;

/// The request `text` holds, after checking it against `limits` as `call` does (a text past a
/// limit fails with that limit, whatever its parse would give). A long text is measured on
/// another thread while this one parses it; its length is checked first, before either reads it.
fn parse_within(text: &str, limits: &Limits) -> isms_core::Result<AnalyseRequest> {
    if text.len() < MEASURED_BESIDE {
        limits.check_input(text)?;
        return api::parse_document(text);
    }
    limits.check_input_bytes(text)?;
    let (within, parsed) = std::thread::scope(|scope| {
        let measuring =
            std::thread::Builder::new().spawn_scoped(scope, || limits.check_input(text));
        let parsed = api::parse_document(text);
        let within = match measuring {
            Ok(measuring) => measuring
                .join()
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload)),
            // No thread to be had: measured here.
            Err(_) => limits.check_input(text),
        };
        (within, parsed)
    });
    within?;
    parsed
}

/// The analysis `request` asks for of a checked document, as the `analyse` op makes it.
fn of<'a>(request: &AnalyseRequest, checked: &'a Checked<'_>) -> Analysis<'a> {
    analysis::analyse(
        checked,
        request.top,
        request.as_of.as_ref(),
        request.include_closed,
    )
}

impl Analysed {
    /// The scored register (the analysis's `risks`), from the scores held.
    fn rows(&self) -> Vec<RegisterRow<'_>> {
        analysis::register_rows(&self.request.document, &self.risks)
    }

    /// Hands the analysis to `f`, made again from the scores held.
    fn with<R>(&self, f: impl FnOnce(&Analysis<'_>) -> R) -> R {
        let checked = Checked {
            document: &self.request.document,
            method: self.method.clone(),
            valuations: self.valuations.clone(),
            risks: self.risks.clone(),
            findings: Vec::new(),
        };
        f(&of(&self.request, &checked))
    }
}

#[pymethods]
impl Analysed {
    /// The analysis without its per-risk lists (`parts`), as JSON.
    fn summary(&self) -> String {
        self.summary.clone()
    }

    /// The names of the lists left out of `summary`, in the order of the analysis.
    fn parts(&self) -> Vec<&'static str> {
        PARTS.to_vec()
    }

    /// The list `name` (one of `parts`) as JSON.
    fn part(&self, py: Python<'_>, name: &str) -> PyResult<String> {
        let name = part(name)?;
        let out = engine(py, || {
            if name == "risks" {
                return api::respond(&self.rows());
            }
            self.with(|a| match name {
                "treatment_plan" => api::respond(&a.treatment_plan),
                _ => api::respond(&a.assets),
            })
        });
        out.map_err(|e| to_py_error(py, &e))
    }

    /// The list `name` (one of `parts`) as a table of `schema` (the columns `isms._schema`
    /// derives for it), built from the engine's records without a Python object per row.
    fn table(&self, py: Python<'_>, name: &str, schema: Vec<Spec>) -> PyResult<ArrowTable> {
        let name = part(name)?;
        let out = engine(py, || {
            if name == "risks" {
                return Ok(record::table(schema, &self.rows()));
            }
            Ok(self.with(|a| match name {
                "treatment_plan" => record::table(schema, &a.treatment_plan),
                _ => record::table(schema, a.assets),
            }))
        });
        out.map_err(|e| to_py_error(py, &e))?
    }
}

/// `name` when it is one of [`PARTS`], else `KeyError`.
fn part(name: &str) -> PyResult<&'static str> {
    PARTS
        .into_iter()
        .find(|p| *p == name)
        .ok_or_else(|| PyKeyError::new_err(format!("the analysis has no list `{name}`")))
}
