//! Layers around the whole router: error pages and problem documents, security headers.

use super::page::{base_context, lang_of};
use crate::{
    error::{AppError, Problem},
    state::AppState,
};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
};

/// Programs get `application/problem+json`; people get a page in their language, and a
/// sign-in form when they need one.
pub async fn render_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| path.clone());
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let lang = lang_of(request.headers());
    let mut response = next.run(request).await;

    let problem = match response.extensions_mut().remove::<Problem>() {
        Some(problem) => problem,
        // Plain-text rejections (a malformed form or query) become problems too.
        None if response.status().is_client_error() && !has_body_type(&response) => Problem {
            kind: "about:blank",
            title: "Ongeldige vraag",
            status: response.status().as_u16(),
            detail: None,
            invalid_params: Vec::new(),
        },
        None => return response,
    };
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let wants_json = path.starts_with("/api/")
        || path.starts_with("/open311/")
        || (accept.contains("json") && !accept.contains("text/html"));

    if wants_json {
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut json = (status, body).into_response();
        json.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            json.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return json;
    }
    if status == StatusCode::UNAUTHORIZED {
        let target = format!("/aanmelden?terug={}", super::url_encode(&path_and_query));
        return Redirect::to(&target).into_response();
    }
    let mut context = base_context(&state, lang, None, &path_and_query);
    context.insert("status", &problem.status);
    match state.templates.render("error.html", &context) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (status, Body::from(problem.title)).into_response()
        }
    }
}

fn has_body_type(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        // Open311 answers its errors in its own JSON or XML.
        .is_some_and(|t| t.starts_with("text/html") || t.contains("json") || t.contains("xml"))
}

/// Form and JSON bodies are read whole here; axum's own extractors allow the same size.
const TEXT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// PostgreSQL cannot store the NUL character in text, and no keyboard types it: a request that
/// carries one in its path, query, form fields or JSON strings is refused here, once, with a
/// clear message, rather than failing deep in a handler with a database error (a 500).
///
/// Open311 is left alone: it answers in its own JSON or XML and drops control characters itself.
pub async fn refuse_nul(request: Request, next: Next) -> Result<Response, AppError> {
    if request.uri().path().starts_with("/open311/") {
        return Ok(next.run(request).await);
    }
    let refused = || {
        AppError::BadRequest("Er staat een ongeldig teken (een nulteken) in wat je stuurde. Haal het weg en probeer opnieuw.".into())
    };
    if request
        .uri()
        .path_and_query()
        .is_some_and(|p| p.as_str().contains("%00"))
    {
        return Err(refused());
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let form = content_type.starts_with("application/x-www-form-urlencoded");
    let json = content_type.starts_with("application/json") || content_type.contains("+json");
    if !form && !json {
        return Ok(next.run(request).await);
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, TEXT_BODY_LIMIT)
        .await
        .map_err(|_| AppError::BadRequest("Wat je stuurde is te groot.".into()))?;
    let has_nul = if form {
        form_urlencoded::parse(&bytes).any(|(k, v)| k.contains('\0') || v.contains('\0'))
    } else {
        // Not JSON at all: the handler answers that itself.
        serde_json::from_slice::<serde_json::Value>(&bytes).is_ok_and(|v| json_has_nul(&v))
    };
    if has_nul {
        return Err(refused());
    }
    Ok(next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await)
}

fn json_has_nul(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(json_has_nul),
        serde_json::Value::Object(fields) => fields
            .iter()
            .any(|(k, v)| k.contains('\0') || json_has_nul(v)),
        _ => false,
    }
}

/// No inline script or style anywhere, so the policy can be strict.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // Over https, browsers are told to never use plain http for this site again (a year).
    if state.config.secure_cookies() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}
