//! "Did you mean …?": the nearest of a few known names to a misspelt one, for messages
//! about config keys, colours and command arguments. Pure.

/// " (did you mean \"x\"?)" for a near miss among `candidates`, else
/// " (expected one of: …)" when the list is short enough for one line, else "".
pub fn hint(word: &str, candidates: &[&str]) -> String {
    if let Some(best) = closest(word, candidates) {
        return format!(" (did you mean \"{best}\"?)");
    }
    if !candidates.is_empty() && candidates.len() <= 8 {
        return format!(" (expected one of: {})", candidates.join(", "));
    }
    String::new()
}

/// The candidate within a small edit distance of `word`, if any: catches typos such as
/// "mesure" or "scrol_down" without suggesting unrelated names.
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested_and_strangers_are_not() {
        let keys = ["measure", "mouse", "author"];
        assert_eq!(closest("mesure", &keys), Some("measure"));
        assert_eq!(closest("auther", &keys), Some("author"));
        assert_eq!(closest("colour", &keys), None);
        assert_eq!(hint("zzz", &keys), " (expected one of: measure, mouse, author)");
        assert_eq!(hint("mesure", &keys), " (did you mean \"measure\"?)");
    }
}
