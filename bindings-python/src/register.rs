//! `isms._native.Register`: an imported risk or asset register held on the Rust side, so a
//! register of many thousand rows is read, scored and analysed without a round trip through
//! Python objects. The façade (`isms.read_register`) wraps it.

use isms_core::analysis;
use isms_core::api;
use isms_core::import::{self, ImportRequest};
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
        Ok(Register { register, analysis })
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
        let document = engine(py, || self.register.document()).map_err(|e| to_py_error(py, &e))?;
        engine(py, || {
            let checked = isms_core::checks::score(document).map_err(|e| e.under("/document"))?;
            let analysis = analysis::analyse(&checked, 0, None, false);
            Ok(record::table(schema, &analysis.risks))
        })
        .map_err(|e| to_py_error(py, &e))?
    }

    /// Number of records imported.
    fn __len__(&self) -> usize {
        self.register.len()
    }
}
