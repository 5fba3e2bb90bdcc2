//! "Did you mean …?": the known name nearest to a mistyped one, for the hints of
//! diagnostics about unknown keys and ids (a citation key, a cross-reference id).

/// Of `known`, the name nearest to `name` by edit distance, if near enough to be a typo
/// of it: at most two edits, or a quarter of its length for long names. Ties go to the
/// smaller name, so the hint is the same on every run.
pub fn nearest<'k>(name: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let len = name.chars().count();
    let most = 2.max(len / 4);
    known
        .into_iter()
        // Lengths that differ by more than `most` are further apart than that.
        .filter(|k| k.chars().count().abs_diff(len) <= most)
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, _)| *d <= most)
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance in characters (one row of the table at a time).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_its_name_and_a_stranger_none() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("fig-maps", "fig-map"), 1);
        let known = ["fig-map", "tbl-data", "sec-intro"];
        assert_eq!(nearest("fig-maps", known), Some("fig-map"));
        assert_eq!(
            nearest("knuth1984", ["knuth1986", "knuth1984literate"]),
            Some("knuth1986")
        );
        assert_eq!(nearest("unrelated-key", known), None);
        // Ties: the smaller name.
        assert_eq!(nearest("ab", ["ac", "aa"]), Some("aa"));
    }
}
