//! Complaints (klachten) and reports (meldingen): intake, follow-up within the terms, a
//! feedback e-mail at every public step, Open311 and the work-planning webhooks.
//!
//! `service` holds every change to a case, each in one transaction with its history line, its
//! e-mail to the resident and its webhook; the pages and APIs call it and stay thin.

pub mod api;
pub mod inbox;
pub mod intake;
pub mod jobs;
pub mod open311;
pub mod service;
pub mod webhook;
pub mod webhook_worker;
