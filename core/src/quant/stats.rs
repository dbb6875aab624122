//! Statistics of simulated annual losses: the expectation, the spread, quantiles, value at risk
//! and expected shortfall, and the loss exceedance curve.
//!
//! Quantiles interpolate linearly between order statistics (Hyndman and Fan's type 7, numpy's
//! default, computed as numpy computes it): the `q` quantile of `n` sorted losses `x₀ … xₙ₋₁` is
//! `xₖ + (h − k)(xₖ₊₁ − xₖ)` with `h = (n − 1)q` and `k = ⌊h⌋`. Value at risk at confidence `c` is the `c` quantile; expected
//! shortfall (CVaR) is the mean of the worst `n − ⌊cn⌋` years. The standard deviation is that of
//! the simulated years (divided by `n`). Every sum runs in ascending order of the losses, so
//! the figures are the same on every target.

use serde::Serialize;

/// Statistics of the annual loss of a risk or of the portfolio, in the document's currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LossStats {
    /// Annualised loss expectancy: the mean annual loss.
    pub ale: f64,
    /// Standard deviation of the annual loss.
    pub std_dev: f64,
    /// The median year.
    pub median: f64,
    /// The 90th percentile: one year in ten loses more.
    pub p90: f64,
    /// The 95th percentile.
    pub p95: f64,
    /// The 99th percentile.
    pub p99: f64,
    /// Value at risk: the quantile at the simulation's confidence level.
    pub var: f64,
    /// Expected shortfall (conditional value at risk): the mean of the years beyond the
    /// confidence level.
    pub cvar: f64,
    /// The worst simulated year.
    pub max: f64,
    /// The share of years with any loss.
    pub loss_probability: f64,
    /// Threat events per year, on average (expected counts in the shortcut model).
    pub events: f64,
    /// Loss events per year, on average (expected counts in the shortcut model).
    pub loss_events: f64,
}

/// Annual losses in ascending order, held as the count of loss-free years and the sorted
/// positive losses (most years of most risks lose nothing, and need no sorting).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sorted<'a> {
    zeros: usize,
    positive: &'a [f64],
}

/// Buffers reused from one sort to the next.
#[derive(Debug, Default)]
pub(crate) struct SortBuffers {
    positive: Vec<f64>,
    scratch: Vec<f64>,
}

/// Sorts the positive losses of `losses` into `buffers` (reused between calls).
pub(crate) fn sort_losses<'a>(losses: &[f64], buffers: &'a mut SortBuffers) -> Sorted<'a> {
    let positive = &mut buffers.positive;
    positive.clear();
    positive.extend(losses.iter().copied().filter(|&v| v > 0.0));
    radix_sort(positive, &mut buffers.scratch);
    Sorted {
        zeros: losses.len() - positive.len(),
        positive,
    }
}

/// Digits of the radix sort: 11 bits, so six passes cover the 64 bits of a float.
const DIGIT: u32 = 11;
const BUCKETS: usize = 1 << DIGIT;
const PASSES: usize = 6;

/// Sorts positive finite floats, whose bit patterns order as the numbers do, by a least
/// significant digit radix sort (several times faster than comparison sorting for the hundreds of
/// thousands of years a simulation sorts). Passes whose digit is the same for every value are
/// skipped. Other values (NaN, infinities, negatives) are sorted by comparison instead.
fn radix_sort(values: &mut Vec<f64>, scratch: &mut Vec<f64>) {
    let n = values.len();
    if n < 256 || u32::try_from(n).is_err() || !values.iter().all(|v| v.is_finite() && *v > 0.0) {
        values.sort_unstable_by(f64::total_cmp);
        return;
    }
    let digit =
        |v: f64, pass: usize| ((v.to_bits() >> (pass as u32 * DIGIT)) as usize) & (BUCKETS - 1);
    let mut counts = vec![[0u32; BUCKETS]; PASSES];
    for &v in values.iter() {
        for (pass, count) in counts.iter_mut().enumerate() {
            if let Some(c) = count.get_mut(digit(v, pass)) {
                *c += 1;
            }
        }
    }
    scratch.clear();
    scratch.resize(n, 0.0);
    for (pass, count) in counts.iter_mut().enumerate() {
        if count.iter().any(|&c| c as usize == n) {
            continue;
        }
        let mut start = 0u32;
        for c in count.iter_mut() {
            let here = *c;
            *c = start;
            start += here;
        }
        for &v in values.iter() {
            if let Some(slot) = count.get_mut(digit(v, pass))
                && let Some(out) = scratch.get_mut(*slot as usize)
            {
                *out = v;
                *slot += 1;
            }
        }
        std::mem::swap(values, scratch);
    }
}

impl Sorted<'_> {
    fn len(&self) -> usize {
        self.zeros + self.positive.len()
    }

    /// The `k`-th smallest loss.
    fn at(&self, k: usize) -> f64 {
        k.checked_sub(self.zeros)
            .and_then(|i| self.positive.get(i))
            .copied()
            .unwrap_or(0.0)
    }

    /// The type-7 quantile.
    fn quantile(&self, q: f64) -> f64 {
        let n = self.len();
        if n == 0 {
            return 0.0;
        }
        let h = (n - 1) as f64 * q;
        let k = h.floor();
        let low = self.at(k as usize);
        let t = h - k;
        if t == 0.0 {
            return low;
        }
        // numpy's lerp, so that `numpy.quantile` of the samples gives the same bits.
        let high = self.at(k as usize + 1);
        let span = high - low;
        if t >= 0.5 {
            high - span * (1.0 - t)
        } else {
            low + span * t
        }
    }

    /// The smallest positive loss, if any.
    pub(crate) fn min_positive(&self) -> Option<f64> {
        self.positive.first().copied()
    }

    /// The largest loss.
    pub(crate) fn max(&self) -> f64 {
        self.positive.last().copied().unwrap_or(0.0)
    }

    /// The share of years losing `x` or more (`x` > 0).
    pub(crate) fn exceedance(&self, x: f64) -> f64 {
        let below = self.positive.partition_point(|&v| v < x);
        (self.positive.len() - below) as f64 / self.len() as f64
    }

    /// The statistics; `events` and `loss_events` are totals over all years.
    pub(crate) fn stats(&self, confidence: f64, events: f64, loss_events: f64) -> LossStats {
        let n = self.len();
        if n == 0 {
            return LossStats::default();
        }
        let years = n as f64;
        let total = sum(self.positive);
        let ale = total / years;
        let squares = self
            .positive
            .iter()
            .fold(self.zeros as f64 * ale * ale, |acc, &v| {
                acc + (v - ale) * (v - ale)
            });
        let first_tail = ((confidence * years).floor() as usize).min(n - 1);
        let tail_sum: f64 = if first_tail >= self.zeros {
            sum(self
                .positive
                .get(first_tail - self.zeros..)
                .unwrap_or_default())
        } else {
            total
        };
        LossStats {
            ale,
            std_dev: (squares / years).sqrt(),
            median: self.quantile(0.5),
            p90: self.quantile(0.9),
            p95: self.quantile(0.95),
            p99: self.quantile(0.99),
            var: self.quantile(confidence),
            cvar: tail_sum / (n - first_tail) as f64,
            max: self.max(),
            loss_probability: self.positive.len() as f64 / years,
            events: events / years,
            loss_events: loss_events / years,
        }
    }
}

/// The sum of values in order, from +0 (`Iterator::sum` of floats starts from −0).
fn sum(values: &[f64]) -> f64 {
    values.iter().fold(0.0, |acc, v| acc + v)
}

/// A loss exceedance curve: for each loss on a logarithmic grid, the probability that a year
/// loses that much or more, before and after treatment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Lec {
    /// The losses, ascending, from the smallest positive simulated loss to the largest.
    pub loss: Vec<f64>,
    /// The share of years losing at least `loss[i]` before treatment (inherent).
    pub inherent: Vec<f64>,
    /// The same after treatment (residual).
    pub residual: Vec<f64>,
}

/// The curve of `inherent` and `residual` on a shared grid of `points` losses.
pub(crate) fn lec(inherent: &Sorted<'_>, residual: &Sorted<'_>, points: usize) -> Lec {
    let low = match (inherent.min_positive(), residual.min_positive()) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return Lec::default(),
    };
    let high = inherent.max().max(residual.max());
    let loss: Vec<f64> = if high <= low || points < 2 {
        vec![low]
    } else {
        let (ln_low, ln_high) = (libm::log(low), libm::log(high));
        let step = (ln_high - ln_low) / (points - 1) as f64;
        (0..points)
            .map(|i| match i {
                0 => low,
                i if i == points - 1 => high,
                i => libm::exp(ln_low + step * i as f64),
            })
            .collect()
    };
    Lec {
        inherent: loss.iter().map(|&x| inherent.exceedance(x)).collect(),
        residual: loss.iter().map(|&x| residual.exceedance(x)).collect(),
        loss,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let losses = [0.0, 5.0, 0.0, 1.0, 3.0];
        let mut buffer = SortBuffers::default();
        let s = sort_losses(&losses, &mut buffer);
        // sorted: 0 0 1 3 5
        assert_eq!(s.quantile(0.5), 1.0);
        assert_eq!(s.quantile(0.9), 4.2);
        assert_eq!(s.quantile(0.0), 0.0);
        assert_eq!(s.quantile(1.0), 5.0);
        assert_eq!(s.quantile(0.3), 0.19999999999999996);
        let stats = s.stats(0.6, 10.0, 3.0);
        assert_eq!(stats.ale, 1.8);
        assert_eq!(stats.max, 5.0);
        assert_eq!(stats.loss_probability, 0.6);
        // worst n − ⌊0.6 n⌋ = 2 years: 3 and 5
        assert_eq!(stats.cvar, 4.0);
        assert_eq!(stats.events, 2.0);
        let var = (2.0 * 1.8 * 1.8 + 0.8 * 0.8 + 1.2 * 1.2 + 3.2 * 3.2) / 5.0;
        assert!((stats.std_dev - f64::sqrt(var)).abs() < 1e-12);
    }

    #[test]
    fn radix_sort_sorts_like_comparison() {
        let z = crate::quant::sample::Tables::new();
        let mut s = crate::quant::sample::Stream::new(9, "sort", &z);
        for n in [0, 3, 255, 256, 1000, 50_000] {
            let values: Vec<f64> = (0..n)
                .map(|i| match i % 5 {
                    0 => 0.0,
                    1 => 1.0,
                    _ => libm::exp(20.0 * s.normal()),
                })
                .collect();
            let mut buffers = SortBuffers::default();
            let sorted = sort_losses(&values, &mut buffers);
            let mut want: Vec<f64> = values.iter().copied().filter(|&v| v > 0.0).collect();
            want.sort_by(f64::total_cmp);
            assert_eq!(sorted.positive, want.as_slice());
            assert_eq!(sorted.zeros, n - want.len());
        }
    }

    #[test]
    fn exceedance_counts_years_at_or_above() {
        let mut a = SortBuffers::default();
        let mut b = SortBuffers::default();
        let inherent = sort_losses(&[0.0, 10.0, 100.0, 1000.0], &mut a);
        let residual = sort_losses(&[0.0, 0.0, 10.0, 100.0], &mut b);
        let curve = lec(&inherent, &residual, 3);
        assert_eq!(
            curve.loss,
            vec![10.0, libm::exp(libm::log(10.0) * 2.0), 1000.0]
        );
        assert_eq!(curve.inherent, vec![0.75, 0.25, 0.25]);
        assert_eq!(curve.residual, vec![0.5, 0.0, 0.0]);
        let mut c = SortBuffers::default();
        let none = sort_losses(&[0.0, 0.0], &mut c);
        assert_eq!(lec(&none, &none, 50), Lec::default());
        assert_eq!(none.stats(0.95, 0.0, 0.0).cvar, 0.0);
    }
}
