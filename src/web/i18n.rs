//! UI texts in Dutch, English as the second locale, through Fluent (`locales/<lang>/*.ftl`).

use fluent_templates::{
    LanguageIdentifier, Loader, fluent_bundle::FluentValue, langid, static_loader,
};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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

    /// The message with its arguments filled in; `None` when the key is unknown or an
    /// argument it needs is missing.
    pub fn try_text(
        self,
        key: &str,
        args: &HashMap<Cow<'static, str>, FluentValue>,
    ) -> Option<String> {
        LOCALES.try_lookup_with_args(self.id(), key, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_locales_have_every_key_of_the_other() {
        let keys = |dir: &str| -> Vec<String> {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(dir);
            let mut keys = Vec::new();
            for entry in std::fs::read_dir(path).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for line in text.lines() {
                    if let Some((key, _)) = line.split_once(" =")
                        && !key.starts_with([' ', '#', '.', '-', '*', '['])
                        && !key.is_empty()
                    {
                        keys.push(key.trim().to_owned());
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
        // Parsing errors in an .ftl file surface here rather than on a page.
        assert_eq!(Lang::Nl.text("nav-products"), "Producten");
        assert_eq!(Lang::En.text("nav-products"), "Products");
    }
}
