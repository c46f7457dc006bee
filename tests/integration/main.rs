//! One integration-test binary: every test drives the real router against a real database,
//! on SQLite always and on PostgreSQL too when LOKET_TEST_POSTGRES_URL is set.

mod support;

mod admin;
mod admin_counters;
mod admin_policy;
mod admin_users;
mod api;
mod appointments;
mod auth;
mod booking;
mod catalogue;
mod frontoffice;
mod mail;
mod policy;
mod queue;
mod queue_api;
mod reports;
mod seeds;
mod site;
