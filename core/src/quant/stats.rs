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
    // Every loss is written and only the positive ones are kept, without a branch: whether a
    // year lost anything is not predictable. (What the buffer held before is written over, not
    // cleared first.)
    if positive.len() < losses.len() {
        positive.resize(losses.len(), 0.0);
    }
    let mut kept = 0;
    for &v in losses {
        if let Some(slot) = positive.get_mut(kept) {
            *slot = v;
        }
        kept += usize::from(v > 0.0);
    }
    positive.truncate(kept);
    sort_positive(positive, &mut buffers.scratch);
    Sorted {
        zeros: losses.len() - positive.len(),
        positive,
    }
}

/// Values per bucket of [`sort_positive`], on average.
const PER_BUCKET: usize = 4;
/// Most buckets of [`sort_positive`] (a quarter of a megabyte of counts).
const MAX_BUCKETS: usize = 1 << 16;
/// Buckets up to this many values are sorted by insertion; larger ones by comparison sorting.
const INSERTION: usize = 32;

/// Sorts positive finite floats, whose bit patterns order as the numbers do, by distributing
/// them over buckets of equal width in bit patterns (about four values a bucket) and sorting
/// each bucket: three passes over the values and a few comparisons each, several times faster
/// than comparison sorting, or a radix sort's many passes, for the hundreds of thousands of
/// years a simulation sorts. Simulated losses spread over buckets of bit patterns much as their
/// logarithms spread, so buckets stay small; a crowded bucket is sorted by comparison. Other
/// values (infinities) are sorted by comparison instead.
fn sort_positive(values: &mut Vec<f64>, scratch: &mut Vec<f64>) {
    let n = values.len();
    let (mut low, mut high) = (u64::MAX, 0u64);
    let mut finite = true;
    for v in values.iter() {
        let bits = v.to_bits();
        low = low.min(bits);
        high = high.max(bits);
        finite &= v.is_finite();
    }
    if n < 256 || u32::try_from(n).is_err() || !finite {
        values.sort_unstable_by(f64::total_cmp);
        return;
    }
    let buckets = (n / PER_BUCKET).next_power_of_two().min(MAX_BUCKETS);
    // The smallest shift that maps the span of bit patterns onto the buckets.
    let span = high - low;
    let shift = (u64::BITS - span.leading_zeros()).saturating_sub(buckets.trailing_zeros());
    let bucket = |v: f64| ((v.to_bits() - low) >> shift) as usize;
    let mut starts = vec![0u32; buckets + 1];
    for &v in values.iter() {
        if let Some(c) = starts.get_mut(bucket(v) + 1) {
            *c += 1;
        }
    }
    let mut total = 0u32;
    for c in starts.iter_mut() {
        total += *c;
        *c = total;
    }
    // Every slot is written below (the buckets' slots are a permutation of 0..n).
    scratch.resize(n, 0.0);
    let mut next = starts.clone();
    for &v in values.iter() {
        if let Some(slot) = next.get_mut(bucket(v))
            && let Some(out) = scratch.get_mut(*slot as usize)
        {
            *out = v;
            *slot += 1;
        }
    }
    for pair in starts.windows(2) {
        if let [from, to] = *pair
            && let Some(part) = scratch.get_mut(from as usize..to as usize)
        {
            if part.len() <= INSERTION {
                insertion_sort(part);
            } else {
                part.sort_unstable_by_key(|v| v.to_bits());
            }
        }
    }
    std::mem::swap(values, scratch);
}

/// Sorts a few positive finite floats by their bit patterns.
#[expect(
    clippy::indexing_slicing,
    reason = "`j` runs from `i` < `part.len()` down to 1"
)]
fn insertion_sort(part: &mut [f64]) {
    for i in 1..part.len() {
        let v = part[i];
        let bits = v.to_bits();
        let mut j = i;
        while j > 0 && part[j - 1].to_bits() > bits {
            part[j] = part[j - 1];
            j -= 1;
        }
        part[j] = v;
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
    fn bucket_sort_sorts_like_comparison() {
        let z = crate::quant::sample::Tables::new();
        let mut s = crate::quant::sample::Stream::new(9, "sort", &z);
        let check = |values: Vec<f64>| {
            let mut buffers = SortBuffers::default();
            let sorted = sort_losses(&values, &mut buffers);
            let mut want: Vec<f64> = values.iter().copied().filter(|&v| v > 0.0).collect();
            want.sort_by(f64::total_cmp);
            assert_eq!(sorted.positive, want.as_slice());
            assert_eq!(sorted.zeros, values.len() - want.len());
        };
        for n in [0, 3, 255, 256, 1000, 50_000, 300_000] {
            // Zeros, ties, and losses over forty orders of magnitude.
            check(
                (0..n)
                    .map(|i| match i % 5 {
                        0 => 0.0,
                        1 => 1.0,
                        _ => libm::exp(20.0 * s.normal()),
                    })
                    .collect(),
            );
            // Crowded buckets: a few distinct values, and one far outlier.
            check((0..n).map(|i| (i % 7) as f64 * 1e4).collect());
            check(
                (0..n)
                    .map(|i| if i == n / 2 { 1e300 } else { 1e3 + s.uniform() })
                    .collect(),
            );
            // The same value everywhere, and an infinity among the values.
            check(vec![2.5; n]);
            check(
                (0..n)
                    .map(|i| {
                        if i == 1 {
                            f64::INFINITY
                        } else {
                            1.0 + s.uniform()
                        }
                    })
                    .collect(),
            );
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
