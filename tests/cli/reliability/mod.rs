//! The reliability suite: the hostile battery's classes as our own tests.
//!
//! Each area counts the cases it tried, held and failed, prints one line
//! `battery: AREA tried N held N failed N` (so `benches/battery.sh` can
//! tabulate a long run) and then fails the test if any case failed, naming
//! the first few. `TICKET_BATTERY=long` scales every area up to the long
//! battery; the default is the bounded run CI makes.

mod corpus;
mod crash;
mod faults;
mod fuzz;
mod terminal;
mod writers;

use std::fmt::Display;

/// Whether the long battery was asked for (`TICKET_BATTERY=long`).
pub fn long() -> bool {
    std::env::var("TICKET_BATTERY").is_ok_and(|v| v == "long")
}

/// `bounded` cases in CI, `long` in the long battery.
pub fn scale(bounded: usize, long_run: usize) -> usize {
    if long() { long_run } else { bounded }
}

/// A small deterministic random source (SplitMix64), so a failing case can
/// be run again from its seed.
pub struct Rng(u64);

impl Rng {
    /// A source seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The cases of one area: how many were tried, and what failed.
pub struct Tally {
    area: &'static str,
    tried: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Starts counting the cases of `area`.
    pub fn new(area: &'static str) -> Self {
        Tally {
            area,
            tried: 0,
            failures: Vec::new(),
        }
    }

    /// Records one case: held when `ok`, else failed with `why`.
    pub fn check(&mut self, ok: bool, why: impl FnOnce() -> String) {
        self.tried += 1;
        if !ok {
            self.failures.push(why());
        }
    }

    /// Records one case from a result.
    pub fn case<E: Display>(&mut self, name: impl Display, result: Result<(), E>) {
        self.tried += 1;
        if let Err(e) = result {
            self.failures.push(format!("{name}: {e}"));
        }
    }

    /// Prints the area's line and fails if any case failed.
    pub fn finish(self) {
        let failed = self.failures.len();
        println!(
            "battery: {} tried {} held {} failed {}",
            self.area,
            self.tried,
            self.tried - failed,
            failed
        );
        assert!(self.tried > 0, "{}: no case ran", self.area);
        assert!(
            self.failures.is_empty(),
            "{}: {failed} of {} cases failed; first: {:#?}",
            self.area,
            self.tried,
            &self.failures[..failed.min(5)]
        );
    }
}
