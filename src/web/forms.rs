//! Form errors: one Dutch (or English) message per invalid field, shown next to the field,
//! with everything the user typed kept.

use super::i18n::Lang;
use crate::error::InvalidParam;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Clone, Serialize)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// Adds the message with this translation key for `field` (the first error per field wins).
    pub fn add(&mut self, lang: Lang, field: &str, key: &str) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| lang.text(key));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    /// For the JSON API: the same errors as a problem document's invalid parameters.
    pub fn into_params(self) -> Vec<InvalidParam> {
        self.0
            .into_iter()
            .map(|(name, reason)| InvalidParam { name, reason })
            .collect()
    }
}
