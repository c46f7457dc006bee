//! UI texts in Dutch, English as the second locale, through Fluent (`locales/<lang>/*.ftl`).

use fluent_templates::{LanguageIdentifier, Loader, fluent_bundle::FluentValue, langid, static_loader};
use std::{borrow::Cow, collections::HashMap};

static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "nl",
        // Isolation marks around arguments show up as odd characters in mail and plain text.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub static NL: LanguageIdentifier = langid!("nl");
pub static EN: LanguageIdentifier = langid!("en");

/// The languages a visitor can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }

    pub fn text(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    pub fn text_with(self, key: &str, args: &HashMap<Cow<'static, str>, FluentValue>) -> String {
        LOCALES.lookup_with_args(self.id(), key, args)
    }

    pub fn has(self, key: &str) -> bool {
        LOCALES.try_lookup(self.id(), key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_locales_have_every_key_of_the_other() {
        let keys = |dir: &str| -> Vec<String> {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(dir);
            let mut keys = Vec::new();
            for entry in std::fs::read_dir(path).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for line in text.lines() {
                    if let Some((key, _)) = line.split_once(" =") {
                        if !key.starts_with([' ', '#', '.', '-', '*', '[']) && !key.is_empty() {
                            keys.push(key.trim().to_owned());
                        }
                    }
                }
            }
            keys.sort();
            keys
        };
        let nl = keys("nl");
        let en = keys("en");
        let missing_en: Vec<_> = nl.iter().filter(|k| !en.contains(k)).collect();
        let missing_nl: Vec<_> = en.iter().filter(|k| !nl.contains(k)).collect();
        assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
        assert!(missing_nl.is_empty(), "missing in Dutch: {missing_nl:?}");
        assert!(nl.len() > 20, "too few keys found: {}", nl.len());
        for key in &nl {
            assert!(Lang::Nl.has(key) && Lang::En.has(key), "{key} does not resolve");
        }
    }
}
