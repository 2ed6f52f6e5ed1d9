//! The Doc: one article as the coder's stages see it. Every stage of [`crate::pipeline`] reads
//! the Doc and adds its annotations: the cleaned text's sentences, their tokens, tags and
//! dependencies, the actors (and how each was found), places, dates and triggers, the events
//! each trigger gave or the rule that dropped it, and the article's events.
//!
//! `dyad explain` prints the Doc ([`Doc::explain`]), so what it shows is what the coder did.

use crate::vocab::EventType;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::actors::{Found, Memory, Mention, Recognized};
use crate::dates::DateMention;
use crate::events::{Coded, Dep, Dropped, Trigger};
use crate::lexicon::Lexicon;
use crate::model::{Actor, Article, Event, Span};
use crate::sentences::Token;
use crate::text::CharOffsets;

/// One article through the stages.
pub struct Doc<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its publication date, parsed.
    pub published: Option<NaiveDate>,
    /// The dateline's place ("Geneva" in "Geneva (VNA) -"): the location of last resort.
    pub dateline: Option<String>,
    /// The news agency the dateline names ("VNA").
    pub agency: Option<String>,
    /// What the article has established so far (persons, acronyms, principals, its home state).
    pub memory: Memory,
    /// Its sentences, headline first, in order.
    pub sentences: Vec<Sentence<'a>>,
    /// The events kept.
    pub events: Vec<Event>,
    /// Byte to character offsets of the article text.
    pub(crate) offsets: CharOffsets<'a>,
}

/// One sentence through the stages. Token indices (`start`, `end`, `head`) index `tokens`.
pub struct Sentence<'a> {
    /// Where it is in the article text (bytes).
    pub span: Span,
    /// Whether it is the headline.
    pub is_title: bool,
    /// Its tokens.
    pub tokens: Vec<Token>,
    /// Names the gazetteers know, before any rule reads them.
    pub names: Found<'a>,
    /// What the actor rules recognised: named actors, places, appositives and agent nouns.
    pub recognized: Recognized,
    /// The one state the sentence names (or the article's home): the state of actors in no list.
    pub state: Option<String>,
    /// Actors in no list ([`crate::actors::unlisted`]), once the tagger has read the sentence.
    pub unlisted: Vec<Mention>,
    /// The actors coding uses: recognised and unlisted ones outside appositives, in order.
    pub actors: Vec<Mention>,
    /// The places as actors: the state a place lies in, a target of last resort.
    pub place_actors: Vec<Mention>,
    /// Universal part-of-speech tags, when the sentence was worth tagging.
    pub upos: Option<Vec<String>>,
    /// The verb and noun patterns found.
    pub triggers: Vec<Trigger>,
    /// The dependency parse, when the sentence had a trigger to read roles for.
    pub deps: Option<Vec<Dep>>,
    /// The events the roles gave, before the article-level filters.
    pub coded: Vec<Coded>,
    /// What became of each coded event: the index of the event kept, or the rule that dropped it.
    pub outcomes: Vec<Outcome>,
    /// Triggers (or events) the role rules dropped, each with its rule.
    pub dropped: Vec<Dropped>,
    /// Dates written in the sentence.
    pub dates: Vec<DateMention>,
    /// The tagger's output, kept for the parser.
    pub(crate) tags: Option<dyad_syntax::Tags<'a>>,
    /// The sentence's words the patterns know, looked up once for tagging and triggers.
    pub(crate) pattern_words: Option<crate::events::SentenceWords<'a>>,
}

/// What became of an event the role rules coded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Kept: the index of the event in [`Doc::events`].
    Kept(usize),
    /// Dropped by the named rule.
    Dropped(&'static str),
}

impl<'a> Sentence<'a> {
    /// A sentence with its tokens and the names the gazetteers know, not yet read.
    pub fn new(span: Span, is_title: bool, tokens: Vec<Token>, names: Found<'a>) -> Sentence<'a> {
        Sentence {
            span,
            is_title,
            tokens,
            names,
            recognized: Recognized::default(),
            state: None,
            unlisted: Vec::new(),
            actors: Vec::new(),
            place_actors: Vec::new(),
            upos: None,
            triggers: Vec::new(),
            deps: None,
            coded: Vec::new(),
            outcomes: Vec::new(),
            dropped: Vec::new(),
            dates: Vec::new(),
            tags: None,
            pattern_words: None,
        }
    }

    /// Whether token `i` lies inside an appositive ("..., head of the mission, ...").
    pub fn in_aside(&self, i: usize) -> bool {
        self.recognized.asides.iter().any(|(s, e)| *s <= i && i < *e)
    }

    /// The words as written.
    pub fn words<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.tokens.iter().map(|t| t.span.slice(text)).collect()
    }
}

impl Doc<'_> {
    /// The Doc as text, sentence by sentence: tokens with their tags and dependencies, the
    /// actors and how each was found, places, dates, triggers with their patterns, and every
    /// event kept or dropped with the rule that decided it.
    pub fn explain(&self, lexicon: &Lexicon) -> String {
        let text = self.article.text.as_str();
        let mut out = String::new();
        let _ = writeln!(out, "article {}", self.article.id);
        if let Some(home) = &self.memory.home {
            let _ = writeln!(out, "  home state {home}");
        }
        if let Some(dateline) = &self.dateline {
            let _ = writeln!(out, "  dateline {dateline}");
        }
        for (n, s) in self.sentences.iter().enumerate() {
            let chars = self.offsets.span(s.span);
            let title = if s.is_title { " (headline)" } else { "" };
            let _ = writeln!(out, "\nsentence {n}{title} chars {}..{}: {}", chars.start, chars.end, s.span.slice(text));
            explain_tokens(&mut out, s, text);
            for m in &s.actors {
                let _ = writeln!(
                    out,
                    "  actor   {}..{} {:?} -> {}",
                    m.start,
                    m.end,
                    words(s, text, m.start, m.end),
                    actor_label(&m.actor)
                );
            }
            for p in &s.recognized.places {
                let _ = writeln!(out, "  place   {}..{} {:?} in {}", p.start, p.end, p.name, p.country);
            }
            for d in &s.dates {
                let _ = writeln!(out, "  date    {:?} -> {}", &s.span.slice(text)[d.start..d.end], d.date);
            }
            for t in &s.triggers {
                let p = &lexicon.patterns[t.pattern];
                let _ = writeln!(
                    out,
                    "  trigger {}..{} {:?} {} {} ({}: {})",
                    t.start,
                    t.end,
                    words(s, text, t.start, t.end),
                    p.event_type.map_or("NONE", EventType::as_str),
                    p.cameo,
                    p.id,
                    p.text
                );
            }
            for (c, outcome) in s.coded.iter().zip(&s.outcomes) {
                let target = c.target.as_ref().map_or("-".to_string(), actor_label);
                let decided = match outcome {
                    Outcome::Kept(_) => "kept".to_string(),
                    Outcome::Dropped(rule) => format!("dropped by {rule}"),
                };
                let _ = writeln!(
                    out,
                    "  event   {} {} {} -> {} at {:?} confidence {:.2} rule {}: {decided}",
                    c.event_type,
                    c.cameo,
                    actor_label(&c.source),
                    target,
                    words(s, text, c.trigger.start, c.trigger.end),
                    c.confidence,
                    c.rule
                );
            }
            for d in &s.dropped {
                let p = &lexicon.patterns[d.trigger.pattern];
                let _ = writeln!(
                    out,
                    "  dropped {:?} {} ({}) by {}",
                    words(s, text, d.trigger.start, d.trigger.end),
                    p.event_type.map_or("NONE", EventType::as_str),
                    p.id,
                    d.rule
                );
            }
        }
        out
    }
}

/// "0 Japan PROPN 2:nsubj | 1 praised VERB 0:root": each token with its tag and, when parsed,
/// its head and relation.
fn explain_tokens(out: &mut String, s: &Sentence, text: &str) {
    let mut line = String::new();
    for (i, t) in s.tokens.iter().enumerate() {
        if i > 0 {
            line.push_str(" | ");
        }
        let _ = write!(line, "{i} {}", t.span.slice(text));
        if let Some(tag) = s.upos.as_ref().and_then(|u| u.get(i)) {
            let _ = write!(line, " {tag}");
        }
        if let Some(dep) = s.deps.as_ref().and_then(|d| d.get(i)) {
            // Heads print as token indices (the root as "root").
            match dep.head.checked_sub(1) {
                Some(head) => {
                    let _ = write!(line, " {head}:{}", dep.deprel);
                }
                None => {
                    let _ = write!(line, " root:{}", dep.deprel);
                }
            }
        }
    }
    let _ = writeln!(out, "  tokens  {line}");
}

/// The words of tokens `start..end` as written.
fn words<'t>(s: &Sentence, text: &'t str, start: usize, end: usize) -> &'t str {
    match (s.tokens.get(start), end.checked_sub(1).and_then(|e| s.tokens.get(e))) {
        (Some(first), Some(last)) if start < end => &text[first.span.start..last.span.end],
        _ => "",
    }
}

/// "USAGOV (person Joe Smith, role PRESIDENT)": an actor's CAMEO code, and what else it has.
fn actor_label(a: &Actor) -> String {
    let mut label = if a.cameo.is_empty() { a.id.clone() } else { a.cameo.clone() };
    let mut more = Vec::new();
    if a.cameo != a.id && !a.id.is_empty() {
        more.push(format!("id {}", a.id));
    }
    if let Some(person) = &a.person {
        more.push(format!("person {person}"));
    }
    if let Some(role) = &a.role {
        more.push(format!("role {role}"));
    }
    if let Some(how) = &a.how {
        more.push(format!("how {how}"));
    }
    if !more.is_empty() {
        label.push_str(&format!(" ({})", more.join(", ")));
    }
    label
}
