# Onthaal: zuil, volgnummers, balie en oproepscherm.
nav-counter = Balie

kiosk-title = Welkom
kiosk-heading = Welkom. Waarvoor kom je?
kiosk-walk-in = Zonder afspraak: kies een dienst en neem een volgnummer
kiosk-appointment = Ik heb een afspraak
kiosk-reference = Referentie van je afspraak
kiosk-reference-hint = Die staat in je bevestiging, bijvoorbeeld A-7K3M-9PQX. Je kan ook de QR-code scannen.
kiosk-check-in = Inchecken
kiosk-error-reference-empty = Typ de referentie van je afspraak, of scan de QR-code.
kiosk-error-reference-unknown = We vinden geen afspraak met deze referentie. Kijk de referentie na, of neem een volgnummer.
kiosk-error-not-today = Je afspraak is niet vandaag. Kijk de datum in je bevestiging na.
kiosk-error-already-checked-in = Je bent al ingecheckt. Je wordt zo opgeroepen.

ticket-title = Volgnummer { $ticket }
ticket-your-number = Je nummer
ticket-checked-in = Je bent ingecheckt voor je afspraak.
ticket-late = Je bent te laat voor je afspraak. Je staat nu in de rij zonder afspraak.
ticket-appointment-ready = Je afspraak staat klaar.
ticket-next = Je bent als volgende aan de beurt.
ticket-ahead = { $count ->
    [one] Er is 1 persoon voor jou.
   *[other] Er zijn { $count } personen voor jou.
}
ticket-estimate = Je wacht ongeveer { $minutes } minuten.
ticket-called = Je wordt opgeroepen. Kijk naar het scherm.
ticket-done = Dit nummer is al opgeroepen.
ticket-print = Druk af
ticket-back = Klaar

console-choose-title = Kies je loket
console-counter = Loket
console-open = Open het loket
console-no-counters = Er zijn geen actieve loketten.
console-other-counter = Ander loket
console-notice-niemand = Niemand wacht.
console-notice-verwezen = De bezoeker is doorverwezen.
console-notice-gesloten = Het bezoek is afgesloten.
console-notice-niet-open = Dit bezoek is niet meer open aan dit loket. Kijk de lijst na.
console-current = Nu aan het loket
console-late = Te laat
console-kind = Soort
console-kind-walk_in = Zonder afspraak
console-kind-appointment = Afspraak
console-waited = wachtte { $minutes } min
console-recall = Opnieuw oproepen
console-served = Geholpen
console-no-show = Niet gekomen
console-transfer-to = Doorverwijzen naar
console-transfer = Doorverwijzen
console-nobody-called = Er is niemand opgeroepen.
console-next = Volgende
console-waiting = { $count ->
    [one] 1 wachtende
   *[other] { $count } wachtenden
}
console-estimate = Een nieuwe bezoeker wacht ongeveer { $minutes } minuten.
console-waiting-caption = Wachtenden van { $cluster }, in de volgorde van oproepen
console-ticket = Nummer
console-waited-so-far = Wacht al
console-ready-from = vanaf { $time }
console-minutes = { $minutes } min
console-nobody-waiting = Niemand wacht.
console-upcoming = Afspraken die nog komen vandaag
console-no-upcoming = Er komen vandaag geen afspraken meer.

display-title = Oproepscherm
display-heading = Oproepen
display-caption = De laatste oproepen, de nieuwste eerst
display-number = Nummer
display-counter = Loket
display-time = Uur
display-empty = Nog niemand opgeroepen.
display-say = Nummer

queue-now = Wachtrij nu
queue-nobody = Niemand wacht
queue-waiting = { $count ->
    [one] 1 wachtende, ongeveer { $minutes } min
   *[other] { $count } wachtenden, ongeveer { $minutes } min
}
queue-product = Wachtrij aan het loket
kiosk-products = Of kies waarvoor je komt
