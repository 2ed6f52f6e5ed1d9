//! The typed vocabulary of events: PLOVER event types, CAMEO event codes and CAMEO actor
//! sectors. All are read and written as the strings of the JSON contract (`"AGREE"`, `"057"`,
//! `"GOV"`); in the code they are types, so a misspelt type does not compile and a CAMEO code is
//! one of `data/cameo.tsv`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A PLOVER event type (PLOVER manual, section "Events"). Variants are in alphabetical order, so
/// that sorting types sorts their names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    /// Accusations, criticism, investigations, lawsuits.
    Accuse,
    /// Promises, offers, agreements to act.
    Agree,
    /// Material aid: economic, military, humanitarian.
    Aid,
    /// Violence: attacks, killings, bombings.
    Assault,
    /// Force short of violence: arrests, bans, seizures, repression.
    Coerce,
    /// Concessions: releases, easing of restrictions, yielding.
    Concede,
    /// Meetings, talks, visits, calls, mediation.
    Consult,
    /// Cooperation: economic, military, judicial.
    Cooperate,
    /// Shows of force and preparations for it.
    Mobilize,
    /// Demonstrations, strikes, boycotts.
    Protest,
    /// Refusals and rejections.
    Reject,
    /// Requests, appeals, demands, proposals.
    Request,
    /// Withdrawals, resignations, ceasefires.
    Retreat,
    /// Sanctions, embargoes, broken ties.
    Sanction,
    /// Praise, endorsement, signing.
    Support,
    /// Threats and ultimatums.
    Threaten,
}

impl EventType {
    /// Every type, in alphabetical order.
    pub const ALL: [EventType; 16] = [
        EventType::Accuse,
        EventType::Agree,
        EventType::Aid,
        EventType::Assault,
        EventType::Coerce,
        EventType::Concede,
        EventType::Consult,
        EventType::Cooperate,
        EventType::Mobilize,
        EventType::Protest,
        EventType::Reject,
        EventType::Request,
        EventType::Retreat,
        EventType::Sanction,
        EventType::Support,
        EventType::Threaten,
    ];

    /// Every type in the order of the PLOVER codebook, from cooperation to conflict.
    pub const PLOVER_ORDER: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    /// The type's name as PLOVER writes it: `AGREE`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Accuse => "ACCUSE",
            EventType::Agree => "AGREE",
            EventType::Aid => "AID",
            EventType::Assault => "ASSAULT",
            EventType::Coerce => "COERCE",
            EventType::Concede => "CONCEDE",
            EventType::Consult => "CONSULT",
            EventType::Cooperate => "COOPERATE",
            EventType::Mobilize => "MOBILIZE",
            EventType::Protest => "PROTEST",
            EventType::Reject => "REJECT",
            EventType::Request => "REQUEST",
            EventType::Retreat => "RETREAT",
            EventType::Sanction => "SANCTION",
            EventType::Support => "SUPPORT",
            EventType::Threaten => "THREATEN",
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is no PLOVER event type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEventType(pub String);

impl fmt::Display for UnknownEventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is no PLOVER event type", self.0)
    }
}

impl std::error::Error for UnknownEventType {}

impl FromStr for EventType {
    type Err = UnknownEventType;

    /// Reads a type's name, in any case: `AGREE`, `agree`.
    fn from_str(name: &str) -> Result<EventType, UnknownEventType> {
        EventType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| UnknownEventType(name.to_string()))
    }
}

/// A CAMEO event code: two to four digits, its first two the root (`05` "engage in diplomatic
/// cooperation", `057` "sign formal agreement"). The codes the coder writes are those of
/// `data/cameo.tsv` ([`crate::Lexicon::cameo`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cameo(String);

impl Cameo {
    /// A code as written: `"057"`.
    pub fn new(code: &str) -> Cameo {
        Cameo(code.trim().to_string())
    }

    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the code lies under `parent` (`0431` under `043` and `04`).
    pub fn is_under(&self, parent: &str) -> bool {
        self.0.starts_with(parent)
    }
}

impl fmt::Display for Cameo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Cameo {
    fn from(code: &str) -> Cameo {
        Cameo::new(code)
    }
}

/// A CAMEO actor sector: the three letters of an agent code of PETRARCH2's dictionary
/// (`data/agents.tsv`): `GOV` government, `MIL` military, `COP` police, `REB` rebels, `PPL`
/// people ... Read and written as its letters; it derefs to them (`sector.as_deref() ==
/// Some("GOV")`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sector(String);

impl Sector {
    /// The sector of an agent code: its first three letters (`GOVMIL` → `GOV`).
    pub fn of(code: &str) -> Sector {
        Sector(code.trim().chars().take(3).collect())
    }

    /// The sector's letters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Sector {
    /// [`Sector::of`] the code.
    fn from(code: &str) -> Sector {
        Sector::of(code)
    }
}

impl std::ops::Deref for Sector {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_reads_and_writes_its_plover_name() {
        for t in EventType::ALL {
            assert_eq!(t.as_str().parse::<EventType>(), Ok(t));
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{}\"", t.as_str()));
        }
        assert_eq!("consult".parse::<EventType>(), Ok(EventType::Consult));
        assert!("NONE".parse::<EventType>().is_err());
        let mut sorted = EventType::ALL;
        sorted.sort_by_key(|t| t.as_str());
        assert_eq!(sorted, EventType::ALL, "variants are in the order of their names");
    }

    #[test]
    fn a_sector_is_the_three_letters_of_an_agent_code() {
        let sector = Sector::of("GOVMIL");
        assert_eq!(sector.as_str(), "GOV");
        assert_eq!(Some(&sector).map(|s| &**s), Some("GOV"));
        assert_eq!(serde_json::to_string(&sector).unwrap(), "\"GOV\"");
        assert_eq!(serde_json::from_str::<Sector>("\"COP\"").unwrap(), Sector::of("COP"));
    }

    #[test]
    fn a_cameo_code_is_a_string_in_json() {
        let code = Cameo::new("0431");
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"0431\"");
        assert!(code.is_under("043") && code.is_under("04") && !code.is_under("042"));
    }
}
