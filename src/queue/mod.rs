//! The front office: kiosk tickets, appointment check-in, counters calling visitors, the call
//! display, and the live queue.

pub mod actions;
pub mod api;
pub mod import;
pub mod jobs;
pub mod live;
pub mod service;
pub mod status;
