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

/// `?opgeslagen=1` after a successful save: the page says the changes were kept.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Saved {
    #[serde(default)]
    opgeslagen: Option<String>,
}

impl Saved {
    pub fn shown(&self) -> bool {
        self.opgeslagen.is_some()
    }
}

/// A submitted form as name/value pairs, keeping repeated names (checkbox groups), which
/// axum's `Form` cannot read into a list.
#[derive(Debug, Default, Clone)]
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    pub fn parse(body: &[u8]) -> Self {
        Self(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`, or "" when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for FormFields {
    type Rejection = crate::error::AppError;

    async fn from_request(
        request: axum::extract::Request,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let body = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|e| crate::error::AppError::BadRequest(e.body_text()))?;
        Ok(Self::parse(&body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_are_kept_and_missing_ones_are_empty() {
        let form =
            FormFields::parse(b"channels=counter&channels=online&name=Rijbewijs+B&bookable=on");
        assert_eq!(form.all("channels"), vec!["counter", "online"]);
        assert_eq!(form.get("name"), "Rijbewijs B");
        assert!(form.checked("bookable"));
        assert!(!form.checked("published"));
        assert_eq!(form.get("missing"), "");
    }
}
