//! The threads a simulation runs on.
//!
//! With the `parallel` feature and more than one thread asked for, a rayon pool made for the
//! simulation and gone after it, never rayon's global pool: a global pool's threads do not
//! survive a `fork` of the process that made them (a Python process handing work to
//! `multiprocessing` workers), and a simulation in the forked child would wait for them for ever.
//! Otherwise (one thread, no thread to be had, or WebAssembly) the calling thread, with the same
//! results: nothing here decides a number, only where it is computed.

use crate::error::Result;

/// Where the work of a simulation runs.
pub(crate) struct Threads {
    #[cfg(feature = "parallel")]
    pool: Option<rayon::ThreadPool>,
}

impl Threads {
    /// `threads` threads, or every core when `None`.
    pub(crate) fn new(threads: Option<u32>) -> Self {
        #[cfg(feature = "parallel")]
        {
            let threads = threads.map_or_else(
                || std::thread::available_parallelism().map_or(1, usize::from),
                |t| t as usize,
            );
            let pool = if threads > 1 {
                // No threads to be had: the same results, on this thread.
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .ok()
            } else {
                None
            };
            Self { pool }
        }
        #[cfg(not(feature = "parallel"))]
        {
            let _ = threads;
            Self {}
        }
    }

    /// The threads work is spread over.
    pub(crate) fn count(&self) -> usize {
        #[cfg(feature = "parallel")]
        if let Some(pool) = &self.pool {
            return pool.current_num_threads();
        }
        1
    }

    /// `a()` and `b()`, computed at the same time when there are threads.
    pub(crate) fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        #[cfg(feature = "parallel")]
        if let Some(pool) = &self.pool {
            return pool.join(a, b);
        }
        (a(), b())
    }

    /// `f` of each item, in the items' order.
    pub(crate) fn map<I: Sync, T: Send>(
        &self,
        items: &[I],
        f: impl Fn(&I) -> T + Sync + Send,
    ) -> Vec<T> {
        #[cfg(feature = "parallel")]
        if let Some(pool) = &self.pool {
            use rayon::prelude::*;
            return pool.install(|| items.par_iter().map(f).collect());
        }
        items.iter().map(f).collect()
    }

    /// `run` of each item, handed to `take` in the items' order, until `take` fails.
    ///
    /// With threads, the items run on the pool, at most `ahead` of them beyond the last one
    /// handed over (so only that many results are held at once), while the calling thread hands
    /// the results over as they come in order: no thread waits for the slowest item of a batch,
    /// and `take` runs beside the work rather than between its parts.
    pub(crate) fn in_order<I: Sync, T: Send>(
        &self,
        items: &[I],
        ahead: usize,
        run: impl Fn(&I) -> T + Sync,
        mut take: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        #[cfg(feature = "parallel")]
        if let Some(pool) = &self.pool
            && items.len() > 1
        {
            return ordered(pool, items, ahead.max(1), &run, &mut take);
        }
        let _ = ahead;
        items.iter().try_for_each(|item| take(run(item)))
    }
}

/// [`Threads::in_order`] on a pool.
#[cfg(feature = "parallel")]
fn ordered<I: Sync, T: Send>(
    pool: &rayon::ThreadPool,
    items: &[I],
    ahead: usize,
    run: &(impl Fn(&I) -> T + Sync),
    take: &mut impl FnMut(T) -> Result<()>,
) -> Result<()> {
    use crate::error::{Error, ErrorCode};
    use std::collections::BTreeMap;
    use std::sync::mpsc;

    /// Sends an item's result, or, when dropped without one (its thread unwinding), its
    /// absence: the calling thread never waits for a result that will not come.
    struct Reply<T> {
        index: usize,
        sender: mpsc::Sender<(usize, Option<T>)>,
        result: Option<T>,
    }
    impl<T> Drop for Reply<T> {
        fn drop(&mut self) {
            let _ = self.sender.send((self.index, self.result.take()));
        }
    }

    let (sender, receiver) = mpsc::channel::<(usize, Option<T>)>();
    pool.in_place_scope_fifo(|scope| {
        let spawn = |index: usize| {
            if let Some(item) = items.get(index) {
                let reply = Reply {
                    index,
                    sender: sender.clone(),
                    result: None,
                };
                scope.spawn_fifo(move |_| {
                    // The whole reply moves to the thread, and sends the result when dropped.
                    let mut reply = reply;
                    reply.result = Some(run(item));
                });
            }
        };
        let mut spawned = ahead.min(items.len());
        (0..spawned).for_each(spawn);
        let mut done: BTreeMap<usize, T> = BTreeMap::new();
        for next in 0..items.len() {
            let result = loop {
                if let Some(result) = done.remove(&next) {
                    break result;
                }
                match receiver.recv() {
                    Ok((index, Some(result))) => {
                        done.insert(index, result);
                    }
                    Ok((_, None)) | Err(_) => {
                        return Err(Error::new(
                            ErrorCode::Internal,
                            "",
                            "a thread of the simulation stopped",
                        ));
                    }
                }
            };
            if spawned < items.len() {
                spawn(spawned);
                spawned += 1;
            }
            take(result)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, ErrorCode};

    /// Work of uneven length, so that later items often finish before earlier ones.
    fn busy(i: &u64) -> u64 {
        let rounds = (i * 7919) % 13 * 20_000;
        (0..rounds).fold(*i, |acc, r| {
            acc.wrapping_mul(6364136223846793005).wrapping_add(r)
        })
    }

    #[test]
    fn results_are_handed_over_in_order_and_stop_at_the_first_failure() {
        let items: Vec<u64> = (0..60).collect();
        let expected: Vec<u64> = items.iter().map(busy).collect();
        for threads in [1, 2, 3, 4] {
            let pool = Threads::new(Some(threads));
            for ahead in [1, 2, 8, 100] {
                let mut taken = Vec::new();
                pool.in_order(&items, ahead, busy, |v| {
                    taken.push(v);
                    Ok(())
                })
                .unwrap();
                assert_eq!(taken, expected, "{threads} threads, {ahead} ahead");
                let mut taken = Vec::new();
                let failed = pool.in_order(&items, ahead, busy, |v| {
                    if taken.len() == 17 {
                        return Err(Error::new(ErrorCode::InvalidValue, "/17", "stop"));
                    }
                    taken.push(v);
                    Ok(())
                });
                assert_eq!(failed.unwrap_err().path, "/17");
                assert_eq!(taken, expected[..17]);
            }
            assert_eq!(pool.map(&items, busy), expected);
            assert_eq!(pool.join(|| busy(&5), || busy(&6)), (busy(&5), busy(&6)));
        }
    }
}
