//! The whole pipeline for one article: clean, split, recognise actors, code events, and attach
//! dates, places, periods, contexts and provenance.

use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::actors::unlisted::{actors_in_no_list, in_no_list, sentence_state};
use crate::actors::{How, Memory, Mention, Recognizer};
use crate::clean::clean;
use crate::dates::{find_dates, find_period, DateMention};
use crate::events::{code_sentence, find_triggers_with, may_trigger, place_of, SentenceWords, SPEECH};
use crate::lexicon::{Lexicon, LexiconError};
use crate::model::{Actor, ActorKind, Article, CharSpan, Event, Location, Span};
use crate::sentences::{split, tokenize};
use crate::text::{fold, CharOffsets};

/// The coder: lexicons loaded once, then any number of articles coded (from any thread).
pub struct Coder {
    lexicon: Lexicon,
    syntax: Option<dyad_syntax::Model>,
    /// Whether the parse assigns sources and targets (else only word order does).
    roles_from_parse: bool,
}

impl Coder {
    /// A coder over the lexicons embedded in the binary.
    /// The tagger and parser model loads on a second thread while the lexicons load.
    pub fn embedded() -> Result<Coder, LexiconError> {
        let (lexicon, syntax) = std::thread::scope(|scope| {
            let model = scope.spawn(|| dyad_syntax::Model::embedded().ok());
            let lexicon = Lexicon::embedded();
            (lexicon, model.join().ok().flatten())
        });
        Ok(Coder { lexicon: lexicon?, syntax, roles_from_parse: true })
    }

    /// A coder over given lexicons, with the embedded tagger and parser when the build has one.
    pub fn new(lexicon: Lexicon) -> Coder {
        Coder { lexicon, syntax: dyad_syntax::Model::embedded().ok(), roles_from_parse: true }
    }

    /// Lexicons from a folder (missing files fall back to the embedded ones), loaded beside the
    /// model as [`Coder::embedded`] does.
    pub fn from_dir(dir: &std::path::Path) -> Result<Coder, LexiconError> {
        let (lexicon, syntax) = std::thread::scope(|scope| {
            let model = scope.spawn(|| dyad_syntax::Model::embedded().ok());
            let lexicon = Lexicon::from_dir(dir);
            (lexicon, model.join().ok().flatten())
        });
        Ok(Coder { lexicon: lexicon?, syntax, roles_from_parse: true })
    }

    /// The same coder with sources and targets found by word order alone (the tagger still
    /// tells verbs from nouns): for comparing the two.
    pub fn with_word_order_roles(self) -> Coder {
        Coder { roles_from_parse: false, ..self }
    }

    /// The same coder without the tagger and parser (words are judged by context alone).
    pub fn without_syntax(self) -> Coder {
        Coder { syntax: None, ..self }
    }

    /// The tagger and parser, when loaded.
    pub fn syntax(&self) -> Option<&dyad_syntax::Model> {
        self.syntax.as_ref()
    }

    /// The lexicons in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Codes one article.
    pub fn code(&self, article: &Article) -> Vec<Event> {
        let text = article.text.as_str();
        let published = article.published.as_deref().and_then(crate::ingest::parse_date);
        let cleaned = clean(text);
        let sentences = split(text, &cleaned.blocks);
        let recognizer = Recognizer::new(&self.lexicon);
        let offsets = CharOffsets::new(text);
        let dateline = cleaned.dateline.map(|span| span.slice(text).to_string());
        let mut memory = Memory::default();
        let tokenized: Vec<_> = sentences
            .iter()
            .map(|s| {
                let tokens = tokenize(text, s.span);
                let hits = recognizer.find(text, &tokens);
                (tokens, hits)
            })
            .collect();
        let mut counts = std::collections::HashMap::new();
        for (_, hits) in &tokenized {
            recognizer.count_states(hits, &mut counts);
        }
        // The state the article is about: named most often, and at least twice (a state named
        // once is as likely the one acted upon).
        // A national agency's story is told from its state ("Hanoi (VNA) -"), when it names it.
        let agency_home = cleaned.agency.as_deref().and_then(|a| self.lexicon.agencies.get(&a.to_uppercase())).filter(|iso3| counts.contains_key(*iso3)).cloned();
        memory.home = agency_home.or_else(|| counts.into_iter().filter(|(_, n)| *n >= 2).max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(iso3, _)| iso3));
        let mut carried: Option<DateMention> = None;
        let mut events: Vec<Event> = Vec::new();
        for (sentence, (tokens, hits)) in sentences.iter().zip(tokenized) {
            if tokens.is_empty() {
                continue;
            }
            memory.next_sentence();
            let found = recognizer.recognize(text, &tokens, &hits, &mut memory);
            let inside = |i: usize| found.asides.iter().any(|(s, e)| *s <= i && i < *e);
            let mut mentions: Vec<_> = found.mentions.iter().filter(|m| !inside(m.start)).cloned().collect();
            let places = &found.places;
            // Tagging and parsing are most of the cost: a sentence that can name no actor, or has
            // no word any verb pattern starts with, cannot give an event and is not parsed.
            let pattern_words = SentenceWords::new(&self.lexicon, &tokens);
            let may_name = !mentions.is_empty() || !found.agent_nouns.is_empty() || tokens.iter().skip(1).any(|t| t.capital);
            let worth_parsing = may_name && may_trigger(&self.lexicon, &tokens, &pattern_words);
            // The tags decide which pattern words are verbs; only a sentence with a trigger left
            // is parsed.
            let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
            let tagged = self.syntax.as_ref().filter(|_| worth_parsing).map(|model| (model, model.tag(&words)));
            let upos: Option<Vec<String>> = tagged.as_ref().map(|(_, tags)| tags.upos().map(str::to_string).collect());
            // Actors in no list: agent nouns and names the tagger reads as such. They, and titled
            // persons of no stated affiliation (rule `actor:person-state`), belong to the one
            // state the sentence names.
            let state = sentence_state(&found, &memory);
            let mut unlisted = Vec::new();
            if let Some(upos) = &upos {
                let tags: Vec<&str> = upos.iter().map(String::as_str).collect();
                unlisted = actors_in_no_list(&self.lexicon, &memory, text, &tokens, &tags, &found, state.as_deref(), sentence.is_title);
                mentions.extend(unlisted.iter().filter(|m| !inside(m.start)).cloned());
                mentions.sort_by_key(|m| m.start);
            }
            for m in &mut mentions {
                m.actor.how = Some(m.how.name().into());
                if let Some(state) = state.as_ref().filter(|_| m.actor.kind == crate::model::ActorKind::Person && m.actor.country.is_none()) {
                    m.actor.cameo = format!("{state}{}", m.actor.sector.as_deref().unwrap_or(""));
                    m.actor.country = Some(state.clone());
                }
            }
            let mut after_actor = vec![false; tokens.len()];
            for m in found.mentions.iter().chain(&unlisted) {
                if let Some(slot) = after_actor.get_mut(m.end) {
                    *slot = true;
                }
            }
            let mut triggers = find_triggers_with(&self.lexicon, &tokens, &pattern_words, &after_actor, upos.as_deref());
            triggers.retain(|t| !inside(t.head));
            let parsed = tagged.filter(|_| !triggers.is_empty() && self.roles_from_parse).map(|(model, tags)| model.arcs(&words, &tags));
            let place_actors: Vec<Mention> = places
                .iter()
                .map(|p| Mention {
                    start: p.start,
                    end: p.end,
                    actor: Actor { how: Some(How::Place(p.is_state).name().into()), ..recognizer.state_actor(&p.country, None, &p.name) },
                    how: How::Place(p.is_state),
                    partner: None,
                    group: false,
                })
                .collect();
            let deps: Option<Vec<crate::events::Dep>> =
                parsed.map(|arcs| arcs.into_iter().map(|(head, deprel)| crate::events::Dep { head, deprel: deprel.to_string() }).collect());
            let coded = code_sentence(&self.lexicon, &tokens, &mentions, &place_actors, &triggers, deps.as_deref());
            let body = sentence.span.slice(text);
            let sentence_chars = offsets.span(sentence.span);
            let dates = find_dates(body, published);
            // Periods and contexts only matter to a sentence that gave events.
            let (period, contexts) = if coded.is_empty() {
                (None, Vec::new())
            } else {
                (find_period(body).map(|(_, _, p)| p), self.contexts(body))
            };
            // A person named first in the sentence (after any opening phrase: "Addressing the
            // debate, Ambassador X criticised ...") is who "the diplomat" and "he" refer to next.
            // So is a person who speaks, whatever comes before: "Answering reporters' questions at
            // the ministry, Deputy Spokesperson X said ...".
            let first_mention = mentions.iter().map(|m| m.start).min();
            let speaks = |m: &Mention| tokens.get(m.end).is_some_and(|t| SPEECH.contains(&t.norm.as_str()) || ANNOUNCING.contains(&t.norm.as_str()));
            for mention in &mentions {
                if mention.how == How::Person && (mention.start <= 2 || Some(mention.start) == first_mention || speaks(mention)) && !sentence.is_title {
                    memory.note_principal(&mention.actor, true);
                }
            }
            // Aid, cooperation and meetings of a state with itself are misreadings in
            // international news (a ministry and an embassy of one state), and so are those of a
            // state's officials with a body of that state (its national bank or Red Cross society
            // and its ambassador).
            let institution = |sector: &Option<String>| sector.as_deref().is_none_or(|s| matches!(s, "GOV" | "MIL" | "LEG" | "JUD" | "COP"));
            let own_body = |state: &Actor, body: &Actor| {
                state.kind == ActorKind::State
                    && institution(&state.sector)
                    && matches!(body.kind, ActorKind::Ngo | ActorKind::Business)
                    && body.country.as_deref() == Some(state.id.as_str())
            };
            for c in coded {
                let with_itself = c.target.as_ref().is_some_and(|t| {
                    (t.id == c.source.id && institution(&t.sector) && institution(&c.source.sector)) || own_body(&c.source, t) || own_body(t, &c.source)
                });
                if with_itself && matches!(c.event_type.as_str(), "AID" | "COOPERATE" | "CONSULT") {
                    continue;
                }
                // Actors in no list are no principals of the story: "the two sides" and "the
                // organisation" are still found among the named ones.
                if !sentence.is_title && !in_no_list(&c.source) {
                    memory.note_principal(&c.source, true);
                    // "The Timorese minister thanked ...": the unnamed official is "he" next.
                    let source_end = mentions.iter().find(|m| m.start == c.source_at).map(|m| m.end);
                    let official = source_end.and_then(|end| tokens.get(end)).is_some_and(|t| crate::actors::is_referring_noun(&t.norm));
                    if c.source.person.is_none() && official && c.source_at < c.trigger.start {
                        memory.note_unnamed_official(&c.source);
                    }
                }
                if !sentence.is_title {
                    if let Some(target) = c.target.as_ref().filter(|t| !c.target_is_place && !in_no_list(t)) {
                        memory.note_principal(target, false);
                        if c.event_type == "CONSULT" {
                            memory.note_meeting(&c.source, target);
                        }
                    }
                }
                let trigger_span = Span::new(tokens[c.trigger.start].span.start, tokens[c.trigger.end - 1].span.end);
                let at = trigger_span.start - sentence.span.start;
                let date = pick_date(&dates, at).or(carried.as_ref());
                let location = place_of(places, &c.trigger)
                    .map(|p| Location { name: self.place_name(&p.name), country: Some(p.country.clone()) })
                    .or_else(|| dateline.as_ref().map(|d| Location { name: d.clone(), country: None }));
                let mode = self.lexicon.cameo.get(&c.cameo).and_then(|info| info.mode.clone());
                // One sentence may report the same triple twice ("who visited ... made the praise
                // while meeting"): kept once, unless the two happened on different dates.
                let date_text = date.map(|d| d.date.clone());
                let duplicate = events.iter().rev().take_while(|e| e.span == sentence_chars).any(|e| {
                    e.date == date_text
                        && e.event_type == c.event_type
                        && e.source.as_ref().map(|a| &a.id) == Some(&c.source.id)
                        && e.target.as_ref().map(|a| &a.id) == c.target.as_ref().map(|a| &a.id)
                });
                if duplicate {
                    continue;
                }
                events.push(Event {
                    article_id: article.id.clone(),
                    event_type: c.event_type,
                    mode,
                    contexts: contexts.clone(),
                    cameo: c.cameo,
                    source: Some(c.source),
                    target: c.target,
                    date: date.map(|d| d.date.clone()),
                    date_precision: date.map(|d| d.precision),
                    period: if c.commitment.is_some() { period.clone() } else { None },
                    location,
                    commitment: c.commitment,
                    confidence: c.confidence,
                    sentence: body.to_string(),
                    span: sentence_chars,
                    trigger: offsets.span(trigger_span),
                    trigger_text: trigger_span.slice(text).to_string(),
                    rule: c.rule,
                });
            }
            memory.note_name_words(text, &tokens);
            if carried.is_none() {
                carried = dates.iter().find(|d| d.precision == crate::model::DatePrecision::Day).cloned();
            }
        }
        // Acronyms the article defined, on every mention of their actor (the headline's too).
        let aliases = memory.acronyms_by_actor();
        for event in &mut events {
            for actor in [event.source.as_mut(), event.target.as_mut()].into_iter().flatten() {
                actor.aliases = aliases.get(&actor.id).cloned().unwrap_or_default();
            }
        }
        events
    }

    /// PLOVER contexts whose keywords the sentence holds (as whole words).
    fn contexts(&self, sentence: &str) -> Vec<String> {
        let folded = fold(sentence);
        let mut out: Vec<String> = Vec::new();
        for m in self.lexicon.context_matcher.find_overlapping_iter(&folded) {
            let context = &self.lexicon.contexts[m.pattern().as_usize()].1;
            if out.contains(context) {
                continue;
            }
            let before = folded[..m.start()].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = folded[m.end()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if before && after {
                out.push(context.clone());
            }
        }
        out.sort();
        out
    }

    /// The gazetteer's spelling of a place ("Hà Nội" and "Ha Noi" are written as found).
    fn place_name(&self, written: &str) -> String {
        written.to_string()
    }
}

/// A sentence of an article as the pipeline sees it: its span and its tokens.
pub struct PreparedSentence {
    /// Where it is in the article text.
    pub span: Span,
    /// Its tokens.
    pub tokens: Vec<crate::sentences::Token>,
}

/// Cleans an article and splits it into sentences and tokens, as coding does.
pub fn prepare(text: &str) -> Vec<PreparedSentence> {
    let cleaned = clean(text);
    split(text, &cleaned.blocks)
        .into_iter()
        .map(|s| PreparedSentence { span: s.span, tokens: tokenize(text, s.span) })
        .filter(|s| !s.tokens.is_empty())
        .collect()
}

/// The date of an event whose trigger is at byte `at` of the sentence: the first date after
/// it, else the last one before it.
fn pick_date(dates: &[DateMention], at: usize) -> Option<&DateMention> {
    dates.iter().find(|d| d.start >= at).or_else(|| dates.iter().rev().find(|d| d.end <= at))
}

/// Codes one article with the embedded lexicons (loaded once per process).
///
/// # Panics
/// Panics if the embedded lexicons are malformed, which the test suite rules out.
pub fn code_article(article: &Article) -> Vec<Event> {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| Coder::embedded().expect("embedded lexicons are valid")).code(article)
}

/// A publication date, parsed.
pub fn published_date(article: &Article) -> Option<NaiveDate> {
    article.published.as_deref().and_then(crate::ingest::parse_date)
}

#[allow(dead_code)]
fn char_span(offsets: &CharOffsets, span: Span) -> CharSpan {
    offsets.span(span)
}

/// Verbs that announce or stress, besides those of plain speech ([`SPEECH`]): the person right
/// before either is the one who speaks, and who "she" and "the spokesperson" mean next.
const ANNOUNCING: &[&str] = &["announced", "asserted", "emphasised", "emphasized", "highlighted", "underlined", "underscored"];

