//! Times given by users, as two distinct argument types so that `3d` is
//! never ambiguous:
//!
//! - [`PointInTime`] is a moment: `2026-01-31T09:00:00Z` (RFC 3339, any
//!   offset), `2026-01-31` (that day, UTC), `today`, `yesterday`, `now`, or
//!   an age such as `7d` / `7d ago`, meaning that long before now.
//! - [`Span`] is a length of time, such as `--idle 4d`: `90m`, `36h`, `7d`,
//!   `2w`, `1d12h`, `30s`. A point in time is refused.
//!
//! Lengths are read by the `humantime` crate, which also accepts spelled-out
//! units (`2 weeks`, `1 day 12 hours`) and fractions (`1.5d`). Months and
//! years are refused because their length varies. Spans are whole seconds.
//!
//! Nothing here reads the clock: relative forms are resolved against a `now`
//! the caller passes in.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::error::Error;
use crate::error::quote;
use crate::model::Timestamp;

const SPAN_EXAMPLES: &str = "e.g. 90m, 36h, 7d, 2w or 1d12h";
const TIME_FORMS: &str = "RFC 3339, YYYY-MM-DD, today, yesterday, now, or an age like 7d";

/// A length of time, in whole seconds, longer than zero.
///
/// Its text form is compact days, hours, minutes and seconds (`4d`,
/// `1d12h`), which parses back to the same span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    secs: u64,
}

impl Span {
    /// The longest span: the most seconds a [`TimeDelta`] holds.
    const MAX_SECS: u64 = (i64::MAX / 1000) as u64;

    /// A span of `secs` seconds, or `None` for zero or an unrepresentably
    /// long span.
    pub fn from_secs(secs: u64) -> Option<Self> {
        (secs > 0 && secs <= Self::MAX_SECS).then_some(Span { secs })
    }

    /// Parses a length of time given for `field` (named in the error).
    pub fn from_arg(field: &str, s: &str) -> Result<Self, Error> {
        let t = s.trim();
        match span_secs(t) {
            Ok(secs) => Ok(Span { secs }),
            Err(SpanProblem::Reason(reason)) => Err(Error::invalid(field, reason)),
            Err(SpanProblem::NotASpan) => {
                let reason = if t.is_empty() {
                    format!("no length of time given ({SPAN_EXAMPLES})")
                } else if t.starts_with('-') {
                    format!(
                        "{t_q} is negative; give a length of time ({SPAN_EXAMPLES})",
                        t_q = quote(t)
                    )
                } else if looks_like_point(t) {
                    format!(
                        "{t_q} is a point in time, not a length of time ({SPAN_EXAMPLES})",
                        t_q = quote(t)
                    )
                } else if t.parse::<u64>().is_ok() {
                    format!(
                        "{t_q} needs a unit (s, m, h, d or w), e.g. {t}d",
                        t_q = quote(t)
                    )
                } else {
                    format!(
                        "{t_q} is not a length of time ({SPAN_EXAMPLES})",
                        t_q = quote(t)
                    )
                };
                Err(Error::invalid(field, reason))
            }
        }
    }

    /// The span in seconds.
    pub fn as_secs(self) -> u64 {
        self.secs
    }

    /// The span as a chrono duration.
    pub fn to_delta(self) -> TimeDelta {
        // `from_secs` and parsing keep `secs` within range.
        TimeDelta::try_seconds(self.secs as i64).unwrap_or(TimeDelta::MAX)
    }

    /// The span as a standard library duration.
    pub fn to_std(self) -> std::time::Duration {
        std::time::Duration::from_secs(self.secs)
    }

    /// The time this long before `now`, or the earliest representable time
    /// if that is out of range.
    pub fn before(self, now: Timestamp) -> Timestamp {
        let t = now
            .datetime()
            .checked_sub_signed(self.to_delta())
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        Timestamp::from_datetime(t)
    }
}

impl FromStr for Span {
    type Err = Error;
    /// Parses a length of time; errors name the field `duration`.
    fn from_str(s: &str) -> Result<Self, Error> {
        Span::from_arg("duration", s)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.secs;
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
            if rest >= size {
                write!(f, "{}{unit}", rest / size)?;
                rest %= size;
            }
        }
        Ok(())
    }
}

/// Why a text is not a span.
enum SpanProblem {
    /// It does not look like a length of time at all.
    NotASpan,
    /// It looks like one but is refused; the reason names the text.
    Reason(String),
}

/// Seconds in a length of time such as `1d12h`.
fn span_secs(t: &str) -> Result<u64, SpanProblem> {
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(SpanProblem::NotASpan);
    }
    let d = humantime::parse_duration(t).map_err(|e| match e {
        // Also raised for fractions finer than a nanosecond.
        humantime::DurationError::NumberOverflow if t.contains('.') => SpanProblem::Reason(
            format!("{t_q} is not a whole number of seconds", t_q = quote(t)),
        ),
        humantime::DurationError::NumberOverflow => {
            SpanProblem::Reason(format!("{t_q} is too long", t_q = quote(t)))
        }
        _ => SpanProblem::NotASpan,
    })?;
    let mut words = t.split(|c: char| !c.is_alphabetic());
    if words.any(|w| {
        matches!(
            w,
            "M" | "month" | "months" | "y" | "yr" | "yrs" | "year" | "years"
        )
    }) {
        return Err(SpanProblem::Reason(format!(
            "{t_q}: months and years vary in length; use days or weeks (e.g. 30d, 52w)",
            t_q = quote(t)
        )));
    }
    if d.subsec_nanos() != 0 {
        return Err(SpanProblem::Reason(format!(
            "{t_q} is not a whole number of seconds",
            t_q = quote(t)
        )));
    }
    match d.as_secs() {
        0 => Err(SpanProblem::Reason(format!(
            "{t_q} is zero; a length of time must be longer than that",
            t_q = quote(t)
        ))),
        s if s > Span::MAX_SECS => Err(SpanProblem::Reason(format!(
            "{t_q} is too long",
            t_q = quote(t)
        ))),
        s => Ok(s),
    }
}

/// Whether `t` reads as a point in time other than an age.
fn looks_like_point(t: &str) -> bool {
    strip_ago(t).is_some() || absolute(t).is_some()
}

/// The length part of `7d ago`.
fn strip_ago(t: &str) -> Option<&str> {
    let n = t.len().checked_sub(3)?;
    let (head, tail) = (t.get(..n)?, t.get(n..)?);
    let head = head.trim_end();
    (tail.eq_ignore_ascii_case("ago") && !head.is_empty()).then_some(head)
}

/// A point in time that needs no `now` to be read: a keyword or a date.
fn absolute(t: &str) -> Option<PointInTime> {
    let lower = t.to_ascii_lowercase();
    match lower.as_str() {
        "now" => return Some(PointInTime::Now),
        "today" => return Some(PointInTime::Today),
        "yesterday" => return Some(PointInTime::Yesterday),
        _ => {}
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Some(PointInTime::At(Timestamp::from_datetime(
            at.with_timezone(&Utc),
        )));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .map(PointInTime::Day)
}

/// A point in time given by a user, not yet resolved against the clock.
///
/// Day forms (`YYYY-MM-DD`, `today`, `yesterday`) stand for the whole UTC
/// day: [`start`](Self::start) is its midnight and [`end`](Self::end) the
/// next midnight. The other forms are single instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointInTime {
    /// An exact instant, from RFC 3339.
    At(Timestamp),
    /// A calendar day, UTC, from `YYYY-MM-DD`.
    Day(NaiveDate),
    /// The current UTC day.
    Today,
    /// The UTC day before today.
    Yesterday,
    /// The current instant.
    Now,
    /// That long before now, from `7d` or `7d ago`.
    Ago(Span),
}

impl PointInTime {
    /// Parses a point in time given for `field` (named in the error).
    pub fn from_arg(field: &str, s: &str) -> Result<Self, Error> {
        let t = s.trim();
        if let Some(p) = absolute(t) {
            return Ok(p);
        }
        let age = strip_ago(t).unwrap_or(t);
        match span_secs(age) {
            Ok(secs) => Ok(PointInTime::Ago(Span { secs })),
            Err(SpanProblem::Reason(reason)) => Err(Error::invalid(field, reason)),
            Err(SpanProblem::NotASpan) => Err(Error::invalid(
                field,
                format!("{t_q} is not a time ({TIME_FORMS})", t_q = quote(t)),
            )),
        }
    }

    /// Parses a point in time given for `field` and resolves it against
    /// `now` to its first instant (midnight UTC for day forms).
    pub fn parse(field: &str, s: &str, now: Timestamp) -> Result<Timestamp, Error> {
        Ok(Self::from_arg(field, s)?.start(now))
    }

    /// The first instant this point stands for, given the current time.
    pub fn start(self, now: Timestamp) -> Timestamp {
        match self {
            PointInTime::At(t) => t,
            PointInTime::Now => now,
            PointInTime::Ago(span) => span.before(now),
            PointInTime::Day(_) | PointInTime::Today | PointInTime::Yesterday => {
                midnight(self.day(now))
            }
        }
    }

    /// The first instant after this point: the next midnight for day forms,
    /// one microsecond later for instants. `t < end` means "at or before".
    pub fn end(self, now: Timestamp) -> Timestamp {
        match self {
            PointInTime::Day(_) | PointInTime::Today | PointInTime::Yesterday => {
                match self.day(now).succ_opt() {
                    Some(next) => midnight(next),
                    None => Timestamp::from_datetime(DateTime::<Utc>::MAX_UTC),
                }
            }
            _ => {
                let t = self.start(now).datetime();
                Timestamp::from_datetime(
                    t.checked_add_signed(TimeDelta::microseconds(1))
                        .unwrap_or(t),
                )
            }
        }
    }

    /// The UTC day of a day form; `now`'s day for the others.
    fn day(self, now: Timestamp) -> NaiveDate {
        let today = now.datetime().date_naive();
        match self {
            PointInTime::Day(d) => d,
            PointInTime::Yesterday => today.pred_opt().unwrap_or(today),
            _ => today,
        }
    }
}

/// Midnight UTC at the start of `d`.
fn midnight(d: NaiveDate) -> Timestamp {
    Timestamp::from_datetime(d.and_time(chrono::NaiveTime::MIN).and_utc())
}

impl FromStr for PointInTime {
    type Err = Error;
    /// Parses a point in time; errors name the field `time`.
    fn from_str(s: &str) -> Result<Self, Error> {
        PointInTime::from_arg("time", s)
    }
}

impl fmt::Display for PointInTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PointInTime::At(t) => write!(f, "{t}"),
            PointInTime::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            PointInTime::Today => f.write_str("today"),
            PointInTime::Yesterday => f.write_str("yesterday"),
            PointInTime::Now => f.write_str("now"),
            PointInTime::Ago(span) => write!(f, "{span} ago"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-03-10T15:30:00Z".parse().unwrap()
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn reason(e: Error) -> String {
        match e {
            Error::Invalid { field, reason } => format!("{field}: {reason}"),
            other => panic!("not an invalid-value error: {other}"),
        }
    }

    fn secs(s: &str) -> u64 {
        s.parse::<Span>().unwrap().as_secs()
    }

    #[test]
    fn spans_read_compact_and_spelled_units() {
        assert_eq!(secs("30s"), 30);
        assert_eq!(secs("90m"), 90 * 60);
        assert_eq!(secs("36h"), 36 * 3600);
        assert_eq!(secs("7d"), 7 * 86_400);
        assert_eq!(secs("2w"), 14 * 86_400);
        assert_eq!(secs("1d12h"), 36 * 3600);
        assert_eq!(secs("1d 12h"), 36 * 3600);
        assert_eq!(secs("2 weeks"), 14 * 86_400);
        assert_eq!(secs(" 4d "), 4 * 86_400);
        assert_eq!(secs("1.5d"), 36 * 3600);
    }

    #[test]
    fn spans_convert_to_durations() {
        let s: Span = "1d12h".parse().unwrap();
        assert_eq!(s.to_delta(), TimeDelta::hours(36));
        assert_eq!(s.to_std(), std::time::Duration::from_secs(36 * 3600));
        assert_eq!(s.before(now()), at("2026-03-09T03:30:00Z"));
        assert_eq!(Span::from_secs(0), None);
        assert_eq!(Span::from_secs(60).unwrap().to_string(), "1m");
    }

    #[test]
    fn spans_display_compactly_and_round_trip() {
        for (given, shown) in [
            ("4d", "4d"),
            ("36h", "1d12h"),
            ("2w", "14d"),
            ("90m", "1h30m"),
            ("30s", "30s"),
            ("1d 1s", "1d1s"),
        ] {
            let s: Span = given.parse().unwrap();
            assert_eq!(s.to_string(), shown, "{given}");
            assert_eq!(shown.parse::<Span>().unwrap(), s, "{given}");
        }
    }

    #[test]
    fn spans_refuse_points_zero_negative_and_vague_units() {
        let err = |s: &str| reason(s.parse::<Span>().unwrap_err());
        assert!(err("today").contains("'today' is a point in time"));
        assert!(err("2026-01-01").contains("'2026-01-01' is a point in time"));
        assert!(err("7d ago").contains("'7d ago' is a point in time"));
        assert!(err("0d").contains("'0d' is zero"));
        assert!(err("-3d").contains("'-3d' is negative"));
        assert!(err("7").contains("'7' needs a unit"));
        assert!(err("1M").contains("months and years"));
        assert!(err("2 years").contains("months and years"));
        assert!(err("1500ms").contains("whole number of seconds"));
        assert!(err("soon").contains("'soon' is not a length of time"));
        assert!(err("").contains("no length of time"));
        assert!(err("99999999999999999w").contains("'99999999999999999w' is too long"));
        assert!(err("9999999999999999s").contains("'9999999999999999s' is too long"));
        assert!(err("1.0000000001s").contains("whole number of seconds"));
        let e = Span::from_arg("idle", "xyz").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid idle: 'xyz' is not a length of time (e.g. 90m, 36h, 7d, 2w or 1d12h)"
        );
    }

    #[test]
    fn points_read_dates_and_instants() {
        let p = |s: &str| PointInTime::parse("since", s, now()).unwrap();
        assert_eq!(p("2026-01-02"), at("2026-01-02T00:00:00Z"));
        assert_eq!(p("2026-01-02T10:00:00+02:00"), at("2026-01-02T08:00:00Z"));
        assert_eq!(p("now"), now());
        assert_eq!(p("today"), at("2026-03-10T00:00:00Z"));
        assert_eq!(p("Yesterday"), at("2026-03-09T00:00:00Z"));
    }

    #[test]
    fn points_read_ages_as_that_long_ago() {
        let p = |s: &str| PointInTime::parse("since", s, now()).unwrap();
        assert_eq!(p("36h"), at("2026-03-09T03:30:00Z"));
        assert_eq!(p("7d"), at("2026-03-03T15:30:00Z"));
        assert_eq!(p("7d ago"), at("2026-03-03T15:30:00Z"));
        assert_eq!(p("7d AGO"), at("2026-03-03T15:30:00Z"));
        assert_eq!(p("2w"), at("2026-02-24T15:30:00Z"));
        assert_eq!(p("90m"), at("2026-03-10T14:00:00Z"));
        assert_eq!(p("1d12h"), at("2026-03-09T03:30:00Z"));
        assert_eq!(
            "7d".parse::<PointInTime>().unwrap(),
            PointInTime::Ago(Span::from_secs(7 * 86_400).unwrap())
        );
    }

    #[test]
    fn day_points_end_at_the_next_midnight_and_instants_a_microsecond_on() {
        let end = |s: &str| s.parse::<PointInTime>().unwrap().end(now());
        assert_eq!(end("2026-01-02"), at("2026-01-03T00:00:00Z"));
        assert_eq!(end("today"), at("2026-03-11T00:00:00Z"));
        assert_eq!(end("yesterday"), at("2026-03-10T00:00:00Z"));
        assert_eq!(end("now"), at("2026-03-10T15:30:00.000001Z"));
        assert_eq!(end("1h"), at("2026-03-10T14:30:00.000001Z"));
    }

    #[test]
    fn points_display_and_round_trip() {
        for s in ["2026-01-02", "today", "yesterday", "now", "4d ago"] {
            let p: PointInTime = s.parse().unwrap();
            assert_eq!(p.to_string(), s);
        }
        let p: PointInTime = "2026-01-02T10:00:00+02:00".parse().unwrap();
        assert_eq!(p.to_string(), "2026-01-02T08:00:00.000000Z");
        assert_eq!(p.to_string().parse::<PointInTime>().unwrap(), p);
    }

    #[test]
    fn bad_points_name_the_field_and_text() {
        let e = PointInTime::parse("updated-before", "xyz", now()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid updated-before: 'xyz' is not a time (RFC 3339, YYYY-MM-DD, today, \
             yesterday, now, or an age like 7d)"
        );
        let err = |s: &str| reason(s.parse::<PointInTime>().unwrap_err());
        assert!(err("2026-02-30").contains("'2026-02-30' is not a time"));
        assert!(err("-7d").contains("'-7d' is not a time"));
        assert!(err("ago").contains("'ago' is not a time"));
        assert!(err("1M").contains("months and years"));
        assert!(err("0d").contains("'0d' is zero"));
    }
}
