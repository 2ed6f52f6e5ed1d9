//! The coder's rules as a table: every named rule, what it does, where it leaves its name, and
//! the sentences that test it. `dyad rules` prints the table with each example's outcome, and a
//! test fails when any example's outcome changes.
//!
//! A rule leaves its name where a reader of the output can find it ([`Mark`]): in the `rule` of
//! the events it shaped, in the `how` of the actors it found, or beside the triggers it dropped
//! (`dyad explain`). A few rules only choose among candidates and leave no name; their examples
//! test the outcome alone. The curated verb patterns of `data/patterns.tsv` are rules too: each
//! carries its own example, and [`check_patterns`] checks that *its* pattern gave the event.
//!
//! The sentences are written for this table (none is taken from an evaluation set).

use crate::doc::{Doc, Outcome};
use crate::model::{Actor, Article, Event};
use crate::vocab::EventType::{self, *};
use crate::Coder;

/// A rule of the coder.
pub struct Rule {
    /// Its stable name, as events, actors and `dyad explain` carry it.
    pub name: &'static str,
    /// Where in the code it lives.
    pub module: &'static str,
    /// What it does, in a line.
    pub doc: &'static str,
    /// Where it leaves its name.
    pub mark: Mark,
    /// Sentences that test it.
    pub examples: &'static [Example],
}

/// Where a rule leaves its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// In the `rule` of the events it shaped.
    Event,
    /// In the `how` of the actors it found (the name without its `actor:` prefix).
    How,
    /// Beside the triggers or events it dropped.
    Dropped,
    /// Nowhere: it chooses among candidates; its examples test the outcome.
    Outcome,
}

/// A sentence and an event it must give, or must not give.
pub struct Example {
    /// The sentence, coded as an article of its own.
    pub text: &'static str,
    /// Source, type and target; an actor is matched by its text as written, its id or its CAMEO
    /// code; "-" is no target.
    pub event: (&'static str, EventType, &'static str),
    /// Whether the sentence gives the event (or must not).
    pub gives: bool,
}

const fn gives(text: &'static str, source: &'static str, event_type: EventType, target: &'static str) -> Example {
    Example { text, event: (source, event_type, target), gives: true }
}

const fn never(text: &'static str, source: &'static str, event_type: EventType, target: &'static str) -> Example {
    Example { text, event: (source, event_type, target), gives: false }
}

/// Every named rule, stage by stage.
pub const RULES: &[Rule] = &[
    // Actors: how each was found (`actors`).
    Rule {
        name: "actor:gazetteer",
        module: "actors",
        doc: "A name of the gazetteers (states, capitals, organisations, PETRARCH2's actors) or an acronym the article defines.",
        mark: Mark::How,
        examples: &[gives("Japan praised Vietnam on Monday.", "Japan", Support, "Vietnam")],
    },
    Rule {
        name: "actor:person",
        module: "actors::persons",
        doc: "A person named with a title, acting for the body the title names; a titled person of no list takes the sentence's state.",
        mark: Mark::How,
        examples: &[
            gives("President Lula met Chile's foreign minister in Brasilia.", "President Lula", Consult, "CHL"),
            gives("Senator Maria Lopez criticised the Nordland Post on Friday.", "Senator Maria Lopez", Accuse, "Nordland Post"),
        ],
    },
    Rule {
        name: "actor:reference",
        module: "actors::references",
        doc: "A pronoun or a definite description refers back to the article's last principal of its kind.",
        mark: Mark::How,
        examples: &[gives(
            "Ministers meet\n\nChilean Foreign Minister Ana Ruiz met Peru's president in Lima on Monday. \
             The minister praised Peru for its support.",
            "The minister",
            Support,
            "Peru",
        )],
    },
    Rule {
        name: "actor:both-sides",
        module: "actors::references",
        doc: "\"The two sides\" are the article's two principals, each towards the other.",
        mark: Mark::How,
        examples: &[gives(
            "Talks in Hanoi\n\nVietnam's president met the Lao prime minister in Hanoi. \
             The two sides signed an agreement on trade.",
            "The two sides",
            Support,
            "LAO",
        )],
    },
    Rule {
        name: "actor:unnamed-office",
        module: "actors::references",
        doc: "An office no one in the article holds (\"the Prime Minister\") is an actor in no list, of the article's state.",
        mark: Mark::Outcome,
        examples: &[gives(
            "Amnesty International demanded an apology from the Prime Minister.",
            "Amnesty International",
            Request,
            "the Prime Minister",
        )],
    },
    Rule {
        name: "actor:agent-noun",
        module: "actors::unlisted",
        doc: "A noun for people or bodies who act (police, court, rebels, protesters) is an actor in no list, with its sector.",
        mark: Mark::How,
        examples: &[
            gives("Police arrested two protesters in the capital.", "Police", Coerce, "protesters"),
            never("Rebels attacked a convoy near Kandorra on Sunday.", "Kandorra", Assault, "convoy"),
        ],
    },
    Rule {
        name: "actor:agent-noun-state",
        module: "actors::unlisted",
        doc: "An actor in no list belongs to the one state its sentence names (or the article's home state).",
        mark: Mark::Outcome,
        examples: &[gives("Egyptian police arrested the demonstrators outside the stadium.", "EGYCOP", Coerce, "EGYOPP")],
    },
    Rule {
        name: "actor:unlisted-name",
        module: "actors::unlisted",
        doc: "A proper name in no list (a company, a newspaper, a party) that the tagger reads as a name is an actor.",
        mark: Mark::How,
        examples: &[
            gives("Acme Mining sued the Nordland Post over the report.", "Acme Mining", Accuse, "Nordland Post"),
            gives("Greenfield Dockers filed a lawsuit against Acme Mining on Monday.", "Greenfield Dockers", Accuse, "Acme Mining"),
            never("Dockers stopped work on Dec. 10 to protest against Acme Mining.", "Dockers", Protest, "Dec."),
        ],
    },
    Rule {
        name: "actor:noun-phrase",
        module: "actors::unlisted",
        doc: "A noun phrase the parse makes a trigger's subject or passive agent is an actor when no other rule took it.",
        mark: Mark::How,
        examples: &[
            gives("The Dubai Ruler praised the efforts of Kenya.", "Dubai Ruler", Support, "Kenya"),
            gives("A female guerrilla commander surrendered to Peruvian troops.", "female guerrilla commander", Retreat, "Peruvian troops"),
            never("The gift demonstrates the friendship between Laos and Vietnam.", "gift", Protest, "-"),
            never("A group of Chilean diplomats met President Lula in Brasilia.", "group", Consult, "President Lula"),
            never("A roadside bombing near Mosul killed three Iraqi soldiers.", "roadside bombing", Assault, "Iraqi soldiers"),
        ],
    },
    // Does the trigger report an event of its own? (`events::clauses`)
    Rule {
        name: "rule:intent-before-to",
        module: "events",
        doc: "A verb of intent right before \"to\" (\"wants to\", \"seeks to\") requests nothing; the verb after it is coded.",
        mark: Mark::Dropped,
        examples: &[never("Serbia seeks to expand trade with Hungary.", "Serbia", Request, "Hungary")],
    },
    Rule {
        name: "rule:inside-complement",
        module: "events::clauses",
        doc: "A verb inside an earlier verb's complement (\"pledged to reinforce\") is not coded a second time.",
        mark: Mark::Dropped,
        examples: &[
            gives("Thailand pledged to reinforce its partnership with Laos.", "Thailand", Agree, "Laos"),
            never("Thailand pledged to reinforce its partnership with Laos.", "Thailand", Cooperate, "Laos"),
        ],
    },
    Rule {
        name: "rule:purpose-of-contact",
        module: "events::clauses",
        doc: "Words of support a call or visit was made to say were said in it, not only intended.",
        mark: Mark::Outcome,
        examples: &[gives(
            "Japan's prime minister called the Indian prime minister to congratulate India on its election.",
            "JPN",
            Support,
            "IND",
        )],
    },
    Rule {
        name: "rule:gerund-after-preposition",
        module: "events::clauses",
        doc: "A PETRARCH2 verb as a gerund after a preposition names an activity, not an event.",
        mark: Mark::Dropped,
        examples: &[never(
            "Japan praised Laos for its experience in fighting smugglers from Cambodia.",
            "Laos",
            Assault,
            "smugglers from Cambodia",
        )],
    },
    Rule {
        name: "rule:modifier-participle",
        module: "events::clauses",
        doc: "A one-word verb that modifies a noun after it (\"suspected smugglers\", \"the occupied territories\") or lies inside an actor's name (\"British armed forces\") describes; it reports no event.",
        mark: Mark::Dropped,
        examples: &[
            never("Police arrested two suspected smugglers near the port.", "Police", Accuse, "smugglers"),
            gives("Police arrested two suspected smugglers near the port.", "Police", Coerce, "smugglers"),
        ],
    },
    Rule {
        name: "rule:negated",
        module: "events::clauses",
        doc: "A negated verb (\"did not sign\") reports nothing.",
        mark: Mark::Dropped,
        examples: &[
            never("Vietnam did not sign the agreement with Laos.", "Vietnam", Support, "Laos"),
            never("Norway did not agree to the plan.", "Norway", Agree, "-"),
        ],
    },
    Rule {
        name: "rule:subordinate",
        module: "events::clauses",
        doc: "A later verb that hangs on an earlier one (a participle, a purpose) is no report of its own.",
        mark: Mark::Dropped,
        examples: &[never("Japan praised Laos for its role in supporting refugees from Cambodia.", "Japan", Support, "refugees from Cambodia")],
    },
    Rule {
        name: "rule:reported-clause-subject",
        module: "events::clauses",
        doc: "A verb of a clause someone reports, whose own subject is no actor, says nothing about the speaker.",
        mark: Mark::Dropped,
        examples: &[never(
            "Laos said the gift demonstrates the friendship with Vietnam.",
            "Laos",
            Protest,
            "Vietnam",
        )],
    },
    // Which type? (`events::readings`)
    Rule {
        name: "rule:refusal",
        module: "events::readings",
        doc: "A negated cooperative verb after a modal (\"would not accept\") is a rejection.",
        mark: Mark::Event,
        examples: &[gives("China would not accept the proposal of Japan.", "China", Reject, "Japan")],
    },
    Rule {
        name: "rule:intent-to-use-force",
        module: "events::readings",
        doc: "A promise whose complement is force (\"is ready to attack\") is a threat.",
        mark: Mark::Event,
        examples: &[
            gives("Russia agreed to bomb Ukraine.", "Russia", Threaten, "Ukraine"),
            gives("Russia is ready to launch strikes on Ukraine.", "Russia", Threaten, "Ukraine"),
        ],
    },
    Rule {
        name: "rule:future-reading",
        module: "events::readings",
        doc: "An event in the future tense is a promise (AGREE) or, for force, a threat.",
        mark: Mark::Event,
        examples: &[gives("Japan will provide aid to Vietnam.", "Japan", Agree, "Vietnam")],
    },
    Rule {
        name: "rule:promised-concession",
        module: "events::readings",
        doc: "A release or concession promised to someone (\"will release the prisoners to X\") is an agreement.",
        mark: Mark::Event,
        examples: &[gives("Israel will release the prisoners to Egypt next week.", "Israel", Agree, "Egypt")],
    },
    Rule {
        name: "rule:conditional-threat",
        module: "events::readings",
        doc: "A retreat or sanction promised on a condition (\"will withdraw ... unless\") is a threat.",
        mark: Mark::Event,
        examples: &[gives("Syria will withdraw its troops from Lebanon unless Israel attacks.", "Syria", Threaten, "LBN")],
    },
    Rule {
        name: "rule:reported-violence",
        module: "events::readings",
        doc: "Violence someone reports (\"the US said that Iraq had attacked\") is their accusation.",
        mark: Mark::Event,
        examples: &[gives("The US said that Iraq had attacked Kuwait.", "USA", Accuse, "Iraq")],
    },
    Rule {
        name: "rule:must-demand",
        module: "events::readings",
        doc: "\"X said Y must ...\" is a demand (REQUEST) by X on Y.",
        mark: Mark::Event,
        examples: &[gives("Russia said Sudan must return the helicopter.", "Russia", Request, "Sudan")],
    },
    // Who did it to whom? (`events::roles`)
    Rule {
        name: "role:subject-after-as",
        module: "events::roles",
        doc: "\"As\" opens a clause when a verb follows its actor (\"came as Israel announced ...\"): that actor can be a subject; before a noun phrase \"as\" is a preposition.",
        mark: Mark::Outcome,
        examples: &[
            gives(
                "The visit of the minister came as Israel announced it would free 150 Palestinian prisoners.",
                "Israel",
                Agree,
                "PSE",
            ),
            never(
                "The visit of the minister came as Israel announced it would free 150 Palestinian prisoners.",
                "the minister",
                Agree,
                "PSE",
            ),
        ],
    },
    Rule {
        name: "role:relative-verb-no-bound",
        module: "events::roles",
        doc: "A verb inside a relative clause (\"X, who had been arrested, ...\") does not end the region where the next verb's subject is sought.",
        mark: Mark::Outcome,
        examples: &[gives(
            "The release of Omar Khalil, who had been arrested in May, came as Egypt announced it would free 40 Sudanese prisoners.",
            "Egypt",
            Agree,
            "SDN",
        )],
    },
    Rule {
        name: "role:passive-agent",
        module: "events::roles",
        doc: "A passive verb's agent (\"by X\") is the source and its subject the target.",
        mark: Mark::Event,
        examples: &[gives("Japan was praised by Vietnam on Monday.", "Vietnam", Support, "Japan")],
    },
    Rule {
        name: "role:coordinated-subject",
        module: "events::roles",
        doc: "A verb joined by \"and\" to the previous one shares its subject.",
        mark: Mark::Event,
        examples: &[gives("Japan praised Vietnam and invited Laos to the summit.", "Japan", Request, "Laos")],
    },
    Rule {
        name: "role:prefer-named",
        module: "events::roles",
        doc: "Of the candidates for a role, a named actor before an actor in no list.",
        mark: Mark::Outcome,
        examples: &[
            gives("Germany sent troops and engineers to Mali last week.", "Germany", Cooperate, "Mali"),
            never("Germany sent troops and engineers to Mali last week.", "Germany", Cooperate, "troops and engineers"),
        ],
    },
    Rule {
        name: "role:aid-recipient-far",
        module: "events::roles",
        doc: "Aid reaches a named recipient or place however far on in its clause, unless a place comes first.",
        mark: Mark::Outcome,
        examples: &[
            gives(
                "Japan has donated ten ambulances and a large shipment of medical equipment and medicines to help Laos.",
                "Japan",
                Aid,
                "Laos",
            ),
            gives(
                "Norway has provided 30 million dollars this year to pay for food and shelter for families affected by the floods in Malawi.",
                "Norway",
                Aid,
                "MWI",
            ),
        ],
    },
    Rule {
        name: "role:released-from-state",
        module: "events::roles",
        doc: "People expelled or released from a state with no one named as doing it were expelled or released by that state.",
        mark: Mark::Event,
        examples: &[gives("Two British journalists were expelled from Iran on Friday.", "IRN", Sanction, "British journalists")],
    },
    Rule {
        name: "role:violence-in-own-state",
        module: "events::parties",
        doc: "Force a state's own forces use at home is directed at the place where it happened.",
        mark: Mark::Outcome,
        examples: &[gives("Syrian troops stormed a camp near Aleppo on Sunday.", "Syrian troops", Assault, "Aleppo")],
    },
    Rule {
        name: "role:another-person",
        module: "events::roles",
        doc: "A person other than the subject is another party, even when both act for one state.",
        mark: Mark::Outcome,
        examples: &[gives("President Ronald Reagan pardoned Jimmy Carter on Monday.", "Ronald Reagan", Concede, "Jimmy Carter")],
    },
    Rule {
        name: "role:unlisted-object-near",
        module: "events::roles",
        doc: "An actor in no list is the one acted upon only right after the words of the event.",
        mark: Mark::Outcome,
        examples: &[never("Chile said it was ready to send doctors to the flooded region.", "Chile", Agree, "doctors")],
    },
    Rule {
        name: "role:violence-at-place",
        module: "events::roles",
        doc: "Violence with no one named as doing it is coded to the state where it happened.",
        mark: Mark::Event,
        examples: &[gives("A roadside bomb near Mosul killed three American soldiers.", "IRQ", Assault, "American soldiers")],
    },
    Rule {
        name: "role:arrest-at-place",
        module: "events::roles",
        doc: "A passive arrest or other measure with no agent named is by the state of the place right after it.",
        mark: Mark::Event,
        examples: &[
            gives("The Chilean journalist was arrested on Monday in Peru.", "PER", Coerce, "CHL"),
            never("The journalist, who was arrested last year, met officials of Peru.", "PER", Coerce, "-"),
        ],
    },
    Rule {
        name: "role:protest-at-place",
        module: "events::roles",
        doc: "People protesting in a state are coded to it.",
        mark: Mark::Event,
        examples: &[gives("Thousands of ethnic Albanians demonstrated in Serbia on Sunday.", "Serbia", Protest, "SRB")],
    },
    Rule {
        name: "rule:no-source",
        module: "events::roles",
        doc: "An event needs someone who did it.",
        mark: Mark::Dropped,
        examples: &[never("Yesterday the talks with Laos were praised.", "-", Consult, "Laos")],
    },
    Rule {
        name: "role:conjunct-opens-clause",
        module: "events::roles",
        doc: "An actor joined after a target but followed by its own verb opens a clause; it is no further target.",
        mark: Mark::Outcome,
        examples: &[
            gives(
                "Police in Accra arrested 30 protesters, and the government did not condemn the raid.",
                "Police in Accra",
                Coerce,
                "protesters",
            ),
            never(
                "Police in Accra arrested 30 protesters, and the government did not condemn the raid.",
                "Police in Accra",
                Coerce,
                "government",
            ),
        ],
    },
    // Which pairs become events? (`events::parties`)
    Rule {
        name: "role:reciprocal",
        module: "events::parties",
        doc: "Joined subjects of a mutual act (\"X and Y signed\") each act towards the other.",
        mark: Mark::Event,
        examples: &[
            gives("Vietnam and Laos signed a trade agreement.", "Vietnam", Support, "Laos"),
            gives("Vietnam and Laos signed a trade agreement.", "Laos", Support, "Vietnam"),
        ],
    },
    Rule {
        name: "role:place-target",
        module: "events::parties",
        doc: "With no one else named, the state of a place after the verb is the target of visits, aid, force and domestic measures.",
        mark: Mark::Event,
        examples: &[
            gives("The Chinese president arrived in Hanoi on Monday.", "CHN", Consult, "VNM"),
            gives("Norway gave 30 million dollars for flood relief in Laos.", "Norway", Aid, "LAO"),
            never("Japan and Chile cooperated on fisheries in Peru.", "Japan", Cooperate, "Peru"),
        ],
    },
    Rule {
        name: "role:promise-at-place",
        module: "events::parties",
        doc: "With no one else named, a promise is directed at the state of the place of what it promises, as far as its complement goes.",
        mark: Mark::Event,
        examples: &[
            gives("Norway is ready to send 200 engineers to a relief mission in Haiti.", "Norway", Agree, "HTI"),
            never("Vietnam agreed to build two schools in Hanoi.", "Vietnam", Agree, "VNM"),
        ],
    },
    Rule {
        name: "role:refuge-at-place",
        module: "events::parties",
        doc: "People who seek refuge or asylum in a state ask that state: its place is the target, and people are a party to it.",
        mark: Mark::Event,
        examples: &[gives("Thousands of refugees from Mali have sought refuge in Niger.", "refugees from Mali", Request, "NER")],
    },
    Rule {
        name: "role:third-location",
        module: "events::parties",
        doc: "With no one else named, a meeting at a third location (CAMEO 044) is directed at the state where it is held.",
        mark: Mark::Event,
        examples: &[gives("The Chilean president attended a summit in Panama on Monday.", "CHL", Consult, "PAN")],
    },
    Rule {
        name: "role:place-before-unlisted",
        module: "events::parties",
        doc: "An actor in no list after a place is no target (\"lifted the curfew in Montenegro, where 28 protesters died\").",
        mark: Mark::Event,
        examples: &[never("Sudan lifted the curfew in Khartoum, where 28 protesters died.", "Sudan", Concede, "protesters")],
    },
    Rule {
        name: "role:people-not-partners",
        module: "events::parties",
        doc: "People named by a noun (residents, students) are no party to cooperation, aid, meetings and promises.",
        mark: Mark::Dropped,
        examples: &[
            never("Students of the village school praised the Finnish embassy.", "Students", Support, "Finnish embassy"),
        ],
    },
    Rule {
        name: "role:own-state",
        module: "events::parties",
        doc: "A domestic action with no one else named is directed at the actor's own state.",
        mark: Mark::Event,
        examples: &[gives("Sudan lifted the curfew on Friday.", "Sudan", Concede, "SDN")],
    },
    Rule {
        name: "role:stands-without-target",
        module: "events::readings",
        doc: "A promise, an accusation or a refusal of a curated pattern stands without a target.",
        mark: Mark::Event,
        examples: &[
            gives("Norway agreed to accept 500 refugees.", "Norway", Agree, "-"),
            gives("The Kenyan government is ready to host the next round.", "Kenyan government", Agree, "-"),
            gives("The opposition party rejected the budget plan on Friday.", "opposition party", Reject, "-"),
        ],
    },
    Rule {
        name: "rule:no-target",
        module: "events",
        doc: "Other events need someone they are directed at.",
        mark: Mark::Dropped,
        examples: &[never("Chile welcomed the decision.", "Chile", Support, "-")],
    },
    Rule {
        name: "role:joined-target",
        module: "events::parties",
        doc: "Joined targets each take the event.",
        mark: Mark::Event,
        examples: &[
            gives("The United States lifted sanctions on Iran, Libya and Cuba.", "United States", Retreat, "Libya"),
            gives("The United States lifted sanctions on Iran, Libya and Cuba.", "United States", Retreat, "Cuba"),
        ],
    },
    Rule {
        name: "role:joined-source",
        module: "events::parties",
        doc: "Actors joined to the source of a one-way act act too.",
        mark: Mark::Event,
        examples: &[gives("Chile and Peru condemned Bolivia over the raid.", "Chile", Accuse, "Bolivia")],
    },
    Rule {
        name: "rule:one-party",
        module: "events::parties",
        doc: "The same body on both sides is no event (a state's government and its rebels are two).",
        mark: Mark::Dropped,
        examples: &[never("The UN praised UNISFA for its work.", "UN", Support, "UNISFA")],
    },
    // The article's events (`pipeline`).
    Rule {
        name: "filter:with-itself",
        module: "pipeline",
        doc: "Aid, cooperation and meetings of a state with itself are misreadings.",
        mark: Mark::Dropped,
        examples: &[never("The Thai foreign minister met Thai army commanders on Monday.", "THA", Consult, "THA")],
    },
    Rule {
        name: "filter:same-event-twice",
        module: "pipeline",
        doc: "One sentence reporting the same event twice gives it once.",
        mark: Mark::Dropped,
        examples: &[gives("Japan praised Vietnam and lauded Vietnam for its help.", "Japan", Support, "Vietnam")],
    },
];

/// What one example gave.
pub struct Checked {
    /// Whether the outcome (and, where the rule leaves its name, the name) is as the example says.
    pub pass: bool,
    /// The events it gave, as `SOURCE TYPE TARGET [rule]`.
    pub got: Vec<String>,
    /// The rules that dropped a trigger or an event.
    pub dropped: Vec<&'static str>,
}

/// Codes one example and checks it against its rule.
pub fn check(coder: &Coder, rule: &Rule, example: &Example) -> Checked {
    let article = Article { id: "example".into(), text: example.text.into(), ..Article::default() };
    let doc = coder.read(&article);
    let dropped = dropped_rules(&doc);
    let (source, event_type, target) = example.event;
    let matching = doc.events.iter().find(|e| {
        e.event_type == event_type
            && e.source.as_ref().is_some_and(|a| is(a, source))
            && match &e.target {
                None => target == "-",
                Some(a) => is(a, target),
            }
    });
    let named = match (rule.mark, matching) {
        (Mark::Event, Some(e)) => e.rule.split(' ').any(|r| r == rule.name),
        (Mark::How, Some(e)) => {
            let how = rule.name.trim_start_matches("actor:");
            [&e.source, &e.target].into_iter().flatten().any(|a| a.how.as_deref() == Some(how))
        }
        (Mark::Dropped, _) => dropped.contains(&rule.name),
        _ => true,
    };
    let pass = matching.is_some() == example.gives && (named || !example.gives && rule.mark != Mark::Dropped);
    Checked { pass, got: doc.events.iter().map(describe).collect(), dropped }
}

/// The rules that dropped something in a Doc.
fn dropped_rules(doc: &Doc) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for s in &doc.sentences {
        out.extend(s.dropped.iter().map(|d| d.rule));
        out.extend(s.outcomes.iter().filter_map(|o| match o {
            Outcome::Dropped(rule) => Some(*rule),
            Outcome::Kept(_) => None,
        }));
    }
    out
}

/// Whether an actor is the one an example names: by its text as written or its id.
fn is(actor: &Actor, want: &str) -> bool {
    actor.text == want || actor.id == want || actor.cameo == want
}

/// An event as `SOURCE TYPE TARGET [rule]`.
pub fn describe(e: &Event) -> String {
    let name = |a: &Option<Actor>| {
        a.as_ref().map_or("-".to_string(), |a| if a.text.is_empty() { a.id.clone() } else { a.text.clone() })
    };
    format!("{} {} {} [{}]", name(&e.source), e.event_type, name(&e.target), e.rule)
}

/// Codes each curated pattern's example (`data/patterns.tsv`): the failures, as lines, and how
/// many were checked. An example passes when *its* pattern gave the expected event.
pub fn check_patterns(coder: &Coder) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for pattern in coder.lexicon().patterns.iter().filter(|p| p.curated) {
        let Some((example, expected)) = pattern.example.as_ref() else {
            failures.push(format!("{}: {:?} has no example", pattern.id, pattern.text));
            continue;
        };
        checked += 1;
        let want: Vec<&str> = expected.split_whitespace().collect();
        let events = coder.code(&Article { id: "example".into(), text: example.clone(), ..Article::default() });
        // A pattern of type NONE names a phrase that is no event: its example gives none.
        let found = if want == ["-", "NONE", "-"] {
            events.is_empty()
        } else {
            want.len() == 3
                && events.iter().any(|e| {
                    let is = |actor: &Option<Actor>, want: &str| match actor {
                        None => want == "-",
                        // An actor in no list stands for the state its CAMEO code begins with.
                        Some(a) => a.id == want || a.cameo.get(..3) == Some(want),
                    };
                    e.rule.split(' ').next() == Some(pattern.id.as_str())
                        && is(&e.source, want[0])
                        && e.event_type.as_str() == want[1]
                        && is(&e.target, want[2])
                })
        };
        if !found {
            let got: Vec<String> = events.iter().map(describe).collect();
            failures
                .push(format!("{} {:?}: {example:?} should give {expected}, gave {got:?}", pattern.id, pattern.text));
        }
    }
    (failures, checked)
}
