//! How likely an event is right.

use crate::actors::{How, Mention};
use crate::lexicon::Pattern;

/// How likely the event is right (type, source and target), from what made it: a curated
/// pattern or a PETRARCH2 one, and how each actor was found. The steps follow what was measured
/// on real news sentences (the CHANGELOG gives the reliability table): curated patterns between
/// named actors are right about two times in three, PETRARCH2's about one in three; two titled
/// persons make the surest events, a name in no list as the source the least sure, and an event
/// with no target named (a domestic action's own state) is seldom what a reader would code.
pub(super) fn confidence(pattern: &Pattern, source: &Mention, target: Option<&Mention>, passive: bool) -> f32 {
    let mut c: f32 = if pattern.curated { 0.65 } else { 0.35 };
    let person = |m: &Mention| m.how == How::Person;
    match target {
        Some(t) if person(source) && person(t) => c += 0.2,
        Some(t) if person(source) || person(t) => c += 0.05,
        _ => {}
    }
    match source.how {
        How::UnlistedName | How::NounPhrase => c -= 0.25,
        How::Reference => c -= 0.15,
        _ => {}
    }
    match target.map(|t| t.how) {
        None => c -= 0.45,
        Some(How::Reference) => c -= 0.1,
        Some(How::UnlistedName | How::AgentNoun | How::NounPhrase) => c -= 0.05,
        _ => {}
    }
    if passive {
        c -= 0.05;
    }
    c.clamp(0.05, 0.95)
}
