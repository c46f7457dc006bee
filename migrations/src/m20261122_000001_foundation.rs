//! The foundation: municipality, policy plan, clusters, counters, opening hours, closing days,
//! products, case categories, indicators, staff users, API tokens and sessions.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(from: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, col)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(
    table: &'static str,
    name: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(*col);
    }
    if unique {
        stmt.unique();
    }
    stmt.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("municipality")
                    .col(pk_auto("id"))
                    .col(string_uniq("slug"))
                    .col(string("name"))
                    .col(string("legal_name"))
                    .col(string("street"))
                    .col(string("postal_code"))
                    .col(string("city"))
                    .col(string("nis_code"))
                    .col(string("phone"))
                    .col(string("email"))
                    .col(string("website"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("policy_plan")
                    .col(pk_auto("id"))
                    .col(string("name"))
                    .col(integer("period_start"))
                    .col(integer("period_end"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("policy_plan_version")
                    .col(pk_auto("id"))
                    .col(integer("plan_id"))
                    .col(string("label"))
                    .col(boolean("current"))
                    .foreign_key(&mut fk("policy_plan_version", "plan_id", "policy_plan"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("policy_node")
                    .col(pk_auto("id"))
                    .col(integer("plan_version_id"))
                    .col(integer_null("parent_id"))
                    .col(string("level"))
                    .col(string("code"))
                    .col(string("title"))
                    .col(text("description"))
                    .col(integer_null("status"))
                    .col(date_null("start_date"))
                    .col(date_null("end_date"))
                    .col(integer("position"))
                    .foreign_key(&mut fk(
                        "policy_node",
                        "plan_version_id",
                        "policy_plan_version",
                    ))
                    .foreign_key(&mut fk("policy_node", "parent_id", "policy_node"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "policy_node",
                "policy_node_code_per_version",
                &["plan_version_id", "code"],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("cluster")
                    .col(pk_auto("id"))
                    .col(string_uniq("code"))
                    .col(string("name"))
                    .col(text("description"))
                    .col(integer("wait_target_seconds"))
                    .col(string_uniq("ticket_prefix"))
                    .col(integer("grace_minutes"))
                    .col(boolean("appointments_first"))
                    .col(json("serves"))
                    .col(integer("position"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("counter")
                    .col(pk_auto("id"))
                    .col(integer("cluster_id"))
                    .col(string_uniq("code"))
                    .col(string("name"))
                    .col(boolean("active"))
                    .foreign_key(&mut fk("counter", "cluster_id", "cluster"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("opening_period")
                    .col(pk_auto("id"))
                    .col(integer("cluster_id"))
                    .col(small_integer("weekday"))
                    .col(time("opens"))
                    .col(time("closes"))
                    .foreign_key(&mut fk("opening_period", "cluster_id", "cluster"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("closing_day")
                    .col(pk_auto("id"))
                    .col(date_null("date"))
                    .col(small_integer_null("month"))
                    .col(small_integer_null("day"))
                    .col(string("reason"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("product")
                    .col(pk_auto("id"))
                    .col(string_uniq("slug"))
                    .col(string("name"))
                    .col(text("summary"))
                    .col(text("description"))
                    .col(text("additional_description"))
                    .col(text("exceptions"))
                    .col(text("regulation"))
                    .col(string("product_type"))
                    .col(json("themes"))
                    .col(json("target_audiences"))
                    .col(json("keywords"))
                    .col(json("requirements"))
                    .col(json("procedures"))
                    .col(json("costs"))
                    .col(text("financial_advantages"))
                    .col(json("legal_resources"))
                    .col(string("competent_authority"))
                    .col(string("executing_authority"))
                    .col(date_null("start_date"))
                    .col(date_null("end_date"))
                    .col(integer("cluster_id"))
                    .col(json("channels"))
                    .col(string("online_url"))
                    .col(boolean("bookable"))
                    .col(integer("appointment_minutes"))
                    .col(boolean("front_office_eligible"))
                    .col(boolean("published"))
                    .col(integer("popularity"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("product", "cluster_id")
                            .to("cluster", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("case_category")
                    .col(pk_auto("id"))
                    .col(string("kind"))
                    .col(string("code"))
                    .col(string("name"))
                    .col(text("description"))
                    .col(string("icon"))
                    .col(string("department"))
                    .col(boolean("active"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "case_category",
                "case_category_kind_code",
                &["kind", "code"],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("indicator")
                    .col(pk_auto("id"))
                    .col(string_uniq("code"))
                    .col(string("name"))
                    .col(string("unit"))
                    .col(string("direction"))
                    .col(string("aggregation"))
                    .col(string("metric"))
                    .col(integer_null("cluster_id"))
                    .foreign_key(&mut fk("indicator", "cluster_id", "cluster"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("indicator_target")
                    .col(pk_auto("id"))
                    .col(integer("indicator_id"))
                    .col(date("valid_from"))
                    .col(date_null("valid_to"))
                    .col(double("value"))
                    .foreign_key(&mut fk("indicator_target", "indicator_id", "indicator"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("indicator_measurement")
                    .col(pk_auto("id"))
                    .col(integer("indicator_id"))
                    .col(date("period_start"))
                    .col(date("period_end"))
                    .col(double("value"))
                    .col(string("origin"))
                    .col(string("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(&mut fk(
                        "indicator_measurement",
                        "indicator_id",
                        "indicator",
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("policy_link")
                    .col(pk_auto("id"))
                    .col(integer("node_id"))
                    .col(string("target_kind"))
                    .col(integer("target_id"))
                    .col(string("relation"))
                    .col(date_null("valid_from"))
                    .col(date_null("valid_to"))
                    .foreign_key(&mut fk("policy_link", "node_id", "policy_node"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "policy_link",
                "policy_link_unique",
                &["node_id", "target_kind", "target_id", "relation"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "policy_link",
                "policy_link_by_target",
                &["target_kind", "target_id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("staff_user")
                    .col(pk_auto("id"))
                    .col(string_uniq("email"))
                    .col(string("display_name"))
                    .col(string("role"))
                    .col(string("password_hash"))
                    .col(boolean("active"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("api_token")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(string_uniq("token_hash"))
                    .col(string("label"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("last_used_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut fk("api_token", "user_id", "staff_user"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("session")
                    .col(string("id").primary_key())
                    .col(text("data"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("session", "session_expiry", &["expires_at"], false))
            .await?;
        Ok(())
    }
}
