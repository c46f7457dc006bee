# E-mails to residents (templates/emails/) and the outbox page for administrators.

mail-greeting = Dear { $name },
mail-signoff = Kind regards
mail-footer = This is an automatic e-mail from { $municipality }. Replies to it are not read.

mail-label-reference = Reference
mail-label-product = What for
mail-label-when = When
mail-label-duration = How long
mail-label-place = Where
mail-label-cluster = Department
mail-minutes = { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}
mail-bring-heading = Please bring
mail-qr-help = When you arrive, scan this code at the check-in kiosk. Or give your reference { $reference } at the reception desk.
mail-calendar-add = The attached file afspraak.ics puts the appointment in your calendar.
mail-calendar-update = The attached file afspraak.ics updates the appointment in your calendar.
mail-calendar-remove = The attached file afspraak.ics removes the appointment from your calendar.
mail-manage-help = Want to move or cancel the appointment? Use this link:
mail-manage-button = View, move or cancel the appointment
mail-view-button = View the appointment

mail-confirmed-subject = Your appointment on { $when } is confirmed
mail-confirmed-intro = Thank you. Your appointment with { $municipality } is confirmed.

mail-moved-subject = Your appointment has moved to { $when }
mail-moved-intro = Your appointment has moved. This is the new time. The old time no longer applies.

mail-cancelled-subject = Your appointment on { $when } is cancelled
mail-cancelled-intro = Your appointment is cancelled. You do not need to come.
mail-cancelled-again = Still want to come? Make a new appointment on our website.

mail-reminder-subject = Reminder: your appointment on { $when }
mail-reminder-intro = This is a reminder of your appointment with { $municipality }.
mail-reminder-cannot = Cannot come? Please cancel the appointment, so someone else can have the time.

mail-earlier-subject = An earlier time is free for { $product }
mail-earlier-intro = Good news: an earlier time is free for { $product }.
mail-earlier-when = The time is { $when }.
mail-earlier-first = First come, first served. Do you want it? Then click this link:
mail-earlier-take = Take this time
mail-earlier-gone = Is the time already gone? Then your appointment stays as it is.
mail-earlier-keep = Want to keep your appointment as it is? Then you need not do anything.

admin-outbox = Outgoing e-mail
outbox-title = Outgoing e-mail
outbox-intro = The latest 200 e-mails to residents. E-mails with an error come first. Loket tries them again until they have gone out.
outbox-counts = Counts
outbox-count-waiting = Not yet sent
outbox-count-failing = With an error
outbox-count-sent = Sent
outbox-caption = Outgoing e-mails, those with an error first
outbox-col-kind = Kind
outbox-col-recipient = To
outbox-col-subject = Subject
outbox-col-created = Created
outbox-col-attempts = Attempts
outbox-col-status = Status
outbox-col-error = Last error
outbox-failing = Error
outbox-status-sent = Sent on { $at }
outbox-status-retry = Next attempt at { $at }
outbox-status-waiting = Goes out at { $at }
outbox-empty = There are no e-mails yet.
