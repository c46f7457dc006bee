//! Who is asking: a staff member signed in with a session, or a program with an API token.

use super::tokens;
use crate::{domain::role::Role, entities::staff_user, error::AppError, state::AppState};
use axum::{
    extract::{FromRequestParts, Request, State},
    http::{header::AUTHORIZATION, request::Parts},
    middleware::Next,
    response::Response,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use tower_sessions::Session;

pub const SESSION_USER_KEY: &str = "user_id";

#[derive(Debug, Clone, Serialize)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

impl CurrentUser {
    fn from_model(user: staff_user::Model) -> Option<Self> {
        Some(Self {
            id: user.id,
            role: user.role.parse().ok()?,
            email: user.email,
            display_name: user.display_name,
        })
    }

    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.role.includes(role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Resolves the user once per request and keeps the answer in the request's extensions.
async fn resolve(parts: &mut Parts, state: &AppState) -> Result<Option<CurrentUser>, AppError> {
    if let Some(found) = parts.extensions.get::<Option<CurrentUser>>() {
        return Ok(found.clone());
    }
    let bearer = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if parts.headers.contains_key(AUTHORIZATION) && bearer.is_none() {
        return Err(AppError::Unauthorized);
    }
    let model = if let Some(token) = bearer {
        let user = tokens::user_for(&state.db, token, state.clock.now()).await?;
        if user.is_none() {
            return Err(AppError::Unauthorized);
        }
        user
    } else if let Some(session) = parts.extensions.get::<Session>() {
        match session.get::<i32>(SESSION_USER_KEY).await {
            Ok(Some(id)) => {
                staff_user::Entity::find_by_id(id)
                    .filter(staff_user::Column::Active.eq(true))
                    .one(&state.db)
                    .await?
            }
            _ => None,
        }
    } else {
        None
    };
    let user = model.and_then(CurrentUser::from_model);
    parts.extensions.insert(user.clone());
    Ok(user)
}

/// Anyone: `MaybeUser(None)` for residents.
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(MaybeUser(resolve(parts, state).await?))
    }
}

/// A signed-in staff member; anonymous visitors get 401 (pages redirect to /aanmelden).
pub struct Staff(pub CurrentUser);

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        resolve(parts, state)
            .await?
            .map(Staff)
            .ok_or(AppError::Unauthorized)
    }
}

/// Every request: a bearer token that is not (or no longer) valid is refused with 401, even on
/// public routes, so a program never mistakes a revoked token for a working one.
pub async fn authenticate(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let (mut parts, body) = request.into_parts();
    if parts.headers.contains_key(AUTHORIZATION) {
        resolve(&mut parts, &state).await?;
    }
    Ok(next.run(Request::from_parts(parts, body)).await)
}

/// Route layer: only staff with at least `role` get through.
pub async fn require_role(
    State((state, role)): State<(AppState, Role)>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let (mut parts, body) = request.into_parts();
    let user = resolve(&mut parts, &state)
        .await?
        .ok_or(AppError::Unauthorized)?;
    user.require(role)?;
    Ok(next.run(Request::from_parts(parts, body)).await)
}
