//! Wire-style articles made from templates written for dyad's benches and throughput command.
//!
//! Each [`Sample`] carries what the generator put into it — the headline and paragraphs the
//! cleaner must keep, the sentences the splitter must find and the events the coder should
//! find — so that a bench can assert that a fast answer is also a right one. The output is a
//! pure function of the article count and the seed.

use dyad_core::Article;

/// A state as the templates name it.
struct State {
    iso3: &'static str,
    name: &'static str,
    demonym: &'static str,
    capital: &'static str,
}

const STATES: &[State] = &[
    State { iso3: "VNM", name: "Vietnam", demonym: "Vietnamese", capital: "Hanoi" },
    State { iso3: "JPN", name: "Japan", demonym: "Japanese", capital: "Tokyo" },
    State { iso3: "THA", name: "Thailand", demonym: "Thai", capital: "Bangkok" },
    State { iso3: "LAO", name: "Laos", demonym: "Lao", capital: "Vientiane" },
    State { iso3: "KHM", name: "Cambodia", demonym: "Cambodian", capital: "Phnom Penh" },
    State { iso3: "IDN", name: "Indonesia", demonym: "Indonesian", capital: "Jakarta" },
    State { iso3: "MYS", name: "Malaysia", demonym: "Malaysian", capital: "Kuala Lumpur" },
    State { iso3: "IND", name: "India", demonym: "Indian", capital: "New Delhi" },
    State { iso3: "AUS", name: "Australia", demonym: "Australian", capital: "Canberra" },
    State { iso3: "DEU", name: "Germany", demonym: "German", capital: "Berlin" },
    State { iso3: "FRA", name: "France", demonym: "French", capital: "Paris" },
    State { iso3: "KEN", name: "Kenya", demonym: "Kenyan", capital: "Nairobi" },
    State { iso3: "BRA", name: "Brazil", demonym: "Brazilian", capital: "Brasilia" },
    State { iso3: "CAN", name: "Canada", demonym: "Canadian", capital: "Ottawa" },
    State { iso3: "EGY", name: "Egypt", demonym: "Egyptian", capital: "Cairo" },
    State { iso3: "NOR", name: "Norway", demonym: "Norwegian", capital: "Oslo" },
    State { iso3: "CHL", name: "Chile", demonym: "Chilean", capital: "Santiago" },
    State { iso3: "MNG", name: "Mongolia", demonym: "Mongolian", capital: "Ulaanbaatar" },
    State { iso3: "NGA", name: "Nigeria", demonym: "Nigerian", capital: "Abuja" },
    State { iso3: "POL", name: "Poland", demonym: "Polish", capital: "Warsaw" },
    State { iso3: "MEX", name: "Mexico", demonym: "Mexican", capital: "Mexico City" },
    State { iso3: "TUR", name: "Turkey", demonym: "Turkish", capital: "Ankara" },
    State { iso3: "PER", name: "Peru", demonym: "Peruvian", capital: "Lima" },
    State { iso3: "SWE", name: "Sweden", demonym: "Swedish", capital: "Stockholm" },
];

/// Organisations with the id the coder gives them.
const ORGS: &[(&str, &str)] = &[
    ("UNICEF", "the United Nations Children's Fund (UNICEF)"),
    ("WHO", "the World Health Organization (WHO)"),
    ("UNDP", "the United Nations Development Programme (UNDP)"),
    ("ASEAN", "the Association of Southeast Asian Nations (ASEAN)"),
];

const GIVEN: &[&str] = &[
    "Arvel", "Benna", "Corin", "Dalit", "Esker", "Fenna", "Gorran", "Halvi", "Isolde", "Jaret", "Kestra", "Lomas",
    "Mirren", "Noviq", "Orlan", "Pellam", "Quira", "Rostam", "Sabeth", "Tavor",
];
const FAMILY: &[&str] = &[
    "Ambrell",
    "Brevick",
    "Castermo",
    "Dunwally",
    "Esquaro",
    "Farrowind",
    "Gallentry",
    "Hostavik",
    "Ilvermoor",
    "Joskarin",
    "Kellavane",
    "Lorimath",
    "Mostrevi",
    "Nandorley",
    "Ostvalde",
    "Pemberquist",
];
const TOPICS: &[&str] = &[
    "renewable energy",
    "fisheries management",
    "vocational training",
    "public health",
    "digital trade",
    "flood prevention",
    "rice exports",
    "maritime safety",
    "higher education",
    "rail transport",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// An event the generator wrote into an article: source id, PLOVER type, target id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planted {
    /// Id of the acting state or organisation.
    pub source: &'static str,
    /// PLOVER event type.
    pub event_type: &'static str,
    /// Id of the state or organisation acted upon.
    pub target: &'static str,
}

/// One generated article and what it holds.
pub struct Sample {
    /// The article, as `dyad code` would read it from JSON Lines.
    pub article: Article,
    /// Text blocks the cleaner must keep: the headline and every paragraph.
    pub blocks: usize,
    /// Sentences the splitter must find, the headline included.
    pub sentences: usize,
    /// Events written into the body.
    pub planted: Vec<Planted>,
    /// Byte offset where the related-news list starts: nothing at or after it may be coded.
    pub related_at: usize,
}

/// A small deterministic generator (SplitMix64), so the corpus needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Two different states.
    fn pair(&mut self) -> (&'static State, &'static State) {
        let a = self.below(STATES.len());
        let b = (a + 1 + self.below(STATES.len() - 1)) % STATES.len();
        (&STATES[a], &STATES[b])
    }

    fn person(&mut self) -> String {
        format!("{} {}", self.pick(GIVEN), self.pick(FAMILY))
    }
}

/// A paragraph being written: its sentences and the events they carry.
struct Para {
    sentences: Vec<String>,
}

impl Para {
    fn text(&self) -> String {
        self.sentences.join(" ")
    }
}

/// One event sentence between `s` and `t`, and the event it carries.
fn event_sentence(rng: &mut Rng, s: &'static State, t: &'static State, date: &str) -> (String, Planted) {
    let topic = rng.pick(TOPICS);
    let planted = |event_type| Planted { source: s.iso3, event_type, target: t.iso3 };
    match rng.below(10) {
        0 => (
            format!(
                "{} Foreign Minister {} praised {}'s efforts in {} at a meeting with Ambassador {} in {} {}.",
                s.demonym,
                rng.person(),
                t.name,
                topic,
                rng.person(),
                s.capital,
                date
            ),
            planted("SUPPORT"),
        ),
        1 => {
            let year = 2024 + rng.below(3);
            (
                format!(
                    "{} and {} signed a memorandum of understanding on {} for {} - {} {}.",
                    s.name,
                    t.name,
                    topic,
                    year,
                    year + 3,
                    date
                ),
                planted("SUPPORT"),
            )
        }
        2 => (format!("{} pledged to boost cooperation in {} with {}.", s.name, topic, t.name), planted("AGREE")),
        3 => (
            format!(
                "The {} Government provided aid worth {}.{} million USD to {} after the floods.",
                s.demonym,
                1 + rng.below(9),
                rng.below(10),
                t.name
            ),
            planted("AID"),
        ),
        4 => (format!("{} condemned {}'s missile test {}.", s.name, t.name, date), planted("ACCUSE")),
        5 => (
            format!("{} urged {} to release the {} fishermen detained near the border.", s.name, t.name, s.demonym),
            planted("REQUEST"),
        ),
        6 => (
            format!("{} held talks with {} on {} in {} {}.", s.name, t.name, topic, t.capital, date),
            planted("CONSULT"),
        ),
        7 => (
            format!(
                "Sr. Lt. Gen. {}, Deputy Defence Minister of {}, met {} Ambassador {} in {} {}.",
                rng.person(),
                s.name,
                t.demonym,
                rng.person(),
                s.capital,
                date
            ),
            planted("CONSULT"),
        ),
        8 => (format!("{} imposed sanctions on {} over the border dispute.", s.name, t.name), planted("SANCTION")),
        _ => (format!("{} rejected {}'s proposal on {}.", s.name, t.name, topic), planted("REJECT")),
    }
}

/// A sentence that carries no event.
fn filler(rng: &mut Rng, s: &State, t: &State) -> String {
    match rng.below(11) {
        7 => format!(
            "Tourist arrivals from {} rose {} percent in the first {} months of the year, according to the General Statistics Office.",
            t.name,
            3 + rng.below(40),
            2 + rng.below(9)
        ),
        8 => format!(
            "Founded in {}, the association now has more than {} members in {} provinces and cities across {}.",
            1950 + rng.below(70),
            100 + rng.below(9000),
            5 + rng.below(50),
            s.name
        ),
        9 => format!(
            "The {} project, worth {} million USD, includes a {}-km section of road and two bridges over the river.",
            rng.pick(TOPICS),
            10 + rng.below(500),
            5 + rng.below(120)
        ),
        10 => format!(
            "According to the ministry, about {} percent of the {} households in the area now have access to clean water and electricity.",
            40 + rng.below(55),
            s.demonym
        ),
        6 => "Officials from the U.S. and the U.N. attended the session as observers.".to_string(),
        0 => format!(
            "Two-way trade reached {}.{} billion USD in {}, up {} percent year on year.",
            1 + rng.below(40),
            rng.below(10),
            2015 + rng.below(9),
            2 + rng.below(30)
        ),
        1 => format!("The {} community in {} numbers about {},{}00 people.", s.demonym, t.name, 1 + rng.below(90), rng.below(10)),
        2 => format!("The road runs along No. {} Highway through the northern provinces of {}.", 1 + rng.below(60), s.name),
        3 => "\"Our two peoples share a long history,\" the official said.".to_string(),
        4 => format!("Nearly {} percent of the country's electricity comes from coal and gas.", 20 + rng.below(60)),
        _ => format!("The programme covers {} districts and runs until {}.", 3 + rng.below(20), 2027 + rng.below(4)),
    }
}

/// When an event happened, as written in the sentence.
fn date_phrase(rng: &mut Rng, month: usize) -> String {
    match rng.below(3) {
        0 => format!("on {} {}", MONTHS[month], 1 + rng.below(28)),
        1 => format!("on {}", rng.pick(WEEKDAYS)),
        _ => "last week".to_string(),
    }
}

/// `n` articles from `seed`; the same arguments always give the same articles.
pub fn generate(n: usize, seed: u64) -> Vec<Sample> {
    let mut rng = Rng(seed);
    (0..n).map(|i| article(&mut rng, i)).collect()
}

fn article(rng: &mut Rng, index: usize) -> Sample {
    let (home, guest) = rng.pair();
    let month = rng.below(12);
    let published = format!("{}-{:02}-{:02}", 2023 + rng.below(3), month + 1, 1 + rng.below(28));
    let headline = match rng.below(4) {
        0 => format!("{} and {} leaders discuss ties", home.demonym, guest.demonym),
        1 => format!("{} hosts {} delegation", home.name, guest.demonym),
        2 => format!("{}, {} eye closer cooperation", home.name, guest.name),
        _ => format!("{} minister in {} for talks", home.demonym, guest.capital),
    };
    let mut planted = Vec::new();
    let mut paras: Vec<Para> = Vec::new();
    let count = 5 + rng.below(7);
    for p in 0..count {
        let mut para = Para { sentences: Vec::new() };
        let events = if p == 0 { 1 } else { rng.below(3) };
        for _ in 0..events {
            // Most events are between the two states of the story; some bring in a third.
            let (s, t) = if rng.below(4) == 0 {
                rng.pair()
            } else if rng.below(2) == 0 {
                (home, guest)
            } else {
                (guest, home)
            };
            let date = date_phrase(rng, month);
            let (sentence, event) = event_sentence(rng, s, t, &date);
            para.sentences.push(sentence);
            planted.push(event);
        }
        for _ in 0..(1 + rng.below(3)) {
            para.sentences.push(filler(rng, home, guest));
        }
        if p == 1 && rng.below(2) == 0 {
            let (org, name) = rng.pick(ORGS);
            para.sentences
                .push(format!("Earlier, {name} called on {} to expand vaccination in remote areas.", home.name));
            planted.push(Planted { source: org, event_type: "REQUEST", target: home.iso3 });
        }
        paras.push(para);
    }
    let mut text = format!("{headline}\n\n{} (VNA) - ", home.capital);
    let mut sentences = 1;
    for (p, para) in paras.iter().enumerate() {
        if p > 0 {
            text.push_str("\n\n");
        }
        if p == 1 {
            text.push_str(&format!("Minister {} (L) and guests at the ceremony (Photo: VNA)\n\n", rng.person()));
        }
        text.push_str(&para.text());
        sentences += para.sentences.len();
    }
    text.push_str("/.\n\n");
    let related_at = text.len();
    text.push_str("Related News\n");
    for _ in 0..(2 + rng.below(3)) {
        let (a, b) = rng.pair();
        text.push_str(&format!("{} praises {} for support in {}\n", a.name, b.name, rng.pick(TOPICS)));
    }
    Sample {
        article: Article {
            id: format!("gen-{index:06}"),
            url: Some(format!("https://news.example/{index}")),
            published: Some(published),
            title: Some(headline),
            text,
        },
        blocks: 1 + paras.len(),
        sentences,
        planted,
        related_at,
    }
}
