//! `isms._native.Register`: an imported risk or asset register held on the Rust side, so a
//! register of many thousand rows is read, scored and analysed without a round trip through
//! Python objects. The façade (`isms.read_register`) wraps it.

use isms_core::api;
use isms_core::import::{self, ImportRequest, Imported};
use isms_core::risk::analytics::{self, Column};
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde::Serialize;

use crate::to_py_error;

/// An imported register: the import's report, the resulting document and its analysis.
#[pyclass(frozen, module = "isms._native")]
pub(crate) struct Register {
    imported: Imported,
    /// The analysis without its per-risk lists, as JSON (risks only).
    analysis: Option<String>,
}

/// The import's report without the document.
#[derive(Serialize)]
struct Summary<'a> {
    kind: import::RegisterKind,
    format: import::SourceFormat,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    header_row: usize,
    columns: &'a [import::MappedColumn],
    ignored: &'a [import::IgnoredColumn],
    scales: &'a [import::ScaleReading],
    rows: usize,
    imported: usize,
    updated: usize,
    errors: &'a [import::RowError],
    notes: &'a [String],
}

/// The parts of an analysis that stay small however long the register is.
#[derive(Serialize)]
struct AnalysisSummary<'a, 'd> {
    method: &'a str,
    totals: &'a analytics::Totals,
    heat_map: &'a analytics::HeatMap<'d>,
    by_band: &'a analytics::BandCounts<'d>,
    by_owner: &'a [analytics::Count<'d>],
    by_asset: &'a [analytics::Count<'d>],
    by_treatment: &'a [analytics::Count<'d>],
    by_status: &'a [analytics::Count<'d>],
    top: &'a [analytics::RegisterRow<'d>],
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
    py.detach(|| {
        let request: ImportRequest = api::parse(request)?;
        let imported = match data {
            Some(bytes) => import::read_bytes(request, bytes)?,
            None => import::read_request(request)?,
        };
        let checked =
            isms_core::model::score(&imported.document).map_err(|e| e.under("/document"))?;
        let analysis = match imported.kind {
            import::RegisterKind::Risks => {
                let a = analytics::analyse(&checked, top, None);
                Some(api::respond(&AnalysisSummary {
                    method: a.method,
                    totals: &a.totals,
                    heat_map: &a.heat_map,
                    by_band: &a.by_band,
                    by_owner: &a.by_owner,
                    by_asset: &a.by_asset,
                    by_treatment: &a.by_treatment,
                    by_status: &a.by_status,
                    top: &a.top,
                })?)
            }
            import::RegisterKind::Assets => None,
        };
        drop(checked);
        Ok(Register { imported, analysis })
    })
    .map_err(|e: isms_core::Error| to_py_error(py, &e))
}

#[pymethods]
impl Register {
    /// The import's report as JSON: columns read, columns ignored, how ratings were read, row
    /// errors, notes.
    fn summary(&self, py: Python<'_>) -> PyResult<String> {
        let i = &self.imported;
        api::respond(&Summary {
            kind: i.kind,
            format: i.format,
            sheet: i.sheet.as_deref(),
            header_row: i.header_row,
            columns: &i.columns,
            ignored: &i.ignored,
            scales: &i.scales,
            rows: i.rows,
            imported: i.imported,
            updated: i.updated,
            errors: &i.errors,
            notes: &i.notes,
        })
        .map_err(|e| to_py_error(py, &e))
    }

    /// The document holding the imported records, as JSON.
    fn document(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| api::respond(&self.imported.document))
            .map_err(|e| to_py_error(py, &e))
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
        let checked = isms_core::model::score(&self.imported.document)
            .map_err(|e| to_py_error(py, &e.under("/document")))?;
        let analysis = analytics::analyse(&checked, 0, None);
        let mut names = Vec::new();
        let mut lists = Vec::new();
        for (name, column) in analytics::register_columns(&analysis.risks) {
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
        self.imported.imported
    }
}
