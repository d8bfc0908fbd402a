//! Configuration: `protokoll.yaml`, `content/bodies.yaml`, `content/people.yaml`.
//!
//! Like protocols, configuration files are parsed totally: a bad value is a diagnostic
//! and its default is used, so checking goes on.

mod parse;

pub use parse::parse_config;

use std::collections::HashMap;

use crate::source::{FileId, Spanned};

/// The interface and content language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Swedish, the default.
    #[default]
    Sv,
    /// English.
    En,
}

impl Language {
    /// `sv` or `en`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Sv => "sv",
            Self::En => "en",
        }
    }
}

/// What a rule's findings are: `deny` (error), `warn` (warning) or `allow` (silent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// An error: `check` fails, `build` stops.
    Deny,
    /// A warning.
    Warn,
    /// Not reported.
    Allow,
}

impl Level {
    /// `deny`, `warn` or `allow`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Deny => "deny",
            Self::Warn => "warn",
            Self::Allow => "allow",
        }
    }

    /// Parses `deny`/`error`, `warn`/`warning`, `allow`/`off`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "deny" | "error" => Some(Self::Deny),
            "warn" | "warning" => Some(Self::Warn),
            "allow" | "off" | "ignore" => Some(Self::Allow),
            _ => None,
        }
    }
}

/// `protokoll.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// The site's title.
    pub title: String,
    /// Interface language.
    pub language: Language,
    /// The absolute URL the site is published at; used only where an absolute URL is required.
    pub base_url: Option<String>,
    /// A theme folder under `themes/` that overrides the built-in one by file name.
    pub theme: Option<String>,
    /// Build the internal (intranet) edition: confidential text included.
    pub internal: bool,
    /// Rule levels set by the site, by rule id.
    pub rules: HashMap<String, Level>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            title: "Protokoll".to_owned(),
            language: Language::Sv,
            base_url: None,
            theme: None,
            internal: false,
            rules: HashMap::new(),
        }
    }
}

/// How a body numbers its paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Numbering {
    /// Every meeting starts at § 1.
    #[default]
    PerMeeting,
    /// Numbers continue through a calendar year.
    PerYear,
}

/// How strict the formal checks are for a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Råd: lenient.
    #[default]
    Council,
    /// Nämnd, styrelse, fullmäktige: chair, secretary, adjusters, a decision in each §,
    /// justering within 14 days.
    Board,
}

/// One entry of `bodies.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyConfig {
    /// Where it is defined.
    pub file: FileId,
    /// The body's full name.
    pub name: Spanned<String>,
    /// Its folder under `content/`.
    pub slug: Spanned<String>,
    /// Numbering policy.
    pub numbering: Numbering,
    /// Check profile.
    pub profile: Profile,
    /// Citation prefix ("TSR").
    pub prefix: Option<String>,
    /// Number of seats, for quorum.
    pub seats: Option<u32>,
}

/// One entry of `people.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonConfig {
    /// Where it is defined.
    pub file: FileId,
    /// The name as it should be written.
    pub name: Spanned<String>,
    /// Usual organisation.
    pub org: Option<Spanned<String>>,
    /// Accepted other spellings.
    pub other_names: Vec<Spanned<String>>,
}

/// All configuration of a site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// `protokoll.yaml`.
    pub site: SiteConfig,
    /// `bodies.yaml`; empty when absent.
    pub bodies: Vec<BodyConfig>,
    /// `people.yaml`; empty when absent.
    pub people: Vec<PersonConfig>,
    /// Every name and other name of `people`, trimmed, to its index: see [`Config::person`].
    pub people_by_name: HashMap<String, usize>,
}

impl Config {
    /// The body whose folder is `slug`.
    #[must_use]
    pub fn body(&self, slug: &str) -> Option<&BodyConfig> {
        self.bodies.iter().find(|b| b.slug.value == slug)
    }

    /// The numbering policy of the body in folder `slug` (per meeting when not configured).
    #[must_use]
    pub fn numbering(&self, slug: &str) -> Numbering {
        self.body(slug).map_or(Numbering::PerMeeting, |b| b.numbering)
    }

    /// The profile of the body in folder `slug` (council when not configured).
    #[must_use]
    pub fn profile(&self, slug: &str) -> Profile {
        self.body(slug).map_or(Profile::Council, |b| b.profile)
    }

    /// The known person with this name or other name (exact, after trimming).
    #[must_use]
    pub fn person(&self, name: &str) -> Option<&PersonConfig> {
        self.people_by_name.get(name.trim()).and_then(|&i| self.people.get(i))
    }

    /// Fills [`Config::people_by_name`]; the first person to use a name keeps it.
    pub fn index_people(&mut self) {
        self.people_by_name.clear();
        for (i, p) in self.people.iter().enumerate() {
            for n in std::iter::once(&p.name).chain(&p.other_names) {
                self.people_by_name.entry(n.value.trim().to_owned()).or_insert(i);
            }
        }
    }
}
