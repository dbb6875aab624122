//! Risk assessment over a register: scoring each risk under the document's method, inherent and
//! residual ([`register`]), moving a document to another method ([`rerate`]), and the starter
//! catalogue of threats and vulnerabilities ([`threats`]). The method itself (scales, formula,
//! bands, appetite, the shipped presets) is [`crate::method`], re-exported here.

pub mod register;
pub mod rerate;
pub mod threats;

pub use crate::method::{
    Appetite, Band, Combine, DEFAULT_METHOD, Formula, ImpactRating, ImpactScale, Level, MAX_LEVELS,
    Method, MethodRef, PRESET_IDS, PropertyLevels, PropertyScales, Rating, Scale, preset, presets,
};
