//! `/beheer/gebruikers`: staff users, their roles, and their API tokens (shown once, revocable).

use crate::{
    audit,
    auth::{
        SECOND_FACTOR_PATH, password, tokens,
        users::{self, UserError},
    },
    db,
    domain::{email::EmailAddress, role::Role},
    entities::{api_token, staff_user},
    error::{AppError, AppResult},
    state::AppState,
    web::{
        forms::{FieldErrors, FormFields, Saved},
        i18n::Lang,
        page::Page,
    },
};
use axum::{
    extract::{Path, Query, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Redirect, Response},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use tera::Context;

fn roles() -> Vec<&'static str> {
    Role::ALL.iter().map(|r| r.as_str()).collect()
}

/// A user as the pages show one: never the password hash.
#[derive(Debug, Serialize)]
struct UserRow {
    id: i32,
    email: String,
    display_name: String,
    role: String,
    active: bool,
    created_at: DateTime<Utc>,
    /// Whether the user signs in with a second factor (TOTP).
    second_factor: bool,
}

impl From<staff_user::Model> for UserRow {
    fn from(u: staff_user::Model) -> Self {
        Self {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            active: u.active,
            created_at: u.created_at,
            second_factor: u.totp_secret.is_some(),
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let users: Vec<UserRow> = staff_user::Entity::find()
        .order_by_asc(staff_user::Column::Email)
        .all(&state.db)
        .await?
        .into_iter()
        .map(UserRow::from)
        .collect();
    let mut context = Context::new();
    context.insert("users", &users);
    context.insert("saved", &saved.shown());
    page.render("admin/users.html", context)
}

// ---------------------------------------------------------------------------------------------
// A new user

/// The form as typed; the password is never sent back.
#[derive(Debug, Default, Clone, Serialize)]
pub struct NewUserForm {
    email: String,
    display_name: String,
    role: String,
    #[serde(skip)]
    password: String,
}

impl NewUserForm {
    fn from_fields(fields: &FormFields) -> Self {
        Self {
            email: fields.get("email").to_owned(),
            display_name: fields.get("display_name").to_owned(),
            role: fields.get("role").to_owned(),
            password: fields.get("password").to_owned(),
        }
    }

    fn validate(&self, lang: Lang) -> Result<(EmailAddress, Role), FieldErrors> {
        let mut errors = FieldErrors::default();
        let email = EmailAddress::parse(&self.email).ok();
        if email.is_none() {
            errors.add(lang, "email", "admin-user-error-email");
        }
        if self.display_name.trim().chars().count() > 200 {
            errors.add(lang, "display_name", "admin-error-too-long");
        }
        let role = self.role.parse::<Role>().ok();
        if role.is_none() {
            errors.add(lang, "role", "admin-error-choose");
        }
        if self.password.chars().count() < password::MIN_LENGTH {
            errors.add(lang, "password", "admin-user-error-password");
        }
        match (email, role) {
            (Some(email), Some(role)) if errors.is_empty() => Ok((email, role)),
            _ => Err(errors),
        }
    }
}

fn new_context(form: &NewUserForm, errors: &FieldErrors) -> Context {
    let mut context = Context::new();
    context.insert("form", form);
    context.insert("errors", errors);
    context.insert("roles", &roles());
    context
}

pub async fn new_form(page: Page) -> AppResult<Response> {
    let form = NewUserForm {
        role: Role::Frontoffice.as_str().to_owned(),
        ..Default::default()
    };
    page.render(
        "admin/user_new.html",
        new_context(&form, &FieldErrors::default()),
    )
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    fields: FormFields,
) -> AppResult<Response> {
    let form = NewUserForm::from_fields(&fields);
    let (email, role) = match form.validate(page.lang) {
        Ok(valid) => valid,
        Err(errors) => {
            return page.render_invalid("admin/user_new.html", new_context(&form, &errors));
        }
    };
    let tx = db::begin_write(&state.db).await?;
    let created = users::create(
        &tx,
        &email,
        &form.display_name,
        role,
        &form.password,
        state.clock.now(),
    )
    .await;
    let field_error = |field: &str, key: &str| {
        let mut errors = FieldErrors::default();
        errors.add(page.lang, field, key);
        page.render_invalid("admin/user_new.html", new_context(&form, &errors))
    };
    let user = match created {
        Ok(user) => user,
        Err(UserError::Exists) => return field_error("email", "admin-user-error-exists"),
        Err(UserError::WeakPassword) => {
            return field_error("password", "admin-user-error-password");
        }
        Err(UserError::Hash(e)) => return Err(AppError::Internal(e)),
        Err(UserError::Database(e)) => return Err(e.into()),
    };
    if let Some(me) = &page.user {
        audit::record(
            &tx,
            audit::Actor::user(me),
            "user_created",
            &format!("staff_user {}", user.id),
            &format!("role {role}"),
            state.clock.now(),
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(user = user.id, role = %role, "staff user created");
    Ok(Redirect::to("/beheer/gebruikers?opgeslagen=1").into_response())
}

// ---------------------------------------------------------------------------------------------
// One user: name, role, active, and API tokens

#[derive(Debug, Default, Clone, Serialize)]
pub struct EditUserForm {
    display_name: String,
    role: String,
    active: bool,
}

impl EditUserForm {
    fn from_fields(fields: &FormFields) -> Self {
        Self {
            display_name: fields.get("display_name").to_owned(),
            role: fields.get("role").to_owned(),
            active: fields.checked("active"),
        }
    }

    fn from_model(u: &staff_user::Model) -> Self {
        Self {
            display_name: u.display_name.clone(),
            role: u.role.clone(),
            active: u.active,
        }
    }

    /// `myself`: the admin is editing their own account.
    fn validate(&self, lang: Lang, myself: bool) -> Result<Role, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = self.display_name.trim();
        if name.is_empty() {
            errors.add(lang, "display_name", "admin-error-name");
        } else if name.chars().count() > 200 {
            errors.add(lang, "display_name", "admin-error-too-long");
        }
        let role = self.role.parse::<Role>().ok();
        match role {
            None => errors.add(lang, "role", "admin-error-choose"),
            Some(role) if myself && role != Role::Admin => {
                errors.add(lang, "role", "admin-user-error-self-demote")
            }
            Some(_) => {}
        }
        if myself && !self.active {
            errors.add(lang, "active", "admin-user-error-self-deactivate");
        }
        match role {
            Some(role) if errors.is_empty() => Ok(role),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Default, Clone, Serialize)]
struct TokenForm {
    label: String,
}

#[derive(Debug, Serialize)]
struct TokenRow {
    id: i32,
    label: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

struct EditPage<'a> {
    form: &'a EditUserForm,
    errors: &'a FieldErrors,
    token_form: &'a TokenForm,
    token_errors: &'a FieldErrors,
    saved: bool,
}

async fn edit_context(
    state: &AppState,
    user: &staff_user::Model,
    parts: EditPage<'_>,
) -> AppResult<Context> {
    let tokens: Vec<TokenRow> = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user.id))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            label: t.label,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        })
        .collect();
    let mut context = Context::new();
    context.insert("account", &UserRow::from(user.clone()));
    context.insert("form", parts.form);
    context.insert("errors", parts.errors);
    context.insert("token_form", parts.token_form);
    context.insert("token_errors", parts.token_errors);
    context.insert("tokens", &tokens);
    context.insert("roles", &roles());
    context.insert("saved", &parts.saved);
    Ok(context)
}

async fn find_user(state: &AppState, id: i32) -> AppResult<staff_user::Model> {
    staff_user::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let user = find_user(&state, id).await?;
    let form = EditUserForm::from_model(&user);
    let none = FieldErrors::default();
    let context = edit_context(
        &state,
        &user,
        EditPage {
            form: &form,
            errors: &none,
            token_form: &TokenForm::default(),
            token_errors: &none,
            saved: saved.shown(),
        },
    )
    .await?;
    page.render("admin/user_form.html", context)
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let user = find_user(&state, id).await?;
    let form = EditUserForm::from_fields(&fields);
    let myself = page.user.as_ref().is_some_and(|me| me.id == user.id);
    let role = match form.validate(page.lang, myself) {
        Ok(role) => role,
        Err(errors) => {
            let none = FieldErrors::default();
            let context = edit_context(
                &state,
                &user,
                EditPage {
                    form: &form,
                    errors: &errors,
                    token_form: &TokenForm::default(),
                    token_errors: &none,
                    saved: false,
                },
            )
            .await?;
            return page.render_invalid("admin/user_form.html", context);
        }
    };
    let tx = db::begin_write(&state.db).await?;
    let mut row: staff_user::ActiveModel = user.into();
    row.display_name = Set(form.display_name.trim().to_owned());
    row.role = Set(role.as_str().to_owned());
    row.active = Set(form.active);
    row.update(&tx).await?;
    if let Some(me) = &page.user {
        audit::record(
            &tx,
            audit::Actor::user(me),
            "user_updated",
            &format!("staff_user {id}"),
            &format!("role {role}, active {}", form.active),
            state.clock.now(),
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(user = id, role = %role, active = form.active, "staff user updated");
    Ok(Redirect::to("/beheer/gebruikers?opgeslagen=1").into_response())
}

/// A new API token: the answer page is the only place it is ever shown.
pub async fn issue_token(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let user = find_user(&state, id).await?;
    let token_form = TokenForm {
        label: fields.get("label").trim().to_owned(),
    };
    let mut token_errors = FieldErrors::default();
    if token_form.label.is_empty() {
        token_errors.add(page.lang, "label", "admin-token-error-label");
    } else if token_form.label.chars().count() > 100 {
        token_errors.add(page.lang, "label", "admin-error-too-long");
    }
    if !token_errors.is_empty() {
        let form = EditUserForm::from_model(&user);
        let context = edit_context(
            &state,
            &user,
            EditPage {
                form: &form,
                errors: &FieldErrors::default(),
                token_form: &token_form,
                token_errors: &token_errors,
                saved: false,
            },
        )
        .await?;
        return page.render_invalid("admin/user_form.html", context);
    }
    let tx = db::begin_write(&state.db).await?;
    let token = tokens::issue(&tx, &user, &token_form.label, state.clock.now()).await?;
    tx.commit().await?;
    tracing::info!(user = id, label = %token_form.label, "API token issued");
    let mut context = Context::new();
    context.insert("account", &UserRow::from(user));
    context.insert("label", &token_form.label);
    context.insert("token", &token);
    let mut response = page.render("admin/token_issued.html", context)?;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// An administrator turns off a colleague's second factor, e.g. after a lost phone, so they can
/// sign in with their password and set it up again. One's own goes through `/mijn-account`,
/// which asks for a current code, so an open session alone is never enough to remove it.
pub async fn reset_second_factor(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let me = page.user.as_ref().ok_or(AppError::Unauthorized)?;
    if me.id == id {
        return Ok(Redirect::to(SECOND_FACTOR_PATH).into_response());
    }
    let user = find_user(&state, id).await?;
    if user.totp_secret.is_some() {
        let tx = db::begin_write(&state.db).await?;
        let mut row: staff_user::ActiveModel = user.into();
        row.totp_secret = Set(None);
        row.update(&tx).await?;
        audit::record(
            &tx,
            audit::Actor::user(me),
            "second_factor_reset",
            &format!("staff_user {id}"),
            "",
            state.clock.now(),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(user = id, "second factor turned off by an administrator");
    }
    Ok(Redirect::to(&format!("/beheer/gebruikers/{id}?opgeslagen=1")).into_response())
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Path((id, token_id)): Path<(i32, i32)>,
) -> AppResult<Response> {
    let token = api_token::Entity::find_by_id(token_id)
        .filter(api_token::Column::UserId.eq(id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if token.revoked_at.is_none() {
        let tx = db::begin_write(&state.db).await?;
        tokens::revoke(&tx, token.id, state.clock.now()).await?;
        tx.commit().await?;
        tracing::info!(user = id, token = token.id, "API token revoked");
    }
    Ok(Redirect::to(&format!("/beheer/gebruikers/{id}?opgeslagen=1")).into_response())
}
