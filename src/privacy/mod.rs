//! The GDPR duties: personal data is kept only as long as needed (retention), and a resident
//! can learn what is held about them and have it erased. What remains after removal (dates,
//! products, categories, statuses, outcomes) carries the statistics and nothing personal.

pub mod retention;
pub mod subject;
