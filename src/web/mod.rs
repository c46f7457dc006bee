//! What every area shares on the web side: templates, translations, the page context,
//! form errors and the layers around the router.

pub mod client;
pub mod dates;
pub mod forms;
pub mod i18n;
pub mod layers;
pub mod page;
pub mod templates;

/// Percent-encodes a value for use inside a query string.
pub fn url_encode(raw: &str) -> String {
    form_urlencoded::byte_serialize(raw.as_bytes()).collect()
}
