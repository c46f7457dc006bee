//! Daily figures of appointments and cases, kept by the database itself. The yearly reports of
//! a large city read half a million appointments and, for the council report's five-year
//! trend, a quarter of a million cases; on SQLite the first run after the page cache is dropped
//! took 1.25 s, reading index pages from disk. A table of counts per local day (a few thousand
//! rows a year) answers the same questions. Triggers keep it: every insert, update and delete
//! of an appointment or case moves its contribution, in the same transaction, so no code path
//! can forget it and a rollback takes it back.
//!
//! The local day is kept on the row (`appointment.start_day`, `service_case.received_day`,
//! derived in `with_report_facts` like `closed_day`): SQLite has no time zones.

use crate::helpers::index;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Brussels;
use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, DbBackend, Statement},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A table of counts kept from a source table by triggers.
struct DailyFigures {
    table: &'static str,
    source: &'static str,
    /// (column of the figures, column of the source); together the primary key.
    key: &'static [(&'static str, &'static str)],
    /// (column of the figures, what one source row adds to it, written over `{r}`).
    sums: &'static [(&'static str, &'static str)],
    /// The source columns a row's contribution depends on: an update of none of them is skipped.
    watched: &'static [&'static str],
}

const RESOLVED: &str = "{r}.status = 'resolved' AND {r}.closed_day IS NOT NULL";

const APPOINTMENTS: DailyFigures = DailyFigures {
    table: "appointment_day_figures",
    source: "appointment",
    key: &[
        ("day", "start_day"),
        ("cluster_id", "cluster_id"),
        ("product_id", "product_id"),
        ("status", "status"),
    ],
    sums: &[
        ("appointments", "1"),
        ("booked_lead_days", "{r}.booked_lead_days"),
    ],
    watched: &[
        "start_day",
        "cluster_id",
        "product_id",
        "status",
        "booked_lead_days",
    ],
};

const CASES: DailyFigures = DailyFigures {
    table: "case_day_figures",
    source: "service_case",
    key: &[
        ("received_day", "received_day"),
        ("kind", "kind"),
        ("category_id", "category_id"),
    ],
    sums: &[
        ("received", "1"),
        ("resolved", "CASE WHEN {resolved} THEN 1 ELSE 0 END"),
        (
            "resolved_in_time",
            "CASE WHEN {resolved} AND {r}.closed_day <= COALESCE({r}.extended_to, {r}.due_on) \
             THEN 1 ELSE 0 END",
        ),
        (
            "rated",
            "CASE WHEN {resolved} AND {r}.satisfied IS NOT NULL THEN 1 ELSE 0 END",
        ),
        (
            "satisfied",
            "CASE WHEN {resolved} AND {r}.satisfied THEN 1 ELSE 0 END",
        ),
        (
            "reopened",
            "CASE WHEN {resolved} AND {r}.reopen_count > 0 THEN 1 ELSE 0 END",
        ),
    ],
    watched: &[
        "received_day",
        "kind",
        "category_id",
        "status",
        "closed_day",
        "due_on",
        "extended_to",
        "satisfied",
        "reopen_count",
    ],
};

impl DailyFigures {
    /// What row `r` (NEW, OLD or the source table) adds to the sum of `expr`.
    fn contribution(expr: &str, r: &str) -> String {
        expr.replace("{resolved}", RESOLVED).replace("{r}", r)
    }

    fn key_columns(&self) -> String {
        self.key
            .iter()
            .map(|(k, _)| *k)
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn sum_columns(&self) -> String {
        self.sums
            .iter()
            .map(|(s, _)| *s)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The source columns of the key, in its order.
    fn source_keys(&self) -> Vec<&'static str> {
        self.key.iter().map(|(_, s)| *s).collect()
    }

    fn create(&self, backend: DbBackend) -> String {
        let sql_type = |source: &str| {
            if source.ends_with("_day") {
                "DATE"
            } else if source.ends_with("_id") {
                "INTEGER"
            } else {
                "TEXT"
            }
        };
        let mut cols: Vec<String> = self
            .key
            .iter()
            .map(|(k, s)| format!("{k} {} NOT NULL", sql_type(s)))
            .collect();
        cols.extend(
            self.sums
                .iter()
                .map(|(s, _)| format!("{s} BIGINT NOT NULL DEFAULT 0")),
        );
        // SQLite keeps the rows in key order, so a period is read from consecutive pages.
        let rowid = if backend == DbBackend::Sqlite {
            " WITHOUT ROWID"
        } else {
            ""
        };
        format!(
            "CREATE TABLE {} ({}, PRIMARY KEY ({})){rowid}",
            self.table,
            cols.join(", "),
            self.key_columns()
        )
    }

    /// Adds (`sign` 1) or takes away (`sign` -1) what row `r` contributes.
    fn upsert(&self, r: &str, sign: i8) -> String {
        let sign = if sign < 0 { "-" } else { "" };
        let values: Vec<String> = self
            .sums
            .iter()
            .map(|(_, e)| format!("{sign}({})", Self::contribution(e, r)))
            .collect();
        let set: Vec<String> = self
            .sums
            .iter()
            .map(|(s, _)| format!("{s} = {t}.{s} + excluded.{s}", t = self.table))
            .collect();
        format!(
            "INSERT INTO {t} ({k}, {s}) VALUES ({kv}, {v}) ON CONFLICT ({k}) DO UPDATE SET {set}",
            t = self.table,
            k = self.key_columns(),
            s = self.sum_columns(),
            kv = Self::columns_of(r, &self.source_keys()),
            v = values.join(", "),
            set = set.join(", "),
        )
    }

    /// `OLD.a IS NOT NEW.a OR ...` (SQLite's null-safe comparison).
    fn changed_sqlite(&self) -> String {
        self.watched
            .iter()
            .map(|c| format!("OLD.{c} IS NOT NEW.{c}"))
            .collect::<Vec<_>>()
            .join(" OR ")
    }

    /// `r.a, r.b, ...`
    fn columns_of(r: &str, cols: &[&str]) -> String {
        let cols: Vec<String> = cols.iter().map(|c| format!("{r}.{c}")).collect();
        cols.join(", ")
    }

    /// `(r.a, r.b, ...)`, a row value.
    fn row(r: &str, cols: &[&str]) -> String {
        format!("({})", Self::columns_of(r, cols))
    }

    fn triggers(&self, backend: DbBackend) -> Vec<String> {
        let (t, src) = (self.table, self.source);
        match backend {
            DbBackend::Postgres => {
                let keys = self.source_keys();
                // Two rows touched by one update are taken in key order, so two updates that
                // move rows between the same two keys in opposite directions cannot deadlock.
                vec![
                    format!(
                        "CREATE FUNCTION {t}_count() RETURNS trigger AS $$ BEGIN \
                         IF TG_OP = 'INSERT' THEN {add}; \
                         ELSIF TG_OP = 'DELETE' THEN {take}; \
                         ELSIF {old_w} IS DISTINCT FROM {new_w} THEN \
                           IF {new_k} < {old_k} THEN {add}; {take}; \
                           ELSE {take}; {add}; END IF; \
                         END IF; \
                         RETURN NULL; END $$ LANGUAGE plpgsql",
                        add = self.upsert("NEW", 1),
                        take = self.upsert("OLD", -1),
                        old_w = Self::row("OLD", self.watched),
                        new_w = Self::row("NEW", self.watched),
                        new_k = Self::row("NEW", &keys),
                        old_k = Self::row("OLD", &keys),
                    ),
                    format!(
                        "CREATE TRIGGER {t}_count AFTER INSERT OR UPDATE OR DELETE ON {src} \
                         FOR EACH ROW EXECUTE FUNCTION {t}_count()"
                    ),
                ]
            }
            _ => vec![
                format!(
                    "CREATE TRIGGER {t}_insert AFTER INSERT ON {src} BEGIN {}; END",
                    self.upsert("NEW", 1)
                ),
                format!(
                    "CREATE TRIGGER {t}_update AFTER UPDATE ON {src} WHEN {} BEGIN {}; {}; END",
                    self.changed_sqlite(),
                    self.upsert("OLD", -1),
                    self.upsert("NEW", 1)
                ),
                format!(
                    "CREATE TRIGGER {t}_delete AFTER DELETE ON {src} BEGIN {}; END",
                    self.upsert("OLD", -1)
                ),
            ],
        }
    }

    /// The figures of the rows already stored.
    fn backfill(&self) -> String {
        let sums: Vec<String> = self
            .sums
            .iter()
            .map(|(_, e)| format!("SUM({})", Self::contribution(e, self.source)))
            .collect();
        format!(
            "INSERT INTO {t} ({k}, {s}) SELECT {sk}, {sums} FROM {src} GROUP BY {sk}",
            t = self.table,
            k = self.key_columns(),
            s = self.sum_columns(),
            sk = self.source_keys().join(", "),
            sums = sums.join(", "),
            src = self.source,
        )
    }

    async fn install(&self, db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
        let backend = db.get_database_backend();
        db.execute_unprepared(&self.create(backend)).await?;
        db.execute_unprepared(&self.backfill()).await?;
        for trigger in self.triggers(backend) {
            db.execute_unprepared(&trigger).await?;
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (table, col) in [
            ("appointment", "start_day"),
            ("service_case", "received_day"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(date_null(col).to_owned())
                        .to_owned(),
                )
                .await?;
        }
        backfill_local_day(db, "appointment", "start_at", "start_day").await?;
        backfill_local_day(db, "service_case", "received_at", "received_day").await?;
        APPOINTMENTS.install(db).await?;
        CASES.install(db).await?;
        // The reports no longer read these; what else reads appointments and cases by time
        // needs only the time (and a complaint's year, its kind first).
        db.execute_unprepared("DROP INDEX IF EXISTS appointment_report")
            .await?;
        db.execute_unprepared("DROP INDEX IF EXISTS service_case_report_facts")
            .await?;
        manager
            .create_index(index(
                "appointment",
                "appointment_start",
                &["start_at"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "service_case",
                "service_case_kind_received_at",
                &["kind", "received_at"],
                false,
            ))
            .await?;
        Ok(())
    }
}

/// The rule of `with_report_facts` as it was when this migration was written (the local day
/// in Brussels), applied to the rows already stored.
async fn backfill_local_day(
    db: &SchemaManagerConnection<'_>,
    table: &str,
    at: &str,
    day: &str,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            format!("SELECT id, {at} AS at FROM {table}"),
        ))
        .await?;
    let update = match backend {
        DbBackend::Postgres => format!("UPDATE {table} SET {day} = $1 WHERE id = $2"),
        _ => format!("UPDATE {table} SET {day} = ? WHERE id = ?"),
    };
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        let at: DateTime<Utc> = row.try_get("", "at")?;
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            &update,
            [at.with_timezone(&Brussels).date_naive().into(), id.into()],
        ))
        .await?;
    }
    Ok(())
}
