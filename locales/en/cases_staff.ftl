# The staff side: the inbox of reports and complaints, the case page, the steps, and the
# e-mails a step sends to the resident (and the notices to handlers).

nav-inbox = Reports and complaints

inbox-title = Reports and complaints
inbox-summary = Overview
inbox-summary-open = { $count ->
    [one] 1 open case
   *[other] { $count } open cases
}
inbox-summary-overdue = { $count } overdue
inbox-summary-due-soon = { $count } due within 2 working days
inbox-summary-mine = { $count } assigned to me
inbox-filters = Filters
inbox-filter-kind = Kind
inbox-any = All
inbox-filter-category = Category
inbox-filter-department = Department
inbox-filter-status = Status
inbox-status-open = All open cases
inbox-status-all = All cases, closed ones too
inbox-filter-due = Term
inbox-due-within = Due within { $days } working days
inbox-filter-overdue = Only overdue cases
inbox-filter-mine = Only cases assigned to me
inbox-filter-apply = Show
inbox-caption = { $count ->
    [one] 1 case
   *[other] { $count } cases
}, earliest term first (page { $page } of { $pages })
inbox-col-reference = Reference
inbox-col-kind = Kind
inbox-col-category = Category
inbox-col-department = Department
inbox-col-status = Status
inbox-col-received = Received
inbox-col-due = Due
inbox-col-assignee = Handler
inbox-overdue = Overdue
inbox-paused = Paused
inbox-empty = No cases for these filters.
inbox-pages = Pages
inbox-previous = Previous page
inbox-next = Next page
inbox-page-of = Page { $page } of { $pages }

inbox-saved = The step was saved.
inbox-paused-since = Term paused since { $date }
inbox-take = Take this case
inbox-details = Details
inbox-about-department = Complaint about the department
inbox-nobody = Nobody
inbox-channel = Received through
inbox-extended-to = extended to { $date }
inbox-extension-reason = Reason for the extension
inbox-scheduled-on = Scheduled on
inbox-forwarded-to = Forwarded to
inbox-inadmissible-reason = Not admissible because
inbox-outcome = Decision
inbox-norms = Ombudsman norms breached
inbox-improvement-actions = Improvement actions
inbox-closing-text = Answer to the resident
inbox-satisfied = Satisfied
inbox-yes = Yes
inbox-no = No
inbox-description = What the resident wrote
inbox-happened-on = When it happened
inbox-expectation = What the resident expects
inbox-place = Place
inbox-coordinates = Coordinates
inbox-map = Show on OpenStreetMap
inbox-photos = Photos
inbox-photo-alt = Photo { $number } with { $reference }
inbox-policy = Policy
inbox-policy-none = This category is not linked to a policy action yet.
inbox-linked = Linked cases
inbox-linked-duplicate-of = Duplicate of
inbox-linked-converted-from = Made from complaint
inbox-linked-duplicate = Duplicate report
inbox-linked-converted-to = Converted to report
inbox-contact = Contact details
inbox-contact-name = Name
inbox-contact-email = E-mail
inbox-contact-phone = Phone
inbox-not-given = Not given
inbox-contact-hidden = Hidden. Only staff of the department { $department } and managers see the resident's contact details. This protects the resident's privacy.
inbox-steps = Next step
inbox-ask-hint = The resident gets your question by e-mail and answers on the tracking page. While you wait, the term does not run.
inbox-field-question = Your question to the resident
inbox-field-date = Date
inbox-mailed-hint = The resident gets this by e-mail.
inbox-field-message-optional = Message to the resident (optional)
inbox-field-organisation = To which organisation?
inbox-closing-hint = Required. The resident gets this text by e-mail, with the question whether they are satisfied.
inbox-field-reason = Reason
inbox-cancel-reason-spam = Spam or abuse
inbox-cancel-reason-withdrawn = The resident withdrew the report
inbox-cancel-reason-duplicate = Duplicate report
inbox-duplicate-hint = For a duplicate: the reference of the report we do handle, e.g. M-2026-000123.
inbox-field-duplicate-of = Duplicate of
inbox-start-review-help = You check whether the complaint is admissible. The resident gets no e-mail about this.
inbox-admit-help = The resident gets an e-mail that we handle the complaint, with the date we will answer by.
inbox-field-inadmissible-reason = Why is the complaint not admissible?
inbox-explanation-hint = The resident gets the reason and this explanation by e-mail. Did you forward the complaint? Then say to whom (required).
inbox-field-explanation = Explanation to the resident
inbox-extend-hint = Once, before the normal term has passed. At the latest { $latest }.
inbox-field-new-date = New date for the answer
inbox-field-motivation = Motivation
inbox-decide-help = Staff of the department the complaint is about cannot decide it.
inbox-choose = Choose
inbox-close-help = The resident already has the answer. Closing sends no e-mail.
inbox-messages = Messages
inbox-public-message = Message to the resident
inbox-no-email-hint = The resident gave no e-mail address. The message is only on the tracking page.
inbox-field-message = Message
inbox-send-message = Send the message
inbox-internal-note = Internal note
inbox-note-hint = For staff only. The resident never sees this and gets no e-mail.
inbox-field-note = Note
inbox-add-note = Save the note
inbox-history = History
inbox-internal = Internal

inbox-event-received = Received
inbox-event-message = Message to the resident
inbox-event-note = Internal note
inbox-event-resident_message = Message from the resident
inbox-event-satisfied = The resident is satisfied
inbox-event-not_satisfied = The resident is not satisfied
inbox-event-reopen_requested = The resident asks to look at the complaint again
inbox-event-more_time = The resident was told we need more time
inbox-event-term_warning = The handlers were told: 75 % of the term has passed

inbox-error-required = Fill this in.
inbox-error-too-long = This text is too long. Keep it under 10,000 characters.
inbox-error-line-too-long = This is too long. Use one line of at most 200 characters.
inbox-error-not-a-date = This is not a date. Write the date like this: 23-11-2026.
inbox-error-date-past = This date has passed. Choose today or later.
inbox-error-not-now = This step is no longer possible: the case changed meanwhile. Look at the status and the history.
inbox-error-not-independent = You work in the department this complaint is about. So you cannot decide it yourself. Ask a colleague of another department.
inbox-error-department = Choose a department from the list.
inbox-error-assignee = Choose a handler from the list.
inbox-error-choose = Choose one of the options.
inbox-error-duplicate-self = A report cannot be a duplicate of itself.
inbox-error-reference-unknown = We find no case with this reference.
inbox-error-reference-format = This is not a reference. A reference looks like this: M-2026-000123.
inbox-error-extension-once = This complaint was already extended. That is possible only once.
inbox-error-extension-too-late = Too late: an extension is possible only before the normal term has passed.
inbox-error-extension-not-later = Choose a date after the current term.
inbox-error-extension-too-far = This date is too late. Choose a date within the longest term.

# E-mails to the resident
casemail-greeting-anonymous = Hello,
casemail-reference = Reference
casemail-category = Subject
casemail-status = Status
casemail-follow = You can always follow your case with this link:
casemail-follow-button = View your case
casemail-answer-button = Answer on your case page

casemail-more-info-subject = Question about your report { $reference }
casemail-more-info-intro = To handle your report well, we need more information.
casemail-question = Our question
casemail-more-info-how = Answer through the link below. You cannot reply to this e-mail.
casemail-more-info-pause = Until you answer, the term of your report is on hold.

casemail-scheduled-subject = Your report { $reference } is scheduled
casemail-scheduled-intro = We scheduled the work for your report on { $date }.
casemail-message = Message from the handler

casemail-forwarded-subject = Your report { $reference } was forwarded
casemail-forwarded-intro = Your report is not about something of the municipality. We forwarded it to { $to }. They will handle it.
casemail-forwarded-contact = Any questions about how it is handled? Then contact { $to }.

casemail-resolved-subject = Your report { $reference } is resolved
casemail-resolved-intro = Your report was handled. This is our answer:
casemail-satisfaction-question = Are you satisfied with how we handled your report?
casemail-satisfied-yes = Yes, I am satisfied
casemail-satisfied-no = No, I am not satisfied
casemail-reopen-note = Not satisfied? Tell us within { $days } days. Then we reopen your report.

casemail-reopened-subject = Your report { $reference } was reopened
casemail-reopened-intro = We reopened your report. We will handle it further.
casemail-reason = Why

casemail-more-time-subject = Your report { $reference }: we need more time
casemail-more-time-intro = We promised to handle your report by { $date }. We cannot make it: we need more time.
casemail-more-time-keep = We will keep you informed. You get an e-mail as soon as there is news.

casemail-admissible-subject = We are handling your complaint { $reference }
casemail-admissible-intro = We looked at your complaint. We will handle it.
casemail-admissible-deadline = You will get our answer by { $date } at the latest.

casemail-inadmissible-subject = We cannot handle your complaint { $reference } as a complaint
casemail-inadmissible-intro = We looked at your complaint. We cannot handle it as a complaint. This is the reason:
casemail-explanation = Explanation
casemail-where-to-go = What can you do?
casemail-next-anonymous = File your complaint again with your name and e-mail address. Then we can handle it.
casemail-next-already_handled = Do you disagree with our earlier answer? Then you can turn to the Flemish Ombudsman: https://www.vlaamseombudsdienst.be or free on 1700.
casemail-next-older_than_one_year = You can still take your question or problem to the department itself. Or contact the Flemish Ombudsman: https://www.vlaamseombudsdienst.be or free on 1700.
casemail-next-appeal_possible = Appeal as the decision explains. It also says until when you can.
casemail-next-about_policy = Do you want to comment on the policy? You can do so at the municipal council or with the board of mayor and aldermen.
casemail-next-converted_to_report = We handle your question as a report. You will get a separate e-mail with a new reference and a link to follow the report.
casemail-next-not_competent = We forwarded your complaint to whoever is competent. They will contact you.

casemail-extended-subject = We need more time for your complaint { $reference }
casemail-extended-intro = We need more time to look into your complaint properly. You will get our answer by { $date } at the latest.
casemail-motivation = Why

casemail-decision-subject = Our answer to your complaint { $reference }
casemail-decision-intro = We looked into your complaint. This is our decision:
casemail-outcome = Decision
casemail-norms = What did not go well (the norms of the Flemish Ombudsman)
casemail-measures = What we will improve
casemail-second-line = Not satisfied with our answer?
casemail-second-line-text = Then you can turn to the Flemish Ombudsman free of charge: https://www.vlaamseombudsdienst.be or call 1700 (free). Does { $municipality } have its own ombudsman? Then you can go there too.

casemail-message-subject = New message about { $reference }
casemail-message-intro = You have a message about your case:
casemail-message-reply = Do you want to react? Do so through the link below. You cannot reply to this e-mail.

# E-mails to handlers
casemail-staff-greeting = Hello { $name },
casemail-open-case = Open the case
casemail-term-warning-subject = { $reference }: 75 % of the term has passed (due { $due })
casemail-term-warning-intro = Three quarters of this case's term have passed. It must be done by { $due }.
casemail-label-kind = Kind
casemail-label-department = Department
casemail-label-received = Received
casemail-label-due = Due
casemail-digest-subject = { $count ->
    [one] 1 case is overdue
   *[other] { $count } cases are overdue
}
casemail-digest-intro = These are the cases of your department(s) that are overdue on { $day }:
casemail-days-late = { $days ->
    [one] 1 day late
   *[other] { $days } days late
}
casemail-digest-all = All overdue cases
casemail-staff-footer = You get this e-mail because you are in this department in Loket.
