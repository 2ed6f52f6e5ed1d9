//! What an event commits its source to: pledges, offers, requests and agreements, with the words
//! that say what.

use super::Trigger;
use crate::model::{Commitment, CommitmentKind};
use crate::sentences::Token;
use crate::vocab::Cameo;
use crate::vocab::EventType::{self, *};

/// Whether the words after a comma only say who told the news ("the ministry said", "according
/// to the VNA", "he told reporters").
fn attribution(tail: &[Token]) -> bool {
    const VERBS: &[&str] = &["said", "says", "told", "added", "noted", "stressed", "announced", "reported", "stated"];
    let first = tail.first().map(|t| t.norm.as_str());
    (first == Some("according") && tail.get(1).is_some_and(|t| t.norm == "to"))
        || (tail.len() <= 8
            && tail.iter().any(|t| VERBS.contains(&t.norm.as_str()))
            && !tail.iter().any(|t| t.norm == "to" || t.norm == "that"))
}

/// The commitment an event expresses: pledges, offers, requests and agreements.
pub(super) fn commitment_of(
    event_type: EventType,
    cameo: &Cameo,
    tokens: &[Token],
    trigger: &Trigger,
) -> Option<Commitment> {
    let head = tokens[trigger.head].norm.as_str();
    let kind = match event_type {
        Agree if head.starts_with("offer") => CommitmentKind::Offer,
        Agree if head.starts_with("agree") || head.starts_with("reach") => CommitmentKind::Agreement,
        Agree => CommitmentKind::Pledge,
        Request => CommitmentKind::Request,
        // CAMEO 057, "sign formal agreement".
        Support if cameo.is_under("057") => CommitmentKind::Agreement,
        _ => return None,
    };
    let mut stop = (trigger.end..tokens.len())
        .find(|&i| matches!(tokens[i].norm.as_str(), "." | ";" | "while"))
        .unwrap_or(tokens.len());
    // "... on border trade, the ministry said": who told it is not what was committed.
    if let Some(comma) = (trigger.end..stop).find(|&i| tokens[i].norm == "," && attribution(&tokens[i + 1..stop])) {
        stop = comma;
    }
    let words: Vec<&str> = tokens[trigger.end..stop].iter().map(|t| t.norm.as_str()).collect();
    let what = words.join(" ").replace(" ,", ",").replace(" 's", "'s");
    Some(Commitment { kind, what })
}
