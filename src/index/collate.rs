//! Swedish collation: Å, Ä and Ö sort after Z, accents fold (é → e, ü → y), case is
//! ignored except as a tie-break. Used for every list a reader sees.

/// A sort key for `s` under Swedish rules.
#[must_use]
pub fn sort_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'å' => key.push('\u{7b}'),
            'ä' | 'æ' => key.push('\u{7c}'),
            'ö' | 'ø' => key.push('\u{7d}'),
            'ü' => key.push('y'),
            'à' | 'á' | 'â' | 'ã' => key.push('a'),
            'é' | 'è' | 'ê' | 'ë' => key.push('e'),
            'í' | 'ì' | 'î' | 'ï' => key.push('i'),
            'ó' | 'ò' | 'ô' | 'õ' => key.push('o'),
            'ú' | 'ù' | 'û' => key.push('u'),
            'ç' => key.push('c'),
            'ñ' => key.push('n'),
            c => key.push(c),
        }
    }
    key
}

/// Compares two strings under Swedish rules; ties are broken by the original text.
#[must_use]
pub fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    sort_key(a).cmp(&sort_key(b)).then_with(|| a.cmp(b))
}

/// What [`compare`] compares, as a key: `slice::sort_by_cached_key` with it sorts as
/// `sort_by` with [`compare`], making each name's key once instead of twice a comparison.
#[must_use]
pub fn key(s: &str) -> (String, String) {
    (sort_key(s), s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_by_key_sorts_as_compare_does() {
        let names = [
            "Öberg",
            "öberg",
            "Zetterlund",
            "Åberg",
            "Andersson",
            "Ärlig",
            "Émile",
            "Emile",
            "émile",
            "Ø",
            "Ä",
            "",
            "Müller",
            "Myller",
        ];
        let mut by_compare = names.to_vec();
        by_compare.sort_by(|a, b| compare(a, b));
        let mut by_key = names.to_vec();
        by_key.sort_by_cached_key(|s| key(s));
        assert_eq!(by_key, by_compare);
    }

    #[test]
    fn swedish_letters_sort_after_z() {
        let mut v = vec!["Öberg", "Zetterlund", "Åberg", "Andersson", "Ärlig", "Émile"];
        v.sort_by(|a, b| compare(a, b));
        assert_eq!(v, ["Andersson", "Émile", "Zetterlund", "Åberg", "Ärlig", "Öberg"]);
    }
}
