//! Pure rules of the domain: no I/O, no database, no clock of their own.

pub mod calendar;
pub mod cases;
pub mod email;
pub mod indicators;
pub mod opening_hours;
pub mod policy;
pub mod queue;
pub mod reports;
pub mod role;
pub mod search;
pub mod slots;
pub mod slug;
