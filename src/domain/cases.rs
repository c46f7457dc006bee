//! Complaints (klachten) and reports (meldingen): their states, the transitions between them
//! (data, in one table), the reasons and outcomes, references, and the terms.
//!
//! A report asks the municipality to act; a complaint says it acted wrongly, too late or not at
//! all. They are different procedures (Decreet Lokaal Bestuur art. 302-303), so each kind has its
//! own states and its own terms.

use super::calendar::WorkingCalendar;
use chrono::{Days, NaiveDate};
use std::{fmt, str::FromStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseKind {
    Report,
    Complaint,
}

impl CaseKind {
    pub const ALL: [CaseKind; 2] = [CaseKind::Report, CaseKind::Complaint];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Report => "report",
            CaseKind::Complaint => "complaint",
        }
    }

    /// The letter of the reference: M for melding, K for klacht.
    pub fn letter(self) -> char {
        match self {
            CaseKind::Report => 'M',
            CaseKind::Complaint => 'K',
        }
    }
}

impl FromStr for CaseKind {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value {0:?}")]
pub struct UnknownValue(pub String);

/// Every state of either kind; [`Status::of`] says which belong to which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Received,
    // Reports
    Triaged,
    WaitingForResident,
    Scheduled,
    Forwarded,
    Resolved,
    Reopened,
    Cancelled,
    // Complaints
    AdmissibilityReview,
    Inadmissible,
    Investigation,
    Decided,
    Closed,
}

impl Status {
    pub const ALL: [Status; 13] = [
        Status::Received,
        Status::Triaged,
        Status::WaitingForResident,
        Status::Scheduled,
        Status::Forwarded,
        Status::Resolved,
        Status::Reopened,
        Status::Cancelled,
        Status::AdmissibilityReview,
        Status::Inadmissible,
        Status::Investigation,
        Status::Decided,
        Status::Closed,
    ];

    pub fn of(kind: CaseKind) -> &'static [Status] {
        use Status::*;
        match kind {
            CaseKind::Report => &[
                Received,
                Triaged,
                WaitingForResident,
                Scheduled,
                Forwarded,
                Resolved,
                Reopened,
                Cancelled,
            ],
            CaseKind::Complaint => &[
                Received,
                AdmissibilityReview,
                Inadmissible,
                Investigation,
                Decided,
                Closed,
            ],
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Triaged => "triaged",
            Status::WaitingForResident => "waiting_for_resident",
            Status::Scheduled => "scheduled",
            Status::Forwarded => "forwarded",
            Status::Resolved => "resolved",
            Status::Reopened => "reopened",
            Status::Cancelled => "cancelled",
            Status::AdmissibilityReview => "admissibility_review",
            Status::Inadmissible => "inadmissible",
            Status::Investigation => "investigation",
            Status::Decided => "decided",
            Status::Closed => "closed",
        }
    }

    /// Whether the municipality still has to act: the term runs (or is paused).
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Status::Forwarded
                | Status::Resolved
                | Status::Cancelled
                | Status::Inadmissible
                | Status::Decided
                | Status::Closed
        )
    }

    /// Open311 knows two states.
    pub fn open311(self) -> &'static str {
        if self.is_open() { "open" } else { "closed" }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

/// What someone does to a case. Each action moves it along one row of [`TRANSITIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    // Reports
    Triage,
    AskResident,
    ResidentAnswers,
    Schedule,
    Forward,
    Resolve,
    Reopen,
    Cancel,
    // Complaints
    StartReview,
    Admit,
    Reject,
    Extend,
    Decide,
    Close,
    // Both: the resident withdraws.
    Withdraw,
}

impl Action {
    pub const ALL: [Action; 15] = [
        Action::Triage,
        Action::AskResident,
        Action::ResidentAnswers,
        Action::Schedule,
        Action::Forward,
        Action::Resolve,
        Action::Reopen,
        Action::Cancel,
        Action::StartReview,
        Action::Admit,
        Action::Reject,
        Action::Extend,
        Action::Decide,
        Action::Close,
        Action::Withdraw,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Triage => "triage",
            Action::AskResident => "ask_resident",
            Action::ResidentAnswers => "resident_answers",
            Action::Schedule => "schedule",
            Action::Forward => "forward",
            Action::Resolve => "resolve",
            Action::Reopen => "reopen",
            Action::Cancel => "cancel",
            Action::StartReview => "start_review",
            Action::Admit => "admit",
            Action::Reject => "reject",
            Action::Extend => "extend",
            Action::Decide => "decide",
            Action::Close => "close",
            Action::Withdraw => "withdraw",
        }
    }
}

impl FromStr for Action {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

/// Who may take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// A handler (or a work-planning system through the staff API).
    Staff,
    /// The resident, from the tracking page.
    Resident,
}

/// One allowed move. `mail` names the template under `templates/emails/` sent to the resident
/// (when the case has an e-mail address); `None` for internal changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub kind: CaseKind,
    pub action: Action,
    pub from: &'static [Status],
    pub to: Status,
    pub by: Actor,
    pub mail: Option<&'static str>,
}

use Status as S;

const REPORT_ACTIVE: &[Status] = &[S::Received, S::Triaged, S::Scheduled, S::Reopened];
const REPORT_WORKABLE: &[Status] = &[
    S::Received,
    S::Triaged,
    S::WaitingForResident,
    S::Scheduled,
    S::Reopened,
];
const COMPLAINT_UNDECIDED: &[Status] = &[S::Received, S::AdmissibilityReview, S::Investigation];

/// Every allowed move, for both kinds. Nothing else changes a case's status.
pub const TRANSITIONS: &[Transition] = &[
    // Reports
    Transition {
        kind: CaseKind::Report,
        action: Action::Triage,
        from: &[S::Received, S::Triaged, S::Reopened],
        to: S::Triaged,
        by: Actor::Staff,
        mail: None,
    },
    Transition {
        kind: CaseKind::Report,
        action: Action::AskResident,
        from: REPORT_ACTIVE,
        to: S::WaitingForResident,
        by: Actor::Staff,
        mail: Some("report_more_information"),
    },
    Transition {
        kind: CaseKind::Report,
        action: Action::ResidentAnswers,
        from: &[S::WaitingForResident],
        to: S::Triaged,
        by: Actor::Resident,
        mail: None,
    },
    Transition {
        kind: CaseKind::Report,
        action: Action::Schedule,
        from: REPORT_WORKABLE,
        to: S::Scheduled,
        by: Actor::Staff,
        mail: Some("report_scheduled"),
    },
    Transition {
        kind: CaseKind::Report,
        action: Action::Forward,
        from: REPORT_WORKABLE,
        to: S::Forwarded,
        by: Actor::Staff,
        mail: Some("report_forwarded"),
    },
    Transition {
        kind: CaseKind::Report,
        action: Action::Resolve,
        from: REPORT_WORKABLE,
        to: S::Resolved,
        by: Actor::Staff,
        mail: Some("report_resolved"),
    },
    Transition {
        kind: CaseKind::Report,
        action: Action::Reopen,
        from: &[S::Resolved, S::Forwarded],
        to: S::Reopened,
        by: Actor::Staff,
        mail: Some("report_reopened"),
    },
    // A resident who answers "not satisfied" within the reopen window.
    Transition {
        kind: CaseKind::Report,
        action: Action::Reopen,
        from: &[S::Resolved],
        to: S::Reopened,
        by: Actor::Resident,
        mail: Some("report_reopened"),
    },
    Transition {
        kind: CaseKind::Report,
        action: Action::Cancel,
        from: REPORT_WORKABLE,
        to: S::Cancelled,
        by: Actor::Staff,
        mail: None,
    },
    Transition {
        kind: CaseKind::Report,
        action: Action::Withdraw,
        from: REPORT_WORKABLE,
        to: S::Cancelled,
        by: Actor::Resident,
        mail: None,
    },
    // Complaints
    Transition {
        kind: CaseKind::Complaint,
        action: Action::StartReview,
        from: &[S::Received],
        to: S::AdmissibilityReview,
        by: Actor::Staff,
        mail: None,
    },
    Transition {
        kind: CaseKind::Complaint,
        action: Action::Admit,
        from: &[S::Received, S::AdmissibilityReview],
        to: S::Investigation,
        by: Actor::Staff,
        mail: Some("complaint_admissible"),
    },
    Transition {
        kind: CaseKind::Complaint,
        action: Action::Reject,
        from: &[S::Received, S::AdmissibilityReview],
        to: S::Inadmissible,
        by: Actor::Staff,
        mail: Some("complaint_inadmissible"),
    },
    Transition {
        kind: CaseKind::Complaint,
        action: Action::Extend,
        from: &[S::Investigation],
        to: S::Investigation,
        by: Actor::Staff,
        mail: Some("complaint_extended"),
    },
    Transition {
        kind: CaseKind::Complaint,
        action: Action::Decide,
        from: &[S::Investigation],
        to: S::Decided,
        by: Actor::Staff,
        mail: Some("complaint_decision"),
    },
    Transition {
        kind: CaseKind::Complaint,
        action: Action::Reopen,
        from: &[S::Decided, S::Closed],
        to: S::Investigation,
        by: Actor::Staff,
        mail: None,
    },
    Transition {
        kind: CaseKind::Complaint,
        action: Action::Close,
        from: &[S::Decided, S::Inadmissible],
        to: S::Closed,
        by: Actor::Staff,
        mail: None,
    },
    // Withdrawn is an outcome of the decision (Decreet Lokaal Bestuur reporting counts it).
    Transition {
        kind: CaseKind::Complaint,
        action: Action::Withdraw,
        from: COMPLAINT_UNDECIDED,
        to: S::Decided,
        by: Actor::Resident,
        mail: None,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("{action:?} is not possible for a {kind:?} in state {from:?}")]
    NotAllowed {
        kind: CaseKind,
        from: Status,
        action: Action,
    },
}

/// The move `by` may make with `action` from `from`, if any.
pub fn transition(
    kind: CaseKind,
    from: Status,
    action: Action,
    by: Actor,
) -> Result<&'static Transition, TransitionError> {
    TRANSITIONS
        .iter()
        .find(|t| t.kind == kind && t.action == action && t.by == by && t.from.contains(&from))
        .ok_or(TransitionError::NotAllowed { kind, from, action })
}

/// The actions `by` can take on a case of `kind` in state `from`, in table order.
pub fn actions_from(kind: CaseKind, from: Status, by: Actor) -> Vec<Action> {
    let mut actions: Vec<Action> = Vec::new();
    for t in TRANSITIONS {
        if t.kind == kind && t.by == by && t.from.contains(&from) && !actions.contains(&t.action) {
            actions.push(t.action);
        }
    }
    actions
}

/// Why a complaint is not admissible (the municipal complaint regulations of Flanders).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InadmissibleReason {
    Anonymous,
    AlreadyHandled,
    OlderThanOneYear,
    AppealPossible,
    AboutPolicy,
    /// Not a complaint: it becomes a report.
    ConvertedToReport,
    /// The municipality is not competent; forwarded to who is.
    NotCompetent,
}

impl InadmissibleReason {
    pub const ALL: [InadmissibleReason; 7] = [
        InadmissibleReason::Anonymous,
        InadmissibleReason::AlreadyHandled,
        InadmissibleReason::OlderThanOneYear,
        InadmissibleReason::AppealPossible,
        InadmissibleReason::AboutPolicy,
        InadmissibleReason::ConvertedToReport,
        InadmissibleReason::NotCompetent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InadmissibleReason::Anonymous => "anonymous",
            InadmissibleReason::AlreadyHandled => "already_handled",
            InadmissibleReason::OlderThanOneYear => "older_than_one_year",
            InadmissibleReason::AppealPossible => "appeal_possible",
            InadmissibleReason::AboutPolicy => "about_policy",
            InadmissibleReason::ConvertedToReport => "converted_to_report",
            InadmissibleReason::NotCompetent => "not_competent",
        }
    }
}

impl FromStr for InadmissibleReason {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

/// The outcome of a decided complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Founded,
    PartlyFounded,
    Unfounded,
    ResolvedInformally,
    Withdrawn,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Founded,
        Outcome::PartlyFounded,
        Outcome::Unfounded,
        Outcome::ResolvedInformally,
        Outcome::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Founded => "founded",
            Outcome::PartlyFounded => "partly_founded",
            Outcome::Unfounded => "unfounded",
            Outcome::ResolvedInformally => "resolved_informally",
            Outcome::Withdrawn => "withdrawn",
        }
    }
}

impl FromStr for Outcome {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

/// The norms of proper conduct of the Vlaamse Ombudsdienst; a founded complaint records which
/// were breached. Stored by code; the Dutch names are in the locale files (`ombudsnorm-<code>`).
pub const OMBUDSMAN_NORMS: [&str; 13] = [
    "lawfulness",
    "equality",
    "reasonableness",
    "legal_certainty",
    "adequate_reasons",
    "proper_correspondence",
    "courtesy",
    "due_care",
    "active_service",
    "efficient_coordination",
    "reasonable_term",
    "adequate_information",
    "accessibility",
];

/// A case reference: `M-2026-000123` (melding) or `K-2026-000045` (klacht). The number restarts
/// every year per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CaseReference {
    kind: CaseKind,
    year: i32,
    number: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a case reference: {0:?}")]
pub struct InvalidReference(pub String);

impl CaseReference {
    pub const MAX: u32 = 999_999;

    pub fn new(kind: CaseKind, year: i32, number: u32) -> Result<Self, InvalidReference> {
        if !(1..=Self::MAX).contains(&number) || !(1000..=9999).contains(&year) {
            return Err(InvalidReference(format!("{kind:?} {year} {number}")));
        }
        Ok(Self { kind, year, number })
    }

    pub fn kind(&self) -> CaseKind {
        self.kind
    }
}

impl fmt::Display for CaseReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:06}", self.kind.letter(), self.year, self.number)
    }
}

impl FromStr for CaseReference {
    type Err = InvalidReference;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidReference(s.to_owned());
        let mut parts = s.trim().split('-');
        let (Some(letter), Some(year), Some(number), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        let kind = match letter {
            "M" | "m" => CaseKind::Report,
            "K" | "k" => CaseKind::Complaint,
            _ => return Err(invalid()),
        };
        // Digits only: `str::parse` would also take a sign ("+12345"), a second spelling.
        let digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(number, 6) {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let number = number.parse().map_err(|_| invalid())?;
        Self::new(kind, year, number).map_err(|_| invalid())
    }
}

/// The terms of the municipal complaint regulation, in calendar days from receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintTerms {
    /// Acknowledgement with the admissibility decision.
    pub acknowledge_days: u32,
    /// The answer.
    pub answer_days: u32,
    /// The latest answer date after the one extension.
    pub extended_days: u32,
}

impl Default for ComplaintTerms {
    /// The usual Flemish regulation: 10, 45 and 90 days.
    fn default() -> Self {
        Self {
            acknowledge_days: 10,
            answer_days: 45,
            extended_days: 90,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExtensionError {
    #[error("a complaint is extended only once")]
    AlreadyExtended,
    #[error("the extension must be decided before the answer term ends")]
    TooLate,
    #[error("the new date must lie after the current answer date")]
    NotLater,
    #[error("the new date may lie at most the extended term after receipt")]
    TooFar,
}

impl ComplaintTerms {
    pub fn acknowledge_by(&self, received: NaiveDate) -> NaiveDate {
        received + Days::new(self.acknowledge_days.into())
    }

    pub fn answer_by(&self, received: NaiveDate) -> NaiveDate {
        received + Days::new(self.answer_days.into())
    }

    pub fn latest_extension(&self, received: NaiveDate) -> NaiveDate {
        received + Days::new(self.extended_days.into())
    }

    /// Checks the one extension of a complaint received on `received`, asked on `today`, to
    /// `new_date`. It must be decided before the answer term ends (before day 45).
    pub fn check_extension(
        &self,
        received: NaiveDate,
        already_extended: bool,
        today: NaiveDate,
        new_date: NaiveDate,
    ) -> Result<(), ExtensionError> {
        if already_extended {
            return Err(ExtensionError::AlreadyExtended);
        }
        let answer_by = self.answer_by(received);
        if today >= answer_by {
            return Err(ExtensionError::TooLate);
        }
        if new_date <= answer_by {
            return Err(ExtensionError::NotLater);
        }
        if new_date > self.latest_extension(received) {
            return Err(ExtensionError::TooFar);
        }
        Ok(())
    }
}

/// The expected handling date of a report received on `received` with a term of `days`
/// working days.
pub fn report_due(calendar: &WorkingCalendar, received: NaiveDate, days: u32) -> NaiveDate {
    calendar.add_working_days(received, days)
}

/// A report's new due date when the resident answered on `resumed` after the clock was paused
/// on `paused`: the working days spent waiting are added to the term.
pub fn resume_term(
    calendar: &WorkingCalendar,
    due: NaiveDate,
    paused: NaiveDate,
    resumed: NaiveDate,
) -> NaiveDate {
    let waited = calendar.working_days_between(paused, resumed).max(0);
    calendar.add_working_days(due, waited as u32)
}

/// Whether three quarters of the term from `received` to `due` have passed on `today`: working
/// days for reports, calendar days for complaints.
pub fn term_three_quarters_passed(
    kind: CaseKind,
    calendar: &WorkingCalendar,
    received: NaiveDate,
    due: NaiveDate,
    today: NaiveDate,
) -> bool {
    let (total, passed) = match kind {
        CaseKind::Report => (
            calendar.working_days_between(received, due),
            calendar.working_days_between(received, today),
        ),
        CaseKind::Complaint => ((due - received).num_days(), (today - received).num_days()),
    };
    total > 0 && passed * 4 >= total * 3
}

/// The days after closure in which a resident who is not satisfied can have a report reopened.
pub const REOPEN_WINDOW_DAYS: u64 = 14;

/// Whether a "not satisfied" answer on `today` reopens a report closed on `closed`.
pub fn within_reopen_window(closed: NaiveDate, today: NaiveDate) -> bool {
    today >= closed && today <= closed + Days::new(REOPEN_WINDOW_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::ClosingDays;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_reference_reads_back_as_itself(
            complaint in any::<bool>(),
            year in 1000..=9999i32,
            number in 1..=CaseReference::MAX,
        ) {
            let kind = if complaint { CaseKind::Complaint } else { CaseKind::Report };
            let reference = CaseReference::new(kind, year, number).unwrap();
            prop_assert_eq!(reference.to_string().parse::<CaseReference>(), Ok(reference));
        }

        /// Whatever is typed, a reference is accepted only in its one spelling (up to case and
        /// surrounding blanks), so one case is never found under two references.
        #[test]
        fn only_the_canonical_spelling_is_a_reference(
            typed in prop_oneof![any::<String>(), "[ MKmk]{1,2}-[0-9+ -]{3,5}-[0-9+ -]{5,7} ?"],
        ) {
            if let Ok(reference) = typed.parse::<CaseReference>() {
                prop_assert_eq!(reference.to_string(), typed.trim().to_ascii_uppercase());
            }
        }
    }

    #[test]
    fn a_signed_number_is_no_reference() {
        assert!("M-2026-+12345".parse::<CaseReference>().is_err());
        assert!("K-+026-000001".parse::<CaseReference>().is_err());
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_transition_stays_within_its_kind() {
        for t in TRANSITIONS {
            assert!(Status::of(t.kind).contains(&t.to), "{t:?}");
            for from in t.from {
                assert!(Status::of(t.kind).contains(from), "{t:?}");
            }
        }
    }

    #[test]
    fn no_two_rows_answer_the_same_move() {
        for kind in CaseKind::ALL {
            for from in Status::ALL {
                for action in Action::ALL {
                    for by in [Actor::Staff, Actor::Resident] {
                        let rows = TRANSITIONS
                            .iter()
                            .filter(|t| {
                                t.kind == kind
                                    && t.action == action
                                    && t.by == by
                                    && t.from.contains(&from)
                            })
                            .count();
                        assert!(rows <= 1, "{kind:?} {from:?} {action:?} {by:?}");
                    }
                }
            }
        }
    }

    /// The whole table, written out the other way round: for every kind, state and actor, the
    /// actions that must be possible. Any change to [`TRANSITIONS`] must change this too.
    #[test]
    fn the_allowed_actions_from_every_state() {
        use Action::*;
        let expected: &[(CaseKind, Status, Actor, &[Action])] = &[
            (
                CaseKind::Report,
                S::Received,
                Actor::Staff,
                &[Triage, AskResident, Schedule, Forward, Resolve, Cancel],
            ),
            (
                CaseKind::Report,
                S::Triaged,
                Actor::Staff,
                &[Triage, AskResident, Schedule, Forward, Resolve, Cancel],
            ),
            (
                CaseKind::Report,
                S::WaitingForResident,
                Actor::Staff,
                &[Schedule, Forward, Resolve, Cancel],
            ),
            (
                CaseKind::Report,
                S::Scheduled,
                Actor::Staff,
                &[AskResident, Schedule, Forward, Resolve, Cancel],
            ),
            (CaseKind::Report, S::Forwarded, Actor::Staff, &[Reopen]),
            (CaseKind::Report, S::Resolved, Actor::Staff, &[Reopen]),
            (
                CaseKind::Report,
                S::Reopened,
                Actor::Staff,
                &[Triage, AskResident, Schedule, Forward, Resolve, Cancel],
            ),
            (CaseKind::Report, S::Cancelled, Actor::Staff, &[]),
            (CaseKind::Report, S::Received, Actor::Resident, &[Withdraw]),
            (CaseKind::Report, S::Triaged, Actor::Resident, &[Withdraw]),
            (
                CaseKind::Report,
                S::WaitingForResident,
                Actor::Resident,
                &[ResidentAnswers, Withdraw],
            ),
            (CaseKind::Report, S::Scheduled, Actor::Resident, &[Withdraw]),
            (CaseKind::Report, S::Forwarded, Actor::Resident, &[]),
            (CaseKind::Report, S::Resolved, Actor::Resident, &[Reopen]),
            (CaseKind::Report, S::Reopened, Actor::Resident, &[Withdraw]),
            (CaseKind::Report, S::Cancelled, Actor::Resident, &[]),
            (
                CaseKind::Complaint,
                S::Received,
                Actor::Staff,
                &[StartReview, Admit, Reject],
            ),
            (
                CaseKind::Complaint,
                S::AdmissibilityReview,
                Actor::Staff,
                &[Admit, Reject],
            ),
            (CaseKind::Complaint, S::Inadmissible, Actor::Staff, &[Close]),
            (
                CaseKind::Complaint,
                S::Investigation,
                Actor::Staff,
                &[Extend, Decide],
            ),
            (
                CaseKind::Complaint,
                S::Decided,
                Actor::Staff,
                &[Reopen, Close],
            ),
            (CaseKind::Complaint, S::Closed, Actor::Staff, &[Reopen]),
            (
                CaseKind::Complaint,
                S::Received,
                Actor::Resident,
                &[Withdraw],
            ),
            (
                CaseKind::Complaint,
                S::AdmissibilityReview,
                Actor::Resident,
                &[Withdraw],
            ),
            (CaseKind::Complaint, S::Inadmissible, Actor::Resident, &[]),
            (
                CaseKind::Complaint,
                S::Investigation,
                Actor::Resident,
                &[Withdraw],
            ),
            (CaseKind::Complaint, S::Decided, Actor::Resident, &[]),
            (CaseKind::Complaint, S::Closed, Actor::Resident, &[]),
        ];
        let mut seen = 0;
        for kind in CaseKind::ALL {
            for &from in Status::of(kind) {
                for by in [Actor::Staff, Actor::Resident] {
                    let want = expected
                        .iter()
                        .find(|(k, s, a, _)| *k == kind && *s == from && *a == by)
                        .unwrap_or_else(|| panic!("no expectation for {kind:?} {from:?} {by:?}"))
                        .3;
                    let mut got = actions_from(kind, from, by);
                    let mut want = want.to_vec();
                    got.sort_by_key(|a| a.as_str());
                    want.sort_by_key(|a| a.as_str());
                    assert_eq!(got, want, "{kind:?} {from:?} {by:?}");
                    seen += 1;
                }
            }
        }
        assert_eq!(seen, expected.len());
        // And every action outside that list is refused.
        for kind in CaseKind::ALL {
            for from in Status::ALL {
                for action in Action::ALL {
                    for by in [Actor::Staff, Actor::Resident] {
                        let allowed = Status::of(kind).contains(&from)
                            && actions_from(kind, from, by).contains(&action);
                        assert_eq!(
                            transition(kind, from, action, by).is_ok(),
                            allowed,
                            "{kind:?} {from:?} {action:?} {by:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn internal_changes_send_no_mail_and_the_resident_hears_of_the_rest() {
        let silent: Vec<_> = TRANSITIONS
            .iter()
            .filter(|t| t.mail.is_none())
            .map(|t| (t.kind, t.action))
            .collect();
        assert_eq!(
            silent,
            [
                (CaseKind::Report, Action::Triage),
                (CaseKind::Report, Action::ResidentAnswers),
                (CaseKind::Report, Action::Cancel),
                (CaseKind::Report, Action::Withdraw),
                (CaseKind::Complaint, Action::StartReview),
                (CaseKind::Complaint, Action::Reopen),
                (CaseKind::Complaint, Action::Close),
                (CaseKind::Complaint, Action::Withdraw),
            ]
        );
    }

    #[test]
    fn every_state_is_reachable_from_received() {
        for kind in CaseKind::ALL {
            let mut reached = vec![S::Received];
            let mut changed = true;
            while changed {
                changed = false;
                for t in TRANSITIONS.iter().filter(|t| t.kind == kind) {
                    if t.from.iter().any(|f| reached.contains(f)) && !reached.contains(&t.to) {
                        reached.push(t.to);
                        changed = true;
                    }
                }
            }
            for s in Status::of(kind) {
                assert!(reached.contains(s), "{kind:?} {s:?}");
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(s));
        }
        for a in Action::ALL {
            assert_eq!(a.as_str().parse::<Action>(), Ok(a));
        }
        for r in InadmissibleReason::ALL {
            assert_eq!(r.as_str().parse::<InadmissibleReason>(), Ok(r));
        }
        for o in Outcome::ALL {
            assert_eq!(o.as_str().parse::<Outcome>(), Ok(o));
        }
        for k in CaseKind::ALL {
            assert_eq!(k.as_str().parse::<CaseKind>(), Ok(k));
        }
        assert!("open".parse::<Status>().is_err());
    }

    #[test]
    fn open311_has_two_states() {
        assert_eq!(S::Scheduled.open311(), "open");
        assert_eq!(S::WaitingForResident.open311(), "open");
        assert_eq!(S::Reopened.open311(), "open");
        assert_eq!(S::Resolved.open311(), "closed");
        assert_eq!(S::Forwarded.open311(), "closed");
        assert_eq!(S::Cancelled.open311(), "closed");
    }

    #[test]
    fn references_format_and_parse() {
        let r = CaseReference::new(CaseKind::Report, 2026, 123).unwrap();
        assert_eq!(r.to_string(), "M-2026-000123");
        assert_eq!("M-2026-000123".parse(), Ok(r));
        let k = CaseReference::new(CaseKind::Complaint, 2026, 45).unwrap();
        assert_eq!(k.to_string(), "K-2026-000045");
        assert_eq!("k-2026-000045".parse(), Ok(k));
        for bad in [
            "",
            "M-2026-123",
            "X-2026-000123",
            "M-26-000123",
            "M-2026-000000",
            "M-2026-00012a",
            "M-2026-000123-1",
        ] {
            assert!(bad.parse::<CaseReference>().is_err(), "{bad}");
        }
        assert!(CaseReference::new(CaseKind::Report, 2026, 1_000_000).is_err());
    }

    #[test]
    fn complaint_terms_are_calendar_days() {
        let terms = ComplaintTerms::default();
        // Received 20 December: 10 days is 30 December, 45 days crosses the year end.
        assert_eq!(terms.acknowledge_by(d(2026, 12, 20)), d(2026, 12, 30));
        assert_eq!(terms.answer_by(d(2026, 12, 20)), d(2027, 2, 3));
        assert_eq!(terms.latest_extension(d(2026, 12, 20)), d(2027, 3, 20));
        // Leap year.
        assert_eq!(terms.answer_by(d(2028, 1, 20)), d(2028, 3, 5));
    }

    #[test]
    fn a_complaint_is_extended_once_before_day_45_to_at_most_day_90() {
        let terms = ComplaintTerms::default();
        let received = d(2026, 3, 1);
        let ok = terms.check_extension(received, false, d(2026, 4, 14), d(2026, 5, 30));
        assert_eq!(ok, Ok(()));
        assert_eq!(
            terms.check_extension(received, true, d(2026, 3, 10), d(2026, 5, 1)),
            Err(ExtensionError::AlreadyExtended)
        );
        // Day 45 is 15 April: too late on that day.
        assert_eq!(
            terms.check_extension(received, false, d(2026, 4, 15), d(2026, 5, 1)),
            Err(ExtensionError::TooLate)
        );
        assert_eq!(
            terms.check_extension(received, false, d(2026, 3, 10), d(2026, 4, 15)),
            Err(ExtensionError::NotLater)
        );
        assert_eq!(
            terms.check_extension(received, false, d(2026, 3, 10), d(2026, 5, 31)),
            Err(ExtensionError::TooFar)
        );
        assert_eq!(
            terms.check_extension(received, false, d(2026, 3, 10), d(2026, 5, 30)),
            Ok(())
        );
    }

    #[test]
    fn report_terms_count_working_days_across_holidays_and_year_ends() {
        let calendar = WorkingCalendar::new(ClosingDays::new([], [(12, 24), (7, 11)]));
        // Received Monday 21 December 2026, 5 working days: 22, 23, (24 closed, 25 Christmas,
        // weekend) 28, 29, 30.
        assert_eq!(report_due(&calendar, d(2026, 12, 21), 5), d(2026, 12, 30));
        // Across New Year: 31 Dec, (1 Jan holiday, weekend) 4 Jan, 5 Jan.
        assert_eq!(report_due(&calendar, d(2026, 12, 30), 3), d(2027, 1, 5));
        // Received on a Sunday before Easter Monday 2027 (29 March).
        assert_eq!(report_due(&calendar, d(2027, 3, 28), 1), d(2027, 3, 30));
        // Ascension 2027 is Thursday 6 May.
        assert_eq!(report_due(&calendar, d(2027, 5, 5), 2), d(2027, 5, 10));
    }

    #[test]
    fn waiting_for_the_resident_pauses_the_report_term() {
        let calendar = WorkingCalendar::default();
        let due = d(2026, 11, 27); // Friday
        // Paused on Monday 23, the resident answered on Wednesday 25: two working days.
        assert_eq!(
            resume_term(&calendar, due, d(2026, 11, 23), d(2026, 11, 25)),
            d(2026, 12, 1)
        );
        // Answered the same day: nothing changes.
        assert_eq!(
            resume_term(&calendar, due, d(2026, 11, 23), d(2026, 11, 23)),
            due
        );
        // Paused over a weekend only: nothing changes.
        assert_eq!(
            resume_term(&calendar, due, d(2026, 11, 20), d(2026, 11, 22)),
            due
        );
    }

    #[test]
    fn three_quarters_of_the_term() {
        let calendar = WorkingCalendar::default();
        // A report with 4 working days (Mon 23 -> Fri 27 November): 3 days passed on Thursday.
        let (r, due) = (d(2026, 11, 23), d(2026, 11, 27));
        assert!(!term_three_quarters_passed(
            CaseKind::Report,
            &calendar,
            r,
            due,
            d(2026, 11, 25)
        ));
        assert!(term_three_quarters_passed(
            CaseKind::Report,
            &calendar,
            r,
            due,
            d(2026, 11, 26)
        ));
        // A complaint of 45 calendar days: day 34 is 75.5 %, day 33 is 73 %.
        let r = d(2026, 1, 1);
        let due = ComplaintTerms::default().answer_by(r);
        assert!(!term_three_quarters_passed(
            CaseKind::Complaint,
            &calendar,
            r,
            due,
            d(2026, 2, 3)
        ));
        assert!(term_three_quarters_passed(
            CaseKind::Complaint,
            &calendar,
            r,
            due,
            d(2026, 2, 4)
        ));
        // A term of zero days never warns.
        assert!(!term_three_quarters_passed(
            CaseKind::Report,
            &calendar,
            r,
            r,
            r
        ));
    }

    #[test]
    fn the_reopen_window_is_fourteen_days() {
        let closed = d(2026, 12, 24);
        assert!(within_reopen_window(closed, closed));
        assert!(within_reopen_window(closed, d(2027, 1, 7)));
        assert!(!within_reopen_window(closed, d(2027, 1, 8)));
        assert!(!within_reopen_window(closed, d(2026, 12, 23)));
    }
}
