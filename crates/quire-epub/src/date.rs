//! Timestamps for `dcterms:modified` and `dc:date`, as epub-builder takes them (UTC).
//!
//! The library never reads the clock: the time comes from the front matter or from a
//! number of seconds the caller passes (typically `SOURCE_DATE_EPOCH`). Parsing is
//! chrono's; this module only says which spellings the front matter may use.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Seconds since 1970-01-01T00:00:00Z as a UTC time (the epoch itself when out of range).
pub fn from_epoch(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// Reads an ISO 8601 date or date-time from the front matter: `2025-03-01`,
/// `2025-03-01T10:00`, `2025-03-01 10:00:00`, `2025-03-01T10:30:00+08:00`,
/// `2025-03-01T02:30:00Z`. A time without an offset is taken as UTC. `None` if it is
/// none of these.
pub fn parse(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim().replacen(' ', "T", 1);
    if let Ok(t) = DateTime::parse_from_rfc3339(&value) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_str(&value, "%Y-%m-%dT%H:%M%:z") {
        return Some(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&value, format) {
            return Some(t.and_utc());
        }
    }
    let date = NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(t: DateTime<Utc>) -> String {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    #[test]
    fn epoch_conversions() {
        assert_eq!(iso(from_epoch(0)), "1970-01-01T00:00:00Z");
        assert_eq!(iso(from_epoch(1_735_689_600)), "2025-01-01T00:00:00Z");
        assert_eq!(iso(from_epoch(951_782_400)), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn iso_dates_normalise_to_utc() {
        let p = |s| parse(s).map(iso);
        assert_eq!(p("2025-03-01").unwrap(), "2025-03-01T00:00:00Z");
        assert_eq!(
            p("2025-03-01T10:30:00+08:00").unwrap(),
            "2025-03-01T02:30:00Z"
        );
        assert_eq!(p("2025-03-01T02:30:00Z").unwrap(), "2025-03-01T02:30:00Z");
        assert_eq!(p("2025-03-01 10:15").unwrap(), "2025-03-01T10:15:00Z");
        assert_eq!(p("2025-03-01T10:15+01:00").unwrap(), "2025-03-01T09:15:00Z");
        assert!(p("March 2025").is_none());
        assert!(p("2025-13-01").is_none());
    }
}
