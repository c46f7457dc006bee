//! `/balie/meldingen`: the inbox. Filters are a plain GET form (kind, category, department,
//! status, due within some working days, overdue, assigned to me), sorted by due date, with the
//! number of cases behind each filter.

use super::INBOX;
use crate::{
    auth::current_user::Staff,
    catalogue::service::calendar,
    domain::{calendar::WorkingCalendar, cases::Status},
    entities::{case_category, department, service_case, staff_user},
    error::AppResult,
    state::AppState,
    web::{i18n::Lang, page::Page, url_encode},
};
use axum::{
    extract::{Query, State},
    response::Response,
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tera::Context;

pub const PAGE_SIZE: usize = 25;
/// The "due within" choices, in working days.
const DUE_WITHIN: [i64; 3] = [2, 5, 10];

/// The filters, with the Dutch names of the query string.
#[derive(Debug, Default, Deserialize, Serialize, Clone)]
pub struct Filters {
    #[serde(default)]
    soort: String,
    #[serde(default)]
    categorie: String,
    #[serde(default)]
    dienst: String,
    /// "" = every open case, "alle" = every case, or one status.
    #[serde(default)]
    status: String,
    /// Due within this many working days.
    #[serde(default)]
    termijn: String,
    #[serde(default)]
    te_laat: String,
    #[serde(default)]
    mij: String,
    #[serde(default)]
    pagina: String,
}

/// The few columns the filters and counts need, for every case.
type Light = (
    i32,
    String,
    String,
    i32,
    i32,
    NaiveDate,
    Option<i32>,
    Option<NaiveDate>,
);

struct Row {
    id: i32,
    kind: String,
    status: Status,
    category_id: i32,
    department_id: i32,
    due_on: NaiveDate,
    assigned_to: Option<i32>,
    paused: bool,
}

impl Row {
    fn overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && !self.paused && self.due_on < today
    }

    fn due_within(&self, calendar: &WorkingCalendar, today: NaiveDate, days: i64) -> bool {
        self.status.is_open()
            && !self.paused
            && self.due_on >= today
            && calendar.working_days_between(today, self.due_on) <= days
    }
}

/// Which filter to leave out, to count what choosing another value of it would give.
#[derive(PartialEq, Clone, Copy)]
enum Except {
    Nothing,
    Kind,
    Status,
}

impl Filters {
    fn matches(
        &self,
        row: &Row,
        except: Except,
        me: i32,
        calendar: &WorkingCalendar,
        today: NaiveDate,
    ) -> bool {
        if except != Except::Kind && !self.soort.is_empty() && row.kind != self.soort {
            return false;
        }
        if let Ok(c) = self.categorie.parse::<i32>()
            && row.category_id != c
        {
            return false;
        }
        if let Ok(d) = self.dienst.parse::<i32>()
            && row.department_id != d
        {
            return false;
        }
        if except != Except::Status {
            match self.status.as_str() {
                "" => {
                    if !row.status.is_open() {
                        return false;
                    }
                }
                "alle" => {}
                s => {
                    if row.status.as_str() != s {
                        return false;
                    }
                }
            }
        }
        if let Ok(days) = self.termijn.parse::<i64>()
            && !row.due_within(calendar, today, days)
        {
            return false;
        }
        if !self.te_laat.is_empty() && !row.overdue(today) {
            return false;
        }
        if !self.mij.is_empty() && row.assigned_to != Some(me) {
            return false;
        }
        true
    }

    /// This query string with `pagina` set, for the page links.
    fn with_page(&self, page: usize) -> String {
        let pairs = [
            ("soort", &self.soort),
            ("categorie", &self.categorie),
            ("dienst", &self.dienst),
            ("status", &self.status),
            ("termijn", &self.termijn),
            ("te_laat", &self.te_laat),
            ("mij", &self.mij),
        ];
        let mut query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", url_encode(v)))
            .collect();
        query.push(format!("pagina={page}"));
        format!("{INBOX}?{}", query.join("&"))
    }
}

#[derive(Serialize)]
struct Listed {
    id: i32,
    reference: String,
    kind: String,
    category: String,
    department: String,
    status: String,
    status_label: String,
    received_at: chrono::DateTime<chrono::Utc>,
    due_on: NaiveDate,
    overdue: bool,
    paused: bool,
    assignee: String,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    count: usize,
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Staff(user): Staff,
    Query(filters): Query<Filters>,
) -> AppResult<Response> {
    let db = &state.db;
    let lang = page.lang;
    let today = state.clock.today();
    let calendar = calendar(db).await?;
    let rows: Vec<Row> = service_case::Entity::find()
        .select_only()
        .columns([
            service_case::Column::Id,
            service_case::Column::Kind,
            service_case::Column::Status,
            service_case::Column::CategoryId,
            service_case::Column::DepartmentId,
            service_case::Column::DueOn,
            service_case::Column::AssignedTo,
            service_case::Column::PausedOn,
        ])
        .order_by_asc(service_case::Column::DueOn)
        .order_by_asc(service_case::Column::Id)
        .into_tuple::<Light>()
        .all(db)
        .await?
        .into_iter()
        .map(
            |(id, kind, status, category_id, department_id, due_on, assigned_to, paused_on)| Row {
                id,
                kind,
                status: status.parse().unwrap_or(Status::Received),
                category_id,
                department_id,
                due_on,
                assigned_to,
                paused: paused_on.is_some(),
            },
        )
        .collect();
    let me = user.id;
    let count = |f: &Filters, except: Except, extra: &dyn Fn(&Row) -> bool| {
        rows.iter()
            .filter(|r| f.matches(r, except, me, &calendar, today) && extra(r))
            .count()
    };

    let matching: Vec<&Row> = rows
        .iter()
        .filter(|r| filters.matches(r, Except::Nothing, me, &calendar, today))
        .collect();
    let pages = matching.len().div_ceil(PAGE_SIZE).max(1);
    let current = filters.pagina.parse::<usize>().unwrap_or(1).clamp(1, pages);
    let ids: Vec<i32> = matching
        .iter()
        .skip((current - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|r| r.id)
        .collect();

    let categories = case_category::Entity::find()
        .order_by_asc(case_category::Column::Kind)
        .order_by_asc(case_category::Column::Name)
        .all(db)
        .await?;
    let departments = department::Entity::find()
        .order_by_asc(department::Column::Name)
        .all(db)
        .await?;
    let staff: HashMap<i32, String> = staff_user::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut shown: Vec<Listed> = Vec::new();
    for case in service_case::Entity::find()
        .filter(service_case::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(service_case::Column::DueOn)
        .order_by_asc(service_case::Column::Id)
        .all(db)
        .await?
    {
        let status: Status = case.status.parse().unwrap_or(Status::Received);
        shown.push(Listed {
            id: case.id,
            reference: case.reference,
            kind: lang.text(&format!("case-kind-{}", case.kind)),
            category: categories
                .iter()
                .find(|c| c.id == case.category_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            department: departments
                .iter()
                .find(|d| d.id == case.department_id)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            status: case.status.clone(),
            status_label: lang.text(&format!("case-status-{}", case.status)),
            received_at: case.received_at,
            due_on: case.due_on,
            overdue: status.is_open() && case.paused_on.is_none() && case.due_on < today,
            paused: case.paused_on.is_some(),
            assignee: case
                .assigned_to
                .and_then(|id| staff.get(&id).cloned())
                .unwrap_or_default(),
        });
    }

    let kinds: Vec<Choice> = ["report", "complaint"]
        .into_iter()
        .map(|k| Choice {
            value: k.to_owned(),
            label: lang.text(&format!("case-kind-{k}")),
            count: count(&filters, Except::Kind, &|r| r.kind == k),
        })
        .collect();
    let statuses: Vec<Choice> = Status::ALL
        .into_iter()
        .filter(|s| {
            filters.soort.is_empty()
                || Status::of(
                    filters
                        .soort
                        .parse()
                        .unwrap_or(crate::domain::cases::CaseKind::Report),
                )
                .contains(s)
        })
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: lang.text(&format!("case-status-{}", s.as_str())),
            count: count(&filters, Except::Status, &|r| r.status == s),
        })
        .collect();
    let open_base = Filters {
        status: String::new(),
        termijn: String::new(),
        te_laat: String::new(),
        mij: String::new(),
        ..filters.clone()
    };
    let summary = serde_json::json!({
        "open": count(&open_base, Except::Nothing, &|_| true),
        "overdue": count(&open_base, Except::Nothing, &|r| r.overdue(today)),
        "due_soon": count(&open_base, Except::Nothing, &|r| r.due_within(&calendar, today, 2)),
        "mine": count(&open_base, Except::Nothing, &|r| r.assigned_to == Some(me)),
    });

    let mut context = Context::new();
    context.insert("filters", &filters);
    context.insert("cases", &shown);
    context.insert("total", &matching.len());
    context.insert("kinds", &kinds);
    context.insert("statuses", &statuses);
    context.insert("categories", &category_choices(lang, &categories));
    context.insert(
        "departments",
        &departments
            .iter()
            .map(|d| serde_json::json!({"id": d.id.to_string(), "name": d.name}))
            .collect::<Vec<_>>(),
    );
    context.insert("due_within", &DUE_WITHIN.map(|d| d.to_string()).to_vec());
    context.insert("summary", &summary);
    context.insert("page", &current);
    context.insert("pages", &pages);
    context.insert(
        "previous_url",
        &(current > 1).then(|| filters.with_page(current - 1)),
    );
    context.insert(
        "next_url",
        &(current < pages).then(|| filters.with_page(current + 1)),
    );
    page.render("cases_staff/inbox.html", context)
}

fn category_choices(lang: Lang, categories: &[case_category::Model]) -> Vec<serde_json::Value> {
    categories
        .iter()
        .map(|c| {
            serde_json::json!({
                "id": c.id.to_string(),
                "name": format!("{} ({})", c.name, lang.text(&format!("case-kind-{}", c.kind))),
            })
        })
        .collect()
}
