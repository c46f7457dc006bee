//! The context every HTML page gets: language, signed-in user, municipality, current path.

use super::i18n::Lang;
use crate::cache::Change;
use crate::{
    auth::current_user::{CurrentUser, MaybeUser},
    error::{AppError, AppResult},
    state::AppState,
};
use axum::{
    body::Bytes,
    extract::FromRequestParts,
    http::{StatusCode, header, request::Parts},
    response::{Html, IntoResponse, Response},
};
use tera::Context;

pub const LANG_COOKIE: &str = "lang";

pub struct Page {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub path: String,
    state: AppState,
}

/// The visitor's chosen language, from the `lang` cookie (Dutch when none).
pub fn lang_of(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == LANG_COOKIE)
        .and_then(|c| Lang::parse(c.value()))
        .unwrap_or_default()
}

impl FromRequestParts<AppState> for Page {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
        Ok(Page {
            lang: lang_of(&parts.headers),
            user,
            path: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".to_owned()),
            state: state.clone(),
        })
    }
}

impl Page {
    pub fn context(&self) -> Context {
        base_context(&self.state, self.lang, self.user.as_ref(), &self.path)
    }

    /// Renders a page that every visitor who is not signed in sees alike (the home page, the
    /// catalogue, a product): its HTML is kept for them until one of `kinds` changes, the minute
    /// turns or two seconds pass. Signed-in staff, and addresses with a query, get it rendered.
    pub async fn render_public(
        &self,
        template: &str,
        kinds: &[Change],
        context: impl AsyncFnOnce() -> AppResult<Context>,
    ) -> AppResult<Response> {
        if self.user.is_some() || self.path.contains('?') {
            let context = context().await?;
            return self.render(template, context);
        }
        let state = &self.state;
        let minute = state.clock.now().timestamp().div_euclid(60);
        let key = (self.path.clone(), self.lang, minute);
        let html = state
            .caches
            .pages
            .get_or_load(key, state.changes.stamp(kinds), async || {
                let mut full = context().await?;
                full.extend(self.context());
                Ok::<_, AppError>(Bytes::from(state.templates.render(template, &full)?))
            })
            .await?;
        Ok(Html(Bytes::clone(&html)).into_response())
    }

    pub fn render(&self, template: &str, context: Context) -> AppResult<Response> {
        self.render_with_status(StatusCode::OK, template, context)
    }

    /// Forms that failed validation answer 422 with the form filled in again.
    pub fn render_invalid(&self, template: &str, context: Context) -> AppResult<Response> {
        self.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, template, context)
    }

    pub fn render_with_status(
        &self,
        status: StatusCode,
        template: &str,
        context: Context,
    ) -> AppResult<Response> {
        // The page's own values never replace the shared ones (lang, path, user, ...).
        let mut full = context;
        full.extend(self.context());
        let html = self.state.templates.render(template, &full)?;
        Ok((status, Html(html)).into_response())
    }
}

pub fn base_context(
    state: &AppState,
    lang: Lang,
    user: Option<&CurrentUser>,
    path: &str,
) -> Context {
    let mut context = Context::new();
    context.insert("lang", lang.code());
    context.insert("other_lang", lang.other().code());
    context.insert("path", path);
    context.insert("user", &user);
    context.insert("municipality", &state.municipality().map(|m| m.name));
    context
}

/// A local path to return to after a detour (sign-in, language switch); never another site.
pub fn safe_return_path(raw: Option<&str>) -> String {
    match raw {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_owned(),
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_stay_on_this_site() {
        assert_eq!(safe_return_path(Some("/beheer?x=1")), "/beheer?x=1");
        assert_eq!(safe_return_path(Some("//evil.example/")), "/");
        assert_eq!(safe_return_path(Some("https://evil.example/")), "/");
        assert_eq!(safe_return_path(Some("/\\evil.example")), "/");
        assert_eq!(safe_return_path(None), "/");
    }
}
