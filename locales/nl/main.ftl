site-name = Loket
skip-to-content = Ga naar de inhoud
nav-label = Hoofdmenu
nav-products = Producten
nav-policy = Beleid
nav-admin = Beheer
nav-sign-in = Aanmelden voor medewerkers
nav-sign-out = Afmelden
switch-language = English
footer-text = Loket is open software voor de dienstverlening van Vlaamse gemeenten.
breadcrumb = Kruimelpad
back-home = Terug naar de startpagina
more-info = Meer informatie

error-title = Er is een probleem
error-not-found = Deze pagina bestaat niet
error-not-found-help = Misschien is de link oud of verkeerd getypt. Zoek het product op de startpagina.
error-forbidden = Geen toegang
error-forbidden-help = Je mag deze pagina niet openen. Denk je dat dit fout is? Vraag het aan je beheerder.
error-server = Er ging iets mis bij ons
error-server-help = Probeer het over enkele minuten opnieuw. Lukt het dan nog niet? Bel of mail ons.
error-bad-request = Dat konden we niet lezen
error-bad-request-help = Kijk na wat je hebt ingevuld en probeer opnieuw.

search-label = Zoek een product of dienst
search-button = Zoeken

home-title = Startpagina
home-heading = Welkom bij { $name }
home-intro = Hier vind je alles wat de gemeente voor je doet: wat je moet meebrengen, wat het kost en wanneer we open zijn.
home-ways-in = Wat wil je doen?
home-way-products = Zoek een product of dienst
home-way-products-help = Bijvoorbeeld een identiteitskaart, een rijbewijs of een parkeerkaart.
home-popular = Veel gevraagd
home-all-products = Bekijk alle producten
home-hours = Openingsuren vandaag
home-hours-caption = Openingsuren per dienst vandaag
hours-service = Dienst
hours-today = Vandaag
hours-now = Nu
hours-open = Open
hours-closed = Gesloten
hours-closed-today = Vandaag gesloten
hours-closed-because = Gesloten: { $reason }
hours-of = Openingsuren van { $cluster }

products-title = Producten en diensten
products-results = { $count ->
    [0] Geen resultaten voor "{ $query }"
    [one] 1 resultaat voor "{ $query }"
   *[other] { $count } resultaten voor "{ $query }"
}
products-none = We vonden geen product. Probeer een ander woord, of kijk in de lijst van alle producten.
products-show-all = Toon alle producten

product-what = Wat is het?
product-for-whom = Voor wie:
product-conditions = Voorwaarden
product-bring = Wat moet je meebrengen?
product-bring-nothing = Je hoeft niets mee te brengen.
product-exceptions = Uitzonderingen
product-cost = Wat kost het?
cost-about = ongeveer
product-free = Het is gratis.
product-how = Hoe vraag je het aan?
product-where = Waar: { $cluster }
product-regulation = Regelgeving
product-policy = Beleid
product-policy-intro = Dit product helpt deze doelen van het meerjarenplan te halen:
product-policy-none = Dit product is nog niet gekoppeld aan het meerjarenplan.
channel-online = Online
channel-appointment = Op afspraak (ongeveer { $minutes } minuten)
channel-counter = Aan het loket, zonder afspraak
channel-phone = Telefonisch

policy-title = Beleid: het meerjarenplan
policy-intro = Dit zijn de doelen van de gemeente en de acties om ze te halen. Bij elke actie zie je welke producten, diensten en cijfers erbij horen.
policy-empty = Er is nog geen meerjarenplan ingeladen.
policy-level = Niveau
policy-status = Stand van zaken
policy-status-0 = Nog niet begonnen
policy-status-1 = Gestart
policy-status-2 = Vertraagd
policy-status-3 = Uitgesteld
policy-status-4 = Afgerond
policy-status-5 = Stopgezet
policy-status-unknown = Niet vermeld
policy-period = Looptijd
policy-children = Onderdelen
policy-linked = Gekoppeld aan
policy-linked-none = Er is nog niets aan gekoppeld.
policy-linked-products = Producten
policy-linked-clusters = Diensten
policy-linked-counters = Loketten
policy-linked-complaints = Soorten klachten
policy-linked-reports = Soorten meldingen
policy-linked-indicators = Indicatoren
level-objective = Beleidsdoelstelling
level-action_plan = Actieplan
level-action = Actie
indicator = Indicator
indicator-target = Streefwaarde
indicator-latest = Laatste meting
indicator-no-measurement = Nog geen meting
unit-seconds = seconden
unit-percent = %
unit-working_days = werkdagen
unit-count = aantal

login-title = Aanmelden
login-intro = Alleen voor medewerkers van de gemeente.
login-email = E-mailadres
login-password = Wachtwoord
login-submit = Aanmelden
login-failed = Het e-mailadres of het wachtwoord klopt niet.

admin-title = Beheer
admin-intro = Beheer de producten, diensten, loketten, openingsuren, sluitingsdagen, het meerjarenplan, de gebruikers en de API-sleutels.
admin-products = Producten
error-unavailable = Tijdelijk niet beschikbaar
error-unavailable-help = Loket kan zijn gegevens nu niet bereiken. Probeer het over een paar minuten opnieuw.
