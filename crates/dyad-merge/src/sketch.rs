//! Near-duplicate text: MinHash sketches of articles, an LSH-banded index that finds the
//! earlier articles a new one duplicates, and a word-overlap similarity for two sentences.
//!
//! An article is read as the coder reads it ([`dyad_core::pipeline::prepare`]): photo captions,
//! datelines, bylines and related-news lists are gone before shingling, so two outlets that
//! wrap the same wire story in different page furniture still look alike. The shingles are
//! runs of [`SHINGLE`] words in their accent-free lowercase form; the sketch keeps, for each of
//! [`HASHES`] fixed hash functions, the least hash over the shingles, and the share of equal
//! slots between two sketches estimates the Jaccard similarity of their shingle sets (standard
//! error about `0.5 / sqrt(HASHES)` ≈ 0.04).

use std::collections::{BTreeSet, HashMap, VecDeque};

use dyad_core::pipeline::prepare;
use dyad_core::sentences::tokenize;
use dyad_core::Span;

use crate::hash::{hash_bytes, mix};

/// Words per shingle.
pub const SHINGLE: usize = 3;
/// Hash functions (slots) in a sketch.
pub const HASHES: usize = 128;
/// LSH bands; each band is `HASHES / BANDS` = 4 slots. With 32 bands of 4 rows an article
/// pair of Jaccard 0.6 becomes a candidate with probability 0.988, a pair of 0.3 with 0.23.
pub const BANDS: usize = 32;
const ROWS: usize = HASHES / BANDS;

/// Estimated Jaccard similarity from which two articles count as near-duplicates: the same
/// wire story republished, retitled or lightly edited (rewrites by another outlet score
/// 0.1–0.3 and are left to the event rules).
pub const DUPLICATE_THRESHOLD: f32 = 0.6;

/// A MinHash sketch of an article's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sketch {
    mins: Vec<u64>,
    shingles: usize,
}

impl Sketch {
    /// The sketch of an article's text, cleaned and tokenised as the coder does.
    pub fn of(text: &str) -> Sketch {
        let words: Vec<String> = prepare(text)
            .into_iter()
            .flat_map(|s| s.tokens.into_iter())
            .filter(|t| t.norm.chars().any(char::is_alphanumeric))
            .map(|t| t.norm)
            .collect();
        Sketch::of_words(&words)
    }

    /// The sketch of a sequence of words (already normalised).
    pub fn of_words<S: AsRef<str>>(words: &[S]) -> Sketch {
        let mut mins = vec![u64::MAX; HASHES];
        let mut shingles = 0;
        let width = SHINGLE.min(words.len());
        if width == 0 {
            return Sketch { mins, shingles };
        }
        let mut buf = Vec::new();
        for window in words.windows(width) {
            buf.clear();
            for w in window {
                buf.extend_from_slice(w.as_ref().as_bytes());
                buf.push(0x1f);
            }
            let base = hash_bytes(0, &buf);
            shingles += 1;
            for (i, slot) in mins.iter_mut().enumerate() {
                let h = mix(base ^ SEEDS[i]);
                if h < *slot {
                    *slot = h;
                }
            }
        }
        Sketch { mins, shingles }
    }

    /// Whether the text had no words.
    pub fn is_empty(&self) -> bool {
        self.shingles == 0
    }

    fn band_key(&self, band: usize) -> u64 {
        let mut h = band as u64;
        for &m in &self.mins[band * ROWS..(band + 1) * ROWS] {
            h = mix(h ^ m);
        }
        h
    }
}

/// Per-slot seeds, fixed at compile time so sketches are comparable across runs.
const SEEDS: [u64; HASHES] = {
    let mut seeds = [0u64; HASHES];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut i = 0;
    while i < HASHES {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        seeds[i] = z ^ (z >> 31);
        i += 1;
    }
    seeds
};

/// Estimated Jaccard similarity of the shingle sets of two sketches, in `[0, 1]`; 0 when
/// either text was empty.
pub fn similarity(a: &Sketch, b: &Sketch) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let equal = a.mins.iter().zip(&b.mins).filter(|(x, y)| x == y).count();
    equal as f32 / HASHES as f32
}

/// An earlier article that a new one duplicates.
#[derive(Clone, Debug, PartialEq)]
pub struct Duplicate {
    /// The earlier article's id.
    pub article_id: String,
    /// Estimated Jaccard similarity of the two articles' shingles.
    pub similarity: f32,
}

/// An index of article sketches that answers, for each new article, which earlier ones it
/// near-duplicates (estimated Jaccard ≥ the threshold, [`DUPLICATE_THRESHOLD`] by default).
///
/// Candidates come from LSH banding ([`BANDS`] bands of 4 slots) and are confirmed on the
/// whole sketch. A copy (similarity ≥ [`COPY_THRESHOLD`] to an indexed article) is not indexed
/// itself: it is folded into that article, its *canonical* one ([`NearDuplicates::canonical_of`]),
/// so that the thousandth copy of a story is compared with one article, not a thousand, and
/// links to one. Memory is bounded by a capacity: past it, the oldest indexed article (and the
/// oldest folded copy) is forgotten. Answers are in the order the earlier articles were added,
/// so they do not depend on hashing order.
#[derive(Debug)]
pub struct NearDuplicates {
    threshold: f32,
    capacity: usize,
    next: u64,
    entries: VecDeque<Indexed>,
    /// For each band key (the band is part of the key), the latest indexed article with it;
    /// earlier ones are chained through [`Indexed::prev`].
    bands: HashMap<u64, u64>,
    /// Folded copies: article id -> the indexed article it copies, oldest first in `folded_order`.
    folded: HashMap<String, String>,
    folded_order: VecDeque<String>,
}

/// An indexed article: its number, id and sketch, and for each band the number of the
/// article indexed before it with the same band key ([`NONE`] for none). A chain of numbers
/// rather than a list per key: a few bytes per band instead of a list's allocation.
#[derive(Debug)]
struct Indexed {
    seq: u64,
    id: String,
    sketch: Sketch,
    prev: [u64; BANDS],
}

const NONE: u64 = u64::MAX;

/// Estimated Jaccard similarity from which a near-duplicate is a copy, folded into the article
/// it copies rather than indexed (the same wire story with other page furniture scores above
/// 0.9; an edited version below).
pub const COPY_THRESHOLD: f32 = 0.9;

impl Default for NearDuplicates {
    fn default() -> Self {
        NearDuplicates::new(DUPLICATE_THRESHOLD, 20_000)
    }
}

impl NearDuplicates {
    /// An empty index with a similarity threshold and a capacity in articles (at least 1).
    pub fn new(threshold: f32, capacity: usize) -> NearDuplicates {
        NearDuplicates {
            threshold,
            capacity: capacity.max(1),
            next: 0,
            entries: VecDeque::new(),
            bands: HashMap::new(),
            folded: HashMap::new(),
            folded_order: VecDeque::new(),
        }
    }

    /// The indexed article that `article_id` was folded into as a copy, or `article_id` itself
    /// (also when it is not known, or forgotten).
    pub fn canonical_of<'a>(&'a self, article_id: &'a str) -> &'a str {
        self.folded.get(article_id).map_or(article_id, String::as_str)
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The earlier articles that `sketch` near-duplicates, without adding it.
    pub fn query(&self, sketch: &Sketch) -> Vec<Duplicate> {
        if sketch.is_empty() {
            return Vec::new();
        }
        let first = self.entries.front().map_or(0, |e| e.seq);
        let mut candidates = BTreeSet::new();
        for band in 0..BANDS {
            let mut seq = self.bands.get(&sketch.band_key(band)).copied().unwrap_or(NONE);
            while seq != NONE && seq >= first {
                candidates.insert(seq);
                seq = self.entries[(seq - first) as usize].prev[band];
            }
        }
        candidates
            .into_iter()
            .filter_map(|seq| {
                let earlier = self.entries.get((seq - first) as usize)?;
                let sim = similarity(sketch, &earlier.sketch);
                (sim >= self.threshold).then(|| Duplicate { article_id: earlier.id.clone(), similarity: sim })
            })
            .collect()
    }

    /// Adds an article and returns the earlier (indexed) articles it near-duplicates. A copy of
    /// one of them is folded into the most similar (the earliest among equals) instead of
    /// being indexed.
    pub fn add(&mut self, article_id: &str, sketch: Sketch) -> Vec<Duplicate> {
        let found = self.query(&sketch);
        if sketch.is_empty() {
            return found;
        }
        let best = found.iter().fold(None::<&Duplicate>, |b, d| match b {
            Some(b) if b.similarity >= d.similarity => Some(b),
            _ => Some(d),
        });
        if let Some(best) = best.filter(|d| d.similarity >= COPY_THRESHOLD && d.article_id != article_id) {
            if self.folded_order.len() == self.capacity {
                if let Some(oldest) = self.folded_order.pop_front() {
                    self.folded.remove(&oldest);
                }
            }
            if self.folded.insert(article_id.to_string(), best.article_id.clone()).is_none() {
                self.folded_order.push_back(article_id.to_string());
            }
            return found;
        }
        if self.entries.len() == self.capacity {
            self.evict_oldest();
        }
        let seq = self.next;
        self.next += 1;
        let mut prev = [NONE; BANDS];
        for (band, prev) in prev.iter_mut().enumerate() {
            *prev = self.bands.insert(sketch.band_key(band), seq).unwrap_or(NONE);
        }
        self.entries.push_back(Indexed { seq, id: article_id.to_string(), sketch, prev });
        found
    }

    /// Forgets the oldest article: a key that no later article shares goes; chains from
    /// later articles end at it, since it is before the first one held.
    fn evict_oldest(&mut self) {
        let Some(oldest) = self.entries.pop_front() else { return };
        for band in 0..BANDS {
            let key = oldest.sketch.band_key(band);
            if self.bands.get(&key) == Some(&oldest.seq) {
                self.bands.remove(&key);
            }
        }
    }
}

/// Function words and reporting verbs left out of sentence comparison: two reports of one
/// meeting share its names and its matter, not its "the", "said" or "also".
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "also", "an", "and", "as", "at", "be", "been", "being", "but", "by", "during", "for",
    "from", "had", "has", "have", "he", "her", "his", "in", "into", "is", "it", "its", "of", "on", "or", "our", "s",
    "said", "she", "that", "the", "their", "them", "they", "this", "those", "to", "was", "were", "which", "while",
    "who", "will", "with", "would",
];

/// The content words of a sentence, lowercase, accent-free and lightly stemmed, as sorted,
/// distinct 64-bit hashes: a few bytes a word to keep with every open report, and compared
/// by one pass over two sorted lists.
pub fn content_words(sentence: &str) -> Vec<u64> {
    let mut words: Vec<u64> = tokenize(sentence, Span::new(0, sentence.len()))
        .into_iter()
        .filter(|t| t.norm.chars().any(char::is_alphanumeric))
        .filter(|t| STOPWORDS.binary_search(&t.norm.as_str()).is_err())
        .map(|t| hash_bytes(0x776f_7264, stem(&t.norm).as_bytes()))
        .collect();
    words.sort_unstable();
    words.dedup();
    words.shrink_to_fit();
    words
}

fn stem(word: &str) -> String {
    for suffix in ["ing", "ed", "es", "s"] {
        if word.len() > suffix.len() + 3 && word.ends_with(suffix) {
            return word[..word.len() - suffix.len()].to_string();
        }
    }
    word.to_string()
}

/// Similarity of two sentences in `[0, 1]`: the Dice coefficient of their content-word sets
/// ([`content_words`]). Rewrites of one report by two outlets typically score 0.4–0.7,
/// copies 0.9–1, unrelated sentences about the same parties 0.1–0.3.
pub fn sentence_similarity(a: &str, b: &str) -> f32 {
    words_similarity(&content_words(a), &content_words(b))
}

/// [`sentence_similarity`] of two sentences' [`content_words`], for callers that keep them.
pub fn words_similarity(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f32 / (a.len() + b.len()) as f32
}

/// Sentence similarity from which two event sentences count as near-duplicates.
pub const SENTENCE_THRESHOLD: f32 = 0.5;

/// Whether two event sentences are near-duplicates ([`sentence_similarity`] ≥
/// [`SENTENCE_THRESHOLD`]).
pub fn sentences_near_duplicate(a: &str, b: &str) -> bool {
    sentence_similarity(a, b) >= SENTENCE_THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Hanoi (VNA) - Prime Minister Pham Minh Chinh received Japanese \
        Ambassador Ito Naoki in Hanoi on March 12. The Prime Minister thanked Japan for its \
        official development assistance over the past decades and asked Japanese firms to \
        invest more in high technology, semiconductors and green energy. The ambassador \
        pledged to work to bring the extensive strategic partnership to a new height.";

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn identical_texts_are_fully_similar() {
        assert_eq!(similarity(&Sketch::of(STORY), &Sketch::of(STORY)), 1.0);
    }

    #[test]
    fn republished_story_is_a_near_duplicate() {
        let copy = format!("PM receives Japanese ambassador\n\n{STORY}/.\nVNA");
        let sim = similarity(&Sketch::of(STORY), &Sketch::of(&copy));
        assert!(sim >= DUPLICATE_THRESHOLD, "{sim}");
    }

    #[test]
    fn different_story_is_not() {
        let other = "Hanoi (VNA) - Deputy Foreign Minister Do Hung Viet met the President of \
            the International Committee of the Red Cross in Geneva on March 5, discussing \
            humanitarian cooperation and the search for missing soldiers.";
        let sim = similarity(&Sketch::of(STORY), &Sketch::of(other));
        assert!(sim < 0.2, "{sim}");
    }

    #[test]
    fn empty_text_is_similar_to_nothing() {
        assert!(Sketch::of("").is_empty());
        assert_eq!(similarity(&Sketch::of(""), &Sketch::of("")), 0.0);
        let mut index = NearDuplicates::default();
        assert!(index.add("a", Sketch::of("")).is_empty());
        assert!(index.add("b", Sketch::of("")).is_empty());
        assert!(index.is_empty());
    }

    #[test]
    fn index_returns_earlier_duplicates_in_order() {
        let mut index = NearDuplicates::default();
        assert!(index.add("a", Sketch::of(STORY)).is_empty());
        let unrelated = "Vientiane (VNA) - Laos and Vietnam signed an education agreement.";
        assert!(index.add("b", Sketch::of(unrelated)).is_empty());
        let edited = STORY.replace("Hanoi", "Ha Noi");
        let found = index.add("c", Sketch::of(&edited));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].article_id, "a");
        assert!(found[0].similarity < COPY_THRESHOLD, "an edited version is indexed");
        let found = index.add("d", Sketch::of(STORY));
        let ids: Vec<&str> = found.iter().map(|d| d.article_id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
    }

    #[test]
    fn copies_fold_into_one_canonical_article() {
        let mut index = NearDuplicates::default();
        index.add("a", Sketch::of(STORY));
        for n in 0..50 {
            let found = index.add(&format!("copy-{n}"), Sketch::of(STORY));
            let ids: Vec<&str> = found.iter().map(|d| d.article_id.as_str()).collect();
            assert_eq!(ids, ["a"], "copy {n} is compared with the one indexed article");
        }
        assert_eq!(index.len(), 1);
        assert_eq!(index.canonical_of("copy-7"), "a");
        assert_eq!(index.canonical_of("a"), "a");
        assert_eq!(index.canonical_of("unknown"), "unknown");
    }

    #[test]
    fn folded_copies_are_forgotten_past_the_capacity() {
        let mut index = NearDuplicates::new(DUPLICATE_THRESHOLD, 2);
        index.add("a", Sketch::of(STORY));
        for id in ["b", "c", "d"] {
            index.add(id, Sketch::of(STORY));
        }
        assert_eq!(index.canonical_of("b"), "b", "the oldest copy is forgotten");
        assert_eq!(index.canonical_of("d"), "a");
    }

    #[test]
    fn capacity_forgets_the_oldest() {
        let mut index = NearDuplicates::new(DUPLICATE_THRESHOLD, 1);
        index.add("a", Sketch::of(STORY));
        index.add("b", Sketch::of("Laos and Vietnam signed an education agreement in Vientiane."));
        assert_eq!(index.len(), 1);
        assert!(index.query(&Sketch::of(STORY)).is_empty());
    }

    #[test]
    fn sentence_rewrites_are_similar_unrelated_are_not() {
        let a = "Prime Minister Pham Minh Chinh received Japanese Ambassador Ito Naoki in Hanoi on March 12.";
        let b = "Japanese Ambassador Ito Naoki was received by Prime Minister Pham Minh Chinh in Hanoi on Tuesday.";
        let c = "Prime Minister Pham Minh Chinh chaired a cabinet meeting on public investment.";
        assert!(sentences_near_duplicate(a, b), "{}", sentence_similarity(a, b));
        assert!(!sentences_near_duplicate(a, c), "{}", sentence_similarity(a, c));
        assert_eq!(sentence_similarity(a, ""), 0.0);
    }
}
