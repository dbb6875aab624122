//! `isms._native.simulate`: the `simulate` op with its annual losses kept on the Rust side, so
//! they reach numpy as the bytes of one `bytes` object each (`numpy.frombuffer` reads them without
//! a further copy) instead of as JSON numbers.

use isms_core::api::{self, SimulateRequest};
use isms_core::quant::{RiskYears, Samples};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::{engine, to_py_error};

/// A simulation: the response as JSON (without `samples`) and the kept annual losses.
#[pyclass(frozen, module = "isms._native")]
pub(crate) struct Simulated {
    response: String,
    /// The ids of the simulated risks, in the order of `samples`.
    ids: Vec<String>,
    /// One per simulated risk, then the portfolio; empty unless `keep_samples` was asked for.
    samples: Vec<Samples>,
}

/// One risk's years as they travel between processes: its id, its inherent and residual years
/// as the bytes of float64 values, and its threat and loss event counts.
type Part = (String, Vec<u8>, Vec<u8>, [f64; 3]);

fn to_bytes(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_ne_bytes()).collect()
}

fn from_bytes(bytes: &[u8]) -> Vec<f64> {
    bytes
        .chunks_exact(8)
        .map(|chunk| {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            f64::from_ne_bytes(word)
        })
        .collect()
}

fn simulated(mut simulation: isms_core::quant::Simulation) -> isms_core::Result<Simulated> {
    let ids = simulation.risks.iter().map(|r| r.id.clone()).collect();
    let samples = simulation.take_samples();
    Ok(Simulated {
        response: api::respond(&simulation)?,
        ids,
        samples,
    })
}

/// Puts together the simulation of a JSON request from the parts of its risks, simulated apart.
#[pyfunction]
pub(crate) fn combine(py: Python<'_>, request: &str, parts: Vec<Part>) -> PyResult<Simulated> {
    for (i, (_, inherent, residual, _)) in parts.iter().enumerate() {
        if inherent.len() % 8 != 0 || residual.len() % 8 != 0 {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "part {i} does not hold float64 values"
            )));
        }
    }
    engine(py, || {
        let request: SimulateRequest = api::parse(request)?;
        let parts = parts
            .into_iter()
            .map(|(id, inherent, residual, counts)| RiskYears {
                id,
                samples: Samples {
                    inherent: from_bytes(&inherent),
                    residual: from_bytes(&residual),
                    counts,
                },
            })
            .collect();
        simulated(api::combine(&request, parts)?)
    })
    .map_err(|e: isms_core::Error| to_py_error(py, &e))
}

/// Runs `simulate` on a JSON request.
#[pyfunction]
pub(crate) fn simulate(py: Python<'_>, request: &str) -> PyResult<Simulated> {
    engine(py, || {
        let request: SimulateRequest = api::parse(request)?;
        simulated(api::simulate(&request)?)
    })
    .map_err(|e: isms_core::Error| to_py_error(py, &e))
}

#[pymethods]
impl Simulated {
    /// The response as JSON text, without `samples`.
    fn response(&self) -> &str {
        &self.response
    }

    /// Each simulated risk's years as a part for `combine` (empty unless `keep_samples` was
    /// asked for): plain values that pickle, so they can travel from worker processes.
    fn parts(&self) -> Vec<Part> {
        self.ids
            .iter()
            .zip(&self.samples)
            .map(|(id, kept)| {
                (
                    id.clone(),
                    to_bytes(&kept.inherent),
                    to_bytes(&kept.residual),
                    kept.counts,
                )
            })
            .collect()
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
