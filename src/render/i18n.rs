//! Interface strings and dates in Swedish (the default) and English.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::config::Language;

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
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

/// "19 oktober 2020" / "19 October 2020".
#[must_use]
pub fn date(lang: Language, d: Date) -> String {
    let months = match lang {
        Language::Sv => &MONTHS_SV,
        Language::En => &MONTHS_EN,
    };
    let m = months.get(usize::try_from(d.month() - 1).unwrap_or(0)).copied().unwrap_or("");
    // Not `format!`, which grows its string as it writes: dates are written by the
    // hundred thousand.
    let mut s = String::with_capacity(m.len() + 10);
    let _ = write!(s, "{} ", d.day());
    s.push_str(m);
    let _ = write!(s, " {}", d.year());
    s
}

/// "oktober 2020".
#[must_use]
pub fn month(lang: Language, d: Date) -> String {
    let months = match lang {
        Language::Sv => &MONTHS_SV,
        Language::En => &MONTHS_EN,
    };
    months.get(usize::try_from(d.month() - 1).unwrap_or(0)).copied().unwrap_or("").to_owned()
}

/// Every interface string, by key, in `lang`. Templates read them as `t.key`.
#[must_use]
pub fn strings(lang: Language) -> Vec<(&'static str, &'static str)> {
    STRINGS.iter().map(|&(k, sv, en)| (k, pick(lang, sv, en))).collect()
}

/// The string `key` in `lang`, if there is one.
#[must_use]
pub fn string(lang: Language, key: &str) -> Option<&'static str> {
    STRINGS.iter().find(|(k, _, _)| *k == key).map(|&(_, sv, en)| pick(lang, sv, en))
}

fn pick(lang: Language, sv: &'static str, en: &'static str) -> &'static str {
    if lang == Language::Sv { sv } else { en }
}

/// (key, Swedish, English).
const STRINGS: &[(&str, &str, &str)] = &[
    ("home", "Start", "Home"),
    ("skip_to_content", "Hoppa till innehållet", "Skip to content"),
    ("bodies", "Organ", "Bodies"),
    ("body", "Organ", "Body"),
    ("latest_meetings", "Senaste sammanträdena", "Latest meetings"),
    ("meetings", "Sammanträden", "Meetings"),
    ("meeting", "Sammanträde", "Meeting"),
    ("years", "År", "Years"),
    ("year", "År", "Year"),
    ("people", "Personer", "People"),
    ("person", "Person", "Person"),
    ("organisations", "Organisationer", "Organisations"),
    ("organisation", "Organisation", "Organisation"),
    ("tags", "Ämnen", "Topics"),
    ("tag", "Ämne", "Topic"),
    ("decisions", "Beslut", "Decisions"),
    ("decision_register", "Beslutsregister", "Register of decisions"),
    ("decision", "Beslut", "Decision"),
    ("protocol", "Protokoll", "Minutes"),
    ("date", "Datum", "Date"),
    ("time", "Tid", "Time"),
    ("place", "Plats", "Place"),
    ("status", "Status", "Status"),
    ("status_draft", "Utkast", "Draft"),
    ("status_adjusted", "Justerat", "Adjusted"),
    ("status_published", "Publicerat", "Published"),
    ("justering", "Justering", "Adjustment"),
    ("justering_place", "Justeringens plats", "Place of adjustment"),
    ("anslag", "Anslag", "Notice"),
    ("anslag_up", "Anslaget uppsatt", "Notice posted"),
    ("anslag_down", "Anslaget nedtas", "Notice removed"),
    ("appeal_last_day", "Sista dag för överklagande", "Last day to appeal"),
    ("attendees", "Närvarande", "Present"),
    ("absent", "Frånvarande", "Absent"),
    ("chair", "Ordförande", "Chair"),
    ("secretary", "Sekreterare", "Secretary"),
    ("adjusters", "Justerare", "Adjusters"),
    ("serves_for", "tjänstgör för", "serving for"),
    ("contents", "Innehåll", "Contents"),
    ("paragraphs", "Paragrafer", "Items"),
    ("permalink", "Permanent länk", "Permalink"),
    ("link_to_paragraph", "Länk till paragrafen", "Link to this item"),
    ("previous_meeting", "Föregående sammanträde", "Previous meeting"),
    ("next_meeting", "Nästa sammanträde", "Next meeting"),
    ("confidential", "Sekretess", "Confidential"),
    ("confidential_note", "Paragrafen omfattas av sekretess.", "This item is confidential."),
    ("confidential_title", "Sekretessbelagt ärende", "Confidential matter"),
    ("ground", "Sekretessgrund", "Legal ground"),
    ("dnr", "Dnr", "Case no."),
    ("attended", "Närvarande vid", "Attended"),
    ("missed", "Frånvarande vid", "Absent from"),
    ("attendance", "Närvaro", "Attendance"),
    ("attendance_per_body", "Närvaro per organ", "Attendance per body"),
    ("present_of", "närvarande vid {present} av {total} sammanträden", "present at {present} of {total} meetings"),
    ("role", "Roll", "Role"),
    ("no_meetings", "Inga sammanträden ännu.", "No meetings yet."),
    ("all_people", "Alla personer", "All people"),
    ("all_organisations", "Alla organisationer", "All organisations"),
    ("all_tags", "Alla ämnen", "All topics"),
    ("not_found", "Sidan finns inte", "Page not found"),
    (
        "not_found_text",
        "Sidan du sökte finns inte i arkivet. Den kan ha flyttats.",
        "The page you were looking for is not in the archive. It may have moved.",
    ),
    ("go_home", "Till startsidan", "Go to the home page"),
    ("motions", "Yrkanden", "Motions"),
    ("vote", "Omröstning", "Vote"),
    ("dissent", "Reservation", "Dissent"),
    ("note", "Protokollsanteckning", "Note"),
    (
        "internal_edition",
        "Intern utgåva: innehåller sekretessbelagda uppgifter",
        "Internal edition: contains confidential text",
    ),
    ("generated_by", "Skapad med protokoll", "Made with protokoll"),
    ("breadcrumbs", "Du är här", "You are here"),
    ("main_navigation", "Huvudmeny", "Main navigation"),
    ("meetings_count", "sammanträden", "meetings"),
    ("people_count", "personer", "people"),
    ("of_body", "för", "of"),
    ("preamble", "Inledning", "Introduction"),
    // Default theme.
    ("permalink_to", "Permanent länk till", "Permanent link to"),
    ("jump_to_letter", "Hoppa till bokstav", "Jump to letter"),
    ("browse", "Bläddra i arkivet", "Browse the archive"),
    (
        "home_lead",
        "Protokoll från kommunens styrelse, nämnder och råd.",
        "Minutes of the municipality's boards, committees and councils.",
    ),
    ("meeting_navigation", "Föregående och nästa sammanträde", "Previous and next meeting"),
    ("meetings_count_one", "sammanträde", "meeting"),
    ("people_count_one", "person", "person"),
    ("organisations_count", "organisationer", "organisations"),
    ("organisations_count_one", "organisation", "organisation"),
    ("tags_count", "ämnen", "topics"),
    ("tags_count_one", "ämne", "topic"),
    ("decisions_count", "beslut", "decisions"),
    ("decisions_count_one", "beslut", "decision"),
    ("share", "Andel", "Share"),
    ("no_decisions", "Inga beslut registrerade.", "No decisions recorded."),
    (
        "draft_notice",
        "Utkast: protokollet är inte justerat och kan komma att ändras.",
        "Draft: these minutes are not adjusted and may change.",
    ),
    ("meeting_details", "Uppgifter om sammanträdet", "Meeting details"),
    ("decisions_by_year", "Beslut per år", "Decisions by year"),
    // Search (src/render/search.rs, themes/default/assets/search.js).
    ("search", "Sök", "Search"),
    ("search_page", "sok.html", "search.html"),
    // The accessibility statement (themes/default/templates/accessibility.html).
    ("accessibility_page", "tillganglighet.html", "accessibility.html"),
    ("accessibility_title", "Tillgänglighetsredogörelse", "Accessibility statement"),
    ("search_label", "Sök i protokollen", "Search the minutes"),
    ("search_title", "Sök i arkivet", "Search the archive"),
    (
        "search_hint",
        "Alla ord ska finnas med. Andra böjningsformer och sammansättningar hittas också: \
         bibliotek hittar biblioteket och biblioteksplanen. Namnet på ett organ eller ett årtal \
         begränsar sökningen till organet eller året.",
        "All words must match. Other forms of a word and longer words starting with it match too: \
         library finds libraries. The name of a body or a year narrows the search to that body or year.",
    ),
    (
        "search_no_js",
        "Sökningen behöver JavaScript. Utan det kan du bläddra i arkivet per organ, år, person och ämne.",
        "Search needs JavaScript. Without it you can browse the archive by body, year, person and topic.",
    ),
    ("search_searching", "Söker …", "Searching …"),
    ("search_results_one", "1 träff för ”{q}”.", "1 result for “{q}”."),
    ("search_results_many", "{n} träffar för ”{q}”.", "{n} results for “{q}”."),
    (
        "search_results_at_least",
        "Minst {n} träffar för ”{q}”; de bästa visas.",
        "At least {n} results for “{q}”; the best are shown.",
    ),
    ("search_no_results", "Inga träffar för ”{q}”.", "No results for “{q}”."),
    ("search_showing", "Visar {shown} av {n} träffar.", "Showing {shown} of {n} results."),
    ("search_more", "Visa fler träffar", "Show more results"),
    ("search_empty", "Skriv ett eller flera ord.", "Type one or more words."),
    ("search_error", "Sökindexet kunde inte läsas.", "The search index could not be read."),
    // Feeds, calendar and open data (src/render/feeds.rs, data.rs).
    ("feed_archive", "Nya protokoll", "New minutes"),
    ("follow", "Följ", "Follow"),
    ("feed_body", "Nya protokoll (Atom-flöde)", "New minutes (Atom feed)"),
    ("feed_anslag", "Anslag och sista dag för överklagande (Atom-flöde)", "Notices and last day to appeal (Atom feed)"),
    ("calendar_file", "Sammanträden i kalendern (iCalendar)", "Meetings for your calendar (iCalendar)"),
    ("open_data", "Öppna data", "Open data"),
];
