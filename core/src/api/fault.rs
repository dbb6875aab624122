//! Deliberate panics for the tests of the bindings' boundary, compiled only with the
//! `fault-injection` feature (off by default, never in a shipped build).
//!
//! The engine does not panic by design, so the bindings' recovery from a panic (an `IsmsError` with
//! code `internal`, a fresh WebAssembly instance) could otherwise only be tested against a fake.
//! A build with this feature panics when a request names [`PANIC`] where one of these checks
//! looks: as the op of [`super::call_json`] or `call_import_json`, as the `sheet` of an
//! `import_register` request (run by the npm package's import module) or as a risk id of
//! [`super::simulate`] (the bindings' own `simulate` entries).

/// The name that makes a fault-injecting build panic.
pub const PANIC: &str = "_panic";

/// Panics when `name` is [`PANIC`].
#[expect(
    clippy::panic,
    reason = "the deliberate panic the bindings' tests recover from"
)]
pub fn check(name: &str) {
    if name == PANIC {
        panic!("fault injection: `{PANIC}` panics by design");
    }
}

/// Panics when one of `names` is [`PANIC`].
pub fn check_all<'a>(names: impl IntoIterator<Item = &'a String>) {
    names.into_iter().for_each(|name| check(name));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_panic_name_panics() {
        check("control");
        assert!(std::panic::catch_unwind(|| check(PANIC)).is_err());
        assert!(std::panic::catch_unwind(|| super::super::call_json(PANIC, "{}")).is_err());
    }
}
