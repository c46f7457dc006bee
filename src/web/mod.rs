//! What every area shares on the web side: templates, translations, the page context,
//! form errors and the layers around the router.

pub mod forms;
pub mod i18n;
pub mod layers;
pub mod page;
pub mod templates;
