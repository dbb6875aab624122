//! One piece of an import's work done on both halves of a large register at once: on a second
//! thread where the target has threads (natively, and so from Python), one half after the other
//! where it has none (WebAssembly) or no thread can be made. The halves are joined in order, so
//! the result is the same either way.
//!
//! Two scoped threads are all an import needs, and they leave nothing behind: no pool is kept
//! between calls (a pool's threads would not survive a `fork` of the Python process that made
//! them), and no thread outlives the call that made it.

/// Below this many bytes or rows, work is not split: a thread costs more than it saves.
pub(crate) const SPLIT_FROM: usize = 20_000;

/// `work` of half 0 and half 1, at once when a second core is free.
pub(crate) fn halves<T: Send>(work: impl Fn(usize) -> T + Sync) -> [T; 2] {
    #[cfg(not(target_arch = "wasm32"))]
    if cores() > 1 {
        return std::thread::scope(|scope| {
            let work = &work;
            let second = std::thread::Builder::new().spawn_scoped(scope, move || work(1));
            let first = work(0);
            let second = match second {
                // A panic on the other thread is this call's, caught where the api catches
                // every other.
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => work(1),
            };
            [first, second]
        });
    }
    [work(0), work(1)]
}

/// `work(half, items)` of the two halves of `items`, at once ([`halves`]), when there are at
/// least [`SPLIT_FROM`] of them; `None` for fewer.
pub(crate) fn split<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(usize, &[T]) -> R + Sync,
) -> Option<[R; 2]> {
    if items.len() < SPLIT_FROM {
        return None;
    }
    let (head, tail) = items.split_at_checked(items.len() / 2)?;
    Some(halves(|half| {
        work(half, if half == 0 { head } else { tail })
    }))
}

/// The cores this process may use, read once.
#[cfg(not(target_arch = "wasm32"))]
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_halves_are_done_in_order() {
        assert_eq!(halves(|half| half * 10), [0, 10]);
    }

    #[test]
    fn a_panic_in_a_half_is_the_callers() {
        let caught = std::panic::catch_unwind(|| {
            halves(|half| {
                assert!(half == 0, "half {half} fails");
                half
            })
        });
        assert!(caught.is_err());
    }
}
