//! Which words mark what around a name: prepositions before places, words of a portfolio,
//! nouns for groups of people, pronouns and nouns that refer back, modifiers of titles.

/// Words after which a state or city is a place: "in Ha Noi", "from Japan".
pub(super) const PLACE_PREPOSITIONS: &[&str] =
    &["in", "at", "to", "from", "near", "outside", "inside", "across", "via"];

/// Words of a ministry's portfolio ("of Planning and Investment"), never part of a name.
pub(super) const PORTFOLIO_WORDS: &[&str] = &[
    "affairs",
    "agriculture",
    "commerce",
    "communications",
    "construction",
    "culture",
    "defence",
    "defense",
    "development",
    "economy",
    "education",
    "energy",
    "environment",
    "finance",
    "foreign",
    "health",
    "home",
    "industry",
    "information",
    "interior",
    "investment",
    "invalids",
    "justice",
    "labour",
    "labor",
    "national",
    "natural",
    "planning",
    "public",
    "resources",
    "rural",
    "science",
    "security",
    "social",
    "sports",
    "technology",
    "tourism",
    "trade",
    "transport",
    "welfare",
    "youth",
];

/// Nouns for people who act as a group rather than for a state.
pub const GROUP_NOUNS: &[&str] = &[
    "activists",
    "demonstrators",
    "protesters",
    "protestors",
    "workers",
    "students",
    "rebels",
    "guerrillas",
    "guerillas",
    "militants",
    "refugees",
    "prisoners",
    "people",
    "youths",
    "villagers",
    "residents",
    "settlers",
    "civilians",
    "farmers",
    "supporters",
    "fundamentalists",
    "elders",
    "leaders",
    "hackers",
    "dissidents",
    "separatists",
    "insurgents",
    "militiamen",
    "nationalists",
    "exiles",
    "immigrants",
    "migrants",
    "traders",
    "teachers",
    "doctors",
    "monks",
    "opposition",
    "parties",
];

/// Pronouns that refer back to the last person: "he", "she".
pub(super) const PRONOUNS: &[&str] = &["he", "she"];

/// Whether a word names an official who can be referred back to ("minister", "official").
pub fn is_referring_noun(word: &str) -> bool {
    REFERRING_NOUNS.contains(&word)
}

/// Nouns for officials a definite description refers back with: "the official", "the minister".
pub(super) const REFERRING_NOUNS: &[&str] = &[
    "official",
    "diplomat",
    "envoy",
    "ambassador",
    "minister",
    "leader",
    "chief",
    "president",
    "secretary-general",
    "secretary general",
    "under-secretary-general",
    "general",
    "representative",
    "deputy",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "guest",
    "host",
    "head",
    "chairman",
    "chairwoman",
    "premier",
    "director",
];

/// Whether a word before a title modifies it: "Deputy", "former", "Sr.", "Lt.".
pub(super) fn is_title_modifier(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.').to_ascii_lowercase().as_str(),
        "deputy"
            | "vice"
            | "former"
            | "acting"
            | "senior"
            | "sr"
            | "lt"
            | "gen"
            | "first"
            | "permanent"
            | "chief"
            | "assistant"
            | "executive"
            | "foreign"
            | "defence"
            | "defense"
            | "regional"
            | "country"
            | "trade"
            | "cabinet"
            | "managing"
            | "general"
            | "interim"
    )
}
