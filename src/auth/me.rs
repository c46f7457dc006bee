use super::current_user::Staff;
use crate::domain::role::Role;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MeJson {
    pub email: String,
    pub name: String,
    #[schema(value_type = String, example = "manager")]
    pub role: Role,
}

/// Who the token (or session) belongs to, and with which role.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeJson), (status = 401, description = "No valid token")))]
pub async fn show(Staff(user): Staff) -> Json<MeJson> {
    Json(MeJson {
        email: user.email,
        name: user.display_name,
        role: user.role,
    })
}
