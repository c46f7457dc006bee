//! `/rapporten`: the reports as pages (tables with captions, server-drawn charts, a period
//! picker that is a plain GET form) and as CSV downloads of the same tables.

use super::{
    api::parse_year,
    chart::{self, Bar},
    service,
};
use crate::{
    domain::reports::{
        ANSWER_WAIT_TARGET_SECONDS, AppointmentTally, LEAD_TIME_TARGET_DAYS, MISSED_SHARE_TARGET,
        Part, Period, TargetStatus, csv_cell,
    },
    error::{AppError, AppResult, InvalidParam},
    state::AppState,
    web::{i18n::Lang, page::Page},
};
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use tera::Context;

/// The five reports, by their Dutch path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    WaitTimes,
    Appointments,
    Phone,
    Cases,
    Policy,
}

impl Report {
    pub const ALL: [Report; 5] = [
        Report::WaitTimes,
        Report::Appointments,
        Report::Phone,
        Report::Cases,
        Report::Policy,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Report::WaitTimes => "wachttijden",
            Report::Appointments => "afspraken",
            Report::Phone => "telefoon",
            Report::Cases => "klachten-en-meldingen",
            Report::Policy => "beleid",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Report::WaitTimes => "reports-wait-times",
            Report::Appointments => "reports-appointments",
            Report::Phone => "reports-phone",
            Report::Cases => "reports-cases",
            Report::Policy => "reports-policy",
        }
    }

    /// The council and policy reports cover a whole year.
    fn yearly(self) -> bool {
        matches!(self, Report::Cases | Report::Policy)
    }

    fn from_slug(slug: &str) -> Option<Report> {
        Report::ALL.into_iter().find(|r| r.slug() == slug)
    }
}

#[derive(Serialize)]
struct Table {
    caption: String,
    columns: Vec<String>,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    head: String,
    cells: Vec<String>,
}

#[derive(Serialize, Default)]
struct Section {
    heading: String,
    lines: Vec<String>,
    charts: Vec<String>,
    tables: Vec<Table>,
}

/// Numbers as the reader's language writes them.
struct Fmt(Lang);

impl Fmt {
    fn t(&self, key: &str) -> String {
        self.0.text(key)
    }

    fn decimal(&self, value: f64, decimals: usize) -> String {
        let text = format!("{value:.decimals$}");
        if self.0 == Lang::Nl {
            text.replace('.', ",")
        } else {
            text
        }
    }

    fn num(&self, value: Option<f64>, decimals: usize) -> String {
        value.map_or_else(|| "–".to_owned(), |v| self.decimal(v, decimals))
    }

    fn share(&self, value: Option<f64>) -> String {
        value.map_or_else(
            || "–".to_owned(),
            |v| format!("{} %", self.decimal(v * 100.0, 1)),
        )
    }

    fn seconds(&self, value: Option<f64>) -> String {
        let Some(v) = value else {
            return "–".to_owned();
        };
        let whole = v.round() as i64;
        if whole < 60 {
            format!("{whole} s")
        } else {
            format!("{} min {} s", whole / 60, whole % 60)
        }
    }

    fn count(&self, n: u64) -> String {
        n.to_string()
    }

    fn verdict(&self, met: Option<bool>) -> String {
        match met {
            Some(true) => self.t("reports-met"),
            Some(false) => self.t("reports-missed"),
            None => "–".to_owned(),
        }
    }

    fn status(&self, status: Option<TargetStatus>) -> String {
        match status {
            Some(TargetStatus::Met) => self.t("reports-met"),
            Some(TargetStatus::WithinTenPercent) => self.t("reports-within-ten-percent"),
            Some(TargetStatus::Missed) => self.t("reports-missed"),
            None => "–".to_owned(),
        }
    }

    fn month(&self, period: &Period) -> String {
        format!("{:02}/{}", period.from.month(), period.from.year())
    }
}

fn columns(f: &Fmt, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| f.t(k)).collect()
}

async fn wait_times(state: &AppState, period: &Period, f: &Fmt) -> AppResult<Vec<Section>> {
    let clusters = service::wait_times(&state.db, period).await?;
    let mut summary = Section {
        heading: f.t("reports-per-cluster"),
        ..Default::default()
    };
    summary.tables.push(Table {
        caption: format!("{} {}", f.t("reports-wait-times"), period.label()),
        columns: columns(
            f,
            &[
                "reports-cluster",
                "reports-visits",
                "reports-mean-wait",
                "reports-median-wait",
                "reports-p90-wait",
                "reports-max-wait",
                "reports-within-target",
                "reports-target",
                "reports-status",
                "reports-abandoned",
                "reports-no-show",
                "reports-mean-service",
            ],
        ),
        rows: clusters
            .iter()
            .map(|c| {
                let s = c.figures.stats.as_ref();
                Row {
                    head: c.cluster.name.clone(),
                    cells: vec![
                        f.count(c.figures.visits),
                        f.seconds(s.map(|s| s.mean)),
                        f.seconds(s.map(|s| s.median)),
                        f.seconds(s.map(|s| s.p90)),
                        f.seconds(s.map(|s| s.max)),
                        f.share(s.map(|s| s.within_target)),
                        f.seconds(Some(c.figures.target_seconds as f64)),
                        f.verdict(c.figures.meets_target),
                        f.count(c.figures.abandoned),
                        f.count(c.figures.no_show),
                        f.seconds(c.figures.mean_service_seconds),
                    ],
                }
            })
            .collect(),
    });
    let mut sections = vec![summary];
    for c in clusters.iter().filter(|c| c.figures.stats.is_some()) {
        let target = c.figures.target_seconds as f64;
        let months = period.months();
        let means: Vec<(String, Option<f64>, u64)> = months
            .iter()
            .map(|m| {
                let found = c
                    .figures
                    .months
                    .iter()
                    .find(|x| x.year == m.from.year() && x.month == m.from.month());
                (
                    f.month(m),
                    found.and_then(|x| x.mean_wait_seconds),
                    found.map_or(0, |x| x.visits),
                )
            })
            .collect();
        let title = format!("{}: {}", f.t("reports-monthly-mean-wait"), c.cluster.name);
        sections.push(Section {
            heading: c.cluster.name.clone(),
            charts: vec![chart::bars(
                &title,
                &means
                    .iter()
                    .map(|(label, value, _)| Bar {
                        label: label.clone(),
                        value: *value,
                        shown: f.seconds(*value),
                    })
                    .collect::<Vec<_>>(),
                Some(target),
                &format!("{} {}", f.t("reports-target"), f.seconds(Some(target))),
            )],
            tables: vec![Table {
                caption: title,
                columns: columns(f, &["reports-month", "reports-called", "reports-mean-wait"]),
                rows: means
                    .into_iter()
                    .map(|(label, value, visits)| Row {
                        head: label,
                        cells: vec![f.count(visits), f.seconds(value)],
                    })
                    .collect(),
            }],
            ..Default::default()
        });
    }
    Ok(sections)
}

fn appointment_cells(f: &Fmt, t: &AppointmentTally) -> Vec<String> {
    let a = t.figures();
    vec![
        f.count(a.bookings),
        f.count(a.cancelled),
        f.count(a.no_show),
        f.share(a.no_show_rate),
        f.num(a.mean_booked_lead_days, 1),
        f.num(a.mean_first_free_lead_days, 1),
        a.max_first_free_lead_days
            .map_or_else(|| "–".to_owned(), |m| m.to_string()),
        f.share(a.first_free_within_target_share),
    ]
}

async fn appointments(state: &AppState, period: &Period, f: &Fmt) -> AppResult<Vec<Section>> {
    let clusters = service::appointments(&state.db, period).await?;
    let cols = columns(
        f,
        &[
            "reports-product",
            "reports-bookings",
            "reports-cancelled",
            "reports-no-show",
            "reports-no-show-rate",
            "reports-mean-booked-lead",
            "reports-mean-first-free",
            "reports-max-first-free",
            "reports-first-free-within-5",
        ],
    );
    let target = f64::from(LEAD_TIME_TARGET_DAYS);
    let chart = chart::bars(
        &f.t("reports-first-free-chart"),
        &clusters
            .iter()
            .map(|c| {
                let value = c.tally.figures().mean_first_free_lead_days;
                Bar {
                    label: c.cluster.name.clone(),
                    value,
                    shown: f.num(value, 1),
                }
            })
            .collect::<Vec<_>>(),
        Some(target),
        &format!("{} {}", f.t("reports-target"), f.num(Some(target), 0)),
    );
    let mut cluster_columns = cols.clone();
    cluster_columns[0] = f.t("reports-cluster");
    let mut sections = vec![Section {
        heading: f.t("reports-per-cluster"),
        lines: vec![f.t("reports-appointments-explained")],
        charts: if clusters.is_empty() {
            vec![]
        } else {
            vec![chart]
        },
        tables: vec![Table {
            caption: format!("{} {}", f.t("reports-appointments"), period.label()),
            columns: cluster_columns,
            rows: clusters
                .iter()
                .map(|c| Row {
                    head: c.cluster.name.clone(),
                    cells: appointment_cells(f, &c.tally),
                })
                .collect(),
        }],
    }];
    for c in &clusters {
        sections.push(Section {
            heading: c.cluster.name.clone(),
            tables: vec![Table {
                caption: format!("{}: {}", f.t("reports-per-product"), c.cluster.name),
                columns: cols.clone(),
                rows: c
                    .products
                    .iter()
                    .map(|p| Row {
                        head: p.product.clone(),
                        cells: appointment_cells(f, &p.tally),
                    })
                    .collect(),
            }],
            ..Default::default()
        });
    }
    Ok(sections)
}

async fn phone(state: &AppState, period: &Period, f: &Fmt) -> AppResult<Vec<Section>> {
    let (total, months) = service::phone(&state.db, period).await?;
    let t = total.figures();
    let cols = columns(
        f,
        &[
            "reports-period",
            "reports-offered",
            "reports-answered",
            "reports-missed-calls",
            "reports-missed-share",
            "reports-mean-answer-wait",
            "reports-within-20",
            "reports-within-60",
            "reports-within-120",
            "reports-later",
        ],
    );
    let row = |head: String, tally: &crate::domain::reports::PhoneTally| {
        let x = tally.figures();
        Row {
            head,
            cells: vec![
                f.count(x.offered),
                f.count(x.answered),
                f.count(x.missed),
                f.share(x.missed_share),
                f.seconds(x.mean_answer_wait_seconds),
                f.count(x.bands[0]),
                f.count(x.bands[1]),
                f.count(x.bands[2]),
                f.count(x.bands[3]),
            ],
        }
    };
    let mut rows = vec![row(period.label(), &total)];
    rows.extend(months.iter().map(|m| row(f.month(&m.month), &m.tally)));
    let share_bars: Vec<Bar> = months
        .iter()
        .map(|m| {
            let v = m.tally.figures().missed_share.map(|s| s * 100.0);
            Bar {
                label: f.month(&m.month),
                value: v,
                shown: v.map_or_else(String::new, |v| format!("{} %", f.decimal(v, 1))),
            }
        })
        .collect();
    let wait_bars: Vec<Bar> = months
        .iter()
        .map(|m| {
            let v = m.tally.figures().mean_answer_wait_seconds;
            Bar {
                label: f.month(&m.month),
                value: v,
                shown: f.seconds(v),
            }
        })
        .collect();
    Ok(vec![Section {
        heading: f.t("reports-phone"),
        lines: vec![
            format!(
                "{}: {}",
                f.t("reports-targets-phone"),
                f.verdict(t.meets_targets)
            ),
            f.t("reports-phone-explained"),
        ],
        charts: vec![
            chart::bars(
                &f.t("reports-missed-share-chart"),
                &share_bars,
                Some(MISSED_SHARE_TARGET * 100.0),
                &format!("{} 20 %", f.t("reports-target")),
            ),
            chart::bars(
                &f.t("reports-answer-wait-chart"),
                &wait_bars,
                Some(ANSWER_WAIT_TARGET_SECONDS),
                &format!("{} 45 s", f.t("reports-target")),
            ),
        ],
        tables: vec![Table {
            caption: format!("{} {}", f.t("reports-phone"), period.label()),
            columns: cols,
            rows,
        }],
    }])
}

fn count_table(
    f: &Fmt,
    caption: &str,
    head: &str,
    counts: &[crate::domain::reports::Count],
) -> Table {
    Table {
        caption: caption.to_owned(),
        columns: vec![f.t(head), f.t("reports-count")],
        rows: counts
            .iter()
            .map(|c| Row {
                head: c.name.clone(),
                cells: vec![f.count(c.count)],
            })
            .collect(),
    }
}

async fn cases(state: &AppState, year: i32, f: &Fmt) -> AppResult<Vec<Section>> {
    let report = service::cases(&state.db, year).await?;
    let c = &report.complaints;
    let summary = Table {
        caption: format!("{} {year}", f.t("reports-complaints")),
        columns: vec![f.t("reports-figure"), f.t("reports-value")],
        rows: [
            ("reports-received", f.count(c.received)),
            ("reports-admissible", f.count(c.admissible)),
            ("reports-inadmissible", f.count(c.inadmissible)),
            (
                "reports-acknowledged-in-time",
                f.share(c.acknowledged_in_time_share),
            ),
            (
                "reports-answered-in-time",
                f.share(c.answered_in_time_share),
            ),
            ("reports-extended", f.count(c.extended)),
            ("reports-mean-handling-days", f.num(c.mean_handling_days, 1)),
            (
                "reports-median-handling-days",
                f.num(c.median_handling_days, 0),
            ),
        ]
        .into_iter()
        .map(|(key, value)| Row {
            head: f.t(key),
            cells: vec![value],
        })
        .collect(),
    };
    let trend_bars: Vec<Bar> = report
        .trend
        .iter()
        .map(|y| Bar {
            label: y.year.to_string(),
            value: Some(y.complaints as f64),
            shown: y.complaints.to_string(),
        })
        .collect();
    let mut sections = vec![
        Section {
            heading: f.t("reports-complaints"),
            lines: vec![f.t("reports-cases-explained")],
            tables: vec![
                summary,
                count_table(
                    f,
                    &f.t("reports-by-channel"),
                    "reports-channel",
                    &c.by_channel,
                ),
                count_table(
                    f,
                    &f.t("reports-most-complained"),
                    "reports-category",
                    &c.by_category,
                ),
                count_table(
                    f,
                    &f.t("reports-by-department"),
                    "reports-department",
                    &c.by_department,
                ),
                count_table(
                    f,
                    &f.t("reports-by-policy-action"),
                    "reports-policy-action",
                    &c.by_policy_action,
                ),
                count_table(
                    f,
                    &f.t("reports-inadmissible-reasons"),
                    "reports-reason",
                    &c.inadmissible_reasons,
                ),
                count_table(f, &f.t("reports-outcomes"), "reports-outcome", &c.outcomes),
                count_table(
                    f,
                    &f.t("reports-norms"),
                    "reports-norm",
                    &c.ombudsman_norms_breached,
                ),
                Table {
                    caption: f.t("reports-improvement-actions"),
                    columns: columns(
                        f,
                        &[
                            "reports-reference",
                            "reports-category",
                            "reports-action",
                            "reports-case-status",
                        ],
                    ),
                    rows: c
                        .improvement_actions
                        .iter()
                        .map(|a| Row {
                            head: a.reference.clone(),
                            cells: vec![a.category.clone(), a.action.clone(), a.status.clone()],
                        })
                        .collect(),
                },
            ],
            ..Default::default()
        },
        Section {
            heading: f.t("reports-reports"),
            tables: vec![Table {
                caption: format!("{} {year}", f.t("reports-reports")),
                columns: columns(
                    f,
                    &[
                        "reports-category",
                        "reports-received",
                        "reports-resolved",
                        "reports-resolved-in-time",
                        "reports-satisfied",
                        "reports-reopened",
                    ],
                ),
                rows: report
                    .reports
                    .iter()
                    .map(|r| Row {
                        head: r.category.clone(),
                        cells: vec![
                            f.count(r.received),
                            f.count(r.resolved),
                            f.share(r.resolved_in_time_share),
                            f.share(r.satisfied_share),
                            f.share(r.reopened_share),
                        ],
                    })
                    .collect(),
            }],
            ..Default::default()
        },
    ];
    sections.push(Section {
        heading: f.t("reports-trend"),
        charts: vec![chart::bars(
            &f.t("reports-trend-chart"),
            &trend_bars,
            None,
            "",
        )],
        tables: vec![Table {
            caption: f.t("reports-trend"),
            columns: columns(
                f,
                &["reports-year", "reports-complaints", "reports-reports"],
            ),
            rows: report
                .trend
                .iter()
                .map(|y| Row {
                    head: y.year.to_string(),
                    cells: vec![f.count(y.complaints), f.count(y.reports)],
                })
                .collect(),
        }],
        ..Default::default()
    });
    Ok(sections)
}

fn unit_value(f: &Fmt, unit: &str, value: Option<f64>) -> String {
    match unit {
        "seconds" => f.seconds(value),
        "percent" => value.map_or_else(|| "–".to_owned(), |v| format!("{} %", f.decimal(v, 2))),
        "working_days" => value.map_or_else(
            || "–".to_owned(),
            |v| format!("{} {}", f.decimal(v, 1), f.t("reports-working-days")),
        ),
        _ => f.num(value, 2),
    }
}

async fn policy(state: &AppState, year: i32, f: &Fmt) -> AppResult<Vec<Section>> {
    let plans = service::policy(&state.db, year).await?;
    let mut sections = Vec::new();
    for plan in plans {
        for node in plan.nodes {
            let mut lines = Vec::new();
            for (key, names) in [
                ("reports-linked-products", &node.products),
                ("reports-linked-clusters", &node.clusters),
                ("reports-linked-categories", &node.categories),
            ] {
                if !names.is_empty() {
                    lines.push(format!("{}: {}", f.t(key), names.join(", ")));
                }
            }
            if lines.is_empty() && node.indicators.is_empty() {
                continue;
            }
            let mut tables = Vec::new();
            let mut charts = Vec::new();
            if !node.indicators.is_empty() {
                tables.push(Table {
                    caption: format!("{} {} ({year})", f.t("reports-indicators"), node.code),
                    columns: columns(
                        f,
                        &[
                            "reports-indicator",
                            "reports-value",
                            "reports-target",
                            "reports-status",
                            "reports-source",
                        ],
                    ),
                    rows: node
                        .indicators
                        .iter()
                        .map(|i| Row {
                            head: format!("{} {}", i.code, i.name),
                            cells: vec![
                                unit_value(f, &i.unit, i.value),
                                i.target.map_or_else(
                                    || "–".to_owned(),
                                    |t| {
                                        format!(
                                            "{} {}",
                                            if i.direction == "ge" { "≥" } else { "≤" },
                                            unit_value(f, &i.unit, Some(t))
                                        )
                                    },
                                ),
                                f.status(i.status),
                                match i.source {
                                    Some("computed") => f.t("reports-computed"),
                                    Some(_) => f.t("reports-measured"),
                                    None => f.t("reports-no-data"),
                                },
                            ],
                        })
                        .collect(),
                });
                for i in node.indicators.iter().filter(|i| i.history.len() > 1) {
                    let title = format!("{}: {}", f.t("reports-history"), i.name);
                    charts.push(chart::bars(
                        &title,
                        &i.history
                            .iter()
                            .map(|h| Bar {
                                label: h.year.to_string(),
                                value: Some(h.value),
                                shown: unit_value(f, &i.unit, Some(h.value)),
                            })
                            .collect::<Vec<_>>(),
                        i.target,
                        &format!(
                            "{} {}",
                            f.t("reports-target"),
                            unit_value(f, &i.unit, i.target)
                        ),
                    ));
                    tables.push(Table {
                        caption: title,
                        columns: columns(f, &["reports-year", "reports-value", "reports-source"]),
                        rows: i
                            .history
                            .iter()
                            .map(|h| Row {
                                head: h.year.to_string(),
                                cells: vec![
                                    unit_value(f, &i.unit, Some(h.value)),
                                    if h.source == "computed" {
                                        f.t("reports-computed")
                                    } else {
                                        f.t("reports-measured")
                                    },
                                ],
                            })
                            .collect(),
                    });
                }
            }
            sections.push(Section {
                heading: format!("{} {}", node.code, node.title),
                lines,
                charts,
                tables,
            });
        }
    }
    Ok(sections)
}

#[derive(Deserialize)]
pub struct PickerQuery {
    jaar: Option<String>,
    deel: Option<String>,
}

struct Picked {
    year: i32,
    part: Part,
}

fn pick(state: &AppState, report: Report, query: &PickerQuery) -> AppResult<Picked> {
    let year = match query.jaar.as_deref().filter(|y| !y.trim().is_empty()) {
        None => state.clock.today().year(),
        Some(raw) => parse_year(Some(raw)).map_err(|_| {
            AppError::Invalid(vec![InvalidParam {
                name: "jaar".into(),
                reason: Lang::Nl.text("reports-error-year"),
            }])
        })?,
    };
    let part = if report.yearly() {
        Part::Year
    } else {
        Part::parse(query.deel.as_deref().unwrap_or("")).ok_or_else(|| {
            AppError::Invalid(vec![InvalidParam {
                name: "deel".into(),
                reason: Lang::Nl.text("reports-error-part"),
            }])
        })?
    };
    Ok(Picked { year, part })
}

async fn sections(
    state: &AppState,
    report: Report,
    picked: &Picked,
    f: &Fmt,
) -> AppResult<Vec<Section>> {
    let period = Period::pick(picked.year, picked.part);
    match report {
        Report::WaitTimes => wait_times(state, &period, f).await,
        Report::Appointments => appointments(state, &period, f).await,
        Report::Phone => phone(state, &period, f).await,
        Report::Cases => cases(state, picked.year, f).await,
        Report::Policy => policy(state, picked.year, f).await,
    }
}

#[derive(Serialize)]
struct PartOption {
    value: String,
    label: String,
    selected: bool,
}

fn part_options(f: &Fmt, chosen: Part) -> Vec<PartOption> {
    let mut parts = vec![(Part::Year, f.t("reports-whole-year"))];
    parts.extend((1..=4).map(|q| (Part::Quarter(q), f.t(&format!("reports-quarter-{q}")))));
    parts.extend((1..=12).map(|m| (Part::Month(m), f.t(&format!("reports-month-{m}")))));
    parts
        .into_iter()
        .map(|(part, label)| PartOption {
            value: part.code(),
            label,
            selected: part == chosen,
        })
        .collect()
}

#[derive(Serialize)]
struct ReportLink {
    slug: &'static str,
    title: String,
    summary: String,
}

/// `/rapporten`: the list of reports.
pub async fn index(page: Page) -> AppResult<Response> {
    let f = Fmt(page.lang);
    let mut context = Context::new();
    context.insert(
        "reports",
        &Report::ALL
            .iter()
            .map(|r| ReportLink {
                slug: r.slug(),
                title: f.t(r.key()),
                summary: f.t(&format!("{}-summary", r.key())),
            })
            .collect::<Vec<_>>(),
    );
    page.render("reports/index.html", context)
}

/// `/rapporten/{report}`: one report for the chosen period.
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PickerQuery>,
    page: Page,
) -> AppResult<Response> {
    let report = Report::from_slug(&slug).ok_or(AppError::NotFound)?;
    let picked = pick(&state, report, &query)?;
    let f = Fmt(page.lang);
    let sections = sections(&state, report, &picked, &f).await?;
    let period = Period::pick(picked.year, picked.part);
    let mut context = Context::new();
    context.insert("slug", report.slug());
    context.insert("title", &f.t(report.key()));
    context.insert("summary", &f.t(&format!("{}-summary", report.key())));
    context.insert("yearly", &report.yearly());
    context.insert("year", &picked.year);
    context.insert("parts", &part_options(&f, picked.part));
    context.insert("period_label", &period.label());
    context.insert(
        "export_query",
        &format!("jaar={}&deel={}", picked.year, picked.part.code()),
    );
    context.insert("sections", &sections);
    page.render("reports/report.html", context)
}

/// The tables of a report as CSV: per table its caption, its column names, its rows.
fn to_csv(sections: &[Section]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for table in sections.iter().flat_map(|s| &s.tables) {
        writer.write_record([csv_cell(&table.caption)])?;
        writer.write_record(table.columns.iter().map(|c| csv_cell(c)))?;
        for row in &table.rows {
            writer.write_record(
                std::iter::once(csv_cell(&row.head)).chain(row.cells.iter().map(|c| csv_cell(c))),
            )?;
        }
        writer.write_record([""])?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// `/rapporten/{report}/export.csv`: the same tables as the page, for a spreadsheet.
pub async fn export(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PickerQuery>,
    page: Page,
) -> AppResult<Response> {
    let report = Report::from_slug(&slug).ok_or(AppError::NotFound)?;
    let picked = pick(&state, report, &query)?;
    let f = Fmt(page.lang);
    let sections = sections(&state, report, &picked, &f).await?;
    let body = to_csv(&sections).map_err(|e| AppError::Internal(e.to_string()))?;
    let name = if report.yearly() {
        format!("{}-{}.csv", report.slug(), picked.year)
    } else {
        format!(
            "{}-{}-{}.csv",
            report.slug(),
            picked.year,
            picked.part.code()
        )
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}
