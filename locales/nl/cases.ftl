# Meldingen en klachten: labels die de inwoner, de behandelaar, de e-mails en de rapporten delen.
case-kind-report = Melding
case-kind-complaint = Klacht

case-status-received = Ontvangen
case-status-triaged = In behandeling
case-status-waiting_for_resident = We wachten op jouw antwoord
case-status-scheduled = Ingepland
case-status-forwarded = Doorgestuurd naar een andere organisatie
case-status-resolved = Opgelost
case-status-reopened = Opnieuw geopend
case-status-cancelled = Stopgezet
case-status-admissibility_review = We bekijken of we je klacht kunnen behandelen
case-status-inadmissible = Niet ontvankelijk
case-status-investigation = In onderzoek
case-status-decided = Beslist
case-status-closed = Afgesloten

case-action-triage = Toewijzen
case-action-ask_resident = Vraag stellen aan de inwoner
case-action-resident_answers = Inwoner antwoordt
case-action-schedule = Inplannen
case-action-forward = Doorsturen
case-action-resolve = Oplossen
case-action-reopen = Heropenen
case-action-cancel = Stopzetten
case-action-start_review = Ontvankelijkheid onderzoeken
case-action-admit = Ontvankelijk verklaren
case-action-reject = Niet ontvankelijk verklaren
case-action-extend = Termijn verlengen
case-action-decide = Beslissen
case-action-close = Afsluiten
case-action-withdraw = Intrekken

case-reason-anonymous = Je gaf je naam of adres niet op. Een klacht zonder naam kunnen we niet behandelen.
case-reason-already_handled = We hebben deze klacht al eerder behandeld.
case-reason-older_than_one_year = Wat je beschrijft gebeurde meer dan een jaar voor je klacht.
case-reason-appeal_possible = Tegen deze beslissing kan je in beroep gaan. Dat is de juiste weg.
case-reason-about_policy = Je klacht gaat over het beleid van de gemeente, niet over hoe een dienst handelde.
case-reason-converted_to_report = Dit is geen klacht maar een melding. We behandelen ze als melding.
case-reason-not_competent = De gemeente is hiervoor niet bevoegd. We stuurden je klacht door.

case-outcome-founded = Gegrond
case-outcome-partly_founded = Deels gegrond
case-outcome-unfounded = Ongegrond
case-outcome-resolved_informally = In der minne opgelost
case-outcome-withdrawn = Ingetrokken

ombudsnorm-lawfulness = Overeenstemming met het recht
ombudsnorm-equality = Gelijkheid en onpartijdigheid
ombudsnorm-reasonableness = Redelijkheid en evenredigheid
ombudsnorm-legal_certainty = Rechtszekerheid en gerechtvaardigd vertrouwen
ombudsnorm-adequate_reasons = Afdoende motivering
ombudsnorm-proper_correspondence = Deugdelijke correspondentie
ombudsnorm-courtesy = Correcte bejegening
ombudsnorm-due_care = Zorgvuldigheid
ombudsnorm-active_service = Actieve dienstverlening
ombudsnorm-efficient_coordination = Efficiënte coördinatie
ombudsnorm-reasonable_term = Redelijke behandeltermijn
ombudsnorm-adequate_information = Adequate informatieverstrekking
ombudsnorm-accessibility = Vlotte bereikbaarheid

case-channel-web = Website
case-channel-open311 = Open311
case-channel-api = API
case-channel-counter = Loket
case-channel-phone = Telefoon
case-channel-email = E-mail
