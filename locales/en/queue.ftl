# Front office: kiosk, tickets, counter console and call display.
nav-counter = Counter

kiosk-title = Welcome
kiosk-heading = Welcome. What are you here for?
kiosk-walk-in = Without an appointment: choose a service and take a ticket
kiosk-appointment = I have an appointment
kiosk-reference = Reference of your appointment
kiosk-reference-hint = You find it in your confirmation, for example A-7K3M-9PQX. You can also scan the QR code.
kiosk-check-in = Check in
kiosk-error-reference-empty = Type the reference of your appointment, or scan the QR code.
kiosk-error-reference-unknown = We find no appointment with this reference. Check the reference, or take a ticket.
kiosk-error-not-today = Your appointment is not today. Check the date in your confirmation.
kiosk-error-already-checked-in = You are already checked in. You will be called soon.

ticket-title = Ticket { $ticket }
ticket-your-number = Your number
ticket-checked-in = You are checked in for your appointment.
ticket-late = You are late for your appointment. You are now in the queue without an appointment.
ticket-appointment-ready = Your appointment is ready.
ticket-next = You are next.
ticket-ahead = { $count ->
    [one] There is 1 person before you.
   *[other] There are { $count } people before you.
}
ticket-estimate = You wait about { $minutes } minutes.
ticket-called = You will be called. Watch the screen.
ticket-done = This number has already been called.
ticket-print = Print
ticket-back = Done

console-choose-title = Choose your counter
console-counter = Counter
console-open = Open the counter
console-no-counters = There are no active counters.
console-other-counter = Other counter
console-notice-niemand = Nobody is waiting.
console-notice-verwezen = The visitor was sent on.
console-notice-gesloten = The visit is closed.
console-notice-niet-open = This visit is no longer open at this counter. Check the list.
console-current = Now at the counter
console-late = Late
console-kind = Kind
console-kind-walk_in = Walk-in
console-kind-appointment = Appointment
console-waited = waited { $minutes } min
console-recall = Call again
console-served = Served
console-no-show = Did not come
console-transfer-to = Send on to
console-transfer = Send on
console-nobody-called = Nobody has been called.
console-next = Next
console-waiting = { $count ->
    [one] 1 waiting
   *[other] { $count } waiting
}
console-estimate = A new visitor waits about { $minutes } minutes.
console-waiting-caption = Waiting at { $cluster }, in the order they will be called
console-ticket = Number
console-waited-so-far = Waiting for
console-ready-from = from { $time }
console-minutes = { $minutes } min
console-nobody-waiting = Nobody is waiting.
console-upcoming = Appointments still to come today
console-no-upcoming = No more appointments today.

display-title = Call display
display-heading = Calls
display-caption = The latest calls, newest first
display-number = Number
display-counter = Counter
display-time = Time
display-empty = Nobody called yet.
display-say = Number

queue-now = Queue now
queue-nobody = Nobody waiting
queue-waiting = { $count ->
    [one] 1 waiting, about { $minutes } min
   *[other] { $count } waiting, about { $minutes } min
}
queue-product = Queue at the counter
kiosk-products = Or choose what you came for
