//! Dates in running text, resolved against the publication date with the past reading news
//! needs ("on January 16" in an article of 2023-01-17 is 2023-01-16; "last month"; "on
//! Tuesday"), and stated periods ("for 2023 - 2028").

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

use crate::model::{DatePrecision, Period};

/// A date expression found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte offset of the expression in the sentence.
    pub start: usize,
    /// One past its end.
    pub end: usize,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: String,
    /// How precise it is.
    pub precision: DatePrecision,
}

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?";

static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<month>{MONTHS})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d{{2}})\b)?"
    ))
    .expect("month day")
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{MONTHS})\b(?:,?\s+(?P<year>(?:19|20)\d{{2}})\b)?"
    ))
    .expect("day month")
});
static MONTH_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?:in|since|during|until|by|early|late|mid-?)\s+(?P<month>{MONTHS})\b(?:\s+(?P<this>this year|last year)|,?\s+(?P<year>(?:19|20)\d{{2}})\b)?")).expect("month only")
});
static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b").expect("iso"));
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?P<word>yesterday|today|tonight|last month|last year|this month|this year|last week)|(?:on|last)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(?P<n>\d+|two|three|four|five|six|seven|ten) (?P<unit>days|weeks|months|years) ago)\b")
        .expect("relative")
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bin (?P<y>(?:19|20)\d{2})\b").expect("year"));
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:for|in|during|over|from|between)?\s*(?:the\s+)?(?:period\s+(?:of\s+)?)?(?P<a>(?:19|20)\d{2})\s*(?:-|–|—|to|and)\s*(?P<b>(?:19|20)\d{2})\b").expect("period")
});

fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let key = lower.get(..3)?;
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .iter()
        .position(|m| *m == key)
        .map(|i| i as u32 + 1)
}

fn number_word(word: &str) -> Option<i64> {
    word.parse().ok().or(match word {
        "two" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        "seven" => Some(7),
        "ten" => Some(10),
        _ => None,
    })
}

/// The most recent date on or before `published` with this month and day.
fn past_month_day(published: Option<NaiveDate>, month: u32, day: u32, year: Option<i32>) -> Option<NaiveDate> {
    if let Some(year) = year {
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    let published = published?;
    let this_year = NaiveDate::from_ymd_opt(published.year(), month, day)?;
    // A date up to a week ahead is a scheduled event this year; further ahead it was last year.
    if this_year <= published + Duration::days(7) {
        Some(this_year)
    } else {
        NaiveDate::from_ymd_opt(published.year() - 1, month, day)
    }
}

fn month_string(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// Finds and resolves the date expressions of a sentence.
pub fn find_dates(sentence: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out: Vec<DateMention> = Vec::new();
    let mut push = |start: usize, end: usize, date: String, precision: DatePrecision| {
        if !out.iter().any(|d| d.start < end && start < d.end) {
            out.push(DateMention { start, end, date, precision });
        }
    };
    for re in [&*MONTH_DAY, &*DAY_MONTH] {
        for c in re.captures_iter(sentence) {
            let whole = c.get(0).expect("match");
            let (Some(month), Some(day)) = (
                c.name("month").and_then(|m| month_number(m.as_str())),
                c.name("day").and_then(|d| d.as_str().parse().ok()),
            ) else {
                continue;
            };
            let year = c.name("year").and_then(|y| y.as_str().parse().ok());
            if let Some(date) = past_month_day(published, month, day, year) {
                push(whole.start(), whole.end(), date.format("%Y-%m-%d").to_string(), DatePrecision::Day);
            }
        }
    }
    for c in ISO.captures_iter(sentence) {
        let whole = c.get(0).expect("match");
        if NaiveDate::parse_from_str(whole.as_str(), "%Y-%m-%d").is_ok() {
            push(whole.start(), whole.end(), whole.as_str().to_string(), DatePrecision::Day);
        }
    }
    for c in MONTH_ONLY.captures_iter(sentence) {
        let whole = c.get(0).expect("match");
        let Some(month) = c.name("month").and_then(|m| month_number(m.as_str())) else { continue };
        let year = match (c.name("year"), c.name("this").map(|t| t.as_str()), published) {
            (Some(y), _, _) => y.as_str().parse().ok(),
            (None, Some("this year"), Some(p)) => Some(p.year()),
            (None, Some(_), Some(p)) => Some(p.year() - 1),
            (None, None, Some(p)) => Some(if month <= p.month() { p.year() } else { p.year() - 1 }),
            _ => None,
        };
        if let Some(year) = year {
            push(whole.start(), whole.end(), month_string(year, month), DatePrecision::Month);
        }
    }
    if let Some(published) = published {
        for c in RELATIVE.captures_iter(sentence) {
            let whole = c.get(0).expect("match");
            let resolved = resolve_relative(&c, published);
            if let Some((date, precision)) = resolved {
                push(whole.start(), whole.end(), date, precision);
            }
        }
    }
    let period = find_period(sentence);
    for c in YEAR.captures_iter(sentence) {
        let whole = c.get(0).expect("match");
        let in_period = period.as_ref().is_some_and(|(s, e, _)| *s < whole.end() && whole.start() < *e);
        if !in_period {
            push(whole.start(), whole.end(), c["y"].to_string(), DatePrecision::Year);
        }
    }
    out.sort_by_key(|d| d.start);
    out
}

/// The date a relative expression matched by [`RELATIVE`] means in a story published on
/// `published`: "yesterday", "last month", "on Tuesday" (the most recent Tuesday), "three days
/// ago", "two years ago".
fn resolve_relative(c: &regex::Captures<'_>, published: NaiveDate) -> Option<(String, DatePrecision)> {
    if let Some(word) = c.name("word") {
        match word.as_str().to_ascii_lowercase().as_str() {
            "yesterday" => Some(((published - Duration::days(1)).format("%Y-%m-%d").to_string(), DatePrecision::Day)),
            "today" | "tonight" => Some((published.format("%Y-%m-%d").to_string(), DatePrecision::Day)),
            "last month" => {
                let (y, m) = if published.month() == 1 {
                    (published.year() - 1, 12)
                } else {
                    (published.year(), published.month() - 1)
                };
                Some((month_string(y, m), DatePrecision::Month))
            }
            "this month" => Some((month_string(published.year(), published.month()), DatePrecision::Month)),
            "last year" => Some((format!("{}", published.year() - 1), DatePrecision::Year)),
            "this year" => Some((format!("{}", published.year()), DatePrecision::Year)),
            _ => None,
        }
    } else if let Some(day) = c.name("weekday") {
        day.as_str().parse::<Weekday>().ok().map(|weekday| {
            let mut date = published;
            // "on Tuesday" in news is the most recent Tuesday, the day of publication included.
            while date.weekday() != weekday {
                date -= Duration::days(1);
            }
            (date.format("%Y-%m-%d").to_string(), DatePrecision::Day)
        })
    } else {
        let n = c.name("n").and_then(|n| number_word(n.as_str())).unwrap_or(0);
        match c.name("unit").map(|u| u.as_str()) {
            Some("days") => Some(((published - Duration::days(n)).format("%Y-%m-%d").to_string(), DatePrecision::Day)),
            Some("years") => Some((format!("{}", published.year() - n as i32), DatePrecision::Year)),
            _ => None,
        }
    }
}

/// A period stated in the sentence ("for 2023 - 2028"), with its byte range.
pub fn find_period(sentence: &str) -> Option<(usize, usize, Period)> {
    let c = PERIOD.captures(sentence)?;
    let (a, b) = (&c["a"], &c["b"]);
    if b < a {
        return None;
    }
    let whole = c.get(0)?;
    let text = whole.as_str().trim().to_string();
    Some((whole.start(), whole.end(), Period { start: Some(a.to_string()), end: Some(b.to_string()), text }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn first(sentence: &str, published: &str) -> (String, DatePrecision) {
        let found = find_dates(sentence, date(published));
        let d = found.first().unwrap_or_else(|| panic!("no date in {sentence:?}"));
        (d.date.clone(), d.precision)
    }

    #[test]
    fn month_and_day_take_the_past_reading() {
        assert_eq!(first("They met on January 16 to talk.", "2023-01-17").0, "2023-01-16");
        assert_eq!(first("They met on December 30.", "2023-01-02").0, "2022-12-30");
        assert_eq!(first("signed in Hanoi on November 22, 2023.", "2020-01-01").0, "2023-11-22");
        assert_eq!(first("on 5 March 2021 they met", "2023-01-01").0, "2021-03-05");
    }

    #[test]
    fn relative_dates() {
        assert_eq!(first("who visited Vietnam last month", "2023-01-17"), ("2022-12".into(), DatePrecision::Month));
        assert_eq!(first("said on Tuesday", "2023-01-19").0, "2023-01-17");
        assert_eq!(first("said yesterday", "2023-03-01").0, "2023-02-28");
        assert_eq!(
            first("the conference in December this year", "2023-01-17"),
            ("2023-12".into(), DatePrecision::Month)
        );
        assert_eq!(first("three days ago", "2023-01-17").0, "2023-01-14");
        assert!(find_dates("said on Tuesday", None).is_empty());
    }

    #[test]
    fn periods() {
        let (_, _, period) = find_period("an MoU on cooperation for 2023 - 2028 in Hanoi").unwrap();
        assert_eq!((period.start.as_deref(), period.end.as_deref()), (Some("2023"), Some("2028")));
        assert!(find_period("in 2028 - 2023").is_none());
    }
}
