//! The whole pipeline for one article, as a list of stages over one [`Doc`]: clean, split,
//! recognise actors, tag, find actors in no list and triggers, parse, read roles, and attach
//! dates, places, periods, contexts and provenance ([`Coder::read`] lists them in order).

use crate::vocab::EventType::{Aid, Consult, Cooperate};
use crate::vocab::Sector;
use std::sync::OnceLock;

use crate::actors::unlisted::{actors_in_no_list, in_no_list, noun_phrase_actors, sentence_state};
use crate::actors::{How, Memory, Mention, Recognizer};
use crate::clean::clean;
use crate::dates::{find_dates, find_period, DateMention};
use crate::doc::{Doc, Outcome, Sentence};
use crate::events::{code_sentence, find_triggers_with, may_trigger, place_of, Coded, Dep, SentenceWords, SPEECH};
use crate::lexicon::{Lexicon, LexiconError};
use crate::model::{Actor, ActorKind, Article, Event, Location, Span};
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
    /// A coder over the lexicons embedded in the binary, with the tagger and parser.
    pub fn embedded() -> Result<Coder, LexiconError> {
        Coder::load(None, true)
    }

    /// A coder over given lexicons, with the embedded tagger and parser.
    pub fn new(lexicon: Lexicon) -> Result<Coder, LexiconError> {
        Ok(Coder { lexicon, syntax: Some(dyad_syntax::Model::embedded()?), roles_from_parse: true })
    }

    /// Lexicons from a folder (missing files fall back to the embedded ones), with the tagger
    /// and parser.
    pub fn from_dir(dir: &std::path::Path) -> Result<Coder, LexiconError> {
        Coder::load(Some(dir), true)
    }

    /// Lexicons from a folder (or the embedded ones) and, when `syntax`, the tagger and parser
    /// model, which loads on a second thread while the lexicons load. A model that cannot be
    /// loaded is an error ([`LexiconError::Syntax`]), not a coder that silently reads worse.
    pub fn load(dir: Option<&std::path::Path>, syntax: bool) -> Result<Coder, LexiconError> {
        let (lexicon, model) = std::thread::scope(|scope| {
            let model = scope.spawn(|| syntax.then(dyad_syntax::Model::embedded).transpose());
            let lexicon = match dir {
                Some(dir) => Lexicon::from_dir(dir),
                None => Lexicon::embedded(),
            };
            (lexicon, model.join().unwrap_or(Err(dyad_syntax::ModelError::Corrupt("the loading thread panicked"))))
        });
        Ok(Coder { lexicon: lexicon?, syntax: model?, roles_from_parse: true })
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
        self.read(article).events
    }

    /// Codes one article and returns its [`Doc`]: every stage's annotations, and the events.
    ///
    /// The stages, in order: the article is cleaned, split and tokenised and its gazetteer names
    /// found ([`Coder::prepare`]); its home state chosen ([`Coder::choose_home`]); then, sentence
    /// by sentence (each reads what the sentences before established): actors recognised,
    /// words tagged, actors in no list found, triggers found, the sentence parsed, roles read,
    /// dates found, principals remembered, and the events kept ([`Coder::keep_events`]).
    /// Last, the acronyms the article defined are put on every actor they stand for.
    pub fn read<'a>(&'a self, article: &'a Article) -> Doc<'a> {
        let mut doc = self.prepare(article);
        self.choose_home(&mut doc);
        let mut carried: Option<DateMention> = None;
        for mut s in std::mem::take(&mut doc.sentences) {
            doc.memory.next_sentence();
            self.recognize_actors(&mut doc, &mut s);
            self.tag(&mut s, article);
            self.find_unlisted(&doc, &mut s, article);
            self.find_triggers(&mut s);
            self.parse(&mut s, article);
            find_noun_phrases(&self.lexicon, &doc.memory, &mut s, article);
            self.read_roles(&mut s);
            find_sentence_dates(&doc, &mut s);
            remember_persons(&mut doc.memory, &s);
            self.keep_events(&mut doc, &mut s, carried.as_ref());
            doc.memory.note_name_words(&article.text, &s.tokens);
            if carried.is_none() {
                carried = s.dates.iter().find(|d| d.precision == crate::model::DatePrecision::Day).cloned();
            }
            doc.sentences.push(s);
        }
        attach_aliases(&mut doc);
        doc
    }

    /// Stage 1: the article cleaned (boilerplate out, dateline found), split into sentences and
    /// tokens, and the names the gazetteers know found in each.
    fn prepare<'a>(&'a self, article: &'a Article) -> Doc<'a> {
        let text = article.text.as_str();
        let cleaned = clean(text);
        let recognizer = Recognizer::new(&self.lexicon);
        let sentences = split(text, &cleaned.blocks)
            .into_iter()
            .map(|s| {
                let tokens = tokenize(text, s.span);
                let names = recognizer.find(text, &tokens);
                Sentence::new(s.span, s.is_title, tokens, names)
            })
            .filter(|s| !s.tokens.is_empty())
            .collect();
        Doc {
            article,
            published: article.published.as_deref().and_then(crate::ingest::parse_date),
            dateline: cleaned.dateline.map(|span| span.slice(text).to_string()),
            agency: cleaned.agency,
            memory: Memory::default(),
            sentences,
            events: Vec::new(),
            offsets: CharOffsets::new(text),
        }
    }

    /// Stage 2: the state the article is about, for officials of no stated affiliation: the
    /// state a national agency's dateline stands for ("Hanoi (VNA) -"), when the article names
    /// it; else the state named most often, and at least twice (a state named once is as
    /// likely the one acted upon).
    fn choose_home(&self, doc: &mut Doc) {
        let recognizer = Recognizer::new(&self.lexicon);
        let mut counts = std::collections::HashMap::new();
        for s in &doc.sentences {
            recognizer.count_states(&s.names, &mut counts);
        }
        let agency_home = doc
            .agency
            .as_deref()
            .and_then(|a| self.lexicon.agencies.get(&a.to_uppercase()))
            .filter(|iso3| counts.contains_key(*iso3))
            .cloned();
        doc.memory.home = agency_home.or_else(|| {
            counts
                .into_iter()
                .filter(|(_, n)| *n >= 2)
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(iso3, _)| iso3)
        });
    }

    /// Stage 3: the actors the lists and the article's memory recognise, and the places.
    fn recognize_actors<'a>(&'a self, doc: &mut Doc<'a>, s: &mut Sentence<'a>) {
        let recognizer = Recognizer::new(&self.lexicon);
        s.recognized = recognizer.recognize(&doc.article.text, &s.tokens, &s.names, &mut doc.memory);
        s.actors = s.recognized.mentions.iter().filter(|m| !s.in_aside(m.start)).cloned().collect();
        s.place_actors = s
            .recognized
            .places
            .iter()
            .map(|p| Mention {
                start: p.start,
                end: p.end,
                actor: Actor {
                    how: Some(How::Place(p.is_state).name().into()),
                    ..recognizer.state_actor(&p.country, None, &p.name)
                },
                how: How::Place(p.is_state),
                partner: None,
                group: false,
            })
            .collect();
    }

    /// Stage 4: the words tagged. Tagging and parsing are most of the cost: a sentence that can
    /// name no actor, or has no word any pattern starts with, cannot give an event and is not
    /// tagged.
    fn tag<'a>(&'a self, s: &mut Sentence<'a>, article: &Article) {
        // The pattern words are looked up once, here, for the trigger stage too.
        let pattern_words = s.pattern_words.insert(SentenceWords::new(&self.lexicon, &s.tokens));
        let Some(model) = &self.syntax else { return };
        let may_name =
            !s.actors.is_empty() || !s.recognized.agent_nouns.is_empty() || s.tokens.iter().skip(1).any(|t| t.capital);
        if !(may_name && may_trigger(&self.lexicon, &s.tokens, pattern_words)) {
            return;
        }
        let tags = model.tag(&s.words(&article.text));
        s.upos = Some(tags.upos().map(str::to_string).collect());
        s.tags = Some(tags);
    }

    /// Stage 5: actors in no list (agent nouns and names the tagger reads as such). They, and
    /// titled persons of no stated affiliation (rule `actor:person-state`), belong to the one
    /// state the sentence names. Every actor's `how` is written here.
    fn find_unlisted(&self, doc: &Doc, s: &mut Sentence, article: &Article) {
        s.state = sentence_state(&s.recognized, &doc.memory);
        if let Some(upos) = &s.upos {
            let tags: Vec<&str> = upos.iter().map(String::as_str).collect();
            s.unlisted = actors_in_no_list(
                &self.lexicon,
                &doc.memory,
                &article.text,
                &s.tokens,
                &tags,
                &s.recognized,
                s.state.as_deref(),
                s.is_title,
            );
            let outside: Vec<Mention> = s.unlisted.iter().filter(|m| !s.in_aside(m.start)).cloned().collect();
            s.actors.extend(outside);
            s.actors.sort_by_key(|m| m.start);
        }
        for m in &mut s.actors {
            m.actor.how = Some(m.how.name().into());
            if let Some(state) =
                s.state.as_ref().filter(|_| m.actor.kind == ActorKind::Person && m.actor.country.is_none())
            {
                m.actor.cameo = format!("{state}{}", m.actor.sector.as_deref().unwrap_or(""));
                m.actor.country = Some(state.clone());
            }
        }
    }

    /// Stage 6: the verb and noun patterns, outside appositives. A pattern word right after an
    /// actor is more likely its verb.
    fn find_triggers(&self, s: &mut Sentence) {
        let mut after_actor = vec![false; s.tokens.len()];
        for m in s.recognized.mentions.iter().chain(&s.unlisted) {
            if let Some(slot) = after_actor.get_mut(m.end) {
                *slot = true;
            }
        }
        let pattern_words = s.pattern_words.take().unwrap_or_else(|| SentenceWords::new(&self.lexicon, &s.tokens));
        let found = find_triggers_with(&self.lexicon, &s.tokens, &pattern_words, &after_actor, s.upos.as_deref());
        s.triggers = found.into_iter().filter(|t| !s.in_aside(t.head)).collect();
    }

    /// Stage 7: the dependency parse of a tagged sentence with a trigger left.
    fn parse(&self, s: &mut Sentence, article: &Article) {
        let (Some(model), Some(tags)) = (&self.syntax, &s.tags) else { return };
        if s.triggers.is_empty() || !self.roles_from_parse {
            return;
        }
        let arcs = model.arcs(&s.words(&article.text), tags);
        s.deps = Some(arcs.into_iter().map(|(head, deprel)| Dep { head, deprel: deprel.to_string() }).collect());
    }

    /// Stage 8: who did it to whom, for each trigger ([`code_sentence`]).
    fn read_roles(&self, s: &mut Sentence) {
        s.coded = code_sentence(
            &self.lexicon,
            &s.tokens,
            &s.actors,
            &s.place_actors,
            &s.triggers,
            s.deps.as_deref(),
            &mut s.dropped,
        );
    }

    /// Stage 10: the coded events kept as the article's events, with their date, place,
    /// period, contexts and provenance. Rules `filter:with-itself` (aid, cooperation and
    /// meetings of a state with itself) and `filter:same-event-twice` drop; each kept event's
    /// parties become the article's principals.
    fn keep_events(&self, doc: &mut Doc, s: &mut Sentence, carried: Option<&DateMention>) {
        let text = doc.article.text.as_str();
        let body = s.span.slice(text);
        let sentence_chars = doc.offsets.span(s.span);
        // Periods and contexts only matter to a sentence that gave events.
        let (period, contexts) = if s.coded.is_empty() {
            (None, Vec::new())
        } else {
            (find_period(body).map(|(_, _, p)| p), self.contexts(body))
        };
        for c in &s.coded {
            if let Some(rule) = with_itself(c) {
                s.outcomes.push(Outcome::Dropped(rule));
                continue;
            }
            remember_parties(&mut doc.memory, s, c);
            let trigger_span = Span::new(s.tokens[c.trigger.start].span.start, s.tokens[c.trigger.end - 1].span.end);
            let at = trigger_span.start - s.span.start;
            let date = pick_date(&s.dates, at).or(carried);
            let location = place_of(&s.recognized.places, &c.trigger)
                .map(|p| Location { name: p.name.clone(), country: Some(p.country.clone()) })
                .or_else(|| doc.dateline.as_ref().map(|d| Location { name: d.clone(), country: None }));
            let mode = self.lexicon.cameo.get(c.cameo.as_str()).and_then(|info| info.mode.clone());
            // Rule `filter:same-event-twice`: one sentence may report the same triple twice
            // ("who visited ... made the praise while meeting"): kept once, unless the two
            // happened on different dates.
            let date_text = date.map(|d| d.date.clone());
            let duplicate = doc.events.iter().rev().take_while(|e| e.span == sentence_chars).any(|e| {
                e.date == date_text
                    && e.event_type == c.event_type
                    && e.source.as_ref().map(|a| &a.id) == Some(&c.source.id)
                    && e.target.as_ref().map(|a| &a.id) == c.target.as_ref().map(|a| &a.id)
            });
            if duplicate {
                s.outcomes.push(Outcome::Dropped("filter:same-event-twice"));
                continue;
            }
            s.outcomes.push(Outcome::Kept(doc.events.len()));
            doc.events.push(Event {
                article_id: doc.article.id.clone(),
                event_type: c.event_type,
                mode,
                contexts: contexts.clone(),
                cameo: c.cameo.clone(),
                source: Some(c.source.clone()),
                target: c.target.clone(),
                date: date_text,
                date_precision: date.map(|d| d.precision),
                period: if c.commitment.is_some() { period.clone() } else { None },
                location,
                commitment: c.commitment.clone(),
                confidence: c.confidence,
                sentence: body.to_string(),
                span: sentence_chars,
                trigger: doc.offsets.span(trigger_span),
                trigger_text: trigger_span.slice(text).to_string(),
                rule: c.rule.clone(),
            });
        }
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
}

/// Stage 7b: subjects and passive agents the parse gives a trigger that no rule took are actors
/// too (rule `actor:noun-phrase`, [`noun_phrase_actors`]).
fn find_noun_phrases(lexicon: &Lexicon, memory: &Memory, s: &mut Sentence, article: &Article) {
    let (Some(deps), Some(upos)) = (&s.deps, &s.upos) else { return };
    // Only the curated patterns' verbs: PETRARCH2's broader ones match many verbs that report
    // no event ("the gift demonstrates").
    let heads: Vec<usize> = s.triggers.iter().filter(|t| lexicon.patterns[t.pattern].curated).map(|t| t.head).collect();
    let mut taken: Vec<(usize, usize)> = s.actors.iter().map(|m| (m.start, m.end)).collect();
    taken.extend(s.recognized.asides.iter().copied());
    taken.extend(s.triggers.iter().map(|t| (t.start, t.end)));
    // Names of persons the article named are theirs ("Santos" for "Maria Santos"), no new actors.
    let known = |i: usize| memory.knows_person(&s.tokens[i].norm);
    taken.extend((0..s.tokens.len()).filter(|&i| known(i)).map(|i| (i, i + 1)));
    let places = &s.recognized.places;
    let found = noun_phrase_actors(&article.text, &s.tokens, upos, deps, &heads, &taken, places, s.state.as_deref());
    if !found.is_empty() {
        s.actors.extend(found);
        s.actors.sort_by_key(|m| m.start);
    }
}

/// Stage 9: the dates the sentence writes, read against the publication date.
fn find_sentence_dates(doc: &Doc, s: &mut Sentence) {
    s.dates = find_dates(s.span.slice(&doc.article.text), doc.published);
}

/// Stage 9b: a person named first in the sentence (after any opening phrase: "Addressing the
/// debate, Ambassador X criticised ...") is who "the diplomat" and "he" refer to next. So is a
/// person who speaks, whatever comes before: "Answering reporters' questions at the ministry,
/// Deputy Spokesperson X said ...".
fn remember_persons(memory: &mut Memory, s: &Sentence) {
    let first_mention = s.actors.iter().map(|m| m.start).min();
    let speaks = |m: &Mention| {
        s.tokens.get(m.end).is_some_and(|t| SPEECH.contains(&t.norm.as_str()) || ANNOUNCING.contains(&t.norm.as_str()))
    };
    for mention in &s.actors {
        if mention.how == How::Person
            && (mention.start <= 2 || Some(mention.start) == first_mention || speaks(mention))
            && !s.is_title
        {
            memory.note_principal(&mention.actor, true);
        }
    }
}

/// Rule `filter:with-itself`: aid, cooperation and meetings of a state with itself are
/// misreadings in international news (a ministry and an embassy of one state), and so are those
/// of a state's officials with a body of that state (its national bank or Red Cross society
/// and its ambassador).
fn with_itself(c: &Coded) -> Option<&'static str> {
    let institution =
        |sector: &Option<Sector>| sector.as_deref().is_none_or(|s| matches!(s, "GOV" | "MIL" | "LEG" | "JUD" | "COP"));
    let own_body = |state: &Actor, body: &Actor| {
        state.kind == ActorKind::State
            && institution(&state.sector)
            && matches!(body.kind, ActorKind::Ngo | ActorKind::Business)
            && body.country.as_deref() == Some(state.id.as_str())
    };
    let with_itself = c.target.as_ref().is_some_and(|t| {
        (t.id == c.source.id && institution(&t.sector) && institution(&c.source.sector))
            || own_body(&c.source, t)
            || own_body(t, &c.source)
    });
    (with_itself && matches!(c.event_type, Aid | Cooperate | Consult)).then_some("filter:with-itself")
}

/// The parties of an event become the article's principals (who "the two sides", "the
/// organisation" and "he" refer to next). Actors in no list are no principals of the story, and
/// a headline establishes nothing.
fn remember_parties(memory: &mut Memory, s: &Sentence, c: &Coded) {
    if s.is_title {
        return;
    }
    if !in_no_list(&c.source) {
        memory.note_principal(&c.source, true);
        // "The Timorese minister thanked ...": the unnamed official is "he" next.
        let source_end = s.actors.iter().find(|m| m.start == c.source_at).map(|m| m.end);
        let official =
            source_end.and_then(|end| s.tokens.get(end)).is_some_and(|t| crate::actors::is_referring_noun(&t.norm));
        if c.source.person.is_none() && official && c.source_at < c.trigger.start {
            memory.note_unnamed_official(&c.source);
        }
    }
    if let Some(target) = c.target.as_ref().filter(|t| !c.target_is_place && !in_no_list(t)) {
        memory.note_principal(target, false);
        if c.event_type == Consult {
            memory.note_meeting(&c.source, target);
        }
    }
}

/// Last stage: acronyms the article defined, on every mention of their actor (the headline's too).
fn attach_aliases(doc: &mut Doc) {
    let aliases = doc.memory.acronyms_by_actor();
    for event in &mut doc.events {
        for actor in [event.source.as_mut(), event.target.as_mut()].into_iter().flatten() {
            actor.aliases = aliases.get(&actor.id).cloned().unwrap_or_default();
        }
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

/// Verbs that announce or stress, besides those of plain speech ([`SPEECH`]): the person right
/// before either is the one who speaks, and who "she" and "the spokesperson" mean next.
const ANNOUNCING: &[&str] =
    &["announced", "asserted", "emphasised", "emphasized", "highlighted", "underlined", "underscored"];
