//! Who is asking: a staff member signed in with a session, or a program with an API token.

use super::tokens;
use crate::{domain::role::Role, entities::staff_user, error::AppError, state::AppState};
use axum::{
    extract::{FromRequestParts, Request, State},
    http::{header::AUTHORIZATION, request::Parts},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use tower_sessions::Session;

pub const SESSION_USER_KEY: &str = "user_id";
/// When the user signed in (Unix seconds): the session ends a fixed time later, active or not.
pub const SIGNED_IN_AT_KEY: &str = "signed_in_at";
/// (user id, Unix seconds) of a correct password still waiting for its second factor.
pub const PENDING_USER_KEY: &str = "pending_user";

#[derive(Debug, Clone, Serialize)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Whether the user signs in with a second factor.
    pub second_factor: bool,
}

impl CurrentUser {
    fn from_model(user: staff_user::Model) -> Option<Self> {
        Some(Self {
            id: user.id,
            role: user.role.parse().ok()?,
            second_factor: user.totp_secret.is_some(),
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
            Ok(Some(id)) if within_absolute_limit(session, state).await => {
                staff_user::Entity::find_by_id(id)
                    .filter(staff_user::Column::Active.eq(true))
                    .one(&state.db)
                    .await?
            }
            Ok(Some(_)) => {
                // Past the absolute limit: the session is destroyed, the user signs in again.
                let _ = session.flush().await;
                None
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

async fn within_absolute_limit(session: &Session, state: &AppState) -> bool {
    let limit = i64::from(state.config.session_max_hours) * 3600;
    match session.get::<i64>(SIGNED_IN_AT_KEY).await {
        Ok(Some(at)) => state.clock.now().timestamp() - at <= limit,
        _ => false,
    }
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
    // When the municipality requires it, an administrator signed in with a session first sets
    // up a second factor. (An API token is its own credential.)
    if user.role == Role::Admin
        && state.config.admin_totp_required
        && !user.second_factor
        && !parts.headers.contains_key(AUTHORIZATION)
    {
        return Ok(Redirect::to(super::account::SECOND_FACTOR_PATH).into_response());
    }
    Ok(next.run(Request::from_parts(parts, body)).await)
}
