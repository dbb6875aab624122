//! `isms._native.Register`: an imported risk or asset register held on the Rust side, so a
//! register of many thousand rows is read, scored and analysed without a round trip through
//! Python objects. The façade (`isms.read_register`) wraps it.

use std::sync::OnceLock;

use isms_core::analysis;
use isms_core::api;
use isms_core::checks;
use isms_core::import::{self, ImportRequest};
use isms_core::risk::register::ScoredRisk;
use pyo3::prelude::*;

use crate::frame;
use crate::record;
use crate::table::{ArrowTable, Spec};
use crate::{contained, engine, to_py_error};

/// An imported register: the import's report, the resulting document (built when first asked
/// for) and its analysis.
#[pyclass(frozen, module = "isms._native")]
pub(crate) struct Register {
    register: import::Register,
    /// The analysis without its per-risk lists, as JSON (risks only).
    analysis: Option<String>,
    /// The scores of the document's risks, in document order, once a table needed them.
    scores: OnceLock<Vec<ScoredRisk>>,
}

/// Reads a register (the request's `rows` or `content`, or `data`, the bytes of a CSV or XLSX
/// file, or `frame`, an object with the Arrow PyCapsule stream interface whose column names are
/// the header) and, for risks, scores and analyses it with `top` highest risks listed (closed
/// risks left out of the counts unless `include_closed`).
///
/// Raises `ArrowUnsupported` (a `TypeError`) when a column of `frame` is of an Arrow type that
/// is not read from a stream (lists, structs, …).
#[pyfunction]
#[pyo3(signature = (request, data=None, top=10, frame=None, include_closed=false))]
pub(crate) fn read_register(
    py: Python<'_>,
    request: &str,
    data: Option<&[u8]>,
    top: usize,
    frame: Option<&Bound<'_, PyAny>>,
    include_closed: bool,
) -> PyResult<Register> {
    let rows = frame.map(frame::rows).transpose()?;
    engine(py, || {
        let mut request: ImportRequest = api::parse(request)?;
        if rows.is_some() {
            request.rows = rows;
        }
        let register = import::read_register(request, data)?;
        let analysis = register
            .analysis(top, include_closed, |summary| api::respond(summary))?
            .transpose()?;
        Ok(Register {
            register,
            analysis,
            scores: OnceLock::new(),
        })
    })
    .map_err(|e: isms_core::Error| to_py_error(py, &e))
}

#[pymethods]
impl Register {
    /// The import's report as JSON: columns read, columns ignored, how ratings were read, row
    /// errors, notes.
    fn summary(&self, py: Python<'_>) -> PyResult<String> {
        contained(|| api::respond(&self.register.report())).map_err(|e| to_py_error(py, &e))
    }

    /// The document holding the imported records, as JSON.
    fn document(&self, py: Python<'_>) -> PyResult<String> {
        engine(py, || api::respond(self.register.document()?)).map_err(|e| to_py_error(py, &e))
    }

    /// The analysis of a risk register as JSON (totals, heat maps, counts, top risks),
    /// or `None` for an asset register.
    fn analysis(&self) -> Option<String> {
        self.analysis.clone()
    }

    /// The scored register, one row per risk, as a table of `schema` (the columns of a record of
    /// the analysis's `risks`, as `isms._schema` derives them), built from the engine's records
    /// without a Python object per row.
    fn table(&self, py: Python<'_>, schema: Vec<Spec>) -> PyResult<ArrowTable> {
        engine(py, || {
            let document = self.register.document()?;
            let scores = match self.scores.get() {
                Some(scores) => scores,
                None => {
                    let checked = checks::score(document).map_err(|e| e.under("/document"))?;
                    // Another thread may have scored it meanwhile: the same scores.
                    self.scores.get_or_init(|| checked.risks)
                }
            };
            Ok(record::table(
                schema,
                &analysis::register_rows(document, scores),
            ))
        })
        .map_err(|e| to_py_error(py, &e))?
    }

    /// Number of records imported.
    fn __len__(&self) -> usize {
        self.register.len()
    }
}
