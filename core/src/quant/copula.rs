//! Correlation between risks: a Gaussian copula applied by reordering each risk's simulated
//! years.
//!
//! A [`Correlation`] names risks and gives their correlation matrix. For each simulated year `t`
//! the copula draws correlated standard normals `z = L e` (`L` the Cholesky factor of the
//! matrix, `e` independent standard normals, one stream per named risk, derived from the seed and
//! the risk's id). Each correlated risk's years are then rearranged so that the ranks of its
//! annual losses (or of its threat event counts, with `on: "events"`) follow the ranks of its
//! `z`: the year with the `r`-th smallest `z` receives the simulated year with the `r`-th
//! smallest loss (count). Ties (years without loss) keep their order of simulation.
//!
//! So each risk keeps exactly the years it would have without correlation, only in another order:
//! its statistics, and its marginal distribution, do not change at all; the portfolio's sums of
//! risks' years carry the dependence. The rank correlation of two risks' years approaches the
//! Gaussian copula's, `6/π · asin(ρ/2)`, lowered by ties where many years lose nothing. The
//! inherent and residual years of a risk move together, so a treated year is still the twin of
//! its untreated year.
//!
//! The normals of a risk depend only on the seed and the ids named before it in the matrix, so a
//! risk's reordered years are the same whichever other risks are simulated with it, in one
//! process, on any number of threads, or split across machines. Drawing them costs
//! `k (k + 1) / 2` normal streams for `k` correlated risks.

use super::sample::{Stream, Tables, mix, risk_key};
use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

/// Most risks in a correlation matrix.
pub const MAX_CORRELATED: usize = 1000;

/// What the copula orders a risk's years by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CopulaOn {
    /// The annual loss (before treatment).
    #[default]
    AnnualLoss,
    /// The number of threat events of the year (the frequency drawn, in the shortcut model).
    Events,
}

/// Correlation between risks: a correlation matrix over risk ids, applied with a Gaussian copula.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Correlation {
    /// The ids of the correlated risks, in the order of the matrix's rows and columns.
    pub risks: Vec<String>,
    /// The correlation matrix: symmetric, ones on the diagonal, entries from −1 to 1, positive
    /// definite.
    pub matrix: Vec<Vec<f64>>,
    /// `annual_loss` (the default) or `events`: what is correlated.
    #[serde(default)]
    pub on: CopulaOn,
}

/// A checked correlation, ready to draw from.
#[derive(Debug, Clone)]
pub(crate) struct Copula {
    ids: Vec<String>,
    /// Row `j` of the Cholesky factor, entries `0..=j`.
    lower: Vec<Vec<f64>>,
    pub(crate) on: CopulaOn,
}

/// Tells the copula's streams apart from the risks' own.
const COPULA: u64 = 0x636f_7075_6c61_0001;

fn invalid(path: String, message: String) -> Error {
    Error::new(ErrorCode::InvalidValue, path, message)
}

impl Copula {
    /// Checks `correlation` (at `/correlation`) and factors its matrix; `known` tells whether an
    /// id is a quantified risk of the document.
    pub(crate) fn new(correlation: &Correlation, known: impl Fn(&str) -> bool) -> Result<Self> {
        let k = correlation.risks.len();
        if k > MAX_CORRELATED {
            return Err(invalid(
                "/correlation/risks".into(),
                format!("{k} risks are correlated; at most {MAX_CORRELATED} are"),
            ));
        }
        for (i, id) in correlation.risks.iter().enumerate() {
            if !known(id) {
                return Err(Error::new(
                    ErrorCode::UnknownReference,
                    format!("/correlation/risks/{i}"),
                    format!("`{id}` is not the id of a quantified risk in this document"),
                ));
            }
            if let Some(first) = correlation.risks.iter().position(|other| other == id)
                && first < i
            {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    format!("/correlation/risks/{i}"),
                    format!("risk `{id}` is already named at /correlation/risks/{first}"),
                ));
            }
        }
        if correlation.matrix.len() != k {
            return Err(invalid(
                "/correlation/matrix".into(),
                format!(
                    "the matrix has {} rows for {k} risks",
                    correlation.matrix.len()
                ),
            ));
        }
        for (i, row) in correlation.matrix.iter().enumerate() {
            if row.len() != k {
                return Err(invalid(
                    format!("/correlation/matrix/{i}"),
                    format!("row {i} has {} entries for {k} risks", row.len()),
                ));
            }
            for (j, &r) in row.iter().enumerate() {
                let path = format!("/correlation/matrix/{i}/{j}");
                let mirror = correlation
                    .matrix
                    .get(j)
                    .and_then(|other| other.get(i))
                    .copied();
                if i == j && r != 1.0 {
                    return Err(invalid(
                        path,
                        format!("a risk's correlation with itself is 1, not `{r}`"),
                    ));
                }
                if !(-1.0..=1.0).contains(&r) {
                    return Err(invalid(
                        path,
                        format!("the correlation `{r}` must be from -1 to 1"),
                    ));
                }
                if mirror != Some(r) {
                    return Err(invalid(
                        path,
                        format!(
                            "the matrix is not symmetric: `{r}` here, `{}` at /correlation/matrix/{j}/{i}",
                            mirror.unwrap_or(f64::NAN)
                        ),
                    ));
                }
            }
        }
        let lower = cholesky(&correlation.matrix).ok_or_else(|| {
            invalid(
                "/correlation/matrix".into(),
                "the matrix is not positive definite: some correlations contradict each other (or two risks are perfectly correlated)".into(),
            )
        })?;
        Ok(Self {
            ids: correlation.risks.clone(),
            lower,
            on: correlation.on,
        })
    }

    /// Whether `id` is correlated.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|other| other == id)
    }

    /// The correlated normals of the `j`-th risk over `years` years.
    fn normals(&self, j: usize, seed: u64, years: usize, tables: &Tables) -> Vec<f64> {
        let mut z = vec![0.0; years];
        let row = self.lower.get(j).map(Vec::as_slice).unwrap_or_default();
        for (id, &weight) in self.ids.iter().zip(row) {
            if weight == 0.0 {
                continue;
            }
            let mut s = Stream::keyed(mix(risk_key(seed, id) ^ COPULA), tables);
            for value in z.iter_mut() {
                *value += weight * s.normal();
            }
        }
        z
    }

    /// Reorders the years of the `j`-th risk (its `inherent` years and their `residual` twins)
    /// so that the ranks of `keys` follow those of the risk's correlated normals.
    pub(crate) fn reorder(
        &self,
        j: usize,
        seed: u64,
        tables: &Tables,
        keys: &[f64],
        inherent: &mut [f64],
        residual: Option<&mut [f64]>,
    ) {
        let n = inherent.len();
        let z = self.normals(j, seed, n, tables);
        let mut by_z: Vec<u32> = (0..n as u32).collect();
        by_z.sort_unstable_by(|&a, &b| {
            let (za, zb) = (z.get(a as usize), z.get(b as usize));
            za.partial_cmp(&zb)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(&b))
        });
        let mut by_key: Vec<u32> = (0..n as u32).collect();
        by_key.sort_by(|&a, &b| {
            let (ka, kb) = (keys.get(a as usize), keys.get(b as usize));
            ka.partial_cmp(&kb).unwrap_or(std::cmp::Ordering::Equal)
        });
        let permute = |years: &mut [f64]| {
            let old = years.to_vec();
            for (&to, &from) in by_z.iter().zip(&by_key) {
                if let (Some(slot), Some(&value)) =
                    (years.get_mut(to as usize), old.get(from as usize))
                {
                    *slot = value;
                }
            }
        };
        permute(inherent);
        if let Some(residual) = residual {
            permute(residual);
        }
    }
}

/// The lower Cholesky factor of a symmetric matrix, row by row; `None` when the matrix is not
/// positive definite.
fn cholesky(matrix: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let mut lower: Vec<Vec<f64>> = Vec::with_capacity(matrix.len());
    for (i, row) in matrix.iter().enumerate() {
        let mut out = vec![0.0; i + 1];
        for j in 0..=i {
            let mut sum = *row.get(j)?;
            let other = if j == i { &out } else { lower.get(j)? };
            for k in 0..j {
                sum -= out.get(k)? * other.get(k)?;
            }
            if j == i {
                if sum <= 1e-12 {
                    return None;
                }
                *out.get_mut(j)? = sum.sqrt();
            } else {
                *out.get_mut(j)? = sum / lower.get(j)?.get(j)?;
            }
        }
        lower.push(out);
    }
    Some(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_factors_and_refuses_what_is_not_positive_definite() {
        let m = vec![vec![1.0, 0.5], vec![0.5, 1.0]];
        let l = cholesky(&m).unwrap();
        assert_eq!(l[0], vec![1.0]);
        assert_eq!(l[1][0], 0.5);
        assert!((l[1][1] - 0.75f64.sqrt()).abs() < 1e-15);
        assert!(cholesky(&[vec![1.0, 1.0], vec![1.0, 1.0]]).is_none());
        let contradictory = vec![
            vec![1.0, 0.9, -0.9],
            vec![0.9, 1.0, 0.9],
            vec![-0.9, 0.9, 1.0],
        ];
        assert!(cholesky(&contradictory).is_none());
    }

    #[test]
    fn normals_have_the_asked_correlation() {
        let t = Tables::new();
        let c = Copula::new(
            &Correlation {
                risks: vec!["a".into(), "b".into()],
                matrix: vec![vec![1.0, 0.6], vec![0.6, 1.0]],
                on: CopulaOn::AnnualLoss,
            },
            |_| true,
        )
        .unwrap();
        let n = 200_000;
        let (a, b) = (c.normals(0, 3, n, &t), c.normals(1, 3, n, &t));
        let r = a.iter().zip(&b).map(|(x, y)| x * y).sum::<f64>() / n as f64;
        assert!((r - 0.6).abs() < 0.01, "correlation {r}");
        let vb = b.iter().map(|x| x * x).sum::<f64>() / n as f64;
        assert!((vb - 1.0).abs() < 0.01, "variance {vb}");
    }
}
