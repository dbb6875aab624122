//! `isms._native.simulate`: the `simulate` op with its annual losses kept on the Rust side, so
//! they reach numpy as the bytes of one `bytes` object each (`numpy.frombuffer` reads them without
//! a further copy) instead of as JSON numbers.

use isms_core::api::{self, SimulateRequest};
use isms_core::quant::Samples;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::{engine, to_py_error};

/// A simulation: the response as JSON (without `samples`) and the kept annual losses.
#[pyclass(frozen, module = "isms._native")]
pub(crate) struct Simulated {
    response: String,
    /// One per simulated risk, then the portfolio; empty unless `keep_samples` was asked for.
    samples: Vec<Samples>,
}

/// Runs `simulate` on a JSON request.
#[pyfunction]
pub(crate) fn simulate(py: Python<'_>, request: &str) -> PyResult<Simulated> {
    engine(py, || {
        let request: SimulateRequest = api::parse(request)?;
        let mut simulation = api::simulate(&request)?;
        let samples = simulation.take_samples();
        Ok(Simulated {
            response: api::respond(&simulation)?,
            samples,
        })
    })
    .map_err(|e: isms_core::Error| to_py_error(py, &e))
}

#[pymethods]
impl Simulated {
    /// The response as JSON text, without `samples`.
    fn response(&self) -> &str {
        &self.response
    }

    /// The annual losses of risk `index` (in the order of the response's `risks`; the portfolio
    /// when `None`), before (`residual=False`) or after treatment, as the native-endian bytes of
    /// float64 values; `None` when the simulation did not keep them.
    #[pyo3(signature = (index=None, residual=true))]
    fn samples<'py>(
        &self,
        py: Python<'py>,
        index: Option<usize>,
        residual: bool,
    ) -> PyResult<Option<Bound<'py, PyBytes>>> {
        if self.samples.is_empty() {
            return Ok(None);
        }
        let at = match index {
            Some(i) if i + 1 < self.samples.len() => i,
            Some(i) => {
                return Err(pyo3::exceptions::PyIndexError::new_err(format!(
                    "risk index {i} is out of range"
                )));
            }
            None => self.samples.len().saturating_sub(1),
        };
        let Some(kept) = self.samples.get(at) else {
            return Ok(None);
        };
        let values = if residual {
            &kept.residual
        } else {
            &kept.inherent
        };
        PyBytes::new_with(py, values.len() * 8, |bytes| {
            for (chunk, value) in bytes.chunks_exact_mut(8).zip(values) {
                chunk.copy_from_slice(&value.to_ne_bytes());
            }
            Ok(())
        })
        .map(Some)
    }
}
