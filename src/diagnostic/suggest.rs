//! Did-you-mean: near-misses of names, keys and titles.
//!
//! Swedish organisation names share long prefixes ("Kommunledningskontoret",
//! "Kommunledningsförvaltningen"), so similarity scores that reward a common prefix
//! (Jaro-Winkler) call different organisations near-misses. We use the optimal string
//! alignment distance (Damerau-Levenshtein with adjacent transpositions, so "Nikals"
//! is one edit from "Niklas") on normalised text, capped by the length of the word.

/// Lower-case, with runs of white space folded to one space and outer punctuation trimmed.
#[must_use]
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out.trim_matches(|c: char| c.is_ascii_punctuation() || c == '…').trim().to_owned()
}

/// Edit distance (adjacent transpositions count as one edit) between two normalised strings.
#[must_use]
pub fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// How many edits a word of `len` characters may be from another to be a likely misspelling.
#[must_use]
pub fn edit_cap(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        8..=15 => 2,
        _ => 3,
    }
}

/// Whether `a` and `b` differ but are within the edit cap of each other (after normalising).
#[must_use]
pub fn is_near_miss(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    near_normalized(&a, &b)
}

/// [`is_near_miss`] for strings already passed through [`normalize`].
#[must_use]
pub fn near_normalized(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let cap = edit_cap(la.min(lb));
    if cap == 0 || la.abs_diff(lb) > cap {
        return false;
    }
    distance(a, b) <= cap
}

/// The candidate nearest to `word` within the edit cap, if any. Exact matches (after
/// normalising) are not suggestions: the caller checks those first.
#[must_use]
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let w = normalize(word);
    let wl = w.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        let c = normalize(cand);
        if c == w {
            continue;
        }
        let cl = c.chars().count();
        let cap = edit_cap(wl.min(cl)).max(usize::from(wl >= 3 && cl >= 3));
        if wl.abs_diff(cl) > cap {
            continue;
        }
        let d = distance(&w, &c);
        if d <= cap && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// Similarity of two titles in `[0, 1]`: 1 for equal normalised text. A title that is
/// the other plus a few trailing words ("Föregående mötesprotokoll 2020-02-24") scores high.
#[must_use]
pub fn title_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (normalize(a), normalize(b));
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.starts_with(short.as_str()) && short.chars().count() >= 8 {
        return 0.9;
    }
    strsim::normalized_damerau_levenshtein(&a, &b)
}

/// Whether two titles are close enough that one is probably meant to be the other.
#[must_use]
pub fn titles_near(a: &str, b: &str) -> bool {
    title_similarity(a, b) >= 0.75
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpositions_and_swedish_letters() {
        assert!(is_near_miss("Nikals Gustenius", "Niklas Gustenius"));
        assert!(is_near_miss("Andreas Leanderssom", "Andreas Leandersson"));
        assert!(is_near_miss("Socialförvaltingen", "Socialförvaltningen"));
        assert!(!is_near_miss("Kommunledningskontoret", "Kommunledningsförvaltningen"));
        assert!(!is_near_miss("SÄRF", "SÄRF"));
        assert!(!is_near_miss("KS", "KF"));
    }

    #[test]
    fn suggestions_pick_the_nearest() {
        let keys = ["attendees", "absent", "adjusters", "agenda"];
        assert_eq!(did_you_mean("atendees", keys), Some("attendees"));
        assert_eq!(did_you_mean("colour", keys), None);
        assert_eq!(did_you_mean("Attendees", keys), None);
    }

    #[test]
    fn titles() {
        assert!(titles_near("Föregående mötesprotokoll 2020-02-24", "Föregående mötesprotokoll"));
        assert!(titles_near("Återrapporering om SSPF- handlingsplanen", "Återrapportering om SSPF- handlingsplanen"));
        assert!(!titles_near("Nulägesstatus", "Övriga frågor"));
    }
}
