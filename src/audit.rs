//! The audit log of staff actions: who viewed contact data, changed a status, edited a product,
//! created a user. Append-only (the database refuses updates and deletes); readable by admins
//! at `/beheer/audit`. Entries name what was touched (a reference, an id), never personal data.

use crate::{auth::current_user::CurrentUser, entities::audit_log};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

/// Who acted: a signed-in staff member, or Loket itself (retention, jobs, the command line).
pub enum Actor<'a> {
    Staff { id: i32, name: &'a str },
    System(&'a str),
}

impl<'a> Actor<'a> {
    pub fn user(user: &'a CurrentUser) -> Self {
        Actor::Staff {
            id: user.id,
            name: &user.email,
        }
    }
}

pub async fn record(
    db: &impl ConnectionTrait,
    actor: Actor<'_>,
    action: &str,
    subject: &str,
    detail: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (staff_user_id, name) = match actor {
        Actor::Staff { id, name } => (Some(id), name.to_owned()),
        Actor::System(name) => (None, name.to_owned()),
    };
    audit_log::Entity::insert(audit_log::ActiveModel {
        at: Set(at),
        staff_user_id: Set(staff_user_id),
        actor: Set(name),
        action: Set(action.to_owned()),
        subject: Set(subject.to_owned()),
        detail: Set(detail.to_owned()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}
