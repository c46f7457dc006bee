//! Calendar files (iCalendar, RFC 5545) for appointment mails: calendar programs offer to add
//! the appointment, update it when it moves (a higher SEQUENCE) and remove it when cancelled.
//!
//! Times are written in Europe/Brussels with a VTIMEZONE block, so a 09:00 appointment stays
//! 09:00 for the resident in winter and in summer, whatever zone their device is set to.

use crate::{clock::TIME_ZONE, entities::outbox_mail::Attachment};
use chrono::{DateTime, Utc};
use icalendar::{Component, EventLike, EventStatus, Property};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarMethod {
    /// Add or update the appointment.
    Request,
    /// Remove the appointment.
    Cancel,
}

impl CalendarMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            CalendarMethod::Request => "REQUEST",
            CalendarMethod::Cancel => "CANCEL",
        }
    }
}

pub struct CalendarEvent<'a> {
    /// Stable per appointment, e.g. `"{reference}@loket"`: it ties updates to the first file.
    pub uid: &'a str,
    /// Raised at every change, so calendar programs replace the older version.
    pub sequence: i32,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    /// `loket@lier.be` or `Loket Lier <loket@lier.be>`.
    pub organizer_email: &'a str,
}

/// The filename of every calendar attachment.
pub const FILENAME: &str = "afspraak.ics";

/// The time-zone rules of Europe/Brussels (EU summer time, in force since 1996).
const VTIMEZONE_BRUSSELS: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Brussels\r\n\
X-LIC-LOCATION:Europe/Brussels\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// The calendar file: one VEVENT with METHOD:REQUEST, or METHOD:CANCEL and STATUS:CANCELLED.
pub fn ics(event: &CalendarEvent, method: CalendarMethod) -> String {
    let local = |moment: DateTime<Utc>| (moment.with_timezone(&TIME_ZONE).naive_local(), TIME_ZONE);
    let (organizer_name, organizer_address) = split_mailbox(event.organizer_email);
    let mut organizer = Property::new("ORGANIZER", format!("mailto:{organizer_address}"));
    if let Some(name) = organizer_name {
        organizer.add_parameter("CN", name);
    }

    let mut vevent = icalendar::Event::new();
    vevent
        .uid(event.uid)
        .sequence(event.sequence.max(0) as u32)
        .timestamp(Utc::now())
        .starts(local(event.start))
        .ends(local(event.end))
        .summary(event.summary)
        .location(event.location)
        .description(event.description)
        .status(match method {
            CalendarMethod::Request => EventStatus::Confirmed,
            CalendarMethod::Cancel => EventStatus::Cancelled,
        })
        .append_property(organizer);

    let mut calendar = icalendar::Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//Loket//Afspraken//NL"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", method.as_str()))
        .push(vevent);
    // The icalendar crate writes no VTIMEZONE; RFC 5545 wants one for every TZID used.
    calendar.to_string().replacen(
        "BEGIN:VEVENT\r\n",
        &format!("{VTIMEZONE_BRUSSELS}BEGIN:VEVENT\r\n"),
        1,
    )
}

/// The calendar file as a mail attachment (`afspraak.ics`).
pub fn attachment(event: &CalendarEvent, method: CalendarMethod) -> Attachment {
    Attachment {
        filename: FILENAME.to_owned(),
        content_type: format!("text/calendar; charset=utf-8; method={}", method.as_str()),
        content: ics(event, method),
    }
}

/// `"Loket Lier <loket@lier.be>"` -> (Some("Loket Lier"), "loket@lier.be").
fn split_mailbox(mailbox: &str) -> (Option<&str>, &str) {
    match (mailbox.find('<'), mailbox.rfind('>')) {
        (Some(open), Some(close)) if open < close => {
            let name = mailbox[..open].trim().trim_matches('"').trim();
            let address = mailbox[open + 1..close].trim();
            ((!name.is_empty()).then_some(name), address)
        }
        _ => (None, mailbox.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organizers_are_read_with_or_without_a_name() {
        assert_eq!(
            split_mailbox("Loket Lier <loket@lier.be>"),
            (Some("Loket Lier"), "loket@lier.be")
        );
        assert_eq!(
            split_mailbox("\"Loket\" <loket@lier.be>"),
            (Some("Loket"), "loket@lier.be")
        );
        assert_eq!(split_mailbox("loket@lier.be"), (None, "loket@lier.be"));
    }
}
