//! Dates, one way: the one parser of front-matter dates and the one formatter per
//! edition (words for readers, ISO 8601 for metadata, UTC timestamps where a format
//! wants a full instant).
//!
//! A date is a year, optionally a month and a day, optionally a time with an offset:
//! `2025`, `2025-01`, `2025-01-16`, `2025-01-16T10:00`, `2025-01-16 10:00:00`,
//! `2025-01-16T10:30:00+08:00`, `2025-01-16T02:30:00Z`. Impossible dates
//! (`2025-02-30`) are rejected; a time without an offset is taken as UTC. The library
//! never reads the clock.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// `2025`
    Year,
    /// `2025-01`
    Month,
    /// `2025-01-16`
    Day,
    /// `2025-01-16T10:00:00Z`
    Time,
}

/// A checked date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// The start of the period it names, in UTC (1 January for a year …).
    utc: DateTime<Utc>,
    /// The calendar date as written (before any offset is applied).
    local: NaiveDate,
    precision: Precision,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses a front-matter date; the error says what was expected.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let bad = || format!("`{text}` is not an ISO 8601 date such as 2025-01-16");
        let (date, time) = match text.split_once(['T', ' ']) {
            Some((d, t)) => (d, Some(t.trim())),
            None => (text, None),
        };
        let parts: Vec<&str> = date.split('-').collect();
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let num = |p: &str| p.parse::<u32>().unwrap_or(0);
        let (year, month, day, precision) = match parts.as_slice() {
            [y] if digits(y, 4) => (num(y), 1, 1, Precision::Year),
            [y, m] if digits(y, 4) && digits(m, 2) => (num(y), num(m), 1, Precision::Month),
            [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
                (num(y), num(m), num(d), Precision::Day)
            }
            _ => return Err(bad()),
        };
        let local = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| {
            format!("`{text}` is not a date of the calendar (month or day out of range)")
        })?;
        let Some(time) = time else {
            return Ok(Date {
                utc: local.and_time(NaiveTime::MIN).and_utc(),
                local,
                precision,
            });
        };
        if precision != Precision::Day {
            return Err(bad());
        }
        let utc = parse_time(local, time).ok_or_else(bad)?;
        Ok(Date {
            utc,
            local,
            precision: Precision::Time,
        })
    }

    /// The instant `seconds` after 1970-01-01T00:00:00Z (such as `SOURCE_DATE_EPOCH`);
    /// `None` outside years 0–9999.
    pub fn from_epoch(seconds: i64) -> Option<Date> {
        let utc = DateTime::from_timestamp(seconds, 0)?;
        (0..=9999)
            .contains(&chrono::Datelike::year(&utc))
            .then(|| Date {
                utc,
                local: utc.date_naive(),
                precision: Precision::Time,
            })
    }

    /// How much of it is known.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// ISO 8601 to the precision given: `2025`, `2025-01`, `2025-01-16`, or the UTC
    /// instant `2025-01-16T02:30:00Z` (for JSON-LD, `dc:date`, `<time datetime>`).
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Year => self.local.format("%Y").to_string(),
            Precision::Month => self.local.format("%Y-%m").to_string(),
            Precision::Day => self.local.format("%Y-%m-%d").to_string(),
            Precision::Time => self.timestamp(),
        }
    }

    /// The full UTC instant (start of the period), `2025-01-16T00:00:00Z`, for formats
    /// that need one (`dcterms:modified`, XMP).
    pub fn timestamp(&self) -> String {
        self.utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// The PDF date string (ISO 32000-1, 7.9.4) to the precision given: `D:2025`,
    /// `D:202501`, `D:20250116`, `D:20250116023000Z`.
    pub fn pdf(&self) -> String {
        match self.precision {
            Precision::Year => self.local.format("D:%Y").to_string(),
            Precision::Month => self.local.format("D:%Y%m").to_string(),
            Precision::Day => self.local.format("D:%Y%m%d").to_string(),
            Precision::Time => self.utc.format("D:%Y%m%d%H%M%SZ").to_string(),
        }
    }

    /// The date in words, as readers see it: `16 January 2025`, `January 2025`, `2025`.
    pub fn human(&self) -> String {
        use chrono::Datelike;
        let month = MONTHS[self.local.month0() as usize];
        match self.precision {
            Precision::Year => self.local.year().to_string(),
            Precision::Month => format!("{month} {}", self.local.year()),
            Precision::Day | Precision::Time => {
                format!("{} {month} {}", self.local.day(), self.local.year())
            }
        }
    }

    /// The start of the period in UTC, for libraries that take a chrono time.
    pub fn utc(&self) -> DateTime<Utc> {
        self.utc
    }

    /// Seconds since the epoch of the start of the period.
    pub fn epoch_seconds(&self) -> i64 {
        self.utc.timestamp()
    }
}

fn parse_time(date: NaiveDate, time: &str) -> Option<DateTime<Utc>> {
    let (clock, offset) = if let Some(c) = time.strip_suffix('Z') {
        (c, Some(0))
    } else if let Some(i) = time.rfind(['+', '-']) {
        let (c, o) = time.split_at(i);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let (h, m) = o[1..].split_once(':').unwrap_or((&o[1..], "0"));
        let minutes = h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?;
        (minutes <= 14 * 60).then_some(())?;
        (c, Some(sign * minutes * 60))
    } else {
        (time, None)
    };
    let clock = ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(clock, f).ok())?;
    let naive = NaiveDateTime::new(date, clock);
    match offset {
        Some(seconds) => FixedOffset::east_opt(seconds)?
            .from_local_datetime(&naive)
            .single()
            .map(|t| t.with_timezone(&Utc)),
        None => Some(naive.and_utc()),
    }
}

/// A date string in words (see [`Date::human`]); text that is no date stays as it is.
pub fn human_date(text: &str) -> String {
    Date::parse(text).map_or_else(|_| text.to_string(), |d| d.human())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_precisions() {
        let d = Date::parse("2025-01-16").unwrap();
        assert_eq!(
            (d.iso(), d.human(), d.pdf()),
            (
                "2025-01-16".into(),
                "16 January 2025".into(),
                "D:20250116".into()
            )
        );
        let m = Date::parse("2025-01").unwrap();
        assert_eq!(
            (m.iso(), m.human(), m.pdf()),
            ("2025-01".into(), "January 2025".into(), "D:202501".into())
        );
        assert_eq!(m.timestamp(), "2025-01-01T00:00:00Z");
        let t = Date::parse("2025-03-01T10:30:00+08:00").unwrap();
        assert_eq!(t.iso(), "2025-03-01T02:30:00Z");
        assert_eq!(
            Date::parse("2025-03-01 10:15").unwrap().timestamp(),
            "2025-03-01T10:15:00Z"
        );
        assert_eq!(Date::parse("2025").unwrap().human(), "2025");
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for bad in [
            "2025-02-30",
            "2025-13-01",
            "2025-1-1",
            "16 January",
            "2025T10:00",
            "2024-02-30",
            "2025-01-16T25:00",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn epochs_stay_within_four_digit_years() {
        assert_eq!(
            Date::from_epoch(0).unwrap().timestamp(),
            "1970-01-01T00:00:00Z"
        );
        assert!(Date::from_epoch(253_402_300_800).is_none());
        assert_eq!(human_date("spring 2025"), "spring 2025");
    }
}
