//! Runs of row ids, as bulk loads note what they wrote.

use std::collections::BTreeMap;

/// Row ids as runs of consecutive ids (first id to last): an export's ids
/// mostly follow each other, so a load of any size is noted in a few runs.
#[derive(Debug, Default)]
pub(crate) struct IdRanges(BTreeMap<i64, i64>);

impl IdRanges {
    /// Whether `id` was noted.
    pub(crate) fn contains(&self, id: i64) -> bool {
        self.0
            .range(..=id)
            .next_back()
            .is_some_and(|(_, last)| id <= *last)
    }

    /// Notes an id not noted yet.
    pub(crate) fn push(&mut self, id: i64) {
        match self.0.range_mut(..id).next_back() {
            Some((_, last)) if *last + 1 == id => *last = id,
            _ => {
                self.0.insert(id, id);
            }
        }
    }

    /// The runs noted, first and last id of each, in order.
    pub(crate) fn runs(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.0.iter().map(|(first, last)| (*first, *last))
    }
}
