//! `isms._native.Register`: an imported risk or asset register held on the Rust side, so a
//! register of many thousand rows is read, scored and analysed without a round trip through
//! Python objects. The façade (`isms.read_register`) wraps it.

use isms_core::analysis::{self, Column};
use isms_core::api;
use isms_core::import::{self, ImportRequest};
use pyo3::prelude::*;
use pyo3::types::PyList;

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
/// file) and, for risks, scores and analyses it with `top` highest risks listed.
#[pyfunction]
#[pyo3(signature = (request, data=None, top=10))]
pub(crate) fn read_register(
    py: Python<'_>,
    request: &str,
    data: Option<&[u8]>,
    top: usize,
) -> PyResult<Register> {
    engine(py, || {
        let request: ImportRequest = api::parse(request)?;
        let register = import::read_register(request, data)?;
        let analysis = register
            .analysis(top, |summary| api::respond(summary))?
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

    /// The scored register as `(names, columns)`: one Python list per column, one row per risk.
    fn columns<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Vec<&'static str>, Vec<Bound<'py, PyList>>)> {
        let document = engine(py, || self.register.document()).map_err(|e| to_py_error(py, &e))?;
        let checked =
            contained(|| isms_core::checks::score(document).map_err(|e| e.under("/document")))
                .map_err(|e| to_py_error(py, &e))?;
        let analysis = contained(|| Ok(analysis::analyse(&checked, 0, None, false)))
            .map_err(|e| to_py_error(py, &e))?;
        let mut names = Vec::new();
        let mut lists = Vec::new();
        let columns = contained(|| Ok(analysis::register_columns(&analysis.risks)))
            .map_err(|e| to_py_error(py, &e))?;
        for (name, column) in columns {
            names.push(name);
            lists.push(match column {
                Column::Text(v) => PyList::new(py, v)?,
                Column::Integer(v) => PyList::new(py, v)?,
                Column::Number(v) => PyList::new(py, v)?,
                Column::Flag(v) => PyList::new(py, v)?,
                Column::List(v) => PyList::new(py, v)?,
            });
        }
        Ok((names, lists))
    }

    /// Number of records imported.
    fn __len__(&self) -> usize {
        self.register.len()
    }
}
