//! URL slugs: lower-case ASCII letters, digits and single hyphens.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSlug {
    #[error("a slug cannot be empty")]
    Empty,
    #[error("a slug is at most 80 characters")]
    TooLong,
    #[error("a slug holds only a-z, 0-9 and single hyphens between them")]
    Characters,
}

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, InvalidSlug> {
        if raw.is_empty() {
            return Err(InvalidSlug::Empty);
        }
        if raw.len() > 80 {
            return Err(InvalidSlug::TooLong);
        }
        let valid_chars = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_chars || raw.starts_with('-') || raw.ends_with('-') || raw.contains("--") {
            return Err(InvalidSlug::Characters);
        }
        Ok(Self(raw.to_owned()))
    }

    /// A slug made from a name: "Uittreksel uit het strafregister" -> "uittreksel-uit-het-strafregister".
    pub fn from_name(name: &str) -> Result<Self, InvalidSlug> {
        let words = super::search::normalise(name);
        let ascii: String = words
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let mut slug = ascii
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        slug.truncate(80);
        Self::parse(slug.trim_end_matches('-'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_slug_made_from_any_name_is_a_valid_slug(name in any::<String>()) {
            if let Ok(slug) = Slug::from_name(&name) {
                prop_assert_eq!(Slug::parse(slug.as_str()), Ok(slug.clone()));
            }
        }

        #[test]
        fn parsing_never_panics_and_keeps_the_text(raw in "[a-z0-9-]{0,90}|\\PC{0,20}") {
            if let Ok(slug) = Slug::parse(&raw) {
                prop_assert_eq!(slug.as_str(), raw.as_str());
            }
        }
    }

    #[test]
    fn parses_valid_slugs_only() {
        assert!(Slug::parse("kids-id").is_ok());
        assert!(Slug::parse("a1").is_ok());
        assert_eq!(Slug::parse(""), Err(InvalidSlug::Empty));
        for bad in ["Kids", "kids id", "-kids", "kids-", "kids--id", "kïds"] {
            assert_eq!(Slug::parse(bad), Err(InvalidSlug::Characters), "{bad}");
        }
        assert_eq!(Slug::parse(&"a".repeat(81)), Err(InvalidSlug::TooLong));
    }

    #[test]
    fn makes_slugs_from_dutch_names() {
        assert_eq!(
            Slug::from_name("Uittreksel uit het strafregister")
                .unwrap()
                .as_str(),
            "uittreksel-uit-het-strafregister"
        );
        assert_eq!(
            Slug::from_name("Financiële steun (OCMW)").unwrap().as_str(),
            "financiele-steun-ocmw"
        );
        assert_eq!(Slug::from_name("!!!"), Err(InvalidSlug::Empty));
    }
}
