//! Random streams and the samplers of the distributions, built to give the same bits on every
//! target: the generator is integer arithmetic (Xoshiro256++), float arithmetic is plain IEEE
//! operations in a fixed order (no fused multiply-add, no `powi`), `ln` and `lgamma` go through
//! `libm`, the same code natively and on wasm32, and `exp` is [`Tables::exp`], plain arithmetic
//! over a table of `libm::exp2` values (`sqrt` is exact everywhere).
//!
//! - uniform: the top 53 bits of a 64-bit draw, `[0, 1)`; `(0, 1]` where a logarithm follows;
//! - standard normal: the 256-layer ziggurat of Marsaglia and Tsang (2000), tables computed with
//!   `libm` when a simulation starts;
//! - PERT: a scaled beta variate, drawn exactly by rejection from a 256-bin step envelope
//!   ([`BetaTable`]), or for very confident PERTs as a ratio of gamma variates (Marsaglia and
//!   Tsang 2000);
//! - Poisson: inversion by sequential search below a mean of 10 (the first four terms compared
//!   at once), Hörmann's transformed rejection (PTRS, 1993) above.

use crate::model::loss::{DEFAULT_CONFIDENCE, Distribution};

/// 2⁻⁵³: turns the top 53 bits of a draw into a float of `[0, 1)`.
const UNIT: f64 = 1.0 / 9_007_199_254_740_992.0;

/// The float of `[0, 1)` made of the top 53 bits of a draw. (Those bits converted as a signed
/// integer: the same number, and one instruction on x86-64, where an unsigned 64-bit integer
/// takes several.)
#[inline(always)]
fn unit(bits: u64) -> f64 {
    (bits >> 11).cast_signed() as f64 * UNIT
}

/// The 90 % interval of a standard normal spans ±1.6448536269514722 standard deviations.
pub(crate) const Z95: f64 = 1.644_853_626_951_472_2;

/// FNV-1a over the UTF-8 bytes of a text: a hash that is the same on every target.
pub(crate) fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The SplitMix64 output function: a bijective mix of 64 bits.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Tables computed once per simulation (with `libm`, so they are the same on every target): the
/// 256-layer ziggurat for the standard normal density `exp(-x²/2)`, and `2^(j/256)` for [`Tables::exp`].
#[derive(Debug, Clone)]
pub(crate) struct Tables {
    /// `x[i]`: right edge of layer `i` of the normal ziggurat; `x[0]` is the width of the base
    /// layer, `x[256] = 0`.
    x: [f64; 257],
    /// `f[i] = exp(-x[i]²/2)`.
    f: [f64; 257],
    /// `two[j] = 2^(j/256)`.
    two: [f64; 256],
}

/// Start of the tail of the normal ziggurat.
const ZIG_R: f64 = 3.654_152_885_361_009;
/// Area of each layer.
const ZIG_V: f64 = 0.004_928_673_233_99;

/// The 257 edges of a 256-layer ziggurat over a decreasing density with tail start `r` and layer
/// area `v`, and the density at each; `inverse` is the inverse of `density`.
fn ziggurat(
    r: f64,
    v: f64,
    density: impl Fn(f64) -> f64,
    inverse: impl Fn(f64) -> f64,
) -> ([f64; 257], [f64; 257]) {
    let mut x = [0.0; 257];
    let mut f = [0.0; 257];
    let mut previous = r;
    let mut layers = x.iter_mut().zip(f.iter_mut());
    if let Some((x0, f0)) = layers.next() {
        *x0 = v / density(r);
        *f0 = density(*x0);
    }
    if let Some((x1, f1)) = layers.next() {
        *x1 = r;
        *f1 = density(r);
    }
    for (i, (xi, fi)) in layers.enumerate() {
        // Layer i + 1 spans [previous, xi]; the top one ends at zero.
        let y = v / previous + density(previous);
        *xi = if i == 254 || y >= 1.0 {
            0.0
        } else {
            inverse(y)
        };
        *fi = density(*xi);
        previous = *xi;
    }
    (x, f)
}

impl Tables {
    /// Computes the tables.
    pub(crate) fn new() -> Self {
        let (x, f) = ziggurat(
            ZIG_R,
            ZIG_V,
            |x| libm::exp(-0.5 * x * x),
            |y| (-2.0 * libm::log(y)).sqrt(),
        );
        let mut two = [0.0; 256];
        for (j, t) in two.iter_mut().enumerate() {
            *t = libm::exp2(j as f64 / 256.0);
        }
        Self { x, f, two }
    }

    /// `e^x`, to within 2 ulp, the same on every target, and without the division and branches
    /// of `libm::exp` on its common path: `e^x = 2^e · 2^(j/256) · e^r` with `k = 256e + j` the
    /// nearest integer to `256x/ln 2` and `|r| ≤ ln 2/512`, where a degree-4 Taylor polynomial
    /// (evaluated in two halves at once) is exact to 4e-17. Beyond ±700 (overflow, underflow,
    /// NaN) it is `libm::exp`.
    #[inline(always)]
    pub(crate) fn exp(&self, x: f64) -> f64 {
        /// 256 / ln 2.
        const N_OVER_LN2: f64 = 369.3299304675746;
        /// ln 2 / 256 in two parts: `HI` has 32 significant bits, so `k × HI` is exact.
        const LN2_N_HI: f64 = 0.0027076061742263846;
        const LN2_N_LO: f64 = -1.6409824502660487e-13;
        /// 1.5 × 2^52: adding and subtracting it rounds to the nearest integer.
        const SHIFT: f64 = 6_755_399_441_055_744.0;
        if !(x > -700.0 && x < 700.0) {
            return libm::exp(x);
        }
        let k = (x * N_OVER_LN2 + SHIFT) - SHIFT;
        let r = (x - k * LN2_N_HI) - k * LN2_N_LO;
        let k = k as i64;
        let scale = f64::from_bits(((k >> 8) + 1023).cast_unsigned() << 52);
        let two = self.two.get((k & 255) as usize).copied().unwrap_or(1.0);
        let r2 = r * r;
        let p = (1.0 + r) + r2 * ((0.5 + r * (1.0 / 6.0)) + r2 * (1.0 / 24.0));
        two * scale * p
    }
}

/// `1/k` for the terms of Poisson inversion: a multiplication instead of a division per term.
#[expect(
    clippy::indexing_slicing,
    reason = "a constant block: the index runs below the array's length"
)]
const RECIPROCALS: [f64; 64] = {
    let mut table = [0.0; 64];
    let mut k = 1;
    while k < 64 {
        table[k] = 1.0 / k as f64;
        k += 1;
    }
    table
};

/// The Xoshiro256++ generator of Blackman and Vigna (2019), as `rand_xoshiro` implements it (the
/// tests compare the two), kept here so that a stream is set up from four words: each simulated
/// year with loss events starts one, and `rand_xoshiro` takes its state as bytes, which costs
/// calls on wasm32 when optimised for size.
#[derive(Debug, Clone)]
struct Xoshiro256pp {
    s: [u64; 4],
}

impl Xoshiro256pp {
    #[inline(always)]
    fn next_u64(&mut self) -> u64 {
        let [s0, s1, s2, s3] = self.s;
        let result = s0.wrapping_add(s3).rotate_left(23).wrapping_add(s0);
        let t = s1 << 17;
        let s2 = s2 ^ s0;
        let s3 = s3 ^ s1;
        let s1 = s1 ^ s2;
        let s0 = s0 ^ s3;
        let s2 = s2 ^ t;
        let s3 = s3.rotate_left(45);
        self.s = [s0, s1, s2, s3];
        result
    }
}

/// A random stream with the tables at hand.
pub(crate) struct Stream<'z> {
    rng: Xoshiro256pp,
    tables: &'z Tables,
}

/// The key of a risk's streams: its id hashed under the seed.
pub(crate) fn risk_key(seed: u64, id: &str) -> u64 {
    mix(mix(seed) ^ fnv1a(id))
}

impl<'z> Stream<'z> {
    /// The stream of `key` (a risk id) under `seed`: independent of every other key's stream,
    /// and the same whatever else is simulated with it.
    #[cfg(test)]
    pub(crate) fn new(seed: u64, key: &str, tables: &'z Tables) -> Self {
        Self::keyed(risk_key(seed, key), tables)
    }

    /// The main stream of a risk (see [`risk_key`]): Xoshiro256++ seeded with four SplitMix64
    /// outputs from `key`, the state `rand_xoshiro`'s `Xoshiro256PlusPlus::seed_from_u64(key)`
    /// starts from.
    #[inline(always)]
    pub(crate) fn keyed(key: u64, tables: &'z Tables) -> Self {
        const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;
        Self {
            rng: Xoshiro256pp {
                s: [
                    mix(key),
                    mix(key.wrapping_add(GOLDEN)),
                    mix(key.wrapping_add(GOLDEN.wrapping_mul(2))),
                    mix(key.wrapping_add(GOLDEN.wrapping_mul(3))),
                ],
            },
            tables,
        }
    }

    #[inline(always)]
    fn bits(&mut self) -> u64 {
        self.rng.next_u64()
    }

    /// A uniform variate of `[0, 1)`.
    #[inline(always)]
    pub(crate) fn uniform(&mut self) -> f64 {
        unit(self.bits())
    }

    /// A uniform variate of `(0, 1]`, safe to take the logarithm of.
    #[inline(always)]
    fn open(&mut self) -> f64 {
        ((self.bits() >> 11) + 1).cast_signed() as f64 * UNIT
    }

    /// A standard normal variate.
    #[inline(always)]
    #[expect(
        clippy::indexing_slicing,
        reason = "the layer index is masked to 0..=255 and the tables hold 257 entries"
    )]
    pub(crate) fn normal(&mut self) -> f64 {
        let tables = self.tables;
        loop {
            let bits = self.bits();
            let i = (bits & 0xff) as usize;
            let u = unit(bits) * 2.0 - 1.0;
            let x = u * tables.x[i];
            if x.abs() < tables.x[i + 1] {
                return x;
            }
            if i == 0 {
                return self.normal_tail(u);
            }
            let below = tables.f[i + 1];
            if below + (tables.f[i] - below) * self.uniform() < tables.exp(-0.5 * x * x) {
                return x;
            }
        }
    }

    /// The tail beyond `ZIG_R`, on the side of `u`'s sign (Marsaglia 1964).
    #[cold]
    fn normal_tail(&mut self, u: f64) -> f64 {
        loop {
            let x = -libm::log(self.open()) / ZIG_R;
            let y = -libm::log(self.open());
            if y + y >= x * x {
                return if u < 0.0 { -(ZIG_R + x) } else { ZIG_R + x };
            }
        }
    }

    /// A Poisson variate of mean `lambda` (zero for a mean of zero or less).
    #[inline(always)]
    pub(crate) fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 {
            0
        } else if lambda < 10.0 {
            self.poisson_inversion(lambda)
        } else {
            self.poisson_ptrs(lambda)
        }
    }

    #[inline(always)]
    fn poisson_inversion(&mut self, lambda: f64) -> u64 {
        let u = self.uniform();
        let term = |p: f64, k: usize| p * lambda * RECIPROCALS.get(k).copied().unwrap_or(0.0);
        // The first four terms without a branch: small counts are the common case, and which one
        // comes up is not predictable.
        let p0 = self.tables.exp(-lambda);
        let (p1, p2, p3) = {
            let p1 = term(p0, 1);
            let p2 = term(p1, 2);
            (p1, p2, term(p2, 3))
        };
        let f1 = p0 + p1;
        let f2 = f1 + p2;
        let f3 = f2 + p3;
        let below =
            u64::from(u >= p0) + u64::from(u >= f1) + u64::from(u >= f2) + u64::from(u >= f3);
        if below < 4 {
            return below;
        }
        let (mut k, mut p, mut cumulative) = (3u64, p3, f3);
        // The cumulative sum may round below a u very close to 1: stop when terms vanish.
        while u >= cumulative && p > 0.0 {
            k += 1;
            let reciprocal = RECIPROCALS
                .get(k as usize)
                .copied()
                .unwrap_or_else(|| 1.0 / k as f64);
            p = p * lambda * reciprocal;
            cumulative += p;
        }
        k
    }

    #[cold]
    fn poisson_ptrs(&mut self, lambda: f64) -> u64 {
        let slam = lambda.sqrt();
        let loglam = libm::log(lambda);
        let b = 0.931 + 2.53 * slam;
        let a = -0.059 + 0.02483 * b;
        let invalpha = 1.1239 + 1.1328 / (b - 3.4);
        let vr = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform();
            let us = 0.5 - u.abs();
            let k = ((2.0 * a / us + b) * u + lambda + 0.43).floor();
            if us >= 0.07 && v <= vr {
                return k as u64;
            }
            if k < 0.0 || (us < 0.013 && v > us) {
                continue;
            }
            let left = libm::log(v) + libm::log(invalpha) - libm::log(a / (us * us) + b);
            if left <= -lambda + k * loglam - libm::lgamma(k + 1.0) {
                return k as u64;
            }
        }
    }
}

/// A gamma distribution of shape ≥ 1 and scale 1 (Marsaglia and Tsang 2000).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Gamma {
    d: f64,
    c: f64,
}

impl Gamma {
    pub(crate) fn new(shape: f64) -> Self {
        let d = shape - 1.0 / 3.0;
        Self {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
        }
    }

    #[inline(always)]
    pub(crate) fn sample(&self, s: &mut Stream<'_>) -> f64 {
        loop {
            let x = s.normal();
            let t = 1.0 + self.c * x;
            if t <= 0.0 {
                continue;
            }
            let v = t * t * t;
            let u = s.open();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * (x2 * x2) {
                return self.d * v;
            }
            if libm::log(u) < 0.5 * x2 + self.d * (1.0 - v + libm::log(v)) {
                return self.d * v;
            }
        }
    }
}

/// Bins of the step envelope of [`BetaTable`].
const BINS: usize = 256;

/// Above this sum of shapes (a PERT confidence above 48) the beta density is too narrow for the
/// bins of [`BetaTable`] and a beta variate is drawn as a ratio of gamma variates instead.
const MAX_TABLE_SHAPES: f64 = 50.0;

/// An exact sampler of a beta distribution with both shapes ≥ 1, by rejection from a step
/// envelope: the unit interval is cut into 256 bins, each with the density's maximum (`high`) and
/// minimum (`low`) over it (the density is unimodal, so these are at the mode or the bin's edges).
/// A bin is chosen in proportion to its maximum (Walker's alias method), a point uniformly in it,
/// and a height uniformly below the maximum: below the bin's minimum the point is taken at once;
/// between minimum and maximum (about one draw in a hundred) it is taken when under the density
/// itself. Three 64-bit draws make most variates, against two normal and two uniform draws and
/// some arithmetic for a ratio of gamma variates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BetaTable {
    /// `a − 1` and `b − 1`: the exponents of `x` and `1 − x` in the density.
    a1: f64,
    b1: f64,
    /// The logarithm of the density's maximum, which scales it to 1 at the mode.
    top: f64,
    bins: [Bin; BINS],
}

/// One bin of a [`BetaTable`], its fields together so that a draw touches two cache lines.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bin {
    /// The density's maximum and minimum over the bin (scaled to 1 at the mode).
    high: f64,
    low: f64,
    /// Alias method: this bin is kept when a uniform draw is below `keep`, else `alias`.
    keep: f64,
    alias: u32,
}

impl BetaTable {
    fn new(a: f64, b: f64) -> Self {
        let (a1, b1) = (a - 1.0, b - 1.0);
        let mode = a1 / (a1 + b1);
        let mut table = Self {
            a1,
            b1,
            top: 0.0,
            bins: [Bin {
                high: 0.0,
                low: 0.0,
                keep: 1.0,
                alias: 0,
            }; BINS],
        };
        table.top = table.log_density(mode);
        let density = |x: f64| libm::exp(table.log_density(x) - table.top);
        let width = 1.0 / BINS as f64;
        let mut left = density(0.0);
        let mut bins = table.bins;
        for (i, bin) in bins.iter_mut().enumerate() {
            let right = density((i + 1) as f64 * width);
            let (from, to) = (i as f64 * width, (i + 1) as f64 * width);
            let peak = if mode >= from && mode <= to {
                1.0
            } else {
                left.max(right)
            };
            // A margin for rounding: the envelope must stay above the density.
            bin.high = peak * (1.0 + 1e-12) + 1e-300;
            bin.low = left.min(right) * (1.0 - 1e-12);
            left = right;
        }
        table.bins = bins;
        table.alias_from_heights();
        table
    }

    /// Vose's construction of the alias table for bins chosen in proportion to `high`.
    fn alias_from_heights(&mut self) {
        let total = self.bins.iter().fold(0.0, |t, b| t + b.high);
        let mut scaled = [0.0; BINS];
        for (s, b) in scaled.iter_mut().zip(&self.bins) {
            *s = b.high * BINS as f64 / total;
        }
        let mut small: Vec<u32> = Vec::with_capacity(BINS);
        let mut large: Vec<u32> = Vec::with_capacity(BINS);
        for (i, s) in (0u32..).zip(&scaled) {
            if *s < 1.0 {
                small.push(i);
            } else {
                large.push(i);
            }
        }
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            let (si, li) = (s as usize, l as usize);
            let (Some(&ps), Some(&pl)) = (scaled.get(si), scaled.get(li)) else {
                break;
            };
            if let Some(bin) = self.bins.get_mut(si) {
                bin.keep = ps;
                bin.alias = l;
            }
            let rest = (pl + ps) - 1.0;
            if let Some(p) = scaled.get_mut(li) {
                *p = rest;
            }
            if rest < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // What is left holds probability 1 (up to rounding): always kept.
        for i in small.into_iter().chain(large) {
            if let Some(bin) = self.bins.get_mut(i as usize) {
                bin.keep = 1.0;
            }
        }
    }

    /// The logarithm of `x^(a−1) (1−x)^(b−1)`, a factor skipped when its exponent is 0.
    #[inline]
    fn log_density(&self, x: f64) -> f64 {
        let mut log = 0.0;
        if self.a1 > 0.0 {
            log += self.a1 * libm::log(x);
        }
        if self.b1 > 0.0 {
            log += self.b1 * libm::log(1.0 - x);
        }
        log
    }

    /// A beta variate of `[0, 1)`.
    #[inline(always)]
    #[expect(
        clippy::indexing_slicing,
        reason = "bin indices are masked to 0..=255 or come from the alias table of 256 bins"
    )]
    fn sample(&self, s: &mut Stream<'_>) -> f64 {
        loop {
            let bits = s.bits();
            let first = &self.bins[(bits & 0xff) as usize];
            let index = if unit(bits) < first.keep {
                (bits & 0xff) as usize
            } else {
                first.alias as usize
            };
            let bin = &self.bins[index];
            let x = (f64::from(index as u32) + s.uniform()) * (1.0 / BINS as f64);
            let height = s.uniform() * bin.high;
            if height <= bin.low || height <= s.tables.exp(self.log_density(x) - self.top) {
                return x;
            }
        }
    }
}

/// A distribution ready to sample.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sampler {
    /// Always this value.
    Constant(f64),
    /// `low + range × B` with `B` a beta variate drawn from its table.
    Pert {
        low: f64,
        range: f64,
        beta: Box<BetaTable>,
    },
    /// `low + range × X / (X + Y)` with `X ~ Gamma(a)`, `Y ~ Gamma(b)`: a beta variate of large
    /// shapes, scaled.
    PertGamma {
        low: f64,
        range: f64,
        a: Gamma,
        b: Gamma,
    },
    /// `exp(mu + sigma × Z)`.
    LogNormal { mu: f64, sigma: f64 },
}

impl Sampler {
    /// The sampler of a checked distribution.
    pub(crate) fn new(dist: &Distribution) -> Self {
        match dist {
            Distribution::Constant(v) => Sampler::Constant(*v),
            Distribution::Pert(p) => {
                let range = p.high - p.low;
                if range <= 0.0 {
                    return Sampler::Constant(p.low);
                }
                let confidence = p.confidence.unwrap_or(DEFAULT_CONFIDENCE);
                let a = 1.0 + confidence * (p.mode - p.low) / range;
                let b = 1.0 + confidence * (p.high - p.mode) / range;
                if a + b > MAX_TABLE_SHAPES {
                    Sampler::PertGamma {
                        low: p.low,
                        range,
                        a: Gamma::new(a),
                        b: Gamma::new(b),
                    }
                } else {
                    Sampler::Pert {
                        low: p.low,
                        range,
                        beta: Box::new(BetaTable::new(a, b)),
                    }
                }
            }
            Distribution::Lognormal(l) => {
                let (mu, sigma) = match (l.low, l.high, l.mu, l.sigma) {
                    (Some(low), Some(high), _, _) => {
                        let (ln_low, ln_high) = (libm::log(low), libm::log(high));
                        ((ln_low + ln_high) * 0.5, (ln_high - ln_low) / (2.0 * Z95))
                    }
                    (_, _, mu, sigma) => (mu.unwrap_or(0.0), sigma.unwrap_or(0.0)),
                };
                if sigma <= 0.0 {
                    Sampler::Constant(libm::exp(mu))
                } else {
                    Sampler::LogNormal { mu, sigma }
                }
            }
        }
    }

    /// The mean of the distribution (closed form).
    pub(crate) fn mean(&self) -> f64 {
        let beta_mean = |a: f64, b: f64| a / (a + b);
        match self {
            Sampler::Constant(v) => *v,
            Sampler::Pert { low, range, beta } => {
                low + range * beta_mean(beta.a1 + 1.0, beta.b1 + 1.0)
            }
            Sampler::PertGamma { low, range, a, b } => {
                low + range * beta_mean(a.d + 1.0 / 3.0, b.d + 1.0 / 3.0)
            }
            Sampler::LogNormal { mu, sigma } => libm::exp(mu + 0.5 * sigma * sigma),
        }
    }

    /// One variate.
    #[inline(always)]
    pub(crate) fn sample(&self, s: &mut Stream<'_>) -> f64 {
        match self {
            Sampler::Constant(v) => *v,
            Sampler::Pert { low, range, beta } => low + range * beta.sample(s),
            Sampler::PertGamma { low, range, a, b } => {
                let x = a.sample(s);
                let y = b.sample(s);
                low + range * (x / (x + y))
            }
            Sampler::LogNormal { mu, sigma } => {
                let z = s.normal();
                s.tables.exp(mu + sigma * z)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::loss::{Lognormal, Pert};

    const N: usize = 400_000;

    fn moments(mut draw: impl FnMut() -> f64) -> (f64, f64) {
        let values: Vec<f64> = (0..N).map(|_| draw()).collect();
        let mean = values.iter().sum::<f64>() / N as f64;
        let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / N as f64;
        (mean, var)
    }

    fn close(got: f64, want: f64, tolerance: f64, what: &str) {
        assert!(
            (got - want).abs() <= tolerance,
            "{what}: {got} where {want} ± {tolerance} was expected"
        );
    }

    #[test]
    fn table_exp_is_within_two_ulp_of_libm() {
        let t = Tables::new();
        let mut s = Stream::new(8, "exp", &t);
        let mut worst = 0.0f64;
        for i in 0..200_000 {
            let x = match i % 4 {
                0 => 1400.0 * s.uniform() - 700.0,
                1 => 40.0 * s.uniform() - 20.0,
                2 => s.uniform() * 1e-3 - 5e-4,
                _ => -(s.uniform() * 10.0),
            };
            let (got, want) = (t.exp(x), libm::exp(x));
            worst = worst.max(((got - want) / want).abs());
        }
        assert!(worst <= 4.5e-16, "relative error {worst}");
        assert_eq!(t.exp(0.0), 1.0);
        assert_eq!(t.exp(-800.0), 0.0);
        assert_eq!(t.exp(800.0), f64::INFINITY);
        assert!(t.exp(f64::NAN).is_nan());
    }

    #[test]
    fn ziggurat_tables_descend_to_zero() {
        let z = Tables::new();
        assert!(z.x.windows(2).all(|w| w[0] > w[1]), "x descends");
        assert!(z.f.windows(2).all(|w| w[0] < w[1]), "f ascends");
        assert_eq!(z.x[256], 0.0);
        assert_eq!(z.x[1], ZIG_R);
        // The top layer holds the area of every other layer, to a few parts in a million.
        let top = z.x[255] * (1.0 - z.f[255]);
        close(top, ZIG_V, 1e-8, "top layer area");
    }

    #[test]
    fn standard_normal_has_its_moments_and_tails() {
        let z = Tables::new();
        let mut s = Stream::new(7, "normal", &z);
        let values: Vec<f64> = (0..N).map(|_| s.normal()).collect();
        let mean = values.iter().sum::<f64>() / N as f64;
        let var = values.iter().map(|v| v * v).sum::<f64>() / N as f64;
        let kurt = values.iter().map(|v| v * v * v * v).sum::<f64>() / N as f64;
        close(mean, 0.0, 0.006, "mean");
        close(var, 1.0, 0.008, "variance");
        close(kurt, 3.0, 0.05, "fourth moment");
        let beyond = |t: f64| values.iter().filter(|v| v.abs() > t).count() as f64 / N as f64;
        close(beyond(1.0), 0.317_310_5, 0.003, "P(|Z| > 1)");
        close(beyond(1.959_964), 0.05, 0.0015, "P(|Z| > 1.96)");
        close(beyond(ZIG_R), 0.000_258, 0.00008, "P(|Z| > R): the tail");
    }

    #[test]
    fn gamma_has_mean_and_variance_of_its_shape() {
        let z = Tables::new();
        let mut s = Stream::new(1, "gamma", &z);
        for shape in [1.0, 1.5, 3.0, 9.0] {
            let g = Gamma::new(shape);
            let (mean, var) = moments(|| g.sample(&mut s));
            close(mean, shape, 0.01 * shape, "mean");
            close(var, shape, 0.03 * shape, "variance");
        }
    }

    #[test]
    fn pert_has_the_pert_mean_and_variance() {
        let z = Tables::new();
        let mut s = Stream::new(2, "pert", &z);
        for (low, mode, high, confidence) in [
            (10.0, 20.0, 60.0, 4.0),
            (0.0, 0.0, 1.0, 4.0),
            (1.0, 5.0, 5.0, 2.0),
        ] {
            let dist = Distribution::Pert(Pert {
                low,
                mode,
                high,
                confidence: Some(confidence),
            });
            let sampler = Sampler::new(&dist);
            let mean = (low + confidence * mode + high) / (confidence + 2.0);
            let var = (mean - low) * (high - mean) / (confidence + 3.0);
            close(sampler.mean(), mean, 1e-12, "closed-form mean");
            let (m, v) = moments(|| sampler.sample(&mut s));
            close(m, mean, 0.005 * (high - low), "mean");
            close(v, var, 0.02 * var, "variance");
            let mut s2 = Stream::new(3, "range", &z);
            assert!((0..10_000).all(|_| {
                let x = sampler.sample(&mut s2);
                (low..=high).contains(&x)
            }));
        }
    }

    #[test]
    fn beta_table_and_gamma_ratio_draw_the_same_distribution() {
        let z = Tables::new();
        let mut s = Stream::new(6, "beta", &z);
        for (a, b) in [
            (1.0, 5.0),
            (2.2, 2.8),
            (4.9, 1.1),
            (3.0, 3.0),
            (1.0, 1.5),
            (20.0, 29.0),
        ] {
            let table = BetaTable::new(a, b);
            let (ga, gb) = (Gamma::new(a), Gamma::new(b));
            let mut by_table: Vec<f64> = (0..N).map(|_| table.sample(&mut s)).collect();
            let mut by_gammas: Vec<f64> = (0..N)
                .map(|_| {
                    let (x, y) = (ga.sample(&mut s), gb.sample(&mut s));
                    x / (x + y)
                })
                .collect();
            by_table.sort_by(f64::total_cmp);
            by_gammas.sort_by(f64::total_cmp);
            // Two-sample Kolmogorov–Smirnov at the 0.1 % level: D < 1.95 √(2/N).
            let mut d = 0.0f64;
            let (mut i, mut j) = (0, 0);
            while i < N && j < N {
                if by_table[i] <= by_gammas[j] {
                    i += 1;
                } else {
                    j += 1;
                }
                d = d.max((i as f64 - j as f64).abs() / N as f64);
            }
            assert!(
                d < 1.95 * (2.0 / N as f64).sqrt(),
                "Beta({a}, {b}): D = {d}"
            );
            let mean = by_table.iter().sum::<f64>() / N as f64;
            close(mean, a / (a + b), 0.002, "mean");
            assert!(by_table[0] >= 0.0 && by_table[N - 1] < 1.0);
        }
    }

    #[test]
    fn a_very_confident_pert_draws_from_gammas() {
        let z = Tables::new();
        let mut s = Stream::new(2, "confident", &z);
        let dist = Distribution::Pert(Pert {
            low: 0.0,
            mode: 30.0,
            high: 100.0,
            confidence: Some(200.0),
        });
        let sampler = Sampler::new(&dist);
        assert!(matches!(sampler, Sampler::PertGamma { .. }));
        let (mean, _) = moments(|| sampler.sample(&mut s));
        close(mean, (200.0 * 30.0 + 100.0) / 202.0, 0.05, "mean");
    }

    #[test]
    fn lognormal_from_a_90_percent_interval_has_those_percentiles() {
        let z = Tables::new();
        let mut s = Stream::new(4, "lognormal", &z);
        let sampler = Sampler::new(&Distribution::Lognormal(Lognormal {
            low: Some(1_000.0),
            high: Some(100_000.0),
            ..Lognormal::default()
        }));
        let mut values: Vec<f64> = (0..N).map(|_| sampler.sample(&mut s)).collect();
        values.sort_by(f64::total_cmp);
        let at = |q: f64| values[(q * N as f64) as usize];
        close(at(0.05) / 1_000.0, 1.0, 0.02, "5th percentile");
        close(at(0.95) / 100_000.0, 1.0, 0.02, "95th percentile");
        close(at(0.5) / 10_000.0, 1.0, 0.01, "median");
        let mean = values.iter().sum::<f64>() / N as f64;
        close(mean / sampler.mean(), 1.0, 0.02, "mean");
    }

    #[test]
    fn poisson_has_mean_and_variance_lambda_on_both_methods() {
        let z = Tables::new();
        let mut s = Stream::new(5, "poisson", &z);
        for lambda in [0.05, 0.7, 3.0, 5.5, 9.9, 10.0, 42.0, 1_000.0] {
            let (mean, var) = moments(|| s.poisson(lambda) as f64);
            close(mean, lambda, 0.01 * lambda + 0.002, "mean");
            close(var, lambda, 0.03 * lambda + 0.002, "variance");
        }
        assert_eq!(s.poisson(0.0), 0);
        assert_eq!(s.poisson(-1.0), 0);
    }

    #[test]
    fn poisson_inversion_is_the_plain_sequential_search() {
        let z = Tables::new();
        for lambda in [0.01, 0.5, 1.7, 3.3, 6.0, 9.99] {
            let (mut fast, mut plain) = (Stream::new(3, "a", &z), Stream::new(3, "a", &z));
            for _ in 0..20_000 {
                let u = plain.uniform();
                let (mut p, mut k) = (z.exp(-lambda), 0u64);
                let mut cumulative = p;
                while u >= cumulative && p > 0.0 {
                    k += 1;
                    p = p
                        * lambda
                        * RECIPROCALS
                            .get(k as usize)
                            .copied()
                            .unwrap_or(1.0 / k as f64);
                    cumulative += p;
                }
                assert_eq!(fast.poisson_inversion(lambda), k, "λ = {lambda}, u = {u}");
            }
        }
    }

    #[test]
    fn streams_are_fixed_by_seed_and_key() {
        let z = Tables::new();
        let draw = |seed, key| {
            let mut s = Stream::new(seed, key, &z);
            (s.bits(), s.bits())
        };
        assert_eq!(draw(1, "R1"), draw(1, "R1"));
        assert_ne!(draw(1, "R1"), draw(1, "R2"));
        assert_ne!(draw(1, "R1"), draw(2, "R1"));
        // Pinned: a change of generator or seeding shows here before it shows in the cases.
        assert_eq!(fnv1a("R1"), 0x0949_0307_b5d7_dfcc);
        assert_eq!(mix(0), 0xe220_a839_7b1d_cdaf);
        use rand_xoshiro::Xoshiro256PlusPlus;
        use rand_xoshiro::rand_core::{Rng, SeedableRng};
        for key in [0, 42, u64::MAX, fnv1a("R1")] {
            let mut ours = Stream::keyed(key, &z);
            let mut library = Xoshiro256PlusPlus::seed_from_u64(key);
            assert!((0..1000).all(|_| ours.bits() == library.next_u64()));
        }
        // The reference vectors of xoshiro256plusplus.c for the state [1, 2, 3, 4].
        let mut reference = Xoshiro256pp { s: [1, 2, 3, 4] };
        let first: Vec<u64> = (0..4).map(|_| reference.next_u64()).collect();
        assert_eq!(
            first,
            [41943041, 58720359, 3588806011781223, 3591011842654386]
        );
    }
}
