# Reports and complaints: labels shared by residents, handlers, e-mails and reports.
case-kind-report = Report
case-kind-complaint = Complaint

case-status-received = Received
case-status-triaged = Being handled
case-status-waiting_for_resident = Waiting for your answer
case-status-scheduled = Scheduled
case-status-forwarded = Forwarded to another organisation
case-status-resolved = Resolved
case-status-reopened = Reopened
case-status-cancelled = Stopped
case-status-admissibility_review = We are checking whether we can handle your complaint
case-status-inadmissible = Not admissible
case-status-investigation = Under investigation
case-status-decided = Decided
case-status-closed = Closed

case-action-triage = Assign
case-action-ask_resident = Ask the resident a question
case-action-resident_answers = Resident answers
case-action-schedule = Schedule
case-action-forward = Forward
case-action-resolve = Resolve
case-action-reopen = Reopen
case-action-cancel = Stop
case-action-start_review = Review admissibility
case-action-admit = Declare admissible
case-action-reject = Declare not admissible
case-action-extend = Extend the term
case-action-decide = Decide
case-action-close = Close
case-action-withdraw = Withdraw

case-reason-anonymous = You did not give your name or address. We cannot handle a complaint without a name.
case-reason-already_handled = We already handled this complaint before.
case-reason-older_than_one_year = What you describe happened more than a year before your complaint.
case-reason-appeal_possible = You can appeal against this decision. That is the right way.
case-reason-about_policy = Your complaint is about the municipality's policy, not about how a service acted.
case-reason-converted_to_report = This is not a complaint but a report. We handle it as a report.
case-reason-not_competent = The municipality is not competent for this. We forwarded your complaint.

case-outcome-founded = Founded
case-outcome-partly_founded = Partly founded
case-outcome-unfounded = Unfounded
case-outcome-resolved_informally = Resolved informally
case-outcome-withdrawn = Withdrawn

ombudsnorm-lawfulness = Conformity with the law
ombudsnorm-equality = Equality and impartiality
ombudsnorm-reasonableness = Reasonableness and proportionality
ombudsnorm-legal_certainty = Legal certainty and legitimate expectations
ombudsnorm-adequate_reasons = Adequate reasons
ombudsnorm-proper_correspondence = Proper correspondence
ombudsnorm-courtesy = Courtesy
ombudsnorm-due_care = Due care
ombudsnorm-active_service = Active service
ombudsnorm-efficient_coordination = Efficient coordination
ombudsnorm-reasonable_term = Reasonable handling time
ombudsnorm-adequate_information = Adequate information
ombudsnorm-accessibility = Easy to reach

case-channel-web = Website
case-channel-open311 = Open311
case-channel-api = API
case-channel-counter = Counter
case-channel-phone = Phone
case-channel-email = E-mail
