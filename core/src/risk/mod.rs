//! Risk assessment: the methodology as a document ([`Method`]), the presets that ship with the
//! engine, and rating a likelihood and an impact under a method.

pub mod analytics;
mod method;
mod presets;
mod reference;
pub mod register;
pub mod rerate;
pub mod threats;

pub use method::{
    Appetite, Band, Combine, Formula, ImpactRating, ImpactScale, Level, MAX_LEVELS, Method,
    PropertyLevels, PropertyScales, Rating, Scale,
};
pub use presets::{PRESET_IDS, preset, presets};
pub use reference::{DEFAULT_METHOD, MethodRef};
