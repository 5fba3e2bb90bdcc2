//! CSL-JSON dates as hayagriva's: `{"date-parts": [[2019, 4, 17]]}` with its `season`
//! and `circa`, a `raw` string or, as CSL-JSON 1.0.2 allows, the value itself written
//! as an EDTF-like string (`"2019-04-17"`, `"2019~"`, `"2019/2020"`).
//!
//! hayagriva holds one date (year, month, day, season, approximate), so a range keeps its
//! start and a `literal` date ("forthcoming") cannot be kept: both are warnings. Its
//! months and days count from 0, CSL's from 1; its year 0 is 1 BC, where CSL writes
//! 44 BC as -44, so negative years move by one.

use hayagriva::citationberg::taxonomy::Season;
use hayagriva::types::Date;
use serde_json::Value;

use super::item::{Ctx, Field};

/// The largest year, either way, read as one (hayagriva's year arithmetic is `i32`).
const MAX_YEAR: i64 = 99_999;

/// A date as CSL counts its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Parts {
    year: i64,
    month: Option<i64>,
    day: Option<i64>,
}

/// The date in `field`, with warnings for what it cannot keep.
pub(super) fn date(ctx: &mut Ctx, field: &Field) -> Option<Date> {
    let value = ctx.value(field)?;
    let object = match value {
        Value::String(s) => return from_text(ctx, field, &s, false, None),
        Value::Object(o) => o,
        _ => {
            ctx.warn(
                field,
                "is not a date (an object with `date-parts`); it is left out",
            );
            return None;
        }
    };
    let circa = match object.get("circa") {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|n| n != 0.0),
        Some(Value::String(s)) => !matches!(s.trim(), "" | "0" | "false"),
        _ => false,
    };
    let season = object.get("season").and_then(season_of);
    if let Some(parts) = object.get("date-parts") {
        match date_parts(parts) {
            Ok(Some((start, ranged))) => {
                if ranged {
                    warn_range(ctx, field);
                }
                return to_date(ctx, field, start, circa, season);
            }
            Ok(None) => {}
            Err(()) => {
                ctx.warn(
                    field,
                    "has `date-parts` that are not a list of [year, month, day] lists of numbers; the date is left out",
                );
                return None;
            }
        }
    }
    if let Some(Value::String(raw)) = object.get("raw")
        && !raw.trim().is_empty()
    {
        return from_text(ctx, field, raw, circa, season);
    }
    if let Some(Value::String(literal)) = object.get("literal")
        && !literal.trim().is_empty()
    {
        ctx.warn(
            field,
            &format!(
                "is the literal date “{}”, which hayagriva cannot hold (it keeps a year, month and day); it is left out",
                literal.trim()
            ),
        );
        return None;
    }
    ctx.warn(field, "has no year; it is left out");
    None
}

fn warn_range(ctx: &mut Ctx, field: &Field) {
    ctx.warn(
        field,
        "is a date range; hayagriva holds one date, so only its start is kept",
    );
}

/// The first date of `date-parts` and whether a different second one follows; `None`
/// when it holds no year (`[[]]`, `[[""]]`, as some exports write an empty date).
fn date_parts(value: &Value) -> Result<Option<(Parts, bool)>, ()> {
    let Value::Array(dates) = value else {
        return Err(());
    };
    let mut read = dates.iter().take(2).map(|d| match d {
        Value::Array(parts) => parts_of(parts),
        _ => Err(()),
    });
    let Some(start) = read.next().transpose()?.flatten() else {
        return Ok(None);
    };
    let end = read.next().transpose()?.flatten();
    Ok(Some((start, end.is_some_and(|e| e != start))))
}

/// `[year, month, day]`, each a number or a string of digits.
fn parts_of(parts: &[Value]) -> Result<Option<Parts>, ()> {
    let mut numbers = Vec::with_capacity(3);
    for part in parts.iter().take(3) {
        let n = match part {
            Value::Number(n) => match n.as_i64() {
                Some(n) => Some(n),
                None => n
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                    .map(|f| f as i64),
            },
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => return Err(()),
        };
        match n {
            Some(n) => numbers.push(n),
            // An empty part ends the date; a string that is no number is an error.
            None if matches!(part, Value::String(s) if s.trim().is_empty()) => break,
            None => return Err(()),
        }
    }
    Ok(numbers.first().map(|&year| Parts {
        year,
        month: numbers.get(1).copied(),
        day: numbers.get(2).copied(),
    }))
}

/// A date written as text: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (a time after `T` is
/// ignored), negative years, EDTF's `~`/`?` for approximate and `/` for a range.
fn from_text(
    ctx: &mut Ctx,
    field: &Field,
    text: &str,
    circa: bool,
    season: Option<Season>,
) -> Option<Date> {
    let text = text.trim();
    let (start, end) = match text.split_once('/') {
        Some((s, e)) => (s.trim(), Some(e.trim())),
        None => (text, None),
    };
    let Some((parts, approximate)) = parse_text(start) else {
        ctx.warn(
            field,
            &format!("is the date “{text}”, which is not written YYYY-MM-DD; it is left out"),
        );
        return None;
    };
    if end.is_some_and(|e| !e.is_empty() && parse_text(e).map(|p| p.0) != Some(parts)) {
        warn_range(ctx, field);
    }
    to_date(ctx, field, parts, circa || approximate, season)
}

fn parse_text(text: &str) -> Option<(Parts, bool)> {
    let text = text.split_once('T').map_or(text, |(date, _)| date);
    let mut approximate = false;
    let mut text = text.trim();
    if let Some(rest) = text.strip_prefix('~') {
        approximate = true;
        text = rest;
    }
    if let Some(rest) = text.strip_suffix(['~', '?', '%']) {
        approximate = true;
        text = rest;
    }
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut numbers = text.split('-').map(|part| {
        (!part.is_empty() && part.len() <= 6 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<i64>().ok())
            .flatten()
    });
    let year = numbers.next()??;
    let month = numbers.next().map(|m| m.ok_or(())).transpose().ok()?;
    let day = numbers.next().map(|d| d.ok_or(())).transpose().ok()?;
    if numbers.next().is_some() {
        return None;
    }
    let year = if negative { -year } else { year };
    Some((Parts { year, month, day }, approximate))
}

/// CSL's counting as hayagriva's, checking the ranges. Months 13–16 (citeproc-js) and
/// 21–24 (EDTF) are the seasons, spring to winter.
fn to_date(
    ctx: &mut Ctx,
    field: &Field,
    parts: Parts,
    approximate: bool,
    season: Option<Season>,
) -> Option<Date> {
    if parts.year.unsigned_abs() > MAX_YEAR as u64 {
        ctx.warn(
            field,
            &format!(
                "has the year {}, which is out of range; the date is left out",
                parts.year
            ),
        );
        return None;
    }
    // CSL's -44 is 44 BC; hayagriva's (astronomical) year for it is -43.
    let year = if parts.year < 0 {
        parts.year + 1
    } else {
        parts.year
    } as i32;
    let mut date = Date {
        year,
        month: None,
        day: None,
        approximate,
        season,
    };
    match parts.month {
        None => {}
        Some(m @ 1..=12) => {
            date.month = Some(m as u8 - 1);
            match parts.day {
                None => {}
                Some(d @ 1..=31) => date.day = Some(d as u8 - 1),
                Some(d) => {
                    ctx.warn(field, &format!("has the day {d}, which is out of range; only the year and month are kept"));
                }
            }
        }
        Some(m @ (13..=16 | 21..=24)) => {
            let n = if m > 20 { m - 20 } else { m - 12 } as u8;
            date.season = Season::try_from_csl_number(n).ok();
        }
        Some(m) => {
            ctx.warn(
                field,
                &format!("has the month {m}, which is out of range; only the year is kept"),
            );
        }
    }
    Some(date)
}

/// CSL's `season`: 1–4, or its name.
fn season_of(value: &Value) -> Option<Season> {
    let n = match value {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "spring" => 1,
            "summer" => 2,
            "autumn" | "fall" => 3,
            "winter" => 4,
            other => other.parse().ok()?,
        },
        _ => return None,
    };
    Season::try_from_csl_number(u8::try_from(n).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_dates() {
        let p = |y, m, d| Parts {
            year: y,
            month: m,
            day: d,
        };
        assert_eq!(
            parse_text("2019-04-17"),
            Some((p(2019, Some(4), Some(17)), false))
        );
        assert_eq!(
            parse_text("2019-04-17T10:00:00Z"),
            Some((p(2019, Some(4), Some(17)), false))
        );
        assert_eq!(parse_text("~1850"), Some((p(1850, None, None), true)));
        assert_eq!(parse_text("1850?"), Some((p(1850, None, None), true)));
        assert_eq!(parse_text("-0044"), Some((p(-44, None, None), false)));
        assert_eq!(parse_text("April 2019"), None);
        assert_eq!(parse_text("2019-"), None);
        assert_eq!(parse_text("2019-4-5-6"), None);
        assert_eq!(parse_text("99999999999999999999"), None);
    }

    #[test]
    fn date_parts_forms() {
        let v = |s: &str| serde_json::from_str::<Value>(s).unwrap();
        let p = |y, m, d| Parts {
            year: y,
            month: m,
            day: d,
        };
        assert_eq!(
            date_parts(&v("[[1981, 11]]")),
            Ok(Some((p(1981, Some(11), None), false)))
        );
        assert_eq!(
            date_parts(&v("[[\"1981\", \"11\", \"2\"]]")),
            Ok(Some((p(1981, Some(11), Some(2)), false)))
        );
        assert_eq!(
            date_parts(&v("[[2001], [2003]]")),
            Ok(Some((p(2001, None, None), true)))
        );
        assert_eq!(
            date_parts(&v("[[2001], [2001]]")),
            Ok(Some((p(2001, None, None), false)))
        );
        assert_eq!(date_parts(&v("[[\"\"]]")), Ok(None));
        assert_eq!(date_parts(&v("[[]]")), Ok(None));
        assert_eq!(date_parts(&v("[2001]")), Err(()));
        assert_eq!(date_parts(&v("[[\"soon\"]]")), Err(()));
        assert_eq!(date_parts(&v("{\"a\": 1}")), Err(()));
    }
}
