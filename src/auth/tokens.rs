//! API tokens: shown once, stored as a SHA-256 hash, revocable.

use crate::entities::{api_token, staff_user};
use chrono::{DateTime, Utc};
use rand::RngExt;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};
use sha2::{Digest, Sha256};

const PREFIX: &str = "loket_";

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new random token (256 bits), returned in clear once; only its hash is stored.
pub async fn issue(
    db: &impl ConnectionTrait,
    user: &staff_user::Model,
    label: &str,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let bytes: [u8; 32] = rand::rng().random();
    let token = format!("{PREFIX}{}", hex::encode(bytes));
    api_token::ActiveModel {
        user_id: Set(user.id),
        token_hash: Set(hash_token(&token)),
        label: Set(label.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The active user behind a bearer token, if the token is known and not revoked.
pub async fn user_for(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<staff_user::Model>, DbErr> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    let Some(row) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash_token(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let user = staff_user::Entity::find_by_id(row.user_id)
        .filter(staff_user::Column::Active.eq(true))
        .one(db)
        .await?;
    let mut used: api_token::ActiveModel = row.into();
    used.last_used_at = Set(Some(now));
    used.update(db).await?;
    Ok(user)
}

pub async fn revoke(db: &impl ConnectionTrait, id: i32, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let Some(row) = api_token::Entity::find_by_id(id).one(db).await? else {
        return Ok(false);
    };
    let mut revoked: api_token::ActiveModel = row.into();
    revoked.revoked_at = Set(Some(now));
    revoked.update(db).await?;
    Ok(true)
}
