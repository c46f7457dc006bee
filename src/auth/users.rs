//! Staff users: creation (command line and /beheer) and sign-in checks.

use super::password;
use crate::{
    domain::{email::EmailAddress, role::Role},
    entities::staff_user,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("a user with this e-mail address already exists")]
    Exists,
    #[error("the password must be at least {} characters", password::MIN_LENGTH)]
    WeakPassword,
    #[error("could not hash the password: {0}")]
    Hash(String),
    #[error(transparent)]
    Database(#[from] DbErr),
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
) -> Result<Option<staff_user::Model>, DbErr> {
    staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

pub async fn create(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
    display_name: &str,
    role: Role,
    password_plain: &str,
    now: DateTime<Utc>,
) -> Result<staff_user::Model, UserError> {
    if password_plain.chars().count() < password::MIN_LENGTH {
        return Err(UserError::WeakPassword);
    }
    if find_by_email(db, email).await?.is_some() {
        return Err(UserError::Exists);
    }
    let plain = password_plain.to_owned();
    let hash = tokio::task::spawn_blocking(move || password::hash(&plain))
        .await
        .map_err(|e| UserError::Hash(e.to_string()))?
        .map_err(UserError::Hash)?;
    let name = if display_name.trim().is_empty() {
        email
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_owned()
    } else {
        display_name.trim().to_owned()
    };
    Ok(staff_user::ActiveModel {
        email: Set(email.as_str().to_owned()),
        display_name: Set(name),
        role: Set(role.as_str().to_owned()),
        password_hash: Set(hash),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// The active user with this e-mail and password, or `None` (same time taken either way).
/// Hashing is CPU work of tens of milliseconds: it runs off the async workers.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    email: &str,
    password_plain: &str,
) -> Result<Option<staff_user::Model>, DbErr> {
    let user = match EmailAddress::parse(email) {
        Ok(email) => find_by_email(db, &email).await?,
        Err(_) => None,
    };
    let plain = password_plain.to_owned();
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let matches = tokio::task::spawn_blocking(move || match stored {
        Some(stored) => password::verify(&plain, &stored),
        None => {
            password::verify_nothing(&plain);
            false
        }
    })
    .await
    .unwrap_or(false);
    Ok(user.filter(|u| u.active && matches))
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    staff_user::Entity::find().count(db).await
}
