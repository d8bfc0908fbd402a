//! People: attendee tables and lists, and telling a person's name from an organisation.

use std::collections::HashMap;

use crate::diagnostic::suggest;
use crate::parse::TableRow;

use super::cell_text;

/// One person of `attendees` or `absent`; `extra` is kept in a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Person {
    pub name: String,
    pub org: String,
    pub role: String,
    pub extra: String,
}

/// Column roles judged by a header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Org,
    Role,
}

fn header_column(cell: &str) -> Option<Column> {
    let n = suggest::normalize(cell);
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if n.is_empty() {
        None
    } else if has(&["namn", "name", "person"]) {
        Some(Column::Name)
    } else if has(&[
        "organisation",
        "organization",
        "förvaltning",
        "parti",
        "party",
        "representerar",
        "myndighet",
        "verksamhet",
        "enhet",
        "bolag",
    ]) || n == "org"
    {
        Some(Column::Org)
    } else if has(&["roll", "role", "funktion", "uppdrag", "titel", "title", "befattning"]) {
        Some(Column::Role)
    } else {
        None
    }
}

/// The people of an attendee table: which column holds the names is decided by a
/// header ("Namn", "Organisation") or else by which cells look like person names.
/// Returns the comments (label, header row) and the people.
pub(super) fn people_table(rows: &[&TableRow], label: Option<String>) -> Option<(Vec<String>, Vec<Person>)> {
    let mut rows: Vec<Vec<String>> =
        rows.iter().map(|r| r.cells.iter().map(|c| cell_text(&c.value)).collect()).collect();
    let mut comments: Vec<String> = label.into_iter().collect();
    let mut hints: HashMap<usize, Column> = HashMap::new();
    if let Some(header) = rows.first().cloned() {
        let found: Vec<(usize, Column)> =
            header.iter().enumerate().filter_map(|(j, c)| header_column(c).map(|k| (j, k))).collect();
        if header.iter().all(String::is_empty) {
            rows.remove(0);
        } else if !found.is_empty() {
            hints.extend(found);
            comments.push(header.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" | "));
            rows.remove(0);
        }
    }
    rows.retain(|r| r.iter().any(|c| !c.is_empty()));
    if rows.is_empty() {
        return None;
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let cells_of = |j: usize| rows.iter().filter_map(move |r| r.get(j)).filter(|c| !c.is_empty());
    let hinted = |k: Column| hints.iter().find(|(_, v)| **v == k).map(|(j, _)| *j);
    let name_col = hinted(Column::Name).unwrap_or_else(|| {
        // The column whose cells most often look like person names (the first on a tie).
        (0..width)
            .map(|j| {
                let total = cells_of(j).count();
                let names = cells_of(j).filter(|c| looks_like_person(c)).count();
                (j, names, total)
            })
            .filter(|(_, _, total)| *total > 0)
            .max_by(|a, b| (a.1 * b.2).cmp(&(b.1 * a.2)).then(b.0.cmp(&a.0)))
            .map_or(0, |(j, _, _)| j)
    });
    let role_col = hinted(Column::Role).filter(|j| *j != name_col);
    let org_col = hinted(Column::Org).filter(|j| *j != name_col).or_else(|| {
        (0..width)
            .filter(|j| *j != name_col && Some(*j) != role_col)
            .max_by_key(|j| (cells_of(*j).count(), std::cmp::Reverse(*j)))
            .filter(|j| cells_of(*j).count() > 0)
    });
    let people = rows
        .iter()
        .map(|r| {
            let get = |j: Option<usize>| j.and_then(|j| r.get(j)).cloned().unwrap_or_default();
            let mut p = person_text(&get(Some(name_col)));
            let org = get(org_col);
            if !org.is_empty() {
                p.org = org;
            }
            let role = get(role_col);
            if !role.is_empty() {
                p.role = role;
            }
            p.extra = r
                .iter()
                .enumerate()
                .filter(|(j, c)| *j != name_col && Some(*j) != org_col && Some(*j) != role_col && !c.is_empty())
                .map(|(_, c)| c.as_str())
                .collect::<Vec<_>>()
                .join(" | ");
            p
        })
        .collect();
    Some((comments, people))
}

/// Roles a parenthesis after a name may give: `Tomas Johansson (ordförande)`.
const ROLES: &[&str] = &[
    "ordförande",
    "ordf",
    "vice ordförande",
    "vice ordf",
    "sekreterare",
    "ledamot",
    "ersättare",
    "tjänstgörande ersättare",
    "adjungerad",
    "tjänsteperson",
    "chair",
    "secretary",
    "member",
    "substitute",
];

/// A person written as `Name`, `Name (Org)` or `Name (ordförande)`.
pub(super) fn person_text(s: &str) -> Person {
    let s = s.trim();
    if let Some(open) = s.rfind('(')
        && s.ends_with(')')
        && open > 0
    {
        let name = s.get(..open).unwrap_or("").trim();
        let inner = s.get(open + 1..s.len() - 1).unwrap_or("").trim();
        if !name.is_empty() && !inner.is_empty() {
            let mut p = Person { name: name.to_owned(), ..Person::default() };
            if ROLES.contains(&suggest::normalize(inner).trim_end_matches('.')) {
                inner.clone_into(&mut p.role);
            } else {
                inner.clone_into(&mut p.org);
            }
            return p;
        }
    }
    Person { name: s.to_owned(), ..Person::default() }
}

/// A person on a line of its own: `Name, Org`, `Org, Name`, `Name – Org`, `Name (Org)`.
pub(super) fn person_line(s: &str) -> Person {
    let split = s
        .split_once(", ")
        .or_else(|| s.split_once(" – "))
        .or_else(|| s.split_once(" - "))
        .or_else(|| s.split_once('\t'));
    match split {
        Some((a, b)) => {
            let (a, b) = (a.trim(), b.trim());
            let (name, org) = if !looks_like_person(a) && looks_like_person(b) { (b, a) } else { (a, b) };
            let mut p = person_text(name);
            if p.org.is_empty() {
                org.clone_into(&mut p.org);
            } else {
                org.clone_into(&mut p.extra);
            }
            p
        }
        None => person_text(s),
    }
}

/// `Eva Berg (S), Per Olsson (M)`: a list of people on one line.
pub(super) fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect()
}

/// Word stems that make a cell an organisation rather than a person.
const ORG_STEMS: &[&str] = &[
    "förvaltning",
    "kontor",
    "nämnd",
    "styrelse",
    "polis",
    "kommun",
    "region",
    "bolag",
    "tjänst",
    "enhet",
    "avdelning",
    "förbund",
    "förening",
    "skola",
    "myndighet",
    "fullmäktige",
    "länsstyrelse",
    "rådet",
    "verket",
    "bostäder",
    "bostads",
    "fastighet",
    "center",
    "centrum",
    "stiftelse",
    "företag",
    "department",
    "council",
    "police",
    "office",
];

/// Whole words that make a cell an organisation.
const ORG_WORDS: &[&str] = &["ab", "hb", "kb", "län", "stad", "inc", "ltd", "och", "och/eller", "för", "i", "&"];

/// Whether a cell looks like a person's name: two to five words, each capitalised
/// (particles such as "von", "af", "de" aside), no organisation word, no acronym.
#[must_use]
pub(super) fn looks_like_person(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return false;
    }
    let lower = s.to_lowercase();
    if ORG_STEMS.iter().any(|w| lower.contains(w)) {
        return false;
    }
    let mut capitalised = 0;
    for w in &words {
        let lw = w.to_lowercase();
        if ORG_WORDS.contains(&lw.as_str()) {
            return false;
        }
        if matches!(lw.as_str(), "von" | "af" | "av" | "de" | "van" | "der" | "den" | "la" | "le" | "di" | "da") {
            continue;
        }
        let mut chars = w.chars();
        let Some(first) = chars.next() else { return false };
        let rest: Vec<char> = chars.collect();
        if !first.is_uppercase() || !rest.iter().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.')) {
            return false;
        }
        // An acronym (SÄRF, MBAB) is not a name.
        if rest.iter().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) && rest.len() > 1 {
            return false;
        }
        capitalised += 1;
    }
    capitalised >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_names() {
        for name in
            ["Tomas Johansson", "Mari Sandell Molander", "Andreas Leanderssom", "Anna von Essen", "Eva-Lena Berg"]
        {
            assert!(looks_like_person(name), "{name}");
        }
        for org in [
            "Kommunstyrelsen",
            "Kultur- och fritidsförvaltningen",
            "Marks Bostads AB",
            "SÄRF",
            "Polisen",
            "Lokalpolisområde Borås",
            "Kommunledningskontoret",
            "Räddningstjänsten Väst",
        ] {
            assert!(!looks_like_person(org), "{org}");
        }
    }

    #[test]
    fn people_in_text() {
        assert_eq!(
            person_text("Eva Berg (S)"),
            Person { name: "Eva Berg".into(), org: "S".into(), ..Person::default() }
        );
        assert_eq!(
            person_text("Tomas Johansson (ordförande)"),
            Person { name: "Tomas Johansson".into(), role: "ordförande".into(), ..Person::default() }
        );
        assert_eq!(
            person_line("Socialförvaltningen, Talieh Ashjari"),
            Person { name: "Talieh Ashjari".into(), org: "Socialförvaltningen".into(), ..Person::default() }
        );
    }
}
