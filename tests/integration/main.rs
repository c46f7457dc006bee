//! One integration-test binary: every test drives the real router against a real database,
//! on SQLite always and on PostgreSQL too when LOKET_TEST_POSTGRES_URL is set.

mod support;

mod admin;
mod admin_counters;
mod admin_indicators;
mod admin_policy;
mod admin_users;
mod api;
mod appointments;
mod auth;
mod authz;
mod booking;
mod caching;
mod cases_api;
mod cases_intake;
mod cases_staff;
mod catalogue;
mod daily_figures;
mod escaping;
mod frontoffice;
mod mail;
mod open311;
mod parsers;
mod policy;
mod privacy;
mod queue;
mod queue_api;
mod reliability;
mod reports;
mod seeds;
mod site;
mod trust_auth;
mod trust_faults;
mod webhooks;
