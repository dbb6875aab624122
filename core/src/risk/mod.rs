//! Risk assessment: the methodology as a document ([`Method`]), the presets that ship with the
//! engine, and rating a likelihood and an impact under a method.

mod method;
mod presets;

pub use method::{
    Appetite, Band, Combine, Formula, ImpactRating, ImpactScale, Level, MAX_LEVELS, Method,
    PropertyLevels, PropertyScales, Rating, Scale,
};
pub use presets::{PRESET_IDS, preset, presets};
