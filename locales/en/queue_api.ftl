# The front-office JSON API: problem messages (src/queue/api.rs).
queue-api-unknown-cluster = There is no cluster with this code.
queue-api-unknown-reference = There is no booked appointment with this reference.
queue-api-not-today = This appointment is not today.
queue-api-already-checked-in = This appointment is already checked in.
queue-api-numbers-used-up = All ticket numbers of today are used.
queue-api-not-open = This visit is not open (any more).
queue-api-counter-inactive = This counter is not in use.
