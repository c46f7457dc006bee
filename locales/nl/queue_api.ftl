# The front-office JSON API: problem messages (src/queue/api.rs).
queue-api-unknown-cluster = Er is geen cluster met deze code.
queue-api-unknown-reference = Er is geen geboekte afspraak met deze referentie.
queue-api-not-today = Deze afspraak is niet vandaag.
queue-api-already-checked-in = Deze afspraak is al aangemeld.
queue-api-numbers-used-up = Alle volgnummers van vandaag zijn gebruikt.
queue-api-not-open = Dit bezoek is niet (meer) open.
queue-api-counter-inactive = Dit loket is niet in gebruik.
