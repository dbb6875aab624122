//! `isms._native.Register`: an imported risk or asset register held on the Rust side, so a
//! register of many thousand rows is read, scored and analysed without a round trip through
//! Python objects. The façade (`isms.read_register`) wraps it.

use std::sync::OnceLock;

use isms_core::analysis;
use isms_core::api;
use isms_core::checks;
use isms_core::import::{self, ImportRequest};
use isms_core::risk::register::ScoredRisk;
use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use std::path::{Path, PathBuf};

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
/// A register file at `path` is read here, and its text handed to the engine without a copy.
///
/// Raises `ArrowUnsupported` (a `TypeError`) when a column of `frame` is of an Arrow type that
/// is not read from a stream (lists, structs, …), and `OSError` (`FileNotFoundError`, …) as
/// `open` does when `path` cannot be read.
#[pyfunction]
#[pyo3(signature = (request, data=None, top=10, frame=None, include_closed=false, path=None))]
pub(crate) fn read_register(
    py: Python<'_>,
    request: &str,
    data: Option<&[u8]>,
    top: usize,
    frame: Option<&Bound<'_, PyAny>>,
    include_closed: bool,
    path: Option<PathBuf>,
) -> PyResult<Register> {
    let rows = frame.map(frame::rows).transpose()?;
    let file = match &path {
        Some(path) => Some(
            py.detach(|| std::fs::read(path))
                .map_err(|e| os_error(&e, path))?,
        ),
        None => None,
    };
    engine(py, || {
        let mut request: ImportRequest = api::parse(request)?;
        if rows.is_some() {
            request.rows = rows;
        }
        let register = match file {
            Some(bytes) => import::read_register_owned(request, bytes)?,
            None => import::read_register(request, data)?,
        };
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

/// The `OSError` Python's `open` raises for `error` on `path`: of the subclass its errno names
/// (`FileNotFoundError`, `PermissionError`, `IsADirectoryError`, …), with the file name.
fn os_error(error: &std::io::Error, path: &Path) -> PyErr {
    let message = error.to_string();
    let message = message
        .split(" (os error")
        .next()
        .unwrap_or_default()
        .to_owned();
    match error.raw_os_error() {
        Some(errno) => PyOSError::new_err((errno, message, path.to_string_lossy().into_owned())),
        None => PyOSError::new_err(message),
    }
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
