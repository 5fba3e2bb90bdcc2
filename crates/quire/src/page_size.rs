//! Reading a trim size from the command line: a name (`a4`, `letter`, `a5`, `6x9`) or
//! `WIDTHxHEIGHT` with a unit (`170x240mm`, `5.5x8.5in`, `420x595pt`).

pub use quire_typeset::PageSize;
use quire_typeset::Pt;

/// The smallest trim side accepted, in points (2 in): less leaves no text block.
pub const MIN_SIDE_PT: f64 = 144.0;
/// The largest trim side accepted, in points: PDF viewers need page boxes of at most
/// 14,400 units (200 in), and the print edition adds bleed and marks outside the trim.
pub const MAX_SIDE_PT: f64 = 14_000.0;

/// Parses a page size; the error says what was expected.
pub fn parse(text: &str) -> Result<PageSize, String> {
    let lower = text.trim().to_ascii_lowercase();
    let named = match lower.as_str() {
        "a4" => Some(PageSize::a4()),
        "a5" => Some(PageSize::a5()),
        "letter" | "us-letter" | "usletter" => Some(PageSize::us_letter()),
        "6x9" | "6x9in" | "trade" => Some(PageSize::trade_6x9()),
        _ => None,
    };
    if let Some(size) = named {
        return Ok(size);
    }
    let expected = || {
        format!(
            "`{text}` is not a page size: use a4, letter, a5, 6x9 or WIDTHxHEIGHT with mm, in or pt (such as 170x240mm)"
        )
    };
    let (unit, number_part) = ["mm", "in", "pt"]
        .iter()
        .find_map(|u| lower.strip_suffix(u).map(|rest| (*u, rest)))
        .ok_or_else(expected)?;
    let (w, h) = number_part.split_once('x').ok_or_else(expected)?;
    let to_pt = |s: &str| -> Option<Pt> {
        let v: f64 = s.trim().parse().ok()?;
        Some(match unit {
            "mm" => Pt::from_mm(v),
            "in" => Pt::from_inches(v),
            _ => Pt(v),
        })
    };
    let (w, h) = (
        to_pt(w).ok_or_else(expected)?,
        to_pt(h).ok_or_else(expected)?,
    );
    let in_range = |p: Pt| (MIN_SIDE_PT..=MAX_SIDE_PT).contains(&p.0);
    if !(in_range(w) && in_range(h)) {
        return Err(format!(
            "`{text}` is not a usable page size: each side must be from {MIN_SIDE_PT} to {MAX_SIDE_PT} pt (2 to about 194 in)"
        ));
    }
    PageSize::custom(w, h).ok_or_else(expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_dimensions() {
        assert_eq!(parse("A4").unwrap(), PageSize::a4());
        assert_eq!(parse("letter").unwrap(), PageSize::us_letter());
        assert_eq!(parse("6x9").unwrap(), PageSize::trade_6x9());
        let custom = parse("170x240mm").unwrap();
        assert!((custom.width.to_mm() - 170.0).abs() < 1e-9);
        assert!((parse("5.5x8.5in").unwrap().height.0 - 612.0).abs() < 1e-9);
        for bad in [
            "b5",
            "170x240",
            "0x240mm",
            "axbmm",
            "-5x9in",
            "1e300x1e300pt",
            "NaNxNaNpt",
            "infxinfpt",
            "10x10mm",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
