use crate::{
    error::{AppError, AppResult},
    web::{
        i18n::Lang,
        page::{LANG_COOKIE, safe_return_path},
    },
};
use axum::{
    extract::{Path, Query},
    http::{HeaderValue, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Back {
    terug: Option<String>,
}

/// `/taal/en?terug=/producten`: remembers the language for a year and goes back.
pub async fn switch(Path(code): Path<String>, Query(back): Query<Back>) -> AppResult<Response> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    let cookie = cookie::Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .max_age(cookie::time::Duration::days(365))
        .same_site(cookie::SameSite::Lax)
        .http_only(true)
        .build();
    let mut response = Redirect::to(&safe_return_path(back.terug.as_deref())).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie.to_string())
            .map_err(|e| AppError::Internal(e.to_string()))?,
    );
    Ok(response)
}
