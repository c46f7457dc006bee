//! Online appointments: free times, booking, the manage link, the waiting list for an earlier
//! time, staff booking on behalf of residents, and the JSON API.

pub mod booking;
pub mod schedule;
