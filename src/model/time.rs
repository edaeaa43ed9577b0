use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;
use crate::error::quote;

/// A point in time, UTC, with microsecond precision.
///
/// Its text form is RFC 3339 with six fractional digits and a `Z`
/// (`2026-01-26T10:59:52.576973Z`): fixed width, so it sorts as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    /// Wraps a chrono time, dropping anything finer than a microsecond.
    pub fn from_datetime(t: DateTime<Utc>) -> Self {
        let micros = t.timestamp_micros();
        Timestamp(DateTime::from_timestamp_micros(micros).unwrap_or(t))
    }

    /// The underlying chrono time.
    pub fn datetime(&self) -> DateTime<Utc> {
        self.0
    }

    /// Microseconds since the Unix epoch: the compact form a store may keep.
    pub fn micros(&self) -> i64 {
        self.0.timestamp_micros()
    }

    /// The time `micros` microseconds after the Unix epoch, if representable.
    pub fn from_micros(micros: i64) -> Option<Self> {
        DateTime::from_timestamp_micros(micros).map(Timestamp)
    }

    /// Parses a point in time given by a user: RFC 3339 (any offset) or a
    /// plain `YYYY-MM-DD`, meaning midnight UTC of that day.
    pub fn parse_user(field: &str, s: &str) -> Result<Self, Error> {
        let s = s.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(Self::from_datetime(t.with_timezone(&Utc)));
        }
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            let t = d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
            return Ok(Self::from_datetime(t));
        }
        Err(Error::invalid(
            field,
            format!(
                "{s_q} is not a date (use RFC 3339 or YYYY-MM-DD)",
                s_q = quote(s)
            ),
        ))
    }
}

impl Timestamp {
    /// Parses a time from the seed APIs: RFC 3339, or an ISO 8601 date and
    /// time without an offset (`2018-01-26T10:59:52.576973`), read as UTC.
    pub fn parse_seed(field: &str, s: &str) -> Result<Self, Error> {
        let s = s.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(Self::from_datetime(t.with_timezone(&Utc)));
        }
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
            .map(|t| Self::from_datetime(t.and_utc()))
            .map_err(|_| {
                Error::invalid(
                    field,
                    format!("{s_q} is not a date and time", s_q = quote(s)),
                )
            })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Micros, true))
    }
}

impl FromStr for Timestamp {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| Self::from_datetime(t.with_timezone(&Utc)))
            .map_err(|e| Error::invalid("timestamp", format!("{s_q}: {e}", s_q = quote(s))))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_is_fixed_width_utc_micros() {
        let t: Timestamp = "2018-01-26T18:59:52.5+08:00".parse().unwrap();
        assert_eq!(t.to_string(), "2018-01-26T10:59:52.500000Z");
    }

    #[test]
    fn micros_round_trip_on_both_sides_of_the_epoch() {
        for text in ["2026-01-26T10:59:52.576973Z", "1969-12-31T23:59:59.999999Z"] {
            let t: Timestamp = text.parse().unwrap();
            assert_eq!(Timestamp::from_micros(t.micros()), Some(t));
        }
        assert_eq!(
            Timestamp::from_micros(-1).unwrap().to_string(),
            "1969-12-31T23:59:59.999999Z"
        );
    }

    #[test]
    fn user_dates_accept_plain_days() {
        let t = Timestamp::parse_user("updated-before", "2026-01-02").unwrap();
        assert_eq!(t.to_string(), "2026-01-02T00:00:00.000000Z");
        assert!(Timestamp::parse_user("updated-before", "2026-02-30").is_err());
    }
}
