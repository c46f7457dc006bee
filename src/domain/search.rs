//! Catalogue search: accent- and case-insensitive, forgiving about spaces in compound words
//! ("Identiteits kaart" finds "identiteitskaart"). Short terms match only at the start of a
//! word, so "eid" finds eID and not every word ending in "-heid".

use unicode_normalization::UnicodeNormalization;

/// Lower case, accents removed, every run of non-alphanumerics one space.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Terms shorter than this match only at the start of a word.
const INFIX_MIN_LEN: usize = 4;

/// A search query, normalised once.
#[derive(Debug, Clone)]
pub struct Query {
    terms: Vec<String>,
    joined: String,
}

/// The searchable text of one item, normalised once (a catalogue keeps one per product, so a
/// search does not normalise every description again): its name weighs more than the rest.
#[derive(Debug, Clone)]
pub struct Document {
    name: String,
    compact_name: String,
    keywords: Vec<String>,
    haystack: String,
    compact_haystack: String,
}

impl Document {
    pub fn new(name: &str, keywords: &[String], text: &str) -> Self {
        let name = normalise(name);
        let keywords: Vec<String> = keywords.iter().map(|k| normalise(k)).collect();
        let haystack = format!("{name} {} {}", keywords.join(" "), normalise(text));
        Self {
            compact_name: name.replace(' ', ""),
            compact_haystack: haystack.replace(' ', ""),
            name,
            keywords,
            haystack,
        }
    }
}

impl Query {
    /// `None` when the query holds nothing to search for.
    pub fn parse(raw: &str) -> Option<Self> {
        let normalised = normalise(raw);
        let mut terms: Vec<String> = normalised.split(' ').map(str::to_owned).collect();
        terms.retain(|t| !t.is_empty());
        if terms.len() > 1 {
            terms.retain(|t| t.chars().count() > 1);
        }
        if terms.is_empty() {
            return None;
        }
        let joined = terms.concat();
        Some(Self { terms, joined })
    }

    /// A relevance score, or `None` when the document does not match.
    pub fn score(&self, doc: &Document) -> Option<u32> {
        let in_doc = |term: &str| term_matches(&doc.haystack, &doc.compact_haystack, term);
        let all_terms = self.terms.iter().all(|t| in_doc(t));
        let joined = self.terms.len() > 1 && in_doc(&self.joined);
        if !all_terms && !joined {
            return None;
        }
        let mut score = 1;
        if doc.compact_name.contains(&self.joined) {
            score += 50;
        }
        if doc
            .keywords
            .iter()
            .any(|k| k.replace(' ', "") == self.joined || self.terms.contains(k))
        {
            score += 30;
        }
        score += 10
            * self
                .terms
                .iter()
                .filter(|t| term_matches(&doc.name, &doc.compact_name, t))
                .count() as u32;
        Some(score)
    }
}

/// Whether `term` is in `text` (`compact`: the same without spaces).
fn term_matches(text: &str, compact: &str, term: &str) -> bool {
    if term.chars().count() >= INFIX_MIN_LEN {
        return text.contains(term) || compact.contains(term);
    }
    text.split(' ').any(|word| word.starts_with(term))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str, keywords: &[String], text: &str) -> Document {
        Document::new(name, keywords, text)
    }

    #[test]
    fn normalise_folds_case_accents_and_punctuation() {
        assert_eq!(
            normalise("Élektronische  Identiteitskaart (eID)"),
            "elektronische identiteitskaart eid"
        );
        assert_eq!(
            normalise("Financiële steun – OCMW"),
            "financiele steun ocmw"
        );
        assert_eq!(normalise("  ...  "), "");
    }

    #[test]
    fn finds_the_eid_product_however_it_is_typed() {
        let keywords = vec!["eID".to_owned(), "pincode".to_owned()];
        let eid = doc(
            "Elektronische identiteitskaart",
            &keywords,
            "Vraag een nieuwe kaart aan.",
        );
        for q in [
            "identiteitskaart",
            "Identiteits kaart",
            "eid",
            "IDENTITEITSKAART",
            "identitéitskaart",
        ] {
            assert!(
                Query::parse(q).unwrap().score(&eid).is_some(),
                "{q} did not find eID"
            );
        }
    }

    #[test]
    fn short_terms_match_only_at_word_starts() {
        let none: Vec<String> = vec![];
        let other = doc(
            "Attest van gezinssamenstelling",
            &none,
            "Een bewijs van je gezondheid en veiligheid.",
        );
        assert!(Query::parse("eid").unwrap().score(&other).is_none());
        assert!(Query::parse("gez").unwrap().score(&other).is_some());
        assert!(
            Query::parse("samenstelling")
                .unwrap()
                .score(&other)
                .is_some()
        );
    }

    #[test]
    fn every_term_must_match() {
        let none: Vec<String> = vec![];
        let licence = doc(
            "Internationaal rijbewijs",
            &none,
            "Om in het buitenland te rijden.",
        );
        assert!(
            Query::parse("rijbewijs buitenland")
                .unwrap()
                .score(&licence)
                .is_some()
        );
        assert!(
            Query::parse("rijbewijs paspoort")
                .unwrap()
                .score(&licence)
                .is_none()
        );
    }

    #[test]
    fn a_match_in_the_name_scores_higher_than_one_in_the_text() {
        let none: Vec<String> = vec![];
        let in_name = doc("Rijbewijs", &none, "");
        let in_text = doc("Internationaal document", &none, "Breng je rijbewijs mee.");
        let q = Query::parse("rijbewijs").unwrap();
        assert!(q.score(&in_name).unwrap() > q.score(&in_text).unwrap());
    }

    #[test]
    fn empty_queries_search_nothing() {
        assert!(Query::parse("").is_none());
        assert!(Query::parse(" -- ").is_none());
    }
}
