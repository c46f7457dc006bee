//! sea-orm entities, one file per table.

use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};

pub mod api_token;
pub mod appointment;
pub mod appointment_day_lock;
pub mod appointment_period;
pub mod audit_log;
pub mod case_category;
pub mod case_event;
pub mod case_number;
pub mod case_photo;
pub mod closing_day;
pub mod cluster;
pub mod counter;
pub mod department;
pub mod indicator;
pub mod indicator_measurement;
pub mod indicator_target;
pub mod lead_time_snapshot;
pub mod login_attempt;
pub mod municipality;
pub mod opening_period;
pub mod outbox_mail;
pub mod outbox_webhook;
pub mod phone_call;
pub mod policy_link;
pub mod policy_node;
pub mod policy_plan;
pub mod policy_plan_version;
pub mod product;
pub mod service_case;
pub mod session;
pub mod staff_department;
pub mod staff_user;
pub mod ticket_day;
pub mod visit;
pub mod visit_event;
pub mod waitlist_entry;

/// A list of short texts stored as one JSON column (themes, keywords, channels, ...).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize, FromJsonQueryResult)]
pub struct TextList(pub Vec<String>);
