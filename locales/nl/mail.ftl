# E-mails to residents (templates/emails/) and the outbox page for administrators.

mail-greeting = Beste { $name },
mail-signoff = Met vriendelijke groeten
mail-footer = Dit is een automatische e-mail van { $municipality }. Je kunt niet antwoorden op deze e-mail.

mail-label-reference = Referentie
mail-label-product = Waarvoor
mail-label-when = Wanneer
mail-label-duration = Hoe lang
mail-label-place = Waar
mail-label-cluster = Dienst
mail-minutes = { $minutes ->
    [one] 1 minuut
   *[other] { $minutes } minuten
}
mail-bring-heading = Breng dit mee
mail-qr-help = Als je aankomt, scan je deze code aan de aanmeldzuil. Of je zegt je referentie { $reference } aan het onthaal.
mail-calendar-add = In de bijlage zit het bestand afspraak.ics. Open het, dan komt de afspraak in je agenda.
mail-calendar-update = In de bijlage zit een nieuw bestand afspraak.ics. Open het, dan past je agenda de afspraak aan.
mail-calendar-remove = In de bijlage zit een bestand afspraak.ics. Open het, dan gaat de afspraak uit je agenda.
mail-manage-help = Wil je de afspraak verplaatsen of annuleren? Dat kan via deze link:
mail-manage-button = Afspraak bekijken, verplaatsen of annuleren
mail-view-button = Afspraak bekijken

mail-confirmed-subject = Je afspraak op { $when } is bevestigd
mail-confirmed-intro = Bedankt. Je afspraak bij { $municipality } is bevestigd.

mail-moved-subject = Je afspraak is verplaatst naar { $when }
mail-moved-intro = Je afspraak is verplaatst. Dit is het nieuwe tijdstip. Het oude tijdstip geldt niet meer.

mail-cancelled-subject = Je afspraak op { $when } is geannuleerd
mail-cancelled-intro = Je afspraak is geannuleerd. Je hoeft niet te komen.
mail-cancelled-again = Wil je toch langskomen? Maak dan een nieuwe afspraak op onze website.

mail-reminder-subject = Herinnering: je afspraak op { $when }
mail-reminder-intro = We herinneren je aan je afspraak bij { $municipality }.
mail-reminder-cannot = Kun je niet komen? Annuleer dan je afspraak. Zo kan iemand anders dat tijdstip krijgen.

mail-earlier-subject = Er is een vroeger tijdstip vrij voor { $product }
mail-earlier-intro = Goed nieuws: er is een vroeger tijdstip vrij voor { $product }.
mail-earlier-when = Het tijdstip is { $when }.
mail-earlier-first = Wie eerst kiest, krijgt het tijdstip. Wil je het? Klik dan op deze link:
mail-earlier-take = Dit tijdstip nemen
mail-earlier-gone = Is het tijdstip al weg? Dan blijft je afspraak zoals ze is.
mail-earlier-keep = Wil je je afspraak houden zoals ze is? Dan hoef je niets te doen.

admin-outbox = Uitgaande e-mail
outbox-title = Uitgaande e-mail
outbox-intro = De laatste 200 e-mails aan inwoners. E-mails met een fout staan bovenaan. Loket probeert ze opnieuw, tot ze vertrokken zijn.
outbox-counts = Aantallen
outbox-count-waiting = Nog niet vertrokken
outbox-count-failing = Met een fout
outbox-count-sent = Vertrokken
outbox-caption = Uitgaande e-mails, de e-mails met een fout eerst
outbox-col-kind = Soort
outbox-col-recipient = Aan
outbox-col-subject = Onderwerp
outbox-col-created = Gemaakt
outbox-col-attempts = Pogingen
outbox-col-status = Stand
outbox-col-error = Laatste fout
outbox-failing = Fout
outbox-status-sent = Vertrokken op { $at }
outbox-status-retry = Nieuwe poging om { $at }
outbox-status-waiting = Vertrekt om { $at }
outbox-empty = Er zijn nog geen e-mails.
