//! `protokoll-gen`: writes a realistic benchmark archive of Swedish municipal protocols.
//!
//! ```text
//! protokoll-gen OUT_DIR --protocols N [--seed S]
//! ```
//!
//! The archive is valid: `protokoll check` should report nothing on it. See
//! benches/README.md for what it contains.
//!
//! One seed gives the same archive byte for byte, whatever the number of threads: the
//! facts that run through a body's meetings (dates, `previous`, per-year § numbers,
//! membership) are planned first, in order; then each protocol is written in parallel
//! from its own seed. The random numbers come from a small `SplitMix64` generator.

#![allow(
    clippy::indexing_slicing,
    reason = "a development tool indexing its own tables; an out-of-range index is a bug to see at once"
)]
#![allow(
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    clippy::cast_lossless,
    reason = "small counts and day numbers, far from any limit"
)]

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;

// ---------------------------------------------------------------------------------------
// Random numbers

/// `SplitMix64`: tiny, fast, and good enough for text generation.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

/// The `SplitMix64` finaliser: a good 64-bit hash of `z`.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A seed for one purpose (`what`) derived from the run's seed.
fn derive(seed: u64, what: u64) -> u64 {
    mix(seed ^ mix(what.wrapping_add(0x5851_F42D_4C95_7F2D)))
}

// ---------------------------------------------------------------------------------------
// Dates: days since 1970-01-01 (Howard Hinnant's civil-calendar algorithms)

type Day = i64;

fn day(y: i64, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil(z: Day) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// 0 = Monday … 6 = Sunday.
fn weekday(z: Day) -> i64 {
    (z + 3).rem_euclid(7)
}

fn year_of(z: Day) -> i64 {
    civil(z).0
}

fn push_iso(out: &mut String, z: Day) {
    let (y, m, d) = civil(z);
    let _ = write!(out, "{y:04}-{m:02}-{d:02}");
}

fn iso(z: Day) -> String {
    let mut s = String::with_capacity(10);
    push_iso(&mut s, z);
    s
}

#[rustfmt::skip]
const MONTHS: [&str; 12] = [
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december",
];

/// "19 oktober 2020".
fn sv_date(z: Day) -> String {
    let (y, m, d) = civil(z);
    format!("{d} {} {y}", MONTHS[m as usize - 1])
}

/// The meeting's reference: `2020-10-19` or `2020-10-19-2`.
fn meeting_ref(z: Day, seq: u32) -> String {
    let mut s = iso(z);
    if seq > 1 {
        let _ = write!(s, "-{seq}");
    }
    s
}

// ---------------------------------------------------------------------------------------
// The municipality: bodies, organisations, places

const MUNI: &str = "Åsby kommun";
const FIRST_YEAR: i64 = 2006;
const YEARS: i64 = 20;
const PEOPLE: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Kommunfullmäktige.
    Kf,
    /// Kommunstyrelsen or its arbetsutskott.
    Ks,
    /// A nämnd.
    Namnd,
    /// A råd (council profile).
    Rad,
}

/// Subject areas; a body draws its agenda from its own and the general ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dom {
    Gen,
    Kf,
    Ks,
    Bun,
    Soc,
    Kultur,
    Bygg,
    Val,
    Ofn,
    Rad,
    Trygg,
    Pens,
    Funk,
    Folkh,
    Ung,
    Naring,
    Integ,
    Lands,
}

/// One body of the municipality.
#[derive(Debug)]
struct BodyDef {
    name: &'static str,
    slug: &'static str,
    kind: Kind,
    per_year: bool,
    prefix: &'static str,
    /// How the body names itself in a sentence: "nämnden", "rådet".
    short: &'static str,
    doms: &'static [Dom],
    /// The förvaltning its officials come from.
    office: usize,
    /// Organisations represented in a council.
    ext: &'static [usize],
    /// Members (ledamöter) per mandate period.
    members: (usize, usize),
    times: &'static [&'static str],
    location: &'static str,
    /// Relative share of meetings.
    weight: f64,
}

/// Parties, then förvaltningar, then outside organisations. Index = org id.
const ORGS: &[&str] = &[
    "Socialdemokraterna",
    "Moderaterna",
    "Sverigedemokraterna",
    "Centerpartiet",
    "Vänsterpartiet",
    "Kristdemokraterna",
    "Liberalerna",
    "Miljöpartiet",
    // 8: förvaltningar
    "Kommunledningskontoret",
    "Socialförvaltningen",
    "Barn- och utbildningsförvaltningen",
    "Kultur- och fritidsförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Teknik- och serviceförvaltningen",
    "Arbetsmarknadsenheten",
    // 15: outside organisations
    "Polisen",
    "Räddningstjänsten",
    "Åsbyhem AB",
    "PRO Åsby",
    "SPF Seniorerna",
    "Funktionsrätt Åsby",
    "Region Västra Götaland",
    "Företagarna",
    "Hyresgästföreningen",
    "Svenska kyrkan",
    "Studieförbundet Vuxenskolan",
    "LRF",
    "Arbetsförmedlingen",
    "Ungdomsfullmäktige",
];
const PARTY_ABBR: [&str; 8] = ["S", "M", "SD", "C", "V", "KD", "L", "MP"];
/// Seats out of 100, roughly a Swedish municipality in the 2010s.
const PARTY_WEIGHT: [usize; 8] = [31, 22, 14, 10, 7, 6, 6, 4];
const N_PARTIES: usize = 8;
const KLK: usize = 8;
const SOCF: usize = 9;
const BUF: usize = 10;
const KFF: usize = 11;
const SBF: usize = 12;
const TSF: usize = 13;
const AME: usize = 14;
const FIRST_EXT: usize = 15;
const POLIS: usize = 15;
const RTJ: usize = 16;
const HEM: usize = 17;
const PRO: usize = 18;
const SPF: usize = 19;
const FUNKR: usize = 20;
const REGION: usize = 21;
const FTG: usize = 22;
const HGF: usize = 23;
const KYRKA: usize = 24;
const SV: usize = 25;
const LRF: usize = 26;
const AF: usize = 27;
const UNGF: usize = 28;

const BOARD_TIMES: &[&str] = &["08:30-12:00", "09:00-12:15", "13:00-16:30", "13:15-16:00", "08:30-15:00"];
const COUNCIL_TIMES: &[&str] = &["13:00-15:00", "14:00-16:00", "09:00-11:00", "15:00-17:00"];

#[rustfmt::skip]
const BODIES: &[BodyDef] = &[
    BodyDef { name: "Kommunfullmäktige", slug: "kommunfullmaktige", kind: Kind::Kf, per_year: true, prefix: "KF", short: "fullmäktige", doms: &[Dom::Kf, Dom::Gen], office: KLK, ext: &[], members: (13, 15), times: &["18:30-21:30", "18:00-22:15", "13:00-17:30"], location: "Kommunhuset, fullmäktigesalen", weight: 0.9 },
    BodyDef { name: "Kommunstyrelsen", slug: "kommunstyrelsen", kind: Kind::Ks, per_year: true, prefix: "KS", short: "kommunstyrelsen", doms: &[Dom::Ks, Dom::Gen], office: KLK, ext: &[], members: (11, 13), times: BOARD_TIMES, location: "Kommunhuset, sammanträdesrum Åsen", weight: 1.4 },
    BodyDef { name: "Kommunstyrelsens arbetsutskott", slug: "kommunstyrelsens-arbetsutskott", kind: Kind::Ks, per_year: true, prefix: "KSAU", short: "arbetsutskottet", doms: &[Dom::Ks, Dom::Gen], office: KLK, ext: &[], members: (7, 7), times: BOARD_TIMES, location: "Kommunhuset, sammanträdesrum Tallen", weight: 1.4 },
    BodyDef { name: "Barn- och utbildningsnämnden", slug: "barn-och-utbildningsnamnden", kind: Kind::Namnd, per_year: true, prefix: "BUN", short: "nämnden", doms: &[Dom::Bun, Dom::Gen], office: BUF, ext: &[], members: (9, 13), times: BOARD_TIMES, location: "Utbildningshuset, sammanträdesrum Lärkan", weight: 1.0 },
    BodyDef { name: "Socialnämnden", slug: "socialnamnden", kind: Kind::Namnd, per_year: true, prefix: "SN", short: "nämnden", doms: &[Dom::Soc, Dom::Gen], office: SOCF, ext: &[], members: (9, 13), times: BOARD_TIMES, location: "Kommunhuset, sammanträdesrum Eken", weight: 1.0 },
    BodyDef { name: "Vård- och omsorgsnämnden", slug: "vard-och-omsorgsnamnden", kind: Kind::Namnd, per_year: false, prefix: "VON", short: "nämnden", doms: &[Dom::Soc, Dom::Pens, Dom::Gen], office: SOCF, ext: &[], members: (9, 11), times: BOARD_TIMES, location: "Vårdcentrum Ängsvik, konferensrummet", weight: 1.0 },
    BodyDef { name: "Kultur- och fritidsnämnden", slug: "kultur-och-fritidsnamnden", kind: Kind::Namnd, per_year: false, prefix: "KFN", short: "nämnden", doms: &[Dom::Kultur, Dom::Ung, Dom::Gen], office: KFF, ext: &[], members: (9, 11), times: BOARD_TIMES, location: "Stadsbiblioteket, hörsalen", weight: 1.0 },
    BodyDef { name: "Miljö- och byggnadsnämnden", slug: "miljo-och-byggnadsnamnden", kind: Kind::Namnd, per_year: true, prefix: "MBN", short: "nämnden", doms: &[Dom::Bygg, Dom::Gen], office: SBF, ext: &[], members: (9, 11), times: BOARD_TIMES, location: "Kommunhuset, sammanträdesrum Björken", weight: 1.0 },
    BodyDef { name: "Tekniska nämnden", slug: "tekniska-namnden", kind: Kind::Namnd, per_year: false, prefix: "TN", short: "nämnden", doms: &[Dom::Bygg, Dom::Lands, Dom::Gen], office: TSF, ext: &[], members: (9, 11), times: BOARD_TIMES, location: "Tekniska kontoret, Kvarnby", weight: 1.0 },
    BodyDef { name: "Arbetsmarknadsnämnden", slug: "arbetsmarknadsnamnden", kind: Kind::Namnd, per_year: false, prefix: "AMN", short: "nämnden", doms: &[Dom::Integ, Dom::Naring, Dom::Gen], office: AME, ext: &[], members: (9, 11), times: BOARD_TIMES, location: "Arbetsmarknadsenheten, Sörby", weight: 1.0 },
    BodyDef { name: "Valnämnden", slug: "valnamnden", kind: Kind::Namnd, per_year: false, prefix: "VN", short: "nämnden", doms: &[Dom::Val, Dom::Gen], office: KLK, ext: &[], members: (9, 9), times: BOARD_TIMES, location: "Kommunhuset, sammanträdesrum Tallen", weight: 0.8 },
    BodyDef { name: "Överförmyndarnämnden", slug: "overformyndarnamnden", kind: Kind::Namnd, per_year: false, prefix: "ÖFN", short: "nämnden", doms: &[Dom::Ofn, Dom::Gen], office: KLK, ext: &[], members: (9, 9), times: BOARD_TIMES, location: "Kommunhuset, sammanträdesrum Linden", weight: 0.8 },
    BodyDef { name: "Trygghets- och säkerhetsrådet", slug: "trygghetsradet", kind: Kind::Rad, per_year: false, prefix: "TSR", short: "rådet", doms: &[Dom::Trygg, Dom::Rad, Dom::Ung], office: KLK, ext: &[POLIS, RTJ, HEM, KYRKA], members: (9, 12), times: COUNCIL_TIMES, location: "Boråsvägen 40, Åsby", weight: 0.6 },
    BodyDef { name: "Kommunala pensionärsrådet", slug: "pensionarsradet", kind: Kind::Rad, per_year: false, prefix: "KPR", short: "rådet", doms: &[Dom::Pens, Dom::Rad, Dom::Funk, Dom::Folkh], office: SOCF, ext: &[PRO, SPF, REGION], members: (9, 11), times: COUNCIL_TIMES, location: "Träffpunkten, Ängsvik", weight: 0.6 },
    BodyDef { name: "Rådet för funktionshinderfrågor", slug: "funktionshinderradet", kind: Kind::Rad, per_year: false, prefix: "RFF", short: "rådet", doms: &[Dom::Funk, Dom::Rad, Dom::Pens, Dom::Folkh], office: SOCF, ext: &[FUNKR, REGION, HGF], members: (9, 11), times: COUNCIL_TIMES, location: "Kommunhuset, sammanträdesrum Eken", weight: 0.6 },
    BodyDef { name: "Folkhälsorådet", slug: "folkhalsoradet", kind: Kind::Rad, per_year: false, prefix: "FHR", short: "rådet", doms: &[Dom::Folkh, Dom::Rad, Dom::Ung, Dom::Pens], office: KLK, ext: &[REGION, SV, KYRKA], members: (9, 11), times: COUNCIL_TIMES, location: "Kommunhuset, sammanträdesrum Linden", weight: 0.6 },
    BodyDef { name: "Ungdomsrådet", slug: "ungdomsradet", kind: Kind::Rad, per_year: false, prefix: "UR", short: "rådet", doms: &[Dom::Ung, Dom::Rad, Dom::Folkh, Dom::Kultur], office: KFF, ext: &[UNGF, SV], members: (9, 12), times: &["16:00-18:00", "15:30-17:30"], location: "Fritidsgården Kvarnen, Kvarnby", weight: 0.6 },
    BodyDef { name: "Näringslivsrådet", slug: "naringslivsradet", kind: Kind::Rad, per_year: false, prefix: "NLR", short: "rådet", doms: &[Dom::Naring, Dom::Rad, Dom::Lands, Dom::Integ], office: KLK, ext: &[FTG, AF, LRF], members: (9, 11), times: &["07:30-09:00", "08:00-10:00"], location: "Företagshuset, Åsby", weight: 0.6 },
    BodyDef { name: "Integrationsrådet", slug: "integrationsradet", kind: Kind::Rad, per_year: false, prefix: "IR", short: "rådet", doms: &[Dom::Integ, Dom::Rad, Dom::Naring, Dom::Ung], office: AME, ext: &[AF, SV, KYRKA, HGF], members: (9, 11), times: COUNCIL_TIMES, location: "Medborgarkontoret, Sörby", weight: 0.6 },
    BodyDef { name: "Landsbygdsrådet", slug: "landsbygdsradet", kind: Kind::Rad, per_year: false, prefix: "LBR", short: "rådet", doms: &[Dom::Lands, Dom::Rad, Dom::Naring, Dom::Trygg], office: SBF, ext: &[LRF, FTG, HEM], members: (9, 11), times: COUNCIL_TIMES, location: "Bygdegården, Hällestad", weight: 0.6 },
];

#[rustfmt::skip]
const PLACES: &[&str] = &[
    "Åsby", "Kvarnby", "Lövholmen", "Sörby", "Björkvik", "Hällestad", "Östra Kärr", "Mossebo",
    "Ängsvik", "Rödbäck", "Tallåsen", "Norrviken", "Fjällbo", "Kyrkbyn", "Ekhagen", "Granbacka",
    "Stensjö", "Åkerö", "Önnestad", "Västra Hult",
];

// ---------------------------------------------------------------------------------------
// Names

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Anna", "Eva", "Maria", "Karin", "Kristina", "Lena", "Sara", "Kerstin", "Emma", "Ingrid",
    "Malin", "Jenny", "Birgitta", "Hanna", "Inger", "Annika", "Linda", "Susanne", "Elin", "Monica",
    "Ulla", "Johanna", "Camilla", "Carina", "Sofia", "Åsa", "Ida", "Helena", "Anneli", "Gunilla",
    "Margareta", "Britt", "Elisabeth", "Lisa", "Madeleine", "Therese", "Josefin", "Frida", "Agneta",
    "Cecilia", "Ulrika", "Charlotte", "Lotta", "Maja", "Märta", "Gunnel", "Solveig", "Siv",
    "Majken", "Ylva", "Tove", "Klara", "Ebba", "Alice", "Astrid", "Elsa", "Greta", "Linnéa",
    "Matilda", "Wilma", "Saga", "Moa", "Amanda", "Louise", "Pernilla", "Jessica", "Veronica",
    "Mona", "Britt-Marie", "Ann-Sofie", "Anna-Karin", "Mari", "Talieh", "Fatima", "Leyla", "Nadia",
    "Amina", "Yasmin", "Aleksandra", "Mirela", "Sanna", "Petra", "Katarina", "Viktoria", "Rebecka",
    "Lovisa", "Stina", "Sigrid", "Barbro", "Gudrun", "Dagny", "Ingela", "Marianne", "Yvonne",
    "Ann-Christin", "Birgit", "Ronja", "Tuva", "Nora", "Signe", "Selma", "Vera", "Hedvig",
    "Ingegerd", "Lars", "Anders", "Johan", "Per", "Erik", "Karl", "Peter", "Jan", "Thomas",
    "Daniel", "Fredrik", "Hans", "Bengt", "Mikael", "Stefan", "Mats", "Magnus", "Andreas", "Jonas",
    "Martin", "Niklas", "Björn", "Göran", "Håkan", "Sven", "Ulf", "Leif", "Kjell", "Christer",
    "Rickard", "Markus", "Calle", "Svante", "Sören", "Jörgen", "Örjan", "Åke", "Gösta", "Mårten",
    "Olof", "Gustav", "Axel", "Oscar", "Hugo", "Viktor", "Emil", "Filip", "Anton", "Elias", "Lukas",
    "Ludvig", "Nils", "Arvid", "Sixten", "Torbjörn", "Kent", "Roger", "Patrik", "Joakim", "Mattias",
    "Tobias", "Henrik", "Robert", "Rolf", "Roland", "Ingvar", "Lennart", "Kenneth", "Conny",
    "Jimmy", "Pontus", "Rasmus", "Sebastian", "Alexander", "Kristoffer", "Rune", "Gunnar", "Sture",
    "Arne", "Einar", "Folke", "Yngve", "Östen", "Mohammed", "Ahmed", "Amir", "Yusuf", "Ali", "Omid",
    "Dragan", "Hassan", "Mehmet", "Ibrahim", "Jesper", "Linus", "Melker", "Valter", "Sigge", "Ebbe",
    "Holger", "Kåre",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Hansson", "Bengtsson", "Jönsson", "Lindberg",
    "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson",
    "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson",
    "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson",
    "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson",
    "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg",
    "Nyberg", "Blomqvist", "Claesson", "Nordström", "Mårtensson", "Lundström", "Viklund",
    "Björklund", "Eliasson", "Pålsson", "Berggren", "Sandström", "Lund", "Nordin", "Ström", "Åberg",
    "Hermansson", "Ekström", "Holmgren", "Sundberg", "Hedlund", "Dahlberg", "Hellström", "Sjögren",
    "Abrahamsson", "Falk", "Öberg", "Andreasson", "Blom", "Ek", "Månsson", "Strand", "Lindholm",
    "Åström", "Norberg", "Sjöström", "Lindblom", "Hassan", "Åkesson", "Jonasson", "Dahl",
    "Sundström", "Ekberg", "Nordqvist", "Sundqvist", "Engman", "Hägg", "Söderström", "Ågren",
    "Östlund", "Bäckström", "Lövgren", "Högberg", "Höglund", "Näslund", "Strömberg", "Öhman",
    "Wäppling", "Stomberg", "Silva", "Gustenius", "Dahlquist", "Roos", "Leandersson", "Marberg",
    "Ashjari", "Hagman", "Sandell Molander", "Åkerlund", "Forsman", "Granlund", "Grönlund",
    "Hedberg", "Ljungberg", "Ljunggren", "Malmberg", "Malm", "Mörk", "Rask", "Rydberg", "Sjölund",
    "Skoglund", "Stenberg", "Sundin", "Torstensson", "Wahlberg", "Westerberg", "Zetterberg",
    "Ölund", "Edlund", "Kvist", "Lindahl", "Lönn", "Törnqvist", "Vesterlund", "Boström", "Fors",
    "Frisk", "Gran", "Hallberg", "Hammar", "Hjalmarsson", "Ivarsson", "Josefsson", "Kjellberg",
    "Lilja", "Löfstedt", "Melin", "Modig", "Nordlund", "Palm", "Rosén", "Sandgren", "Schultz",
    "Sköld", "Stål", "Svärd", "Tell", "Thorén", "Ulander", "Vallin", "Ahlgren", "Bergendahl",
    "Yilmaz", "Nguyen", "Petrović", "Rahimi", "Haddad", "Novak", "Kaya", "Berg Lindqvist",
    "Ek Nordin", "Holm Åkesson", "Qvarnström", "Wendel", "Rehn", "Tidblad", "Uggla", "Zackrisson",
    "Kihlberg", "Bohlin", "Cederqvist", "Dufva", "Enoksson", "Fägerskiöld", "Gyllensten", "Hultin",
    "Ingvarsson", "Jarl", "Krantz", "Lagerlöf", "Munther", "Nyqvist", "Oskarsson", "Pihl",
    "Ramberg", "Segerström", "Tegnér", "Udd", "Vinberg", "Wernersson", "Älmeby", "Östberg",
];

/// Edit-distance cap by name length, the same table the `person-near-miss` rule uses.
fn edit_cap(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        8..=15 => 2,
        _ => 3,
    }
}

/// A name normalised and prepared for fast near-miss tests.
struct NameKey {
    chars: Vec<char>,
    /// Letter counts for a cheap lower bound on the edit distance.
    hist: [u8; 40],
}

impl NameKey {
    fn new(name: &str) -> Self {
        let chars: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
        let mut hist = [0u8; 40];
        for &c in &chars {
            let slot = match c {
                'a'..='z' => c as usize - 'a' as usize,
                'å' => 26,
                'ä' => 27,
                'ö' => 28,
                'é' => 29,
                ' ' => 30,
                '-' => 31,
                _ => 32 + (c as usize % 8),
            };
            hist[slot] = hist[slot].saturating_add(1);
        }
        Self { chars, hist }
    }

    /// Whether the two names are within the near-miss cap of each other (or equal).
    fn near(&self, other: &Self) -> bool {
        let (la, lb) = (self.chars.len(), other.chars.len());
        let cap = edit_cap(la.min(lb)).max(1);
        if la.abs_diff(lb) > cap {
            return false;
        }
        // Each edit changes the letter multiset by at most one letter on each side.
        let (mut more, mut less) = (0usize, 0usize);
        for (a, b) in self.hist.iter().zip(&other.hist) {
            if a > b {
                more += usize::from(a - b);
            } else {
                less += usize::from(b - a);
            }
        }
        if more.max(less) > cap {
            return false;
        }
        osa(&self.chars, &other.chars) <= cap
    }
}

/// Optimal string alignment distance (adjacent transpositions count as one edit).
fn osa(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `count` distinct names, no two within a typing slip or three of each other.
fn make_names(rng: &mut Rng, count: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(count);
    let mut keys: Vec<NameKey> = Vec::with_capacity(count);
    let mut seen = HashSet::new();
    let mut tries = 0usize;
    while names.len() < count {
        tries += 1;
        assert!(tries < 2_000_000, "cannot find {count} names that are not near-misses of each other");
        let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
        if !seen.insert(name.clone()) {
            continue;
        }
        let key = NameKey::new(&name);
        if keys.iter().any(|k| k.near(&key)) {
            continue;
        }
        keys.push(key);
        names.push(name);
    }
    names
}

// ---------------------------------------------------------------------------------------
// People and membership

#[derive(Debug)]
struct Person {
    name: String,
    org: usize,
}

/// Who sits in a body during one mandate period.
#[derive(Debug, Default, Clone)]
struct Membership {
    /// `[0]` chairs, `[1]` is vice chair.
    members: Vec<usize>,
    /// Ersättare.
    subs: Vec<usize>,
    /// `[0]` is the secretary.
    officials: Vec<usize>,
}

/// Mandate periods: 2003–2006, 2007–2010, …, 2023–2026.
const PERIODS: usize = 6;

fn period_of(year: i64) -> usize {
    if year <= 2006 { 0 } else { ((year - 2007) / 4 + 1) as usize }
}

struct People {
    all: Vec<Person>,
    by_org: Vec<Vec<usize>>,
}

fn make_people(seed: u64) -> People {
    let mut rng = Rng::new(derive(seed, 1));
    let names = make_names(&mut rng, PEOPLE);
    let mut all = Vec::with_capacity(PEOPLE);
    let mut by_org = vec![Vec::new(); ORGS.len()];
    let politicians = PEOPLE * 62 / 100;
    let officials = PEOPLE * 20 / 100;
    let party_total: usize = PARTY_WEIGHT.iter().sum();
    for (i, name) in names.into_iter().enumerate() {
        let org = if i < politicians {
            let mut r = rng.below(party_total);
            let mut p = 0;
            while r >= PARTY_WEIGHT[p] {
                r -= PARTY_WEIGHT[p];
                p += 1;
            }
            p
        } else if i < politicians + officials {
            KLK + (i - politicians) % (FIRST_EXT - KLK)
        } else {
            FIRST_EXT + (i - politicians - officials) % (ORGS.len() - FIRST_EXT)
        };
        by_org[org].push(all.len());
        all.push(Person { name, org });
    }
    People { all, by_org }
}

/// Draws a person of `org` (any party when `org` is `None`) not already in `taken`.
fn draw(rng: &mut Rng, people: &People, org: Option<usize>, taken: &mut HashSet<usize>) -> usize {
    loop {
        let org = org.unwrap_or_else(|| {
            let mut r = rng.below(PARTY_WEIGHT.iter().sum());
            let mut p = 0;
            while r >= PARTY_WEIGHT[p] {
                r -= PARTY_WEIGHT[p];
                p += 1;
            }
            p
        });
        let pool = &people.by_org[org];
        let who = pool[rng.below(pool.len())];
        if taken.insert(who) {
            return who;
        }
    }
}

/// Membership of every body in every period; about half stay on from one period to the next.
fn make_memberships(seed: u64, people: &People) -> Vec<Vec<Membership>> {
    let mut out = Vec::with_capacity(BODIES.len());
    for (b, body) in BODIES.iter().enumerate() {
        let mut rng = Rng::new(derive(seed, 100 + b as u64));
        let mut periods: Vec<Membership> = Vec::with_capacity(PERIODS);
        for _ in 0..PERIODS {
            let prev = periods.last().cloned().unwrap_or_default();
            let mut taken = HashSet::new();
            let mut m = Membership::default();
            let size = rng.range(body.members.0, body.members.1);
            // Who stays on: kept in their place, so a chair often chairs again.
            let keep = |rng: &mut Rng, from: &[usize], taken: &mut HashSet<usize>, into: &mut Vec<usize>, n: usize| {
                for &who in from {
                    if into.len() < n && rng.chance(0.5) && taken.insert(who) {
                        into.push(who);
                    }
                }
            };
            if body.kind == Kind::Rad {
                // Two or three politicians (the chair among them), the rest from the organisations.
                let pol = rng.range(2, 3);
                keep(&mut rng, prev.members.get(..pol).unwrap_or(&[]), &mut taken, &mut m.members, pol);
                while m.members.len() < pol {
                    m.members.push(draw(&mut rng, people, None, &mut taken));
                }
                let mut k = 0;
                while m.members.len() < size {
                    let org = body.ext[k % body.ext.len()];
                    m.members.push(draw(&mut rng, people, Some(org), &mut taken));
                    k += 1;
                }
                for i in 0..rng.range(2, 4) {
                    let org = body.ext[(k + i) % body.ext.len()];
                    m.subs.push(draw(&mut rng, people, Some(org), &mut taken));
                }
            } else {
                keep(&mut rng, &prev.members, &mut taken, &mut m.members, size);
                while m.members.len() < size {
                    m.members.push(draw(&mut rng, people, None, &mut taken));
                }
                keep(&mut rng, &prev.subs, &mut taken, &mut m.subs, size / 2);
                while m.subs.len() < (size / 2).max(3) {
                    m.subs.push(draw(&mut rng, people, None, &mut taken));
                }
            }
            let n_off = rng.range(1, 3);
            keep(&mut rng, &prev.officials, &mut taken, &mut m.officials, n_off);
            while m.officials.len() < n_off {
                m.officials.push(draw(&mut rng, people, Some(body.office), &mut taken));
            }
            periods.push(m);
        }
        out.push(periods);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Meeting plan: dates, previous meeting, § numbers

#[derive(Debug, Clone)]
struct Meeting {
    body: usize,
    day: Day,
    seq: u32,
    prev: Option<(Day, u32)>,
    next: Option<(Day, u32)>,
    first: u32,
    paragraphs: u32,
    seed: u64,
}

/// Splits `n` meetings over bodies by weight, at most `cap` a body.
fn allocate(n: usize, weights: &[f64], cap: usize) -> Vec<usize> {
    let mut counts = vec![0usize; weights.len()];
    let mut open: Vec<usize> = (0..weights.len()).collect();
    let mut remaining = n;
    loop {
        let total: f64 = open.iter().map(|&i| weights[i]).sum();
        let over: Vec<usize> =
            open.iter().copied().filter(|&i| remaining as f64 * weights[i] / total > cap as f64).collect();
        if over.is_empty() {
            let mut given = 0;
            for &i in &open {
                counts[i] = (remaining as f64 * weights[i] / total) as usize;
                given += counts[i];
            }
            for &i in open.iter().cycle().take(remaining - given) {
                counts[i] += 1;
            }
            return counts;
        }
        for i in over {
            counts[i] = cap;
            remaining -= cap;
            open.retain(|&o| o != i);
        }
        if open.is_empty() {
            return counts;
        }
    }
}

/// The days a body may meet on in `year`, enough for `want` meetings, as (day, seq):
/// weekdays outside the summer and Christmas breaks; then all weekdays; then every day;
/// then second and later meetings on a day.
fn slots(year: i64, want: usize) -> Vec<(Day, u32)> {
    let start = day(year, 1, 1);
    let end = day(year + 1, 1, 1);
    let days: Vec<Day> = (start..end).collect();
    let quiet = |z: Day| {
        let (_, m, d) = civil(z);
        m == 7 || (m == 12 && d >= 20) || (m == 1 && d <= 6) || (m == 8 && d < 10)
    };
    let level0: Vec<(Day, u32)> = days.iter().filter(|&&z| weekday(z) < 5 && !quiet(z)).map(|&z| (z, 1)).collect();
    if level0.len() >= want {
        return level0;
    }
    let level1: Vec<(Day, u32)> = days.iter().filter(|&&z| weekday(z) < 5).map(|&z| (z, 1)).collect();
    if level1.len() >= want {
        return level1;
    }
    let per_day = want.div_ceil(days.len()) as u32;
    days.iter().flat_map(|&z| (1..=per_day).map(move |s| (z, s))).collect()
}

fn plan(seed: u64, n: usize) -> Vec<Meeting> {
    let weights: Vec<f64> = BODIES.iter().map(|b| b.weight).collect();
    // At most one meeting a body a day: on weekdays while they suffice (a year has at
    // least 260), then on any day, and only then a second meeting on a day (`-2`).
    let years = YEARS as usize;
    let cap = [260 * years, 365 * years, usize::MAX]
        .into_iter()
        .find(|&cap| n <= cap.saturating_mul(BODIES.len()))
        .unwrap_or(usize::MAX);
    let counts = allocate(n, &weights, cap);
    let mut out = Vec::with_capacity(n);
    for (b, &count) in counts.iter().enumerate() {
        let mut rng = Rng::new(derive(seed, 1000 + b as u64));
        let capacity: Vec<usize> = (0..YEARS).map(|y| pool_capacity(&BODIES[b], FIRST_YEAR + y)).collect();
        let mut meetings: Vec<Meeting> = Vec::with_capacity(count);
        for yi in 0..YEARS {
            let mut c = count / YEARS as usize;
            if ((yi as usize + b * 7) % YEARS as usize) < count % YEARS as usize {
                c += 1;
            }
            if c == 0 {
                continue;
            }
            let year = FIRST_YEAR + yi;
            let s = slots(year, c);
            // One meeting in each of `c` equal stretches of the year.
            for i in 0..c {
                let lo = i * s.len() / c;
                let hi = (i + 1) * s.len() / c;
                let (z, seq) = s[lo + rng.below(hi - lo)];
                meetings.push(Meeting {
                    body: b,
                    day: z,
                    seq,
                    prev: None,
                    next: None,
                    first: 1,
                    paragraphs: 0,
                    seed: 0,
                });
            }
        }
        let mut prev: Option<(Day, u32, u32, u32)> = None; // day, seq, first, paragraphs
        for i in 0..meetings.len() {
            // 8–20, most often about 14; never more than the body has matters for (plus formalities).
            let cap = capacity[(year_of(meetings[i].day) - FIRST_YEAR) as usize] + 3;
            let paragraphs = (rng.range(8, 20) + rng.range(8, 20)).div_ceil(2).min(cap) as u32;
            let m = &mut meetings[i];
            m.paragraphs = paragraphs;
            m.seed = derive(seed, ((b as u64) << 32) | i as u64);
            if let Some((pd, ps, pf, pn)) = prev {
                m.prev = Some((pd, ps));
                if BODIES[b].per_year && year_of(pd) == year_of(m.day) {
                    m.first = pf + pn;
                }
            }
            prev = Some((m.day, m.seq, m.first, m.paragraphs));
            if i > 0 {
                let here = (meetings[i].day, meetings[i].seq);
                meetings[i - 1].next = Some(here);
            }
        }
        out.extend(meetings);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Agenda topics

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tk {
    /// Information: a report and (in a board) a decision to note it.
    Info,
    /// A matter prepared by the förvaltning and decided.
    Decision,
    /// A political matter: motions, sometimes a vote and a dissent.
    Politic,
    /// A confidential matter, with its legal ground.
    Secret(&'static str),
}

#[derive(Debug)]
struct Topic {
    dom: Dom,
    kind: Tk,
    title: &'static str,
    /// The matter as a noun phrase that fits after "arbetet med", "förslaget till".
    subject: &'static str,
    tags: &'static [&'static str],
    from: i64,
    to: i64,
}

const fn t(dom: Dom, kind: Tk, title: &'static str, subject: &'static str, tags: &'static [&'static str]) -> Topic {
    Topic { dom, kind, title, subject, tags, from: 0, to: 9999 }
}

const fn ty(
    dom: Dom,
    kind: Tk,
    title: &'static str,
    subject: &'static str,
    tags: &'static [&'static str],
    from: i64,
    to: i64,
) -> Topic {
    Topic { dom, kind, title, subject, tags, from, to }
}

const SOL: &str = "OSL 26 kap. 1 §";
const SKOLA_OSL: &str = "OSL 23 kap. 2 §";
const AFFAR: &str = "OSL 19 kap. 1 §";
const SAKERHET: &str = "OSL 18 kap. 8 §";
const PERSONAL: &str = "OSL 39 kap. 3 §";
const OFN_OSL: &str = "OSL 32 kap. 4 §";

use Dom as D;
use Tk::{Decision as Dec, Info, Politic as Pol, Secret};

#[rustfmt::skip]
const TOPICS: &[Topic] = &[
    // General: every board
    t(D::Gen, Info, "Ekonomisk uppföljning per den 31 {MONL}", "den ekonomiska uppföljningen per {MONL}", &["budget"]),
    t(D::Gen, Dec, "Delårsrapport per den 31 augusti {Y}", "delårsrapporten per augusti {Y}", &["budget"]),
    t(D::Gen, Dec, "Verksamhetsberättelse {YP}", "verksamhetsberättelsen för {YP}", &["budget"]),
    t(D::Gen, Dec, "Internkontrollplan {YN}", "internkontrollplanen för {YN}", &["internkontroll"]),
    t(D::Gen, Dec, "Uppföljning av internkontrollplan {Y}", "uppföljningen av årets internkontroll", &["internkontroll"]),
    t(D::Gen, Info, "Förvaltningschefens information", "förvaltningens aktuella frågor", &[]),
    t(D::Gen, Dec, "Sammanträdesplan för {YN}", "sammanträdesplanen för {YN}", &[]),
    t(D::Gen, Dec, "Attestförteckning för {YN}", "attestförteckningen för {YN}", &["budget"]),
    t(D::Gen, Info, "Resultat av medarbetarenkäten {Y}", "resultatet av medarbetarenkäten", &["personal"]),
    t(D::Gen, Info, "Sjukfrånvaro bland medarbetarna", "sjukfrånvaron bland medarbetarna", &["personal"]),
    t(D::Gen, Dec, "Uppföljning av det systematiska arbetsmiljöarbetet {Y}", "det systematiska arbetsmiljöarbetet", &["personal", "arbetsmiljö"]),
    ty(D::Gen, Dec, "Förteckning över behandlingar av personuppgifter", "förteckningen över behandlingar av personuppgifter", &["dataskydd"], 2018, 9999),
    t(D::Gen, Info, "Digitalisering av verksamheten, lägesrapport", "digitaliseringen av verksamheten", &["digitalisering"]),
    t(D::Gen, Dec, "Plan för krisberedskap och kontinuitet", "planen för krisberedskap och kontinuitet", &["krisberedskap"]),
    ty(D::Gen, Info, "Covid-19: läget i verksamheterna", "läget i verksamheterna med anledning av covid-19", &["covid-19"], 2020, 2022),
    t(D::Gen, Dec, "Upphandling av städtjänster", "upphandlingen av städtjänster", &["upphandling"]),
    t(D::Gen, Dec, "Taxor och avgifter för {YN}", "taxor och avgifter för {YN}", &["taxor"]),
    t(D::Gen, Dec, "Klimatplan för verksamheten", "klimatplanen för verksamheten", &["klimat"]),
    t(D::Gen, Dec, "Remissvar om regional utvecklingsstrategi", "remissvaret om den regionala utvecklingsstrategin", &["remiss"]),
    t(D::Gen, Pol, "Medborgarförslag om utegym i {PL}", "ett utegym i {PL}", &["medborgarförslag", "idrott"]),
    t(D::Gen, Pol, "Medborgarförslag om belysning längs gång- och cykelvägen i {PL}", "belysningen längs gång- och cykelvägen i {PL}", &["medborgarförslag", "trafik"]),
    t(D::Gen, Pol, "Motion från {PARTY} om fler mötesplatser för äldre", "fler mötesplatser för äldre", &["motion", "äldreomsorg"]),
    t(D::Gen, Pol, "Motion från {PARTY} om lokalproducerad mat i offentliga kök", "lokalproducerad mat i de offentliga köken", &["motion", "måltider"]),
    t(D::Gen, Dec, "Revisionsrapport om styrning och uppföljning", "revisionens granskning av styrning och uppföljning", &["revision"]),
    t(D::Gen, Dec, "Svar på granskning av intern kontroll", "svaret på revisionens granskning", &["revision", "internkontroll"]),
    t(D::Gen, Info, "Uppföljning av avtalstrohet", "avtalstroheten vid inköp", &["upphandling"]),
    t(D::Gen, Dec, "Lokalförsörjningsplan {YN}–{YN3}", "lokalförsörjningsplanen för de kommande åren", &["lokaler"]),
    t(D::Gen, Info, "Information om kommunens arbete med Agenda 2030", "kommunens arbete med Agenda 2030", &["hållbarhet"]),
    t(D::Gen, Dec, "Delegationsordning, revidering", "den reviderade delegationsordningen", &[]),
    t(D::Gen, Info, "Rapport om synpunkter och klagomål {YP}", "inkomna synpunkter och klagomål", &["kvalitet"]),
    t(D::Gen, Dec, "Mål och nyckeltal för {YN}", "målen och nyckeltalen för {YN}", &["budget"]),
    t(D::Gen, Info, "Arbetet med heltid som norm", "arbetet med heltid som norm", &["personal"]),
    // Kommunfullmäktige
    t(D::Kf, Pol, "Budget {YN} och flerårsplan {YN2}–{YN3}", "budgeten för {YN}", &["budget"]),
    t(D::Kf, Pol, "Skattesats för {YN}", "skattesatsen för {YN}", &["budget", "skatt"]),
    t(D::Kf, Dec, "Årsredovisning {YP} för Åsby kommun", "årsredovisningen för {YP}", &["budget"]),
    t(D::Kf, Dec, "Ansvarsfrihet för kommunstyrelsen {YP}", "ansvarsfriheten för kommunstyrelsen", &["revision"]),
    t(D::Kf, Dec, "Ansvarsfrihet för nämnderna {YP}", "ansvarsfriheten för nämnderna", &["revision"]),
    t(D::Kf, Info, "Interpellation om tryggheten i centrala Åsby", "tryggheten i centrala Åsby", &["trygghet", "interpellation"]),
    t(D::Kf, Info, "Interpellation om väntetiderna till förskolan", "väntetiderna till förskolan", &["förskola", "interpellation"]),
    t(D::Kf, Info, "Enkel fråga om skolskjutsarna i {PL}", "skolskjutsarna i {PL}", &["skola"]),
    t(D::Kf, Dec, "Val av nämndemän", "valet av nämndemän", &["val"]),
    t(D::Kf, Dec, "Avsägelser och fyllnadsval", "avsägelserna och fyllnadsvalen", &["val"]),
    t(D::Kf, Pol, "Översiktsplan för Åsby kommun", "översiktsplanen för kommunen", &["översiktsplan", "bostäder"]),
    t(D::Kf, Dec, "Renhållningsordning", "den nya renhållningsordningen", &["avfall"]),
    t(D::Kf, Pol, "Bostadsförsörjningsprogram {Y}–{YN3}", "bostadsförsörjningsprogrammet", &["bostäder"]),
    t(D::Kf, Pol, "Arvodesreglemente för förtroendevalda", "arvodesreglementet för förtroendevalda", &["arvoden"]),
    t(D::Kf, Dec, "Revisorernas budget för {YN}", "revisorernas budget för {YN}", &["revision", "budget"]),
    t(D::Kf, Pol, "Motion från {PARTY} om kameraövervakning i centrala Åsby", "kameraövervakning i centrala Åsby", &["motion", "kameraövervakning", "trygghet"]),
    t(D::Kf, Pol, "Motion från {PARTY} om gratis kollektivtrafik för pensionärer", "gratis kollektivtrafik för pensionärer", &["motion", "kollektivtrafik"]),
    t(D::Kf, Pol, "Motion från {PARTY} om solceller på kommunens fastigheter", "solceller på kommunens fastigheter", &["motion", "klimat"]),
    t(D::Kf, Dec, "Reglemente för kommunstyrelsen och nämnderna", "reglementet för kommunstyrelsen och nämnderna", &["reglemente"]),
    t(D::Kf, Dec, "Borgensram för Åsbyhem AB", "borgensramen för Åsbyhem AB", &["bolag", "budget"]),
    t(D::Kf, Dec, "Redovisning av obesvarade motioner", "redovisningen av obesvarade motioner", &["motion"]),
    // Kommunstyrelsen and its arbetsutskott
    t(D::Ks, Info, "Kommunstyrelsens ekonomiska rapport per den 31 {MONL}", "kommunens ekonomiska läge per {MONL}", &["budget"]),
    t(D::Ks, Pol, "Näringslivsstrategi för Åsby kommun", "näringslivsstrategin", &["näringsliv"]),
    t(D::Ks, Dec, "Markanvisning för bostäder i {PL}", "markanvisningen för bostäder i {PL}", &["bostäder", "mark"]),
    t(D::Ks, Dec, "Försäljning av fastigheten {PL} {N1}:{N2}", "försäljningen av fastigheten {PL} {N1}:{N2}", &["mark"]),
    t(D::Ks, Dec, "Köp av mark i {PL}", "markköpet i {PL}", &["mark"]),
    t(D::Ks, Pol, "Bredbandsutbyggnad på landsbygden", "bredbandsutbyggnaden på landsbygden", &["bredband", "landsbygd"]),
    t(D::Ks, Dec, "Trafikförsörjningsprogram för kollektivtrafiken", "trafikförsörjningsprogrammet", &["kollektivtrafik"]),
    t(D::Ks, Pol, "Kameraövervakning vid resecentrum i {PL}", "kameraövervakningen vid resecentrum i {PL}", &["kameraövervakning", "trygghet"]),
    t(D::Ks, Info, "Lönekartläggning {Y}", "årets lönekartläggning", &["personal"]),
    t(D::Ks, Dec, "Riktlinjer för representation och gåvor", "riktlinjerna för representation och gåvor", &[]),
    t(D::Ks, Dec, "Ägardirektiv för de kommunala bolagen", "ägardirektiven för de kommunala bolagen", &["bolag"]),
    t(D::Ks, Secret(SAKERHET), "Säkerhetsskyddsanalys", "säkerhetsskyddsanalysen", &["säkerhet"]),
    t(D::Ks, Secret(AFFAR), "Tilldelningsbeslut i upphandling av skolskjuts", "tilldelningen i upphandlingen av skolskjuts", &["upphandling"]),
    t(D::Ks, Secret(PERSONAL), "Anställning av kommundirektör", "anställningen av kommundirektör", &["personal"]),
    t(D::Ks, Pol, "Investeringsbudget {YN}", "investeringsbudgeten för {YN}", &["budget"]),
    t(D::Ks, Dec, "Informationssäkerhetspolicy", "informationssäkerhetspolicyn", &["informationssäkerhet"]),
    t(D::Ks, Dec, "Trygghets- och säkerhetspolicy", "trygghets- och säkerhetspolicyn", &["trygghet", "krisberedskap"]),
    t(D::Ks, Info, "Befolkningsprognos {YN}–{YN3}", "befolkningsprognosen", &["befolkning"]),
    t(D::Ks, Dec, "Bidrag till föreningen Åsby Centrumutveckling", "bidraget till centrumutvecklingen", &["näringsliv"]),
    // Barn och utbildning
    t(D::Bun, Secret(SKOLA_OSL), "Skolplacering, enskilt ärende", "skolplaceringen", &["skola"]),
    t(D::Bun, Secret(SKOLA_OSL), "Avstängning av elev", "avstängningen av en elev", &["skola"]),
    t(D::Bun, Info, "Elevhälsans verksamhet", "elevhälsans verksamhet", &["skola", "elevhälsa"]),
    t(D::Bun, Dec, "Kvalitetsrapport för grundskolan {YP}", "kvalitetsrapporten för grundskolan", &["skola", "kvalitet"]),
    t(D::Bun, Pol, "Resursfördelning till förskola och grundskola {YN}", "resursfördelningen till förskola och grundskola", &["budget", "skola", "förskola"]),
    t(D::Bun, Pol, "Ny förskola i {PL}", "den nya förskolan i {PL}", &["förskola", "lokaler"]),
    t(D::Bun, Dec, "Riktlinjer för skolskjuts", "riktlinjerna för skolskjuts", &["skola", "skolskjuts"]),
    t(D::Bun, Info, "Betygsresultat våren {Y}", "betygsresultaten från våren", &["skola"]),
    t(D::Bun, Info, "Anmälningar om kränkande behandling", "anmälningarna om kränkande behandling", &["skola", "trygghet"]),
    t(D::Bun, Dec, "Tillsyn av fristående förskola i {PL}", "tillsynen av den fristående förskolan i {PL}", &["förskola", "tillsyn"]),
    t(D::Bun, Dec, "Gymnasieskolans programutbud {YN}", "gymnasieskolans programutbud", &["gymnasieskola"]),
    t(D::Bun, Info, "Modersmålsundervisning", "modersmålsundervisningen", &["skola", "integration"]),
    t(D::Bun, Dec, "Gemensamt förhållningssätt till kameraövervakning på skolor och förskolor", "kameraövervakningen på skolor och förskolor", &["kameraövervakning", "skola"]),
    t(D::Bun, Info, "Fritidshemmens verksamhet", "fritidshemmens verksamhet", &["skola"]),
    t(D::Bun, Pol, "Skolorganisation i {PL}", "skolorganisationen i {PL}", &["skola"]),
    t(D::Bun, Info, "Statistik om frånvaro i grundskolan", "frånvaron i grundskolan", &["skola"]),
    t(D::Bun, Dec, "Läsårstider {Y}/{YN}", "läsårstiderna", &["skola"]),
    // Social, vård och omsorg
    t(D::Soc, Secret(SOL), "Ärende enligt socialtjänstlagen", "ärendet enligt socialtjänstlagen", &["socialtjänst"]),
    t(D::Soc, Secret(SOL), "Ärende enligt lagen med särskilda bestämmelser om vård av unga", "ärendet om vård av unga", &["socialtjänst", "barn och unga"]),
    t(D::Soc, Secret(SOL), "Anmälan enligt lex Sarah", "anmälan enligt lex Sarah", &["socialtjänst", "kvalitet"]),
    t(D::Soc, Info, "Försörjningsstöd, uppföljning", "försörjningsstödet", &["försörjningsstöd"]),
    t(D::Soc, Info, "Placeringar av barn och unga, kostnadsutveckling", "kostnaderna för placeringar av barn och unga", &["barn och unga", "budget"]),
    t(D::Soc, Info, "Hemtjänstens kvalitet", "hemtjänstens kvalitet", &["äldreomsorg", "hemtjänst"]),
    t(D::Soc, Pol, "Särskilt boende i {PL}", "det särskilda boendet i {PL}", &["äldreomsorg"]),
    t(D::Soc, Dec, "Rapportering av ej verkställda beslut", "rapporteringen av ej verkställda beslut", &["socialtjänst"]),
    t(D::Soc, Dec, "Patientsäkerhetsberättelse {YP}", "patientsäkerhetsberättelsen", &["hälso- och sjukvård"]),
    t(D::Soc, Dec, "Värdighetsgarantier inom äldreomsorgen", "värdighetsgarantierna inom äldreomsorgen", &["äldreomsorg"]),
    t(D::Soc, Dec, "Riktlinjer för handläggning enligt LSS", "riktlinjerna för handläggning enligt LSS", &["funktionsnedsättning"]),
    t(D::Soc, Dec, "Handlingsplan mot våld i nära relationer", "handlingsplanen mot våld i nära relationer", &["trygghet", "socialtjänst"]),
    ty(D::Soc, Info, "Vaccination mot covid-19 inom äldreomsorgen", "vaccinationen mot covid-19 inom äldreomsorgen", &["covid-19", "äldreomsorg"], 2021, 2022),
    t(D::Soc, Pol, "Trygghetsboende i {PL}", "trygghetsboendet i {PL}", &["äldreomsorg", "bostäder"]),
    t(D::Soc, Info, "Bemanning inom hemtjänsten under sommaren", "bemanningen inom hemtjänsten", &["hemtjänst", "personal"]),
    // Kultur och fritid
    t(D::Kultur, Dec, "Kulturpris {Y}", "kulturpriset för {Y}", &["kultur"]),
    t(D::Kultur, Dec, "Föreningsbidrag {YN}", "föreningsbidragen för {YN}", &["föreningsliv"]),
    t(D::Kultur, Dec, "Biblioteksplan {YN}–{YN3}", "biblioteksplanen", &["bibliotek"]),
    t(D::Kultur, Pol, "Renovering av simhallen i {PL}", "renoveringen av simhallen i {PL}", &["idrott", "lokaler"]),
    t(D::Kultur, Dec, "Konstnärlig gestaltning av torget i {PL}", "den konstnärliga gestaltningen av torget i {PL}", &["kultur"]),
    t(D::Kultur, Info, "Sommarlovsaktiviteter {Y}", "sommarlovsaktiviteterna", &["ungdom"]),
    t(D::Kultur, Info, "Fritidsgården i {PL}", "fritidsgården i {PL}", &["ungdom"]),
    t(D::Kultur, Dec, "Taxor för idrottsanläggningar {YN}", "taxorna för idrottsanläggningar", &["idrott", "taxor"]),
    t(D::Kultur, Dec, "Kulturstipendium {Y}", "kulturstipendiet", &["kultur"]),
    t(D::Kultur, Info, "Kulturskolans verksamhet", "kulturskolans verksamhet", &["kultur", "ungdom"]),
    // Miljö, bygg, teknik
    t(D::Bygg, Dec, "Detaljplan för {PL} {N1}:{N2}", "detaljplanen för {PL} {N1}:{N2}", &["detaljplan"]),
    t(D::Bygg, Dec, "Bygglov för flerbostadshus på {PL} {N1}:{N2}", "bygglovet för flerbostadshus på {PL} {N1}:{N2}", &["bygglov", "bostäder"]),
    t(D::Bygg, Dec, "Strandskyddsdispens för {PL} {N2}:{N1}", "strandskyddsdispensen för {PL} {N2}:{N1}", &["strandskydd"]),
    t(D::Bygg, Dec, "Föreläggande om åtgärder på {PL} {N1}:{N2}", "föreläggandet på {PL} {N1}:{N2}", &["tillsyn"]),
    t(D::Bygg, Dec, "Tillsynsplan enligt miljöbalken {YN}", "tillsynsplanen enligt miljöbalken", &["miljö", "tillsyn"]),
    t(D::Bygg, Info, "Livsmedelskontroll, uppföljning", "livsmedelskontrollen", &["livsmedel"]),
    t(D::Bygg, Pol, "Plan för vatten och avlopp", "planen för vatten och avlopp", &["vatten och avlopp"]),
    t(D::Bygg, Dec, "Gatubelysning i {PL}", "gatubelysningen i {PL}", &["trafik"]),
    t(D::Bygg, Dec, "Trafiksäkerhetsåtgärder i {PL}", "trafiksäkerhetsåtgärderna i {PL}", &["trafik"]),
    t(D::Bygg, Info, "Vinterväghållningen", "vinterväghållningen", &["trafik"]),
    t(D::Bygg, Pol, "Renovering av skolan i {PL}", "renoveringen av skolan i {PL}", &["lokaler", "skola"]),
    t(D::Bygg, Dec, "Avfallsplan {YN}–{YN3}", "avfallsplanen", &["avfall"]),
    t(D::Bygg, Dec, "Dagvattenstrategi", "dagvattenstrategin", &["vatten och avlopp", "klimat"]),
    t(D::Bygg, Pol, "Cykelplan för Åsby kommun", "cykelplanen", &["trafik", "klimat"]),
    t(D::Bygg, Dec, "Sanktionsavgift för olovligt byggande på {PL} {N1}:{N2}", "sanktionsavgiften för olovligt byggande på {PL} {N1}:{N2}", &["bygglov", "tillsyn"]),
    // Val och överförmyndare
    t(D::Val, Dec, "Valdistrikt och vallokaler", "valdistrikten och vallokalerna", &["val"]),
    t(D::Val, Dec, "Rekrytering och utbildning av röstmottagare", "rekryteringen av röstmottagare", &["val"]),
    t(D::Val, Dec, "Förtidsröstning, lokaler och öppettider", "förtidsröstningens lokaler och öppettider", &["val"]),
    t(D::Val, Info, "Uppföljning av det senaste valet", "uppföljningen av det senaste valet", &["val"]),
    t(D::Val, Info, "Tillgänglighet i vallokalerna", "tillgängligheten i vallokalerna", &["val", "tillgänglighet"]),
    t(D::Ofn, Secret(OFN_OSL), "Ärende om godmanskap", "ärendet om godmanskap", &["överförmyndare"]),
    t(D::Ofn, Secret(OFN_OSL), "Ärende om förvaltarskap", "ärendet om förvaltarskap", &["överförmyndare"]),
    t(D::Ofn, Info, "Granskning av årsräkningar {YP}", "granskningen av årsräkningarna", &["överförmyndare"]),
    t(D::Ofn, Dec, "Rekrytering av gode män", "rekryteringen av gode män", &["överförmyndare"]),
    t(D::Ofn, Info, "Utbildning för ställföreträdare", "utbildningen för ställföreträdare", &["överförmyndare"]),
    // Councils: shared
    t(D::Rad, Info, "Information från kommunen", "aktuella frågor från kommunen", &[]),
    t(D::Rad, Dec, "Rådets verksamhetsplan för {YN}", "rådets verksamhetsplan för {YN}", &[]),
    t(D::Rad, Info, "Budget {YN}, information", "budgeten för {YN}", &["budget"]),
    t(D::Rad, Dec, "Remiss om översiktsplanen", "remissen om översiktsplanen", &["översiktsplan", "remiss"]),
    t(D::Rad, Info, "Aktuellt från förvaltningarna", "aktuella frågor från förvaltningarna", &[]),
    t(D::Rad, Dec, "Rådets arbetsformer", "rådets arbetsformer", &[]),
    t(D::Rad, Info, "Rundabordssamtal med rådets organisationer", "organisationernas aktuella frågor", &[]),
    // Trygghet
    t(D::Trygg, Info, "Nulägesstatus", "nulägesstatus från polisen och räddningstjänsten", &["trygghet"]),
    t(D::Trygg, Info, "Trygghetsundersökningen {Y}", "trygghetsundersökningen", &["trygghet"]),
    t(D::Trygg, Info, "Informationsutbyte mellan kommun och myndigheter", "informationsutbytet mellan kommunen och myndigheterna", &["trygghet", "samverkan"]),
    t(D::Trygg, Info, "Effektiv samordning för trygghet (EST)", "arbetet med effektiv samordning för trygghet", &["trygghet", "samverkan"]),
    t(D::Trygg, Info, "Brottsförebyggande arbete i {PL}", "det brottsförebyggande arbetet i {PL}", &["brottsförebyggande", "trygghet"]),
    t(D::Trygg, Info, "Trygghetsvandring i {PL}", "trygghetsvandringen i {PL}", &["trygghet"]),
    t(D::Trygg, Info, "Social oro och bilbränder", "den sociala oron och bilbränderna", &["trygghet"]),
    t(D::Trygg, Info, "Lägesbild inför sommaren", "lägesbilden inför sommaren", &["trygghet"]),
    t(D::Trygg, Info, "Kameraövervakning vid skolor och förskolor", "kameraövervakning vid skolor och förskolor", &["kameraövervakning", "skola"]),
    t(D::Trygg, Info, "Krisberedskap och civilt försvar", "krisberedskapen och det civila försvaret", &["krisberedskap"]),
    ty(D::Trygg, Info, "Covid-19: konsekvenser för brottsutvecklingen", "pandemins konsekvenser för brottsutvecklingen", &["covid-19", "trygghet"], 2020, 2022),
    t(D::Trygg, Info, "Områdesdagar och dialogmöten", "områdesdagarna och dialogmötena", &["trygghet", "dialog"]),
    // Pensionärer
    t(D::Pens, Info, "Äldreomsorgens kvalitet", "kvaliteten i äldreomsorgen", &["äldreomsorg"]),
    t(D::Pens, Info, "Färdtjänst och kollektivtrafik", "färdtjänsten och kollektivtrafiken", &["färdtjänst", "kollektivtrafik"]),
    t(D::Pens, Info, "Måltider inom äldreomsorgen", "måltiderna inom äldreomsorgen", &["äldreomsorg", "måltider"]),
    ty(D::Pens, Info, "Digital delaktighet för äldre", "den digitala delaktigheten för äldre", &["digitalisering", "äldreomsorg"], 2012, 9999),
    t(D::Pens, Info, "Fallprevention", "det fallförebyggande arbetet", &["folkhälsa", "äldreomsorg"]),
    t(D::Pens, Info, "Trygghetsboenden i kommunen", "trygghetsboendena i kommunen", &["äldreomsorg", "bostäder"]),
    // Funktionshinder
    t(D::Funk, Info, "Tillgänglighet i offentliga lokaler", "tillgängligheten i offentliga lokaler", &["tillgänglighet"]),
    t(D::Funk, Info, "Daglig verksamhet", "den dagliga verksamheten", &["funktionsnedsättning"]),
    ty(D::Funk, Info, "Tillgänglighet på kommunens webbplats", "tillgängligheten på kommunens webbplats", &["tillgänglighet", "digitalisering"], 2018, 9999),
    t(D::Funk, Info, "Lekplatser för alla", "tillgängliga lekplatser", &["tillgänglighet"]),
    t(D::Funk, Info, "Bostäder med särskild service", "bostäderna med särskild service", &["funktionsnedsättning", "bostäder"]),
    // Folkhälsa
    t(D::Folkh, Dec, "Folkhälsopolitiskt program", "det folkhälsopolitiska programmet", &["folkhälsa"]),
    t(D::Folkh, Info, "Psykisk hälsa bland unga", "den psykiska hälsan bland unga", &["folkhälsa", "ungdom"]),
    t(D::Folkh, Info, "Fysisk aktivitet på recept", "fysisk aktivitet på recept", &["folkhälsa"]),
    t(D::Folkh, Info, "Strategi för alkohol, narkotika, doping och tobak", "strategin för alkohol, narkotika, doping och tobak", &["folkhälsa"]),
    t(D::Folkh, Info, "Liv och hälsa ung {Y}", "undersökningen Liv och hälsa ung", &["folkhälsa", "ungdom"]),
    // Unga
    t(D::Ung, Info, "Ungdomsenkäten {Y}", "ungdomsenkäten", &["ungdom"]),
    t(D::Ung, Info, "Mötesplatser för unga i {PL}", "mötesplatserna för unga i {PL}", &["ungdom"]),
    t(D::Ung, Info, "Sommarjobb för ungdomar {Y}", "sommarjobben för ungdomar", &["ungdom", "arbetsmarknad"]),
    t(D::Ung, Info, "Ungdomsinflytande i kommunen", "ungdomsinflytandet i kommunen", &["ungdom", "demokrati"]),
    // Näringsliv
    t(D::Naring, Info, "Företagsklimatet i kommunen", "företagsklimatet", &["näringsliv"]),
    t(D::Naring, Info, "Etablering av företag i {PL}", "företagsetableringarna i {PL}", &["näringsliv"]),
    t(D::Naring, Info, "Kompetensförsörjning", "kompetensförsörjningen i det lokala näringslivet", &["näringsliv", "arbetsmarknad"]),
    t(D::Naring, Info, "Upphandling och lokala företag", "upphandlingarna och de lokala företagen", &["upphandling", "näringsliv"]),
    // Integration och arbetsmarknad
    t(D::Integ, Info, "Mottagande av nyanlända {Y}", "mottagandet av nyanlända", &["integration"]),
    t(D::Integ, Info, "Svenska för invandrare", "utbildningen i svenska för invandrare", &["integration", "vuxenutbildning"]),
    t(D::Integ, Info, "Samhällsorientering", "samhällsorienteringen", &["integration"]),
    t(D::Integ, Dec, "Arbetsmarknadsinsatser för unga vuxna", "arbetsmarknadsinsatserna för unga vuxna", &["arbetsmarknad"]),
    t(D::Integ, Info, "Feriearbete sommaren {Y}", "feriearbetet", &["arbetsmarknad", "ungdom"]),
    ty(D::Integ, Info, "Boende för ensamkommande barn", "boendet för ensamkommande barn", &["integration", "barn och unga"], 2014, 2018),
    // Landsbygd
    t(D::Lands, Info, "Bredband på landsbygden", "bredbandet på landsbygden", &["bredband", "landsbygd"]),
    t(D::Lands, Dec, "Landsbygdsstrategi", "landsbygdsstrategin", &["landsbygd"]),
    t(D::Lands, Info, "Service i de mindre orterna", "servicen i de mindre orterna", &["landsbygd"]),
    t(D::Lands, Info, "Lokal utvecklingsplan för {PL}", "den lokala utvecklingsplanen för {PL}", &["landsbygd"]),
    t(D::Lands, Info, "Kollektivtrafik på landsbygden", "kollektivtrafiken på landsbygden", &["kollektivtrafik", "landsbygd"]),
];

/// Sub-items of "Övriga frågor" in a council.
const OTHER_ITEMS: &[&str] = &[
    "Effektiv samordning för trygghet",
    "Områdesdagar och dialogmöten",
    "Information från polisen",
    "Inbjudan till regional konferens",
    "Kommande utbildningsdag",
    "Nya representanter i rådet",
    "Rapport från länsnätverket",
    "Synpunkter från invånare i {PL}",
    "Planering av temadag",
    "Ändrad mötestid",
];

// ---------------------------------------------------------------------------------------
// Phrase banks. Placeholders in braces; see `Writer::fill`.

const INFO: &[&str] = &[
    "{O} redogör för arbetet med {S} och för de åtgärder som har vidtagits sedan föregående sammanträde.",
    "{P} informerar om nuläget när det gäller {S}.",
    "Av redovisningen framgår att arbetet med {S} i huvudsak följer den tidsplan som tidigare har presenterats.",
    "Ledamöterna ställer frågor om hur {S} påverkar verksamheterna i {PL2} och får svar av förvaltningen.",
    "Förvaltningen bedömer att kostnaderna för {S} ryms inom befintlig budgetram för {Y}.",
    "Under dialogen lyfts behovet av en tydligare samordning mellan förvaltningarna i frågor som rör {S}.",
    "Antalet ärenden har enligt redovisningen ökat med ungefär {PCT} procent jämfört med motsvarande period {YP}.",
    "En fördjupad uppföljning av {S} ska redovisas för {B} under {MON} {YN}.",
    "{P} understryker att arbetet bygger på ett nära samarbete med civilsamhället och med det lokala näringslivet.",
    "Ordföranden tackar för dragningen och konstaterar att frågan kommer att följas upp vid ett kommande sammanträde.",
    "Redovisningen visar att verksamheten under året har haft svårt att rekrytera personal med rätt kompetens, särskilt i de mindre orterna.",
    "Förvaltningen har under våren genomfört en kartläggning av {S} som nu sammanställs i en rapport.",
    "Resultatet av kartläggningen kommer att användas som underlag inför arbetet med nästa års verksamhetsplan.",
    "Det noteras att den statliga ersättningen har minskat och att kommunen därför behöver se över finansieringen av {S}.",
    "Ledamöterna diskuterar hur invånarnas synpunkter på {S} bättre kan tas till vara i det fortsatta arbetet.",
    "{P} visar statistik som pekar på en positiv utveckling i {PL2} men en fortsatt oroande bild i de norra kommundelarna.",
    "Enligt förvaltningen har ett tjugotal medarbetare deltagit i den utbildning som genomfördes i {MONP}.",
    "Frågan om lokaler för verksamheten är ännu inte löst, och förvaltningen undersöker flera alternativ i {PL2}.",
    "Förvaltningen har haft dialog med Länsstyrelsen, som i stort delar kommunens bedömning av {S}.",
    "Arbetet med {S} har försenats något på grund av hög arbetsbelastning under hösten.",
    "Den nya rutinen har nu varit i bruk i {N} månader och har enligt förvaltningen förbättrat både rättssäkerheten och effektiviteten.",
    "Ledamöterna efterfrågar en redovisning av hur arbetet med {S} har påverkat de enskilda invånarna.",
    "Ett digitalt stöd för ärendehanteringen har införts, vilket på sikt väntas korta handläggningstiderna.",
    "{P} redogör för den senaste uppföljningen och konstaterar att målen för {Y} i huvudsak är uppfyllda.",
    "Kostnadsutvecklingen ligger för närvarande cirka {MKR} miljoner kronor över den budgeterade nivån.",
    "Förvaltningen föreslår att en arbetsgrupp med representanter från berörda verksamheter tillsätts för att se över {S}.",
    "Det framkommer att flera andra kommuner i regionen har valt liknande lösningar och att erfarenheterna där är goda.",
    "Vid sammanträdet visas en kortare film som beskriver hur verksamheten i {PL2} arbetar i vardagen.",
    "Ledamöterna framhåller vikten av att informationen om {S} når ut till alla berörda på ett begripligt sätt.",
    "Förvaltningen kommer att återkomma med ett förslag till åtgärder när analysen är klar.",
    "Av den årliga enkäten framgår att {PCT2} procent av de svarande är nöjda eller mycket nöjda med verksamheten.",
    "Det konstateras att samverkan med regionen kring {S} har fungerat väl under året.",
    "{P} påminner om att beslut i ärendet måste fattas senast i {MONF} för att tidsplanen ska kunna hållas.",
    "Ledamöterna uppmärksammar att underlaget saknar en konsekvensanalys ur ett barnperspektiv.",
    "Förvaltningen tar med sig synpunkterna i det fortsatta arbetet med {S}.",
    "Under året har {N} nya ärenden kommit in, varav merparten rör verksamheten i centralorten.",
    "Det finns enligt förvaltningen ett behov av att uppdatera riktlinjerna så att de stämmer överens med ny lagstiftning.",
    "Den externa granskningen visar att det finns förbättringsområden när det gäller dokumentation och uppföljning.",
    "Projektet finansieras delvis med medel från Europeiska socialfonden och pågår till och med {YN}.",
    "{P} beskriver hur verksamheten har anpassats efter de nya förutsättningarna och vilka erfarenheter som har gjorts.",
    "Flera ledamöter lyfter att frågan om {S} berör många invånare och bör ges hög prioritet.",
    "Förvaltningen konstaterar att tidsplanen för {S} är ambitiös men genomförbar.",
    "Ett informationsmöte för allmänheten planeras i {PL2} under {MONF}.",
    "Förvaltningen arbetar vidare med att ta fram nyckeltal som gör det möjligt att jämföra resultaten över tid.",
    "I redovisningen ingår även en jämförelse med kommuner av liknande storlek, där kommunen ligger nära genomsnittet.",
    "Ledamöterna noterar att sjukfrånvaron har minskat något men fortfarande är högre än i övriga verksamheter.",
    "Det framgår att investeringen i {PL2} beräknas bli klar under {YN} om inga oförutsedda hinder uppstår.",
    "Förvaltningen har tagit emot synpunkter från pensionärsorganisationerna och från brukarrådet.",
    "{P} framhåller att arbetet med {S} är långsiktigt och att resultaten kommer att synas först om några år.",
    "Ordföranden föreslår att frågan tas upp på nytt när förvaltningen har kompletterat underlaget.",
    "Ledamöterna ges möjlighet att lämna skriftliga synpunkter på {S} till förvaltningen inom två veckor.",
    "De ekonomiska konsekvenserna av förslaget bedöms som begränsade.",
    "Förvaltningen har sett en ökad efterfrågan på verksamhetens tjänster sedan början av {Y}.",
    "Det informeras om att en ny enhetschef har anställts och tillträder sin tjänst i {MONF}.",
    "En enkät riktad till medarbetarna visar att arbetsmiljön upplevs som god men att arbetsbelastningen är hög.",
    "Förvaltningen bedömer att det finns goda förutsättningar att nå målen, under förutsättning att bemanningen kan säkras.",
    "Ledamöterna diskuterar risken för undanträngningseffekter om kostnaderna för {S} fortsätter att öka.",
    "{P} svarar på frågor om hur uppföljningen av {S} ska gå till.",
    "I dagsläget står {N} personer i kö till verksamheten.",
    "Förvaltningen avser att söka statsbidrag för att kunna utöka insatserna under {YN}.",
    "Uppdraget har samordnats med det pågående arbetet med kommunens översiktsplan.",
    "Ledamöterna välkomnar redovisningen och ser fram emot fortsatt information om {S}.",
    "Det konstateras att lokalerna i {PL2} inte längre motsvarar verksamhetens behov.",
    "Förvaltningen kommer att genomföra en riskanalys innan arbetet går vidare.",
    "Resultaten kommer att presenteras för de fackliga organisationerna vid nästa samverkansmöte.",
    "{P} redovisar hur medlen för {S} har fördelats mellan verksamheterna under {Y}.",
    "Ett par ledamöter efterlyser tydligare mål och mätbara indikatorer för {S}.",
    "Förvaltningen har inlett ett samarbete med högskolan för att följa upp effekterna av arbetet.",
    "Det noteras att antalet anmälningar under sommaren var lägre än förväntat.",
    "Förvaltningen bedömer att den nuvarande organisationen räcker för att hantera {S} under de närmaste åren.",
    "Ledamöterna diskuterar hur kommunens kommunikation kring {S} kan förbättras i sociala medier och på webbplatsen.",
    "Förvaltningen har påbörjat en översyn av de avtal som berör verksamheten.",
    "Det framgår att samtliga enheter har lämnat in sina handlingsplaner i tid.",
    "Förvaltningen har tagit fram en kommunikationsplan som beskriver hur invånarna ska informeras om {S}.",
    "Utvärderingen visar att insatserna har nått fler personer än vad som ursprungligen planerades.",
    "{P} lyfter att tillgängligheten för personer med funktionsnedsättning har beaktats i arbetet.",
    "Under våren hölls dialogmöten i {PL2} och i {PL3}, där ett sextiotal invånare deltog.",
    "Förvaltningen kommer att redovisa en tidsplan för det fortsatta arbetet vid nästa sammanträde.",
    "Ledamöterna konstaterar att frågan om {S} har diskuterats vid flera tidigare sammanträden.",
    "Det informeras om att arbetet med {S} kommer att utvärderas av en extern konsult under {YN}.",
    "Förvaltningen beskriver hur arbetet med {S} har organiserats och vem som ansvarar för de olika delarna.",
    "Det framhålls att verksamheten i {PL2} har fått mycket positiv respons från besökarna.",
    "En ledamot frågar om invånarna i {PL2} har informerats, vilket förvaltningen bekräftar.",
    "Förvaltningen redogör för vilka lagkrav som styr arbetet med {S} och hur kommunen uppfyller dem.",
    "Ordföranden konstaterar att redovisningen ger en god bild av läget.",
    "{P} informerar om att en uppföljande enkät kommer att skickas ut efter sommaren.",
];

const COUNCIL: &[&str] = &[
    "Rådets ledamöter diskuterar {S} och hur de olika organisationerna kan bidra i arbetet.",
    "Representanter för {EXT} lyfter att frågan om {S} är angelägen för deras medlemmar.",
    "Rådet konstaterar att det finns en samsyn kring behovet av att gå vidare med {S}.",
    "{EXT} berättar om erfarenheter från den egna verksamheten och om vad som har fungerat väl.",
    "Rådets ledamöter efterfrågar mer information om {S} inför nästa sammanträde.",
    "Det framkommer att flera organisationer har fått frågor från invånare om {S}.",
    "Rådets ledamöter betonar vikten av att rådet får information i ett tidigt skede när frågor som rör {S} bereds.",
    "{EXT} framhåller att samverkan med kommunen har blivit bättre under de senaste åren.",
    "Rådet tar del av informationen och tackar för en givande dragning.",
    "Frågan om {S} kommer att tas upp på nytt när kommunen har fattat beslut i ärendet.",
    "Rådets ledamöter lyfter behovet av fler mötesplatser i {PL2}.",
    "Flera ledamöter vittnar om att informationen från kommunen inte alltid når ut till de grupper som berörs mest.",
    "{EXT} erbjuder sig att sprida information om {S} via sina egna kanaler.",
    "Rådet önskar att förvaltningen återkommer med en skriftlig redovisning av hur synpunkterna har tagits om hand.",
    "Det konstateras att frågan spänner över flera förvaltningar och att ett gemensamt förhållningssätt behövs.",
    "Representanter för {EXT} understryker att deras webbplats uppdateras löpande med aktuell information.",
    "Rådets ledamöter diskuterar hur ungdomar och äldre kan involveras i arbetet med {S}.",
    "{P} noterar synpunkterna och tar med dem till förvaltningens ledningsgrupp.",
    "Rådet ser positivt på att arbetet med {S} nu har kommit i gång.",
    "Det lyfts att frågan bör behandlas i samråd med de lokala föreningarna i {PL2}.",
    "{EXT} beskriver hur organisationen har arbetat med frågan under året och vilka resultat som har nåtts.",
    "Rådets ledamöter ser ett behov av bättre samordning mellan kommunen och myndigheterna i frågor om {S}.",
];

const BACKGROUND: &[&str] = &[
    "{O} har på uppdrag av {B} tagit fram ett förslag till {S}.",
    "Ärendet har beretts av förvaltningen i samråd med ekonomiavdelningen.",
    "Förslaget har remitterats till berörda förvaltningar och bolag, och inkomna synpunkter har i huvudsak beaktats.",
    "Enligt tjänsteskrivelsen daterad den {DATEP} ger förslaget bättre förutsättningar för en likvärdig verksamhet i hela kommunen.",
    "Bakgrunden till ärendet är att de nuvarande riktlinjerna antogs för flera år sedan och inte längre motsvarar gällande lagstiftning.",
    "Förslaget innebär en kostnadsökning om cirka {TKR} tusen kronor per år, som föreslås finansieras inom befintlig ram.",
    "{O} föreslår att {B} godkänner förslaget till {S}.",
    "Förvaltningen har i sin beredning särskilt beaktat barnets bästa och konsekvenserna för invånare med funktionsnedsättning.",
    "Samråd har skett med de fackliga organisationerna enligt gällande samverkansavtal.",
    "Förvaltningen bedömer att förslaget är förenligt med kommunens vision och med de mål som fullmäktige har fastställt.",
    "Ekonomiavdelningen har granskat förslaget och har inget att invända.",
    "Förslaget har tagits fram efter dialog med berörda verksamheter och med de lokala föreningarna.",
    "Investeringen beräknas uppgå till {MKR} miljoner kronor och finns med i investeringsplanen för {YN}.",
    "En risk- och konsekvensanalys har genomförts och redovisas i en bilaga till tjänsteskrivelsen.",
    "Förvaltningens bedömning är att förslaget ger en tydligare ansvarsfördelning och en effektivare handläggning.",
    "Av utredningen framgår att tre alternativ har prövats, och att det föreslagna alternativet ger lägst driftkostnad över tid.",
    "Ärendet har tidigare behandlats den {DATEP}, då det återremitterades för komplettering.",
    "Kompletteringen omfattar bland annat en redovisning av hur {S} påverkar verksamheten i {PL2}.",
    "Förslaget har stämts av med kommunens jurist, som bedömer att det är förenligt med kommunallagen.",
    "Förvaltningen föreslår att beslutet börjar gälla från och med den 1 januari {YN}.",
    "Arbetsutskottet har behandlat ärendet och ställer sig bakom förvaltningens förslag.",
    "Underlaget har kompletterats med synpunkter från de kommunala råden.",
    "Beslutsunderlaget består av en tjänsteskrivelse daterad den {DATEP} och förslaget till {S}.",
    "Förslaget bedöms inte medföra några ökade kostnader för kommunen under innevarande år.",
    "Förvaltningen konstaterar att behovet av {S} har ökat i takt med att kommunen växer.",
    "Ett genomförande enligt förslaget innebär att verksamheten i {PL2} kan utvecklas utan att nya lokaler behöver byggas.",
    "Ärendet är brådskande eftersom det nuvarande avtalet löper ut vid årsskiftet.",
    "Förslaget har utformats i enlighet med de rekommendationer som Sveriges Kommuner och Regioner har tagit fram.",
    "Invånarna har haft möjlighet att lämna synpunkter via kommunens webbplats under fyra veckor.",
    "Sammanlagt har {N} synpunkter kommit in, och de redovisas i en samrådsredogörelse.",
    "Förvaltningen har jämfört förslaget med hur andra kommuner i länet har löst motsvarande frågor.",
    "Ärendet har föregåtts av ett dialogmöte med berörda fastighetsägare i {PL2}.",
];

/// Decisions in a matter (board). `{S}` makes each unique within a protocol.
const DECIDE: &[&str] = &[
    "{BC} beslutar att godkänna förslaget till {S}.",
    "{BC} beslutar att anta förslaget om {S} i enlighet med förvaltningens förslag.",
    "{BC} beslutar att godkänna förslaget om {S} och att uppdra åt förvaltningen att verkställa beslutet.",
    "{BC} beslutar att anta förslaget om {S} med den ändringen att beslutet ska utvärderas under {YN}.",
    "{BC} beslutar att återremittera ärendet om {S} till förvaltningen för kompletterande beredning.",
    "{BC} beslutar att godkänna förslaget om {S} och att kostnaderna ska rymmas inom befintlig budgetram.",
    "{BC} beslutar att uppdra åt förvaltningen att genomföra det som föreslås om {S} enligt redovisad tidsplan.",
    "{BC} beslutar att fastställa förslaget om {S} att gälla från och med den 1 januari {YN}.",
    "{BC} beslutar att godkänna redovisningen av {S} och att överlämna den till kommunstyrelsen.",
    "{BC} beslutar att avslå förslaget om {S} med hänvisning till förvaltningens bedömning.",
    "{BC} beslutar att bifalla förslaget om {S} och att ärendet ska följas upp i samband med delårsrapporten.",
    "{BC} beslutar att ställa sig bakom förslaget om {S} och att uppdra åt ordföranden att underteckna handlingarna.",
    "{BC} beslutar att anta förslaget om {S} och att förvaltningen ska återrapportera resultatet senast i {MON} {YN}.",
];

/// Decisions on information (board).
const NOTE: &[&str] = &[
    "{BC} beslutar att lägga informationen om {S} till handlingarna.",
    "{BC} beslutar att notera redovisningen av {S} till protokollet.",
    "{BC} beslutar att tacka för informationen om {S} och lägga den till handlingarna.",
    "{BC} beslutar att godkänna redovisningen av {S}.",
    "{BC} beslutar att lägga lägesrapporten om {S} till handlingarna och att begära en ny rapport under {YN}.",
    "{BC} har tagit del av informationen om {S} och beslutar att lägga den till handlingarna.",
];

const COUNCIL_DECIDE: &[&str] = &[
    "Rådet beslutar att ställa sig bakom förslaget om {S}.",
    "Rådet beslutar att lämna ett yttrande om {S} i enlighet med dagens diskussion.",
    "Rådet beslutar att uppdra åt sekreteraren att sammanställa rådets synpunkter på {S}.",
    "Rådet beslutar att återkomma i frågan om {S} vid nästa sammanträde.",
    "Rådet beslutar att godkänna förslaget om {S}.",
];

/// The neutral part of a confidential paragraph's text (it never reaches a public build).
const SECRET_TEXT: &[&str] = &[
    "Handlingarna i ärendet omfattas av sekretess och har inte bifogats det offentliga protokollet.",
    "{O} redogör för ärendet och för de överväganden som ligger till grund för förslaget.",
    "Ledamöterna ställer frågor och får svar av föredraganden.",
    "Underlaget delades ut vid sammanträdet och samlades in efter ärendets behandling.",
    "Den som berörs av ärendet har getts tillfälle att yttra sig.",
    "Beslutet expedieras till berörda i särskild ordning.",
    "Ärendet har beretts av förvaltningen och föredras av {P}.",
    "Ett utförligare underlag finns hos registratorn och lämnas ut efter sekretessprövning.",
    "Förvaltningens förslag har stämts av med kommunens jurist.",
    "Ordföranden påminner ledamöterna om den tystnadsplikt som gäller i ärendet.",
];

/// The opening sentence of a confidential paragraph, by legal ground: two each, so two
/// paragraphs on the same ground in one meeting do not open alike.
fn secret_opening(ground: &str, nth: usize) -> &'static str {
    let pair: [&'static str; 2] = match ground {
        SOL => [
            "Ärendet avser en enskild persons förhållanden och redovisas i en bilaga som inte är offentlig.",
            "Utredningen rör en enskild och dennes närstående, och uppgifterna om dem omfattas av socialtjänstsekretess.",
        ],
        SKOLA_OSL => [
            "Ärendet rör en elevs personliga förhållanden och behandlas med stöd av sekretessen inom skolväsendet.",
            "Uppgifterna om eleven och vårdnadshavarna redovisas muntligt vid sammanträdet.",
        ],
        AFFAR => [
            "Anbuden omfattas av sekretess till dess att tilldelningsbeslut har fattats och avtal har slutits.",
            "Uppgifterna rör leverantörernas affärsförhållanden och kommunens ställning i upphandlingen.",
        ],
        SAKERHET => [
            "Ärendet innehåller uppgifter om kommunens säkerhets- och bevakningsåtgärder.",
            "Analysen beskriver skyddsvärda verksamheter och deras sårbarheter.",
        ],
        PERSONAL => [
            "Ärendet rör uppgifter om en arbetstagares personliga förhållanden.",
            "Uppgifterna om de sökande och om rekryteringsprocessen omfattas av sekretess.",
        ],
        _ => [
            "Ärendet avser en huvudmans personliga och ekonomiska förhållanden.",
            "Uppgifterna om ställföreträdaren och huvudmannen redovisas i en bilaga som inte är offentlig.",
        ],
    };
    pair[nth % 2]
}

const SECRET_DECIDE: &[&str] = &[
    "{BC} beslutar i enlighet med förvaltningens förslag avseende {S}.",
    "{BC} godkänner förvaltningens förslag avseende {S}, som redovisas i en bilaga som inte är offentlig.",
    "{BC} beslutar avseende {S} enligt bilaga, som inte är offentlig.",
];

const YRK_FOR: &[&str] = &[
    "{M1} yrkar bifall till förvaltningens förslag.",
    "{M1} yrkar bifall till arbetsutskottets förslag.",
    "{M1} yrkar bifall till förslaget om {S}.",
];
const YRK_AGAINST: &[&str] = &[
    "{M2} yrkar avslag på förslaget.",
    "{M2} yrkar att ärendet återremitteras för att belysa de ekonomiska konsekvenserna av {S}.",
    "{M2} yrkar att förslaget ändras så att beslutet utvärderas efter ett år.",
    "{M2} yrkar att ärendet bordläggs till nästa sammanträde.",
];
const RESERV: &[&str] = &[
    "{M2} reserverar sig mot beslutet till förmån för eget yrkande.",
    "Ledamöterna från {PARTY2} reserverar sig mot beslutet.",
    "{M2} reserverar sig mot beslutet med en skriftlig reservation som bifogas protokollet.",
];
const NOTES: &[&str] = &[
    "{M3} lämnar en protokollsanteckning: vi ställer oss bakom beslutet men vill understryka att uppföljningen av {S} måste bli tydligare.",
    "{M3} anmäler att en skriftlig protokollsanteckning om {S} kommer att lämnas till sekreteraren.",
];

const LIST_INTROS: &[&str] = &[
    "Redovisningen omfattar bland annat:",
    "Följande områden lyfts särskilt:",
    "Förvaltningen pekar på följande utvecklingsområden:",
    "Under dragningen berörs:",
];
const LIST_ITEMS: &[&str] = &[
    "Ekonomiskt utfall per verksamhet",
    "Personalförsörjning och rekrytering",
    "Lokalbehov på kort och lång sikt",
    "Digitala tjänster för invånarna",
    "Samverkan med regionen och med civilsamhället",
    "Kvalitet och uppföljning",
    "Tillgänglighet för personer med funktionsnedsättning",
    "Kompetensutveckling för medarbetarna",
    "Miljö- och klimatpåverkan",
    "Trygghet och säkerhet",
    "Brukarnas och elevernas synpunkter",
    "Kostnadsutveckling jämfört med budget",
    "Barnperspektivet i besluten",
    "Information till invånarna",
];

const SENDERS: &[&str] = &[
    "Länsstyrelsen i Västra Götalands län",
    "Inspektionen för vård och omsorg",
    "Skolinspektionen",
    "Sveriges Kommuner och Regioner",
    "Kommunfullmäktige",
    "Kommunstyrelsen",
    "Förvaltningsrätten i Göteborg",
    "Region Västra Götaland",
    "Polismyndigheten",
    "Socialstyrelsen",
    "Boverket",
    "Naturvårdsverket",
];
const MESSAGES: &[&str] = &[
    "protokollsutdrag",
    "beslut i tillsynsärende",
    "cirkulär om budgetförutsättningar",
    "dom i mål om laglighetsprövning",
    "inbjudan till regional konferens",
    "rapport om regional utveckling",
    "yttrande i remissärende",
    "information om nya föreskrifter",
];
const DELEGATIONS: &[&str] = &[
    "beslut om bistånd",
    "beslut om bygglov och anmälan",
    "tillfälliga serveringstillstånd",
    "beslut om skolskjuts",
    "avskrivning av fordringar",
    "beslut om färdtjänst",
    "beslut om föreningsbidrag",
    "anställningar",
    "direktupphandlingar",
    "yttranden till Polismyndigheten",
];

// ---------------------------------------------------------------------------------------
// Writing one protocol

/// A deck of phrase indices drawn without replacement, so no sentence repeats within a
/// protocol until its bank runs out.
struct Deck {
    order: Vec<u16>,
    pos: usize,
}

impl Deck {
    fn new(len: usize, rng: &mut Rng) -> Self {
        let mut order: Vec<u16> = (0..len as u16).collect();
        rng.shuffle(&mut order);
        Self { order, pos: 0 }
    }

    /// The next phrase, or `None` when the deck is used up.
    fn draw(&mut self) -> Option<usize> {
        let i = self.order.get(self.pos)?;
        self.pos += 1;
        Some(usize::from(*i))
    }

    /// The next phrase, starting the deck again when it is used up.
    fn draw_again(&mut self, rng: &mut Rng) -> usize {
        if self.pos == self.order.len() {
            rng.shuffle(&mut self.order);
            self.pos = 0;
        }
        self.draw().unwrap_or_default()
    }
}

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pk {
    Adjusters,
    AgendaApproval,
    PreviousMinutes,
    Delegation,
    Messages,
    OtherMatters,
    NextMeeting,
    Topic(usize),
}

/// Per-paragraph values, shared by its title, agenda entry and text.
#[derive(Debug, Clone, Default)]
struct Local {
    subject: String,
    pl: &'static str,
    n1: u32,
    n2: u32,
    party: usize,
    mon: usize,
}

struct Par {
    kind: Pk,
    title: String,
    local: Local,
    items: Vec<String>,
}

/// Everything one protocol's text is made from.
struct Writer<'a> {
    rng: Rng,
    body: &'a BodyDef,
    body_cap: String,
    people: &'a People,
    meeting: &'a Meeting,
    year: i64,
    /// Present officials (names).
    officials: Vec<usize>,
    /// Present voting members (members and serving substitutes), chair first.
    voters: Vec<usize>,
    adjusters: Vec<usize>,
    justering: Day,
    justering_place: &'static str,
    info: Deck,
    council: Deck,
    background: Deck,
    secret: Deck,
    /// The Politic paragraph's speakers.
    m: [usize; 3],
    /// Confidential paragraphs written so far.
    secrets: usize,
}

/// Every placeholder `Writer::fill` knows.
#[rustfmt::skip]
const PLACEHOLDERS: &[&str] = &[
    "S", "B", "BC", "O", "P", "EXT", "M1", "M2", "M3", "M1G", "M2G", "PARTY", "PARTY2", "Y", "YP", "YN",
    "YN2", "YN3", "MON", "MONP", "MONF", "MONL", "PL", "PL2", "PL3", "N", "N1", "N2", "PCT", "PCT2", "MKR", "TKR", "DATEP",
];

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn genitive(name: &str) -> String {
    if name.ends_with(['s', 'x', 'z']) { name.to_owned() } else { format!("{name}s") }
}

impl Writer<'_> {
    fn name(&self, who: usize) -> &str {
        &self.people.all[who].name
    }

    /// "Anna Berg (S)" for a politician, the name alone otherwise.
    fn with_party(&self, who: usize, out: &mut String) {
        let p = &self.people.all[who];
        out.push_str(&p.name);
        if p.org < N_PARTIES {
            out.push_str(" (");
            out.push_str(PARTY_ABBR[p.org]);
            out.push(')');
        }
    }

    /// Writes `template` with its placeholders filled (see [`PLACEHOLDERS`]).
    fn fill(&mut self, template: &str, local: &Local, out: &mut String) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return;
            };
            let key = &after[..close];
            rest = &after[close + 1..];
            let y = self.year;
            match key {
                "S" => out.push_str(&local.subject),
                "B" => out.push_str(self.body.short),
                "BC" => out.push_str(&self.body_cap),
                "O" => out.push_str(ORGS[self.body.office]),
                "P" => {
                    let who = self.rng.pick(&self.officials);
                    out.push_str(&self.people.all[who].name);
                }
                "EXT" => {
                    let org = if self.body.ext.is_empty() { self.body.office } else { self.rng.pick(self.body.ext) };
                    out.push_str(ORGS[org]);
                }
                "M1" | "M2" | "M3" => {
                    let who = self.m[usize::from(key.as_bytes()[1] - b'1')];
                    self.with_party(who, out);
                }
                "M1G" => out.push_str(&genitive(self.name(self.m[0]))),
                "M2G" => out.push_str(&genitive(self.name(self.m[1]))),
                "PARTY" => out.push_str(ORGS[local.party]),
                "PARTY2" => out.push_str(ORGS[self.people.all[self.m[1]].org.min(N_PARTIES - 1)]),
                "Y" => push_num(out, y),
                "YP" => push_num(out, y - 1),
                "YN" => push_num(out, y + 1),
                "YN2" => push_num(out, y + 2),
                "YN3" => push_num(out, y + 3),
                "MON" => out.push_str(MONTHS[self.rng.below(12)]),
                // A month earlier in the meeting's year (January: December), or later in it (December: January).
                "MONP" => {
                    let now = civil(self.meeting.day).1 as usize - 1;
                    out.push_str(MONTHS[if now == 0 { 11 } else { self.rng.below(now) }]);
                }
                "MONF" => {
                    let now = civil(self.meeting.day).1 as usize - 1;
                    out.push_str(MONTHS[if now == 11 { 0 } else { now + 1 + self.rng.below(11 - now) }]);
                }
                "MONL" => out.push_str(MONTHS[local.mon]),
                "PL" => out.push_str(local.pl),
                "PL2" | "PL3" => out.push_str(self.rng.pick(PLACES)),
                "N" => push_num(out, self.rng.range(3, 40) as i64),
                "N1" => push_num(out, i64::from(local.n1)),
                "N2" => push_num(out, i64::from(local.n2)),
                "PCT" => push_num(out, self.rng.range(3, 35) as i64),
                "PCT2" => push_num(out, self.rng.range(62, 94) as i64),
                "MKR" => {
                    let _ = write!(out, "{},{}", self.rng.range(1, 40), self.rng.below(10));
                }
                "TKR" => push_num(out, (self.rng.range(4, 95) * 10) as i64),
                "DATEP" => {
                    let z = self.meeting.day - self.rng.range(7, 45) as i64;
                    out.push_str(&sv_date(z));
                }
                _ => {
                    out.push('{');
                    out.push_str(key);
                    out.push('}');
                }
            }
        }
        out.push_str(rest);
    }

    fn fill_str(&mut self, template: &str, local: &Local) -> String {
        let mut s = String::with_capacity(template.len() + 32);
        self.fill(template, local, &mut s);
        s
    }

    /// One sentence of the kind `which`; when its bank is used up, one of a related kind,
    /// and only when that is used up too, a sentence already used in this protocol.
    fn sentence(&mut self, which: Which, local: &Local, out: &mut String) {
        let (bank, i) = match which {
            Which::Info => match self.info.draw() {
                Some(i) => (INFO, i),
                None => (BACKGROUND, self.background.draw_again(&mut self.rng)),
            },
            Which::Council => match self.council.draw() {
                Some(i) => (COUNCIL, i),
                None => (INFO, self.info.draw_again(&mut self.rng)),
            },
            Which::Background => match self.background.draw() {
                Some(i) => (BACKGROUND, i),
                None => (INFO, self.info.draw_again(&mut self.rng)),
            },
            Which::Secret => (SECRET_TEXT, self.secret.draw_again(&mut self.rng)),
        };
        self.fill(bank[i], local, out);
    }

    /// Prose of about `budget` bytes: sentences from the bank, one to three to a Markdown paragraph.
    fn prose(&mut self, budget: usize, which: Which, local: &Local, out: &mut String) {
        let start = out.len();
        let mut in_para = 0;
        let max_in_para = self.rng.range(2, 3);
        loop {
            // A council's discussion mixes its own phrases with the general ones.
            let kind = if matches!(which, Which::Council) && self.rng.chance(0.4) { Which::Info } else { which };
            self.sentence(kind, local, out);
            in_para += 1;
            if out.len() - start >= budget {
                out.push_str("\n\n");
                return;
            }
            if in_para >= max_in_para {
                out.push_str("\n\n");
                in_para = 0;
            } else {
                out.push(' ');
            }
        }
    }

    fn section(out: &mut String, title: &str) {
        out.push_str("### ");
        out.push_str(title);
        out.push_str("\n\n");
    }

    fn decide(&mut self, bank: &[&str], local: &Local, out: &mut String) {
        Self::section(out, "Beslut");
        let i = self.rng.below(bank.len());
        self.fill(bank[i], local, out);
        out.push_str("\n\n");
    }

    fn is_board(&self) -> bool {
        self.body.kind != Kind::Rad
    }
}

#[derive(Clone, Copy)]
enum Which {
    Info,
    Council,
    Background,
    Secret,
}

fn push_num(out: &mut String, n: i64) {
    let _ = write!(out, "{n}");
}

/// Writes `s` as a YAML scalar, quoted when plain style could be misread.
fn yaml_str(out: &mut String, s: &str) {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit() || "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.ends_with(' ')
        && !s.contains(|c: char| ":#,[]{}\"'\\".contains(c))
        && !matches!(s.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "~");
    if plain {
        out.push_str(s);
    } else {
        out.push('"');
        for c in s.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
}

/// One person in `attendees` or `absent`.
fn person_line(out: &mut String, p: &Person, role: Option<&str>, serves_for: Option<&str>) {
    out.push_str("  - { name: ");
    yaml_str(out, &p.name);
    out.push_str(", org: ");
    yaml_str(out, ORGS[p.org]);
    if let Some(r) = role {
        out.push_str(", role: ");
        yaml_str(out, r);
    }
    if let Some(s) = serves_for {
        out.push_str(", serves_for: ");
        yaml_str(out, s);
    }
    out.push_str(" }\n");
}

fn render(m: &Meeting, people: &People, memberships: &[Vec<Membership>]) -> String {
    let body = &BODIES[m.body];
    let mut rng = Rng::new(m.seed);
    let year = year_of(m.day);
    let ms = &memberships[m.body][period_of(year)];
    let board = body.kind != Kind::Rad;

    // Who came: the chair always; a few members away, most with a serving substitute.
    let mut absent: Vec<usize> = Vec::new();
    let mut serving: Vec<(usize, usize)> = Vec::new();
    let n_absent = [0, 0, 0, 1, 1, 1, 2, 2, 3][rng.below(9)];
    let mut candidates: Vec<usize> = ms.members[1..].to_vec();
    rng.shuffle(&mut candidates);
    for &who in candidates.iter().take(n_absent) {
        absent.push(who);
    }
    // A substitute of the same party or organisation serves when there is one; in a board,
    // any substitute may (the order of ersättare allows it).
    let mut subs = ms.subs.clone();
    rng.shuffle(&mut subs);
    for &away in &absent {
        if !rng.chance(0.75) {
            continue;
        }
        let org = people.all[away].org;
        let same = subs.iter().position(|&s| people.all[s].org == org);
        let pick = same.or_else(|| (board && !subs.is_empty()).then_some(0));
        if let Some(i) = pick {
            serving.push((subs.remove(i), away));
        }
    }
    let n_off = ms.officials.len();
    let officials: Vec<usize> = ms.officials.clone();
    // 8–20 attendees.
    while ms.members.len() - absent.len() + serving.len() + n_off < 8 {
        let Some(back) = absent.pop() else { break };
        serving.retain(|&(_, away)| away != back);
    }
    let present: Vec<usize> = ms.members.iter().copied().filter(|w| !absent.contains(w)).collect();
    let chair = present[0];
    let mut voters = present.clone();
    voters.extend(serving.iter().map(|&(s, _)| s));

    // Adjusters: members present other than the chair.
    let n_adj = match body.kind {
        Kind::Kf | Kind::Ks => 2,
        Kind::Namnd => 1 + usize::from(rng.chance(0.3)),
        Kind::Rad => usize::from(rng.chance(0.75)),
    };
    let mut pool: Vec<usize> = voters[1..].to_vec();
    rng.shuffle(&mut pool);
    let adjusters: Vec<usize> = pool.into_iter().take(n_adj).collect();

    let justering = m.day + rng.range(2, 10) as i64;
    let anslag_up = justering + rng.range(1, 2) as i64;
    let anslag_down = anslag_up + rng.range(21, 24) as i64;
    let digital = year >= 2020;
    let justering_place = if digital && rng.chance(0.5) {
        "digital justering"
    } else if rng.chance(0.5) {
        "Kommunhuset"
    } else {
        "Kommunledningskontoret"
    };

    let mut w = Writer {
        info: Deck::new(INFO.len(), &mut rng),
        council: Deck::new(COUNCIL.len(), &mut rng),
        background: Deck::new(BACKGROUND.len(), &mut rng),
        secret: Deck::new(SECRET_TEXT.len(), &mut rng),
        rng,
        body,
        body_cap: capitalise(body.short),
        people,
        meeting: m,
        year,
        officials: officials.clone(),
        voters: voters.clone(),
        adjusters: adjusters.clone(),
        justering,
        justering_place,
        m: [chair, chair, chair],
        secrets: 0,
    };

    let pars = agenda(&mut w);

    // ---- front matter
    let mut out = String::with_capacity(10_000);
    out.push_str("---\nbody: ");
    yaml_str(&mut out, body.name);
    out.push_str("\ndate: ");
    push_iso(&mut out, m.day);
    out.push_str("\ntime: \"");
    out.push_str(w.rng.pick(body.times));
    out.push_str("\"\nlocation: ");
    let location = if (2020..=2021).contains(&year) && w.rng.chance(0.3) {
        "Digitalt sammanträde via Teams"
    } else {
        body.location
    };
    yaml_str(&mut out, location);
    out.push_str("\nstatus: adjusted\nchair: ");
    yaml_str(&mut out, w.name(chair));
    out.push_str("\nsecretary: ");
    yaml_str(&mut out, w.name(officials[0]));
    if !adjusters.is_empty() {
        out.push_str("\nadjusters: [");
        for (i, &a) in adjusters.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            yaml_str(&mut out, w.name(a));
        }
        out.push(']');
    }
    if let Some((pd, ps)) = m.prev {
        out.push_str("\nprevious: ");
        out.push_str(&meeting_ref(pd, ps));
    }
    out.push_str("\njustering: { date: ");
    push_iso(&mut out, justering);
    out.push_str(", place: ");
    yaml_str(&mut out, &capitalise(justering_place));
    out.push_str(" }\nanslag: { up: ");
    push_iso(&mut out, anslag_up);
    out.push_str(", down: ");
    push_iso(&mut out, anslag_down);
    out.push_str(" }\nattendees:\n");
    for (i, &who) in present.iter().enumerate() {
        let p = &people.all[who];
        let role = match i {
            0 => Some("ordförande"),
            _ if who == ms.members[1] => Some("vice ordförande"),
            _ if board || p.org < N_PARTIES => Some("ledamot"),
            _ => None,
        };
        person_line(&mut out, p, role, None);
    }
    for &(sub, away) in &serving {
        person_line(&mut out, &people.all[sub], Some("ersättare"), Some(&people.all[away].name));
    }
    for (i, &who) in officials.iter().enumerate() {
        let role = if i == 0 { "sekreterare" } else { "tjänsteperson" };
        person_line(&mut out, &people.all[who], Some(role), None);
    }
    if !absent.is_empty() {
        out.push_str("absent:\n");
        for &who in &absent {
            person_line(&mut out, &people.all[who], None, None);
        }
    }
    let mut tags: Vec<&str> = Vec::new();
    for p in &pars {
        if let Pk::Topic(t) = p.kind {
            for &tag in TOPICS[t].tags {
                if !tags.contains(&tag) && tags.len() < 6 {
                    tags.push(tag);
                }
            }
        }
    }
    if !tags.is_empty() {
        out.push_str("tags: [");
        for (i, tag) in tags.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            yaml_str(&mut out, tag);
        }
        out.push_str("]\n");
    }
    out.push_str("agenda:\n");
    for p in &pars {
        if p.items.is_empty() {
            out.push_str("  - ");
            yaml_str(&mut out, &p.title);
            out.push('\n');
        } else {
            out.push_str("  - title: ");
            yaml_str(&mut out, &p.title);
            out.push_str("\n    items: [");
            for (i, item) in p.items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                yaml_str(&mut out, item);
            }
            out.push_str("]\n");
        }
    }
    out.push_str("---\n\n");

    // ---- body
    let target = w.rng.range(7_000, 9_400);
    if w.rng.chance(0.4) {
        out.push_str("Sammanträdet öppnas av ordföranden ");
        out.push_str(w.name(chair));
        if board {
            out.push_str(", som hälsar ledamöter och tjänstepersoner välkomna. Upprop förrättas och ");
            out.push_str(body.short);
            out.push_str(" konstateras vara beslutför.\n\n");
        } else {
            out.push_str(", som hälsar rådets ledamöter välkomna.\n\n");
        }
    }
    let mut dnr_next = w.rng.range(10, 400);
    for (i, p) in pars.iter().enumerate() {
        let number = m.first + i as u32;
        let left = pars.len() - i;
        let budget = target.saturating_sub(out.len()) / left;
        write_paragraph(&mut w, p, number, budget, &mut dnr_next, &mut out);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Chooses the paragraphs of a meeting: formalities first and last, matters between.
fn agenda(w: &mut Writer<'_>) -> Vec<Par> {
    let body = w.body;
    let m = w.meeting;
    let board = w.is_board();
    let mut first: Vec<Pk> = Vec::new();
    let mut last: Vec<Pk> = Vec::new();
    if board {
        first.push(Pk::Adjusters);
        if m.body.is_multiple_of(2) || w.rng.chance(0.3) {
            first.push(Pk::AgendaApproval);
        }
        if body.kind == Kind::Namnd || body.kind == Kind::Ks {
            if w.rng.chance(0.6) {
                last.push(Pk::Delegation);
            }
            if w.rng.chance(0.5) {
                last.push(Pk::Messages);
            }
        }
    } else {
        if m.prev.is_some() && w.rng.chance(0.85) {
            first.push(Pk::PreviousMinutes);
        }
        if w.rng.chance(0.85) {
            last.push(Pk::OtherMatters);
        }
        if m.next.is_some() && w.rng.chance(0.4) {
            last.push(Pk::NextMeeting);
        }
    }
    while first.len() + last.len() + 3 > m.paragraphs as usize && last.pop().is_some() {}
    let middle = m.paragraphs as usize - first.len() - last.len();

    // Matters: the body's areas, this year's topics, each at most once.
    let mut pool = topic_pool(body, w.year);
    w.rng.shuffle(&mut pool);
    // Confidential matters are a few, not a third of a protocol.
    let mut secrets = 0;
    pool.retain(|&i| {
        if matches!(TOPICS[i].kind, Tk::Secret(_)) {
            secrets += 1;
            secrets <= MAX_SECRETS
        } else {
            true
        }
    });

    let mut pars = Vec::with_capacity(m.paragraphs as usize);
    let mut titles: HashSet<String> = HashSet::new();
    let first_len = first.len();
    for kind in first {
        pars.push(formal(w, kind, &mut titles));
    }
    for &t in &pool {
        if pars.len() == first_len + middle {
            break;
        }
        let topic = &TOPICS[t];
        let mut local = Local {
            pl: w.rng.pick(PLACES),
            n1: w.rng.range(1, 40) as u32,
            n2: w.rng.range(1, 99) as u32,
            party: w.rng.below(N_PARTIES),
            // Months of 31 days: "per den 31 {MONL}".
            mon: [2, 4, 7, 9][w.rng.below(4)],
            subject: String::new(),
        };
        local.subject = w.fill_str(topic.subject, &local);
        let title = w.fill_str(topic.title, &local);
        if titles.insert(title.clone()) {
            pars.push(Par { kind: Pk::Topic(t), title, local, items: Vec::new() });
        }
    }
    for kind in last {
        pars.push(formal(w, kind, &mut titles));
    }
    assert_eq!(pars.len(), m.paragraphs as usize, "the plan and the agenda disagree on the number of paragraphs");
    pars
}

/// At most this many confidential matters a meeting.
const MAX_SECRETS: usize = 2;

/// The topics a body may take up in a year.
fn topic_pool(body: &BodyDef, year: i64) -> Vec<usize> {
    let board = body.kind != Kind::Rad;
    TOPICS
        .iter()
        .enumerate()
        .filter(|(_, t)| body.doms.contains(&t.dom) && (t.from..=t.to).contains(&year))
        .filter(|(_, t)| board || !matches!(t.kind, Tk::Secret(_) | Tk::Politic))
        .map(|(i, _)| i)
        .collect()
}

/// How many matters (not formalities) a meeting of the body can have in a year.
fn pool_capacity(body: &BodyDef, year: i64) -> usize {
    let pool = topic_pool(body, year);
    let secrets = pool.iter().filter(|&&i| matches!(TOPICS[i].kind, Tk::Secret(_))).count();
    pool.len() - secrets + secrets.min(MAX_SECRETS)
}

fn formal(w: &mut Writer<'_>, kind: Pk, titles: &mut HashSet<String>) -> Par {
    let title = match kind {
        Pk::Adjusters => ["Val av justerare", "Val av justerare och tid för justering", "Upprop och val av justerare"]
            [w.meeting.body % 3],
        Pk::AgendaApproval => ["Godkännande av dagordning", "Fastställande av dagordning"][w.meeting.body % 2],
        Pk::PreviousMinutes => "Föregående mötesprotokoll",
        Pk::Delegation => "Redovisning av delegationsbeslut",
        Pk::Messages => "Meddelanden",
        Pk::OtherMatters => "Övriga frågor",
        Pk::NextMeeting => "Nästa sammanträde",
        Pk::Topic(_) => "",
    };
    titles.insert(title.to_owned());
    let mut items = Vec::new();
    let mut local = Local { pl: w.rng.pick(PLACES), ..Local::default() };
    if kind == Pk::OtherMatters && w.rng.chance(0.4) {
        let a = w.rng.below(OTHER_ITEMS.len());
        let b = (a + 1 + w.rng.below(OTHER_ITEMS.len() - 1)) % OTHER_ITEMS.len();
        for i in [a, b] {
            items.push(w.fill_str(OTHER_ITEMS[i], &local));
        }
    }
    local.subject = match kind {
        Pk::Delegation => "delegationsbesluten".to_owned(),
        Pk::Messages => "meddelandena".to_owned(),
        _ => "rådets övriga frågor".to_owned(),
    };
    Par { kind, title: title.to_owned(), local, items }
}

fn write_paragraph(w: &mut Writer<'_>, p: &Par, number: u32, budget: usize, dnr: &mut usize, out: &mut String) {
    let start = out.len();
    out.push_str("## § ");
    push_num(out, i64::from(number));
    out.push(' ');
    out.push_str(&p.title);
    let board = w.is_board();
    let local = &p.local;
    if let Pk::Topic(t) = p.kind {
        let kind = TOPICS[t].kind;
        let mut attrs: Vec<String> = Vec::new();
        if let Tk::Secret(ground) = kind {
            let show = if w.rng.chance(0.2) { " show=decision" } else { "" };
            attrs.push(format!("confidential ground=\"{ground}\"{show}"));
        }
        if matches!(kind, Tk::Decision | Tk::Politic | Tk::Secret(_)) && board && w.rng.chance(0.7) {
            let prefix = if matches!(w.body.kind, Kind::Kf | Kind::Ks) { "KS" } else { w.body.prefix };
            let year = if w.rng.chance(0.8) { w.year } else { w.year - 1 };
            attrs.push(format!("dnr=\"{prefix} {year}/{dnr}\""));
            *dnr += w.rng.range(1, 25);
        }
        if !attrs.is_empty() {
            out.push_str(" {");
            out.push_str(&attrs.join(" "));
            out.push('}');
        }
    }
    out.push_str("\n\n");
    let used = |out: &String| out.len() - start;

    match p.kind {
        Pk::Adjusters => {
            let names = join_names(w, &w.adjusters.clone());
            let date = sv_date(w.justering);
            let body_cap = w.body_cap.clone();
            let _ = write!(
                out,
                "{body_cap} utser {names} att jämte ordföranden justera dagens protokoll. Justeringen sker {} den {date}.\n\n",
                if w.justering_place == "digital justering" {
                    "digitalt".to_owned()
                } else {
                    format!("på {}", w.justering_place)
                }
            );
            Writer::section(out, "Beslut");
            let _ = write!(out, "{names} utses att jämte ordföranden justera protokollet den {date}.\n\n");
        }
        Pk::AgendaApproval => {
            out.push_str(
                "Ordföranden redogör för förslaget till dagordning, som har skickats ut tillsammans med kallelsen.\n\n",
            );
            Writer::section(out, "Beslut");
            out.push_str(if w.rng.chance(0.5) {
                "Dagordningen godkänns.\n\n"
            } else {
                "Dagordningen godkänns utan ändringar.\n\n"
            });
        }
        Pk::PreviousMinutes => {
            let (pd, _) = w.meeting.prev.unwrap_or((w.meeting.day, 1));
            let _ = write!(
                out,
                "Rådets ledamöter har på förhand tagit del av protokollet från sammanträdet den {}. Protokollet läggs till handlingarna.\n\n",
                sv_date(pd)
            );
        }
        Pk::Delegation => {
            let _ = write!(
                out,
                "Redovisning av beslut som har fattats med stöd av delegation under perioden fram till den {}:\n\n",
                sv_date(w.meeting.day - w.rng.range(5, 12) as i64)
            );
            let mut d: Vec<usize> = (0..DELEGATIONS.len()).collect();
            w.rng.shuffle(&mut d);
            for &i in d.iter().take(w.rng.range(2, 4)) {
                let _ = writeln!(out, "- {} ({} beslut)", capitalise(DELEGATIONS[i]), w.rng.range(2, 60));
            }
            out.push('\n');
            w.decide(&["{BC} beslutar att lägga redovisningen av {S} till handlingarna."], local, out);
        }
        Pk::Messages => {
            out.push_str("Förteckning över meddelanden som har kommit in sedan föregående sammanträde:\n\n");
            let mut s: Vec<usize> = (0..SENDERS.len()).collect();
            w.rng.shuffle(&mut s);
            for &i in s.iter().take(w.rng.range(2, 4)) {
                let msg = w.rng.pick(MESSAGES);
                let date = sv_date(w.meeting.day - w.rng.range(3, 40) as i64);
                let _ = writeln!(out, "- {}: {msg}, daterat den {date}", SENDERS[i]);
            }
            out.push('\n');
            w.decide(&["{BC} beslutar att lägga {S} till handlingarna."], local, out);
        }
        Pk::OtherMatters => {
            if p.items.is_empty() {
                out.push_str("Inga övriga frågor anmäls.\n\n");
            } else {
                let each = budget.saturating_sub(used(out)) / p.items.len();
                for item in &p.items {
                    Writer::section(out, item);
                    let sub = Local { subject: item.to_lowercase(), ..local.clone() };
                    w.prose(each.clamp(120, 600), Which::Council, &sub, out);
                }
            }
            if board {
                w.decide(&["{BC} beslutar att lägga informationen till handlingarna."], local, out);
            }
        }
        Pk::NextMeeting => {
            let (nd, _) = w.meeting.next.unwrap_or((w.meeting.day, 1));
            let _ = write!(out, "Nästa sammanträde äger rum den {}.\n\n", sv_date(nd));
        }
        Pk::Topic(t) => {
            let topic = &TOPICS[t];
            match topic.kind {
                Tk::Info => {
                    let reserve = if board { 130 } else { 0 };
                    let which = if board { Which::Info } else { Which::Council };
                    let list = w.rng.chance(0.12);
                    let text = budget.saturating_sub(used(out) + reserve + if list { 150 } else { 0 });
                    w.prose(text.max(100), which, local, out);
                    if list {
                        out.push_str(LIST_INTROS[w.rng.below(LIST_INTROS.len())]);
                        out.push_str("\n\n");
                        let mut items: Vec<usize> = (0..LIST_ITEMS.len()).collect();
                        w.rng.shuffle(&mut items);
                        for &i in items.iter().take(w.rng.range(3, 5)) {
                            out.push_str("- ");
                            out.push_str(LIST_ITEMS[i]);
                            out.push('\n');
                        }
                        out.push('\n');
                    }
                    if board {
                        w.decide(NOTE, local, out);
                    }
                }
                Tk::Decision => {
                    let text = budget.saturating_sub(used(out) + 150);
                    w.prose(text.max(100), Which::Background, local, out);
                    if board {
                        let bank: Vec<&str> = DECIDE
                            .iter()
                            .copied()
                            .filter(|d| w.body.kind != Kind::Ks || !d.contains("kommunstyrelsen"))
                            .collect();
                        w.decide(&bank, local, out);
                    } else {
                        w.decide(COUNCIL_DECIDE, local, out);
                    }
                }
                Tk::Politic => politic(w, local, budget.saturating_sub(used(out)), out),
                Tk::Secret(ground) => {
                    // Short: a ground-specific opening and one or two neutral sentences.
                    out.push_str(secret_opening(ground, w.secrets));
                    w.secrets += 1;
                    out.push(' ');
                    let text = budget.saturating_sub(used(out) + 150).min(200);
                    w.prose(text.max(60), Which::Secret, local, out);
                    w.decide(SECRET_DECIDE, local, out);
                }
            }
        }
    }
}

/// A political matter: background, motions, perhaps a vote, the decision, perhaps dissent.
fn politic(w: &mut Writer<'_>, local: &Local, budget: usize, out: &mut String) {
    // Speakers from two different parties.
    let voters = w.voters.clone();
    let mut pols: Vec<usize> = voters.iter().copied().filter(|&v| w.people.all[v].org < N_PARTIES).collect();
    if pols.is_empty() {
        pols.clone_from(&voters);
    }
    let m1 = w.rng.pick(&pols);
    let others: Vec<usize> = pols.iter().copied().filter(|&v| w.people.all[v].org != w.people.all[m1].org).collect();
    let m2 = if others.is_empty() { m1 } else { w.rng.pick(&others) };
    let m3 = w.rng.pick(&pols);
    w.m = [m1, m2, m3];
    let contested = m1 != m2;
    let extra = if contested { 420 } else { 150 };
    w.prose(budget.saturating_sub(extra).max(150), Which::Background, local, out);
    if contested {
        Writer::section(out, "Yrkanden");
        let a = YRK_FOR[w.rng.below(YRK_FOR.len())];
        let b = YRK_AGAINST[w.rng.below(YRK_AGAINST.len())];
        w.fill(a, local, out);
        out.push_str("\n\n");
        w.fill(b, local, out);
        out.push_str("\n\n");
        if w.rng.chance(0.5) {
            w.fill(
                "Ordföranden ställer proposition på yrkandena och finner att {B} bifaller {M1G} yrkande.\n\n",
                local,
                out,
            );
        } else {
            Writer::section(out, "Omröstning");
            let total = voters.len();
            let yes = total / 2 + 1 + w.rng.below((total - total / 2).saturating_sub(1).max(1));
            w.fill(
                "Omröstning begärs och verkställs. Den som bifaller {M1G} yrkande röstar ja, den som bifaller {M2G} yrkande röstar nej.",
                local,
                out,
            );
            let _ = write!(out, " Med {yes} ja-röster mot {} nej-röster beslutar ", total - yes);
            w.fill("{B} enligt {M1G} yrkande.\n\n", local, out);
        }
    }
    let bank: Vec<&str> = DECIDE
        .iter()
        .copied()
        .filter(|d| !d.contains("återremittera") && !d.contains("avslå"))
        .filter(|d| w.body.kind != Kind::Ks || !d.contains("kommunstyrelsen"))
        .collect();
    w.decide(&bank, local, out);
    if contested && w.rng.chance(0.6) {
        Writer::section(out, "Reservation");
        let r = RESERV[w.rng.below(RESERV.len())];
        w.fill(r, local, out);
        out.push_str("\n\n");
    }
    if w.rng.chance(0.15) {
        Writer::section(out, "Protokollsanteckning");
        let n = NOTES[w.rng.below(NOTES.len())];
        w.fill(n, local, out);
        out.push_str("\n\n");
    }
}

/// "Anna Berg", "Anna Berg och Per Lund".
fn join_names(w: &Writer<'_>, who: &[usize]) -> String {
    let names: Vec<&str> = who.iter().map(|&x| w.name(x)).collect();
    match names.as_slice() {
        [] => "ordföranden".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

// ---------------------------------------------------------------------------------------
// The site

fn site_config() -> String {
    format!("title: {MUNI} – protokollarkiv\nlanguage: sv\n")
}

fn bodies_yaml() -> String {
    let mut out = String::from("# The bodies of Åsby kommun (generated by protokoll-gen).\n");
    for b in BODIES {
        let _ = writeln!(out, "- name: {}", b.name);
        let _ = writeln!(out, "  slug: {}", b.slug);
        let _ = writeln!(out, "  numbering: {}", if b.per_year { "per-year" } else { "per-meeting" });
        let _ = writeln!(out, "  profile: {}", if b.kind == Kind::Rad { "council" } else { "board" });
        let _ = writeln!(out, "  prefix: {}", b.prefix);
        let _ = writeln!(out, "  seats: {}", b.members.1);
    }
    out
}

fn people_yaml(people: &People) -> String {
    let mut out = String::with_capacity(people.all.len() * 60);
    out.push_str("# Known people (generated by protokoll-gen).\n");
    for p in &people.all {
        out.push_str("- { name: ");
        yaml_str(&mut out, &p.name);
        out.push_str(", org: ");
        yaml_str(&mut out, ORGS[p.org]);
        out.push_str(" }\n");
    }
    out
}

/// Fails if two organisations are near-misses of each other (an error in the tables).
fn check_tables() -> Result<(), String> {
    for (i, a) in ORGS.iter().enumerate() {
        for b in &ORGS[i + 1..] {
            if NameKey::new(a).near(&NameKey::new(b)) {
                return Err(format!("organisations {a} and {b} are near-misses of each other"));
            }
        }
    }
    let banks: &[&[&str]] = &[
        INFO,
        COUNCIL,
        BACKGROUND,
        DECIDE,
        NOTE,
        COUNCIL_DECIDE,
        SECRET_TEXT,
        SECRET_DECIDE,
        YRK_FOR,
        YRK_AGAINST,
        RESERV,
        NOTES,
        OTHER_ITEMS,
    ];
    let texts = banks.iter().flat_map(|b| b.iter().copied()).chain(TOPICS.iter().flat_map(|t| [t.title, t.subject]));
    for text in texts {
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after.find('}').ok_or_else(|| format!("unclosed placeholder in: {text}"))?;
            if !PLACEHOLDERS.contains(&&after[..close]) {
                return Err(format!("unknown placeholder {{{}}} in: {text}", &after[..close]));
            }
            rest = &after[close + 1..];
        }
    }
    for b in BODIES {
        for y in FIRST_YEAR..FIRST_YEAR + YEARS {
            if pool_capacity(b, y) < 5 {
                return Err(format!("{} has too few topics in {y}", b.name));
            }
        }
    }
    Ok(())
}

struct Args {
    out: PathBuf,
    protocols: usize,
    seed: u64,
}

const USAGE: &str = "usage: protokoll-gen OUT_DIR --protocols N [--seed S]\n       protokoll-gen --id     (print the generator's version hash)";

fn parse_args() -> Result<Args, String> {
    let mut out = None;
    let mut protocols = None;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--protocols" | "-n" => {
                let v = value("--protocols")?;
                protocols = Some(v.replace('_', "").parse().map_err(|_| format!("not a number: {v}"))?);
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v.parse().map_err(|_| format!("not a number: {v}"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            "--id" => return Err("--id".to_owned()),
            _ if a.starts_with('-') => return Err(format!("unknown option {a}")),
            _ if out.is_none() => out = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    Ok(Args { out: out.ok_or("OUT_DIR is missing")?, protocols: protocols.ok_or("--protocols is missing")?, seed })
}

const MARKER: &str = ".protokoll-gen";

/// Identifies this version of the generator: a hash of its source, so the benchmark
/// scripts regenerate an archive written by an older version (`protokoll-gen --id`).
fn generator_id() -> String {
    let hash = include_str!("gen.rs")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// What the marker file says: size, seed and generator version.
fn marker(protocols: usize, seed: u64) -> String {
    format!("protocols={protocols} seed={seed} generator={}\n", generator_id())
}

/// Makes `out` ready: a new folder, or one this tool wrote before (its content is replaced).
fn prepare(out: &Path) -> Result<(), String> {
    if out.exists() {
        let is_ours = out.join(MARKER).exists();
        let empty = std::fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?.next().is_none();
        if !is_ours && !empty {
            return Err(format!(
                "{} exists and was not written by protokoll-gen; refusing to overwrite it",
                out.display()
            ));
        }
        let _ = std::fs::remove_file(out.join(MARKER));
        let content = out.join("content");
        if content.exists() {
            std::fs::remove_dir_all(&content).map_err(|e| format!("{}: {e}", content.display()))?;
        }
    }
    std::fs::create_dir_all(out.join("content")).map_err(|e| format!("{}: {e}", out.display()))
}

fn run(args: &Args) -> Result<(), String> {
    check_tables()?;
    let cleared = Instant::now();
    prepare(&args.out)?;
    let cleared = cleared.elapsed();
    let started = Instant::now();
    let people = make_people(args.seed);
    let memberships = make_memberships(args.seed, &people);
    let meetings = plan(args.seed, args.protocols);
    let write = |path: &Path, text: &str| std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()));
    write(&args.out.join("protokoll.yaml"), &site_config())?;
    write(&args.out.join("content/bodies.yaml"), &bodies_yaml())?;
    write(&args.out.join("content/people.yaml"), &people_yaml(&people))?;
    for b in BODIES {
        let dir = args.out.join("content").join(b.slug);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let planned = started.elapsed();
    let bytes: Result<Vec<usize>, String> = meetings
        .par_iter()
        .map(|m| {
            let text = render(m, &people, &memberships);
            let mut path = args.out.join("content").join(BODIES[m.body].slug);
            path.push(format!("{}.md", meeting_ref(m.day, m.seq)));
            write(&path, &text)?;
            Ok(text.len())
        })
        .collect();
    let bytes = bytes?;
    let total: usize = bytes.iter().sum();
    write(&args.out.join(MARKER), &marker(args.protocols, args.seed))?;
    let secs = started.elapsed().as_secs_f64();
    let n = bytes.len().max(1);
    // Not println!: a closed pipe (`| head`) is no reason to panic.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(
        stdout,
        "protokoll-gen: wrote {} protocols of {} bodies and {} people to {} in {secs:.2} s (planning {:.2} s{})",
        bytes.len(),
        BODIES.len(),
        people.all.len(),
        args.out.display(),
        planned.as_secs_f64(),
        if cleared.as_secs_f64() >= 0.01 {
            format!("; removing the previous archive took {:.2} s more", cleared.as_secs_f64())
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        stdout,
        "protokoll-gen: {:.1} MB in all; protocol size average {:.0} bytes, min {}, max {}",
        total as f64 / 1e6,
        total as f64 / n as f64,
        bytes.iter().min().unwrap_or(&0),
        bytes.iter().max().unwrap_or(&0)
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) if e == "--id" => {
            let _ = writeln!(std::io::stdout(), "{}", generator_id());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            if !e.is_empty() {
                eprintln!("protokoll-gen: {e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) };
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("protokoll-gen: {e}");
            ExitCode::FAILURE
        }
    }
}
