//! `isms-core`: an ISO/IEC 27001:2022 Information Security Management System engine.
//!
//! The crate holds the whole domain and does no I/O of its own: values in, values out, the same
//! on every target. Callers use [`api`], the one surface that the WebAssembly and Python bindings
//! wrap; the other modules own one concept each:
//!
//! - [`catalogue`]: the 93 Annex A controls with their ISO/IEC 27002:2022 attributes and the
//!   2013→2022 crosswalk;
//! - [`clauses`]: the requirements of clauses 4.1–10.2 and the documented information they need;
//! - [`method`]: the risk method as data (scales, formula, bands, appetite), the shipped presets,
//!   and rating a likelihood and an impact under a method;
//! - [`model`]: the ISMS document, clause by clause, and its migration;
//! - [`risk`]: scoring a register's risks, moving a document to another method, the starter
//!   threat catalogue;
//! - [`checks`]: the rules of a usable document (errors) and what a valid one still lacks
//!   (findings, each with a [`checks::FindingCode`]);
//! - [`analysis`]: the scored register's heat maps, counts, top risks and treatment plan;
//! - [`soa`]: the Statement of Applicability built from the control records and the register;
//! - [`readiness`]: clause-by-clause readiness, the documented-information checklist, the
//!   readiness score and the prioritised gap list;
//! - [`diff`]: what changed between two versions of a document;
//! - [`audit`]: the internal audit checklist and the findings on the audit programme;
//! - [`review`]: the management review pack, every input of 9.3.2 from live data;
//! - [`quant`]: FAIR-style Monte Carlo simulation of annual loss in money, per risk and for the
//!   portfolio, before and after treatment;
//! - [`export`]: reports as CSV, Markdown, HTML and XLSX, and OSCAL 1.2.1 documents;
//! - `import`: risk and asset registers read from CSV, XLSX and rows (cargo feature `import`, on
//!   by default);
//! - [`error`]: the engine's one error type and its stable codes.
//!
//! Each module uses only the modules listed before it (and [`error`]), so the dependencies run
//! one way, from data up to the api; `core/tests/layering.rs` keeps it so.
//!
//! ```
//! let control = isms_core::api::call_json("control", r#""5.1""#).unwrap();
//! assert!(control.contains(r#""id":"A.5.1""#));
//! ```

pub mod analysis;
pub mod api;
#[cfg(feature = "documents")]
pub mod audit;
pub mod catalogue;
pub mod checks;
pub mod clauses;
mod de;
pub mod diff;
pub mod error;
pub mod export;
#[cfg(feature = "import")]
pub mod import;
pub mod method;
pub mod model;
pub mod quant;
pub mod readiness;
#[cfg(feature = "documents")]
pub mod review;
pub mod risk;
pub mod soa;

pub use error::{Error, ErrorCode, Result};

/// The engine version, as published in the crate, the npm package and the Python package.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
