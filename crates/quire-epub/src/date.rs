//! Timestamps for `dcterms:modified`, which EPUB requires as `CCYY-MM-DDThh:mm:ssZ`.
//!
//! The library never reads the clock: the time comes from the front matter or from a
//! number of seconds the caller passes (typically `SOURCE_DATE_EPOCH`). Conversion uses
//! Howard Hinnant's `civil_from_days` / `days_from_civil` algorithms (proleptic Gregorian).

/// Formats seconds since 1970-01-01T00:00:00Z as an EPUB timestamp.
pub fn from_epoch(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Normalises an ISO 8601 date or date-time (`2025-03-01`, `2025-03-01T10:00:00+08:00`,
/// `2025-03-01T02:00:00Z`) to an EPUB timestamp in UTC; `None` if it is not one.
pub fn normalise(value: &str) -> Option<String> {
    let value = value.trim();
    let (date, time) = match value.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut seconds = days_from_civil(y, m, d) * 86_400;
    if let Some(time) = time {
        let (clock, offset) = split_offset(time)?;
        let mut hms = clock.split(':');
        let h: i64 = hms.next()?.parse().ok()?;
        let min: i64 = hms.next()?.parse().ok()?;
        let s: f64 = hms.next().map_or(Some(0.0), |s| s.parse().ok())?;
        if h > 23 || min > 59 || !(0.0..61.0).contains(&s) {
            return None;
        }
        seconds += h * 3600 + min * 60 + s as i64 - offset;
    }
    Some(from_epoch(seconds))
}

/// Splits `10:00:00+08:00` into the clock and the offset in seconds east of UTC.
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix('Z') {
        return Some((clock, 0));
    }
    match time.rfind(['+', '-']) {
        Some(i) => {
            let (clock, off) = time.split_at(i);
            let sign = if off.starts_with('-') { -1 } else { 1 };
            let (h, m) = off[1..].split_once(':').unwrap_or((&off[1..], "0"));
            let h: i64 = h.parse().ok()?;
            let m: i64 = m.parse().ok()?;
            Some((clock, sign * (h * 3600 + m * 60)))
        }
        None => Some((time, 0)),
    }
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_conversions() {
        assert_eq!(from_epoch(0), "1970-01-01T00:00:00Z");
        assert_eq!(from_epoch(1_735_689_600), "2025-01-01T00:00:00Z");
        assert_eq!(from_epoch(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn iso_dates_normalise_to_utc() {
        assert_eq!(normalise("2025-03-01").unwrap(), "2025-03-01T00:00:00Z");
        assert_eq!(
            normalise("2025-03-01T10:30:00+08:00").unwrap(),
            "2025-03-01T02:30:00Z"
        );
        assert_eq!(
            normalise("2025-03-01T02:30:00Z").unwrap(),
            "2025-03-01T02:30:00Z"
        );
        assert!(normalise("March 2025").is_none());
        assert!(normalise("2025-13-01").is_none());
    }
}
