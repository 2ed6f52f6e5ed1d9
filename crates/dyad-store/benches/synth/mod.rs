//! A synthetic corpus for benchmarks: articles with realistic-looking coded events, generated
//! deterministically (a fixed-seed xorshift), with a skewed actor distribution like real news
//! (a few states in most events). About three mentions in ten name a person acting for the
//! actor (up to 64 persons per actor, with accented names; the UN's are the Lacroixes, Jean-Pierre
//! Lacroix among them), drawn from the generator's state without advancing it, so that the rest of the
//! corpus is what it was before persons were added.

use dyad_core::{Actor, ActorKind, Article, CharSpan, Event};

const ACTORS: &[(&str, &str)] = &[
    ("USA", "United States"),
    ("CHN", "China"),
    ("RUS", "Russia"),
    ("UKR", "Ukraine"),
    ("GBR", "United Kingdom"),
    ("FRA", "France"),
    ("DEU", "Germany"),
    ("JPN", "Japan"),
    ("IND", "India"),
    ("ISR", "Israel"),
    ("IRN", "Iran"),
    ("TUR", "Turkey"),
    ("VNM", "Vietnam"),
    ("KOR", "South Korea"),
    ("PRK", "North Korea"),
    ("SAU", "Saudi Arabia"),
    ("EGY", "Egypt"),
    ("BRA", "Brazil"),
    ("ZAF", "South Africa"),
    ("NGA", "Nigeria"),
    ("PAK", "Pakistan"),
    ("AFG", "Afghanistan"),
    ("SYR", "Syria"),
    ("IRQ", "Iraq"),
    ("LAO", "Laos"),
    ("THA", "Thailand"),
    ("IDN", "Indonesia"),
    ("PHL", "Philippines"),
    ("MEX", "Mexico"),
    ("CAN", "Canada"),
];
const IGOS: &[(&str, &str)] =
    &[("UN", "United Nations"), ("EU", "European Union"), ("NATO", "NATO"), ("ASEAN", "ASEAN")];
const TYPES: &[(&str, &str)] = &[
    ("AGREE", "057"),
    ("CONSULT", "040"),
    ("SUPPORT", "051"),
    ("CONCEDE", "080"),
    ("COOPERATE", "061"),
    ("AID", "070"),
    ("RETREAT", "087"),
    ("REQUEST", "020"),
    ("ACCUSE", "112"),
    ("REJECT", "120"),
    ("THREATEN", "130"),
    ("PROTEST", "140"),
    ("SANCTION", "163"),
    ("MOBILIZE", "150"),
    ("COERCE", "170"),
    ("ASSAULT", "190"),
];
const FIRST: &[&str] = &["Jean-Pierre", "Nguyễn Văn", "Anna", "José", "Mehmet", "Đặng Thị", "Søren", "Aiko"];
const LAST: &[&str] = &["Lacroix", "Müller", "García", "Yılmaz", "Trần", "Kowalski", "Okafor", "Lindqvist"];
const ROLES: &[&str] =
    &["Under-Secretary-General", "Foreign Minister", "Ambassador", "Defence Minister", "Spokesperson"];
const CONTEXTS: &[&str] = &["military", "economic", "diplomatic", "humanitarian", "cyber", "election", "territory"];

/// Deterministic pseudo-random numbers.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number drawn from the state without advancing it.
    fn peek(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed towards small indices: about a third of draws are 0..3.
    pub fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b).min(self.below(n))
    }
}

fn actor(rng: &mut Rng) -> Actor {
    let (id, name, kind) = if rng.below(10) == 0 {
        let (id, name) = IGOS[rng.below(IGOS.len())];
        (id, name, ActorKind::Igo)
    } else {
        let (id, name) = ACTORS[rng.skewed(ACTORS.len())];
        (id, name, ActorKind::State)
    };
    // Person k of the actor: first name k % 8, surname k / 8 shifted by the actor (so that
    // surnames are shared across actors), role k % 5.
    let draw = rng.peek();
    let person = (draw % 10 < 3).then(|| {
        let k = (draw >> 8) as usize % 64;
        let shift = id.bytes().map(usize::from).sum::<usize>();
        // Lacroix is the UN's alone.
        let last = if id == "UN" { 0 } else { 1 + (k / 8 + shift) % (LAST.len() - 1) };
        (format!("{} {}", FIRST[k % FIRST.len()], LAST[last]), ROLES[k % ROLES.len()].to_string())
    });
    Actor {
        id: id.into(),
        name: name.into(),
        kind,
        country: (kind == ActorKind::State).then(|| id.to_string()),
        org: None,
        sector: Some("GOV".into()),
        cameo: format!("{id}GOV"),
        role: person.as_ref().map(|(_, role)| role.clone()),
        person: person.map(|(name, _)| name),
        text: name.into(),
        aliases: Vec::new(),
        how: None,
    }
}

/// Article `n` with `per_article` events, dated between 2015 and 2024.
pub fn article(rng: &mut Rng, n: usize, per_article: usize) -> (Article, Vec<Event>) {
    let id = format!("synth-{n:07}");
    let year = 2015 + rng.below(10);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let date = format!("{year}-{month:02}-{day:02}");
    let mut text = String::new();
    let mut events = Vec::with_capacity(per_article);
    for _ in 0..per_article {
        let source = actor(rng);
        let mut target = actor(rng);
        while target.id == source.id {
            target = actor(rng);
        }
        let (event_type, cameo) = TYPES[rng.below(TYPES.len())];
        let sentence = format!(
            "{} moved to {} {} over the dispute, officials said on Tuesday.",
            source.name,
            event_type.to_lowercase(),
            target.name
        );
        let start = text.chars().count();
        text.push_str(&sentence);
        text.push(' ');
        let len = sentence.chars().count();
        let trigger_start = start + source.name.chars().count() + 1;
        let contexts = if rng.below(3) == 0 { vec![CONTEXTS[rng.below(CONTEXTS.len())].to_string()] } else { vec![] };
        events.push(Event {
            article_id: id.clone(),
            event_type: event_type.parse().expect("a PLOVER type"),
            mode: None,
            contexts,
            cameo: cameo.into(),
            source: Some(source),
            target: Some(target),
            date: Some(date.clone()),
            date_precision: Some(dyad_core::DatePrecision::Day),
            period: None,
            location: None,
            commitment: None,
            confidence: 0.7,
            sentence,
            span: CharSpan { start, end: start + len },
            trigger: CharSpan { start: trigger_start, end: trigger_start + 8 },
            trigger_text: "moved to".into(),
            rule: String::new(),
        });
    }
    let article = Article {
        id,
        url: Some(format!("https://news.example/{n}")),
        published: Some(date),
        title: Some(format!("Synthetic report {n}")),
        text,
    };
    (article, events)
}
