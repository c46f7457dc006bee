# De kant van de medewerkers: de inbox van meldingen en klachten, het dossier, de stappen,
# en de e-mails die een stap naar de inwoner stuurt (en de meldingen aan behandelaars).

nav-inbox = Meldingen en klachten

inbox-title = Meldingen en klachten
inbox-summary = Overzicht
inbox-summary-open = { $count ->
    [one] 1 open dossier
   *[other] { $count } open dossiers
}
inbox-summary-overdue = { $count ->
    [one] 1 te laat
   *[other] { $count } te laat
}
inbox-summary-due-soon = { $count } binnen 2 werkdagen af
inbox-summary-mine = { $count } aan mij toegewezen
inbox-filters = Filters
inbox-filter-kind = Soort
inbox-any = Alle
inbox-filter-category = Categorie
inbox-filter-department = Dienst
inbox-filter-status = Status
inbox-status-open = Alle open dossiers
inbox-status-all = Alle dossiers, ook afgesloten
inbox-filter-due = Termijn
inbox-due-within = Af binnen { $days } werkdagen
inbox-filter-overdue = Alleen dossiers die te laat zijn
inbox-filter-mine = Alleen dossiers die aan mij zijn toegewezen
inbox-filter-apply = Toon
inbox-caption = { $count ->
    [one] 1 dossier
   *[other] { $count } dossiers
}, de vroegste termijn eerst (pagina { $page } van { $pages })
inbox-col-reference = Referentie
inbox-col-kind = Soort
inbox-col-category = Categorie
inbox-col-department = Dienst
inbox-col-status = Status
inbox-col-received = Ontvangen
inbox-col-due = Termijn tot
inbox-col-assignee = Behandelaar
inbox-overdue = Te laat
inbox-paused = Gepauzeerd
inbox-empty = Geen dossiers voor deze filters.
inbox-pages = Pagina's
inbox-previous = Vorige pagina
inbox-next = Volgende pagina
inbox-page-of = Pagina { $page } van { $pages }

inbox-saved = De stap is opgeslagen.
inbox-paused-since = Termijn gepauzeerd sinds { $date }
inbox-take = Neem dit dossier
inbox-details = Gegevens
inbox-about-department = Klacht over de dienst
inbox-nobody = Niemand
inbox-channel = Ontvangen via
inbox-extended-to = verlengd tot { $date }
inbox-extension-reason = Reden van de verlenging
inbox-scheduled-on = Ingepland op
inbox-forwarded-to = Doorgestuurd naar
inbox-inadmissible-reason = Niet ontvankelijk omdat
inbox-outcome = Beslissing
inbox-norms = Geschonden ombudsnormen
inbox-improvement-actions = Verbeteracties
inbox-closing-text = Antwoord aan de inwoner
inbox-satisfied = Tevreden
inbox-yes = Ja
inbox-no = Nee
inbox-description = Wat de inwoner schreef
inbox-happened-on = Wanneer het gebeurde
inbox-expectation = Wat de inwoner verwacht
inbox-place = Plaats
inbox-coordinates = Coördinaten
inbox-map = Toon op OpenStreetMap
inbox-photos = Foto's
inbox-photo-alt = Foto { $number } bij { $reference }
inbox-policy = Beleid
inbox-policy-none = Deze categorie is nog niet aan een beleidsactie gekoppeld.
inbox-linked = Gekoppelde dossiers
inbox-linked-duplicate-of = Dubbel van
inbox-linked-converted-from = Gemaakt van klacht
inbox-linked-duplicate = Dubbele melding
inbox-linked-converted-to = Omgezet naar melding
inbox-contact = Contactgegevens
inbox-contact-name = Naam
inbox-contact-email = E-mail
inbox-contact-phone = Telefoon
inbox-not-given = Niet opgegeven
inbox-contact-hidden = Verborgen. Alleen medewerkers van de dienst { $department } en managers zien de contactgegevens van de inwoner. Zo beschermen we de privacy van de inwoner.
inbox-steps = Volgende stap
inbox-ask-hint = De inwoner krijgt je vraag per e-mail en antwoordt via de opvolgpagina. Zolang je wacht, loopt de termijn niet.
inbox-field-question = Je vraag aan de inwoner
inbox-field-date = Datum
inbox-mailed-hint = De inwoner krijgt dit per e-mail.
inbox-field-message-optional = Bericht aan de inwoner (niet verplicht)
inbox-field-organisation = Naar welke organisatie?
inbox-closing-hint = Verplicht. De inwoner krijgt deze tekst per e-mail, met de vraag of hij of zij tevreden is.
inbox-field-reason = Reden
inbox-cancel-reason-spam = Spam of misbruik
inbox-cancel-reason-withdrawn = De inwoner trok de melding in
inbox-cancel-reason-duplicate = Dubbele melding
inbox-duplicate-hint = Bij een dubbele melding: de referentie van de melding die we wel behandelen, bv. M-2026-000123.
inbox-field-duplicate-of = Dubbel van
inbox-start-review-help = Je bekijkt of de klacht ontvankelijk is. De inwoner krijgt hier geen e-mail over.
inbox-admit-help = De inwoner krijgt een e-mail dat we de klacht behandelen, met de datum waarop we antwoorden.
inbox-field-inadmissible-reason = Waarom is de klacht niet ontvankelijk?
inbox-explanation-hint = De inwoner krijgt de reden en deze uitleg per e-mail. Stuurde je de klacht door? Zeg dan naar wie (verplicht).
inbox-field-explanation = Uitleg aan de inwoner
inbox-extend-hint = Eén keer, voor de gewone termijn voorbij is. Uiterlijk { $latest }.
inbox-field-new-date = Nieuwe datum voor het antwoord
inbox-field-motivation = Motivering
inbox-decide-help = Een medewerker van de dienst waarover de klacht gaat, kan de klacht niet beslissen.
inbox-choose = Kies
inbox-close-help = De inwoner heeft het antwoord al. Afsluiten stuurt geen e-mail.
inbox-messages = Berichten
inbox-public-message = Bericht aan de inwoner
inbox-no-email-hint = De inwoner gaf geen e-mailadres. Het bericht staat alleen op de opvolgpagina.
inbox-field-message = Bericht
inbox-send-message = Verstuur het bericht
inbox-internal-note = Interne notitie
inbox-note-hint = Alleen voor medewerkers. De inwoner ziet dit nooit en krijgt geen e-mail.
inbox-field-note = Notitie
inbox-add-note = Bewaar de notitie
inbox-history = Geschiedenis
inbox-internal = Intern

inbox-event-received = Ontvangen
inbox-event-message = Bericht aan de inwoner
inbox-event-note = Interne notitie
inbox-event-resident_message = Bericht van de inwoner
inbox-event-satisfied = De inwoner is tevreden
inbox-event-not_satisfied = De inwoner is niet tevreden
inbox-event-reopen_requested = De inwoner vraagt de klacht opnieuw te bekijken
inbox-event-more_time = De inwoner kreeg bericht dat we meer tijd nodig hebben
inbox-event-term_warning = De behandelaars kregen bericht: 75 % van de termijn is voorbij

inbox-error-required = Vul dit in.
inbox-error-too-long = Deze tekst is te lang. Houd het korter dan 10.000 tekens.
inbox-error-line-too-long = Dit is te lang. Gebruik één regel van hoogstens 200 tekens.
inbox-error-not-a-date = Dit is geen datum. Schrijf de datum zo: 23-11-2026.
inbox-error-date-past = Deze datum is voorbij. Kies vandaag of later.
inbox-error-not-now = Deze stap kan niet meer: het dossier is intussen veranderd. Bekijk de status en de geschiedenis.
inbox-error-not-independent = Je werkt bij de dienst waarover deze klacht gaat. Daarom kan je de klacht niet zelf beslissen. Vraag een collega van een andere dienst.
inbox-error-department = Kies een dienst uit de lijst.
inbox-error-assignee = Kies een behandelaar uit de lijst.
inbox-error-choose = Kies een van de mogelijkheden.
inbox-error-duplicate-self = Een melding kan geen dubbel van zichzelf zijn.
inbox-error-reference-unknown = We vinden geen dossier met deze referentie.
inbox-error-reference-format = Dit is geen referentie. Een referentie ziet er zo uit: M-2026-000123.
inbox-error-extension-once = Deze klacht is al verlengd. Dat kan maar één keer.
inbox-error-extension-too-late = Te laat: verlengen kan alleen voor de gewone termijn voorbij is.
inbox-error-extension-not-later = Kies een datum na de huidige termijn.
inbox-error-extension-too-far = Deze datum is te laat. Kies een datum binnen de langste termijn.

# E-mails aan de inwoner
casemail-greeting-anonymous = Beste,
casemail-reference = Referentie
casemail-category = Onderwerp
casemail-status = Status
casemail-follow = Je kan je dossier altijd volgen via deze link:
casemail-follow-button = Bekijk je dossier
casemail-answer-button = Antwoord via je dossier

casemail-more-info-subject = Vraag over je melding { $reference }
casemail-more-info-intro = Om je melding goed te behandelen, hebben we meer informatie nodig.
casemail-question = Onze vraag
casemail-more-info-how = Antwoord via de link hieronder. Je kan niet antwoorden op deze e-mail.
casemail-more-info-pause = Tot je antwoordt, staat de termijn van je melding stil.

casemail-scheduled-subject = Je melding { $reference } is ingepland
casemail-scheduled-intro = We hebben het werk voor je melding ingepland op { $date }.
casemail-message = Bericht van de behandelaar

casemail-forwarded-subject = Je melding { $reference } is doorgestuurd
casemail-forwarded-intro = Je melding gaat niet over iets van de gemeente. We stuurden ze door naar { $to }. Zij behandelen ze verder.
casemail-forwarded-contact = Heb je nog vragen over de behandeling? Neem dan contact op met { $to }.

casemail-resolved-subject = Je melding { $reference } is opgelost
casemail-resolved-intro = Je melding is behandeld. Dit is ons antwoord:
casemail-satisfaction-question = Ben je tevreden met hoe we je melding behandelden?
casemail-satisfied-yes = Ja, ik ben tevreden
casemail-satisfied-no = Nee, ik ben niet tevreden
casemail-reopen-note = Ben je niet tevreden? Zeg het ons binnen { $days } dagen. Dan openen we je melding opnieuw.

casemail-reopened-subject = Je melding { $reference } is opnieuw geopend
casemail-reopened-intro = We hebben je melding opnieuw geopend. We behandelen ze verder.
casemail-reason = Waarom

casemail-more-time-subject = Je melding { $reference }: we hebben meer tijd nodig
casemail-more-time-intro = We beloofden je melding te behandelen tegen { $date }. Dat lukt niet: we hebben meer tijd nodig.
casemail-more-time-keep = We houden je op de hoogte. Je krijgt een e-mail zodra er nieuws is.

casemail-admissible-subject = We behandelen je klacht { $reference }
casemail-admissible-intro = We hebben je klacht bekeken. We behandelen ze.
casemail-admissible-deadline = Je krijgt ons antwoord uiterlijk op { $date }.

casemail-inadmissible-subject = We kunnen je klacht { $reference } niet behandelen als klacht
casemail-inadmissible-intro = We hebben je klacht bekeken. We kunnen ze niet behandelen als klacht. Dit is de reden:
casemail-explanation = Uitleg
casemail-where-to-go = Wat kan je doen?
casemail-next-anonymous = Dien je klacht opnieuw in met je naam en e-mailadres. Dan kunnen we ze wel behandelen.
casemail-next-already_handled = Ben je het niet eens met ons eerdere antwoord? Dan kan je terecht bij de Vlaamse Ombudsdienst: https://www.vlaamseombudsdienst.be of gratis op 1700.
casemail-next-older_than_one_year = Je kan met je vraag of probleem wel terecht bij de dienst zelf. Of neem contact op met de Vlaamse Ombudsdienst: https://www.vlaamseombudsdienst.be of gratis op 1700.
casemail-next-appeal_possible = Ga in beroep zoals de beslissing het uitlegt. Daar staat ook tot wanneer dat kan.
casemail-next-about_policy = Wil je iets zeggen over het beleid? Dat kan bij de gemeenteraad of het college van burgemeester en schepenen.
casemail-next-converted_to_report = We behandelen je vraag als melding. Je krijgt een aparte e-mail met een nieuwe referentie en een link om de melding te volgen.
casemail-next-not_competent = We stuurden je klacht door naar wie er wel voor bevoegd is. Zij nemen contact met je op.

casemail-extended-subject = We hebben meer tijd nodig voor je klacht { $reference }
casemail-extended-intro = We hebben meer tijd nodig om je klacht goed te onderzoeken. Je krijgt ons antwoord uiterlijk op { $date }.
casemail-motivation = Waarom

casemail-decision-subject = Ons antwoord op je klacht { $reference }
casemail-decision-intro = We hebben je klacht onderzocht. Dit is onze beslissing:
casemail-outcome = Beslissing
casemail-norms = Wat niet goed ging (de normen van de Vlaamse Ombudsdienst)
casemail-measures = Wat we verbeteren
casemail-second-line = Niet tevreden met ons antwoord?
casemail-second-line-text = Dan kan je gratis terecht bij de Vlaamse Ombudsdienst: https://www.vlaamseombudsdienst.be of bel gratis 1700. Heeft { $municipality } een eigen ombudsman? Dan kan je ook daar terecht.

casemail-message-subject = Nieuw bericht over { $reference }
casemail-message-intro = Je kreeg een bericht over je dossier:
casemail-message-reply = Wil je reageren? Doe dat via de link hieronder. Je kan niet antwoorden op deze e-mail.

# E-mails aan behandelaars
casemail-staff-greeting = Dag { $name },
casemail-open-case = Open het dossier
casemail-term-warning-subject = { $reference }: 75 % van de termijn is voorbij (termijn tot { $due })
casemail-term-warning-intro = Drie kwart van de termijn van dit dossier is voorbij. Het moet af zijn op { $due }.
casemail-label-kind = Soort
casemail-label-department = Dienst
casemail-label-received = Ontvangen
casemail-label-due = Termijn tot
casemail-digest-subject = { $count ->
    [one] 1 dossier is te laat
   *[other] { $count } dossiers zijn te laat
}
casemail-digest-intro = Dit zijn de dossiers van je dienst(en) die op { $day } te laat zijn:
casemail-days-late = { $days ->
    [one] 1 dag te laat
   *[other] { $days } dagen te laat
}
casemail-digest-all = Alle dossiers die te laat zijn
casemail-staff-footer = Je krijgt deze e-mail omdat je in Loket bij deze dienst staat.
