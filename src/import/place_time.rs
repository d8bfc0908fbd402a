//! Place, date and time: what a "Plats och tid" line says.

use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use regex::Regex;

/// What a "Plats och tid" text gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct PlaceTime {
    pub location: Option<String>,
    pub time: Option<String>,
    /// The date, with the weekday as written when one was.
    pub date: Option<(Date, Option<String>)>,
}

const MONTHS: &[(&str, i8)] = &[
    ("januari", 1),
    ("january", 1),
    ("jan", 1),
    ("februari", 2),
    ("february", 2),
    ("feb", 2),
    ("mars", 3),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("maj", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("augusti", 8),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

pub(super) const WEEKDAYS: &[(&str, &str, Weekday)] = &[
    ("måndag", "monday", Weekday::Monday),
    ("tisdag", "tuesday", Weekday::Tuesday),
    ("onsdag", "wednesday", Weekday::Wednesday),
    ("torsdag", "thursday", Weekday::Thursday),
    ("fredag", "friday", Weekday::Friday),
    ("lördag", "saturday", Weekday::Saturday),
    ("söndag", "sunday", Weekday::Sunday),
];

pub(super) fn weekday_sv(d: Weekday) -> &'static str {
    WEEKDAYS.iter().find(|(_, _, w)| *w == d).map_or("", |(sv, _, _)| sv)
}

/// `måndagen den 19 oktober 2020`, `19 okt. 2020`, `Monday 19 October 2020`.
static DATE_LONG: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let months: Vec<&str> = MONTHS.iter().map(|(m, _)| *m).collect();
    let days: Vec<&str> = WEEKDAYS.iter().flat_map(|(sv, en, _)| [*sv, *en]).collect();
    Regex::new(&format!(
        r"(?i)\b(?:((?:{})(?:en|s)?),?\s+)?(?:den\s+)?(\d{{1,2}})(?::[ae])?\.?\s+({})\.?\s+(\d{{4}})\b",
        days.join("|"),
        months.join("|")
    ))
    .ok()
});

/// `2020-10-19`, with an optional weekday before it.
static DATE_ISO: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let days: Vec<&str> = WEEKDAYS.iter().flat_map(|(sv, en, _)| [*sv, *en]).collect();
    Regex::new(&format!(r"(?i)\b(?:((?:{})(?:en|s)?),?\s+)?(?:den\s+)?(\d{{4}})-(\d{{2}})-(\d{{2}})\b", days.join("|")))
        .ok()
});

/// `kl 13:00- 15:00`, `13.00–15.00`, `klockan 9.00 till 12.00`, `kl. 18:30`.
static TIME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b(?:kl|klockan)\.?\s*)?\b(\d{1,2})[:.](\d{2})\b(?:\s*(?:-|–|—|till|to)\s*(?:(?:kl|klockan)\.?\s*)?(\d{1,2})[:.](\d{2})\b)?",
    )
    .ok()
});

/// `kl 13-15`, `kl. 9`: hours only, after `kl`.
static TIME_HOURS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:kl|klockan)\.?\s*(\d{1,2})\b(?:\s*(?:-|–|—|till)\s*(\d{1,2})\b)?").ok());

fn capture_num<T: std::str::FromStr>(c: &regex::Captures<'_>, i: usize) -> Option<T> {
    c.get(i).and_then(|m| m.as_str().parse().ok())
}

fn clock(h: u8, m: u8) -> Option<String> {
    (h <= 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// Reads the place, the date and the time out of a "Plats och tid" text.
pub(super) fn place_time(s: &str) -> PlaceTime {
    let mut out = PlaceTime::default();
    let mut cut: Vec<(usize, usize)> = Vec::new();
    if let Some(re) = DATE_LONG.as_ref()
        && let Some(c) = re.captures(s)
    {
        let month = c.get(3).and_then(|m| {
            let m = m.as_str().to_lowercase();
            MONTHS.iter().find(|(name, _)| *name == m).map(|(_, n)| *n)
        });
        if let (Some(day), Some(month), Some(year)) = (capture_num::<i8>(&c, 2), month, capture_num::<i16>(&c, 4))
            && let Ok(date) = Date::new(year, month, day)
            && let Some(all) = c.get(0)
        {
            out.date = Some((date, c.get(1).map(|w| w.as_str().to_owned())));
            cut.push((all.start(), all.end()));
        }
    }
    if out.date.is_none()
        && let Some(re) = DATE_ISO.as_ref()
        && let Some(c) = re.captures(s)
        && let (Some(year), Some(month), Some(day)) =
            (capture_num::<i16>(&c, 2), capture_num::<i8>(&c, 3), capture_num::<i8>(&c, 4))
        && let Ok(date) = Date::new(year, month, day)
        && let Some(all) = c.get(0)
    {
        out.date = Some((date, c.get(1).map(|w| w.as_str().to_owned())));
        cut.push((all.start(), all.end()));
    }
    let outside = |a: usize, b: usize, cut: &[(usize, usize)]| cut.iter().all(|(x, y)| b <= *x || a >= *y);
    if let Some(re) = TIME.as_ref() {
        for c in re.captures_iter(s) {
            let Some(all) = c.get(0) else { continue };
            if !outside(all.start(), all.end(), &cut) {
                continue;
            }
            let from = capture_num(&c, 1).zip(capture_num(&c, 2)).and_then(|(h, m)| clock(h, m));
            let to = capture_num(&c, 3).zip(capture_num(&c, 4)).and_then(|(h, m)| clock(h, m));
            if let Some(from) = from {
                out.time = Some(to.map_or_else(|| from.clone(), |to| format!("{from}-{to}")));
                cut.push((all.start(), all.end()));
                break;
            }
        }
    }
    if out.time.is_none()
        && let Some(re) = TIME_HOURS.as_ref()
    {
        for c in re.captures_iter(s) {
            let Some(all) = c.get(0) else { continue };
            if !outside(all.start(), all.end(), &cut) {
                continue;
            }
            let from = capture_num(&c, 1).and_then(|h| clock(h, 0));
            let to = capture_num(&c, 2).and_then(|h| clock(h, 0));
            if let Some(from) = from {
                out.time = Some(to.map_or_else(|| from.clone(), |to| format!("{from}-{to}")));
                cut.push((all.start(), all.end()));
                break;
            }
        }
    }
    // The place: what is left, its comma-separated parts trimmed.
    cut.sort_unstable();
    let mut rest = String::new();
    let mut at = 0;
    for (a, b) in cut {
        rest.push_str(s.get(at..a).unwrap_or(""));
        rest.push(',');
        at = b;
    }
    rest.push_str(s.get(at..).unwrap_or(""));
    let parts: Vec<&str> = rest
        .split(',')
        .map(|p| p.trim().trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ';')))
        .filter(|p| !p.is_empty() && !matches!(p.to_lowercase().as_str(), "kl" | "kl." | "klockan" | "den" | "och"))
        .collect();
    if !parts.is_empty() {
        out.location = Some(parts.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(s: &str) -> (Option<String>, Option<String>, Option<String>) {
        let p = place_time(s);
        (p.location, p.time, p.date.map(|(d, _)| d.to_string()))
    }

    #[test]
    fn place_and_time() {
        assert_eq!(
            pt("Boråsvägen 40, Öresten, kl 13:00- 15:00"),
            (Some("Boråsvägen 40, Öresten".into()), Some("13:00-15:00".into()), None)
        );
        assert_eq!(
            pt("Kommunhuset, Kinna, måndagen den 15 mars 2021, kl. 9.00–12.30"),
            (Some("Kommunhuset, Kinna".into()), Some("09:00-12:30".into()), Some("2021-03-15".into()))
        );
        assert_eq!(
            pt("2020-10-19 kl 13-15 i Stora salen"),
            (Some("i Stora salen".into()), Some("13:00-15:00".into()), Some("2020-10-19".into()))
        );
        assert_eq!(
            pt("Digitalt via Teams, 3 feb. 2021 klockan 18.30"),
            (Some("Digitalt via Teams".into()), Some("18:30".into()), Some("2021-02-03".into()))
        );
        // Not a date: 31 February; the numbers stay in the place.
        assert_eq!(pt("Rum 31 februari 2021"), (Some("Rum 31 februari 2021".into()), None, None));
    }
}
