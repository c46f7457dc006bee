//! The mail outbox: rendering, delivery over real SMTP to a server started here, retries when
//! the server is down, concurrent workers, .eml files, calendar files, the admin page.

use crate::{
    on_both_databases,
    support::{TestApp, default_now},
};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDateTime, TimeDelta, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Brussels;
use loket::{
    clock::Clock,
    config::Config,
    domain::email::EmailAddress,
    entities::outbox_mail,
    mail::{
        self, Mail, MailError,
        calendar::{self, CalendarEvent, CalendarMethod},
        qr,
        worker::{self, Transport},
    },
    outbox::{Control, Timing},
    web::{i18n::Lang, templates::Templates},
};
use sea_orm::{EntityTrait, QueryOrder, TransactionTrait};
use std::{
    collections::HashSet,
    path::PathBuf,
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::{TcpListener, TcpStream},
};

const FROM: &str = "Loket Lier <loket@lier.be>";

on_both_databases!(
    a_confirmation_goes_out_over_smtp_once_with_its_calendar_file,
    a_mail_waits_while_the_smtp_server_is_down_and_goes_out_once_it_is_back,
    two_workers_at_once_send_every_mail_exactly_once,
    the_outbox_page_shows_failures_first_to_administrators_only,
);

// ---------------------------------------------------------------------------------------
// A tiny SMTP server: just enough of RFC 5321 for lettre, recording each message (also used
// by the fault tests, `faults.rs`).

pub(crate) struct SmtpSink {
    port: u16,
    messages: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    pub(crate) async fn start() -> SmtpSink {
        Self::on(
            TcpListener::bind("127.0.0.1:0").await.unwrap(),
            Duration::ZERO,
        )
    }

    pub(crate) async fn start_on_port(port: u16) -> SmtpSink {
        Self::on(
            TcpListener::bind(("127.0.0.1", port)).await.unwrap(),
            Duration::ZERO,
        )
    }

    /// A server that takes `delay` to accept each message, so a send can be caught under way.
    pub(crate) async fn start_slow(delay: Duration) -> SmtpSink {
        Self::on(TcpListener::bind("127.0.0.1:0").await.unwrap(), delay)
    }

    fn on(listener: TcpListener, delay: Duration) -> SmtpSink {
        let port = listener.local_addr().unwrap().port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let recorded = messages.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let _ = smtp_session(stream, recorded, delay).await;
                });
            }
        });
        SmtpSink {
            port,
            messages,
            task,
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub(crate) fn messages(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }
}

async fn smtp_session(
    stream: TcpStream,
    messages: Arc<Mutex<Vec<String>>>,
    delay: Duration,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP ready\r\n").await?;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        let verb = command.split([' ', ':']).next().unwrap_or("");
        match verb {
            "EHLO" | "HELO" => write.write_all(b"250 sink.test\r\n").await?,
            "MAIL" | "RCPT" | "RSET" | "NOOP" => write.write_all(b"250 OK\r\n").await?,
            "DATA" => {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut message = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" {
                        break;
                    }
                    // Dot-stuffing (RFC 5321 4.5.2).
                    message.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                tokio::time::sleep(delay).await;
                messages.lock().unwrap().push(message);
                write.write_all(b"250 OK queued\r\n").await?;
            }
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => write.write_all(b"502 Command not implemented\r\n").await?,
        }
    }
}

/// A port nothing listens on.
pub(crate) async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

// ---------------------------------------------------------------------------------------
// Reading the messages: just enough MIME to find the parts and decode them.

pub struct Part {
    pub content_type: String,
    headers: String,
    pub body: String,
}

pub(crate) fn split_head(raw: &str) -> (String, &str) {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    // Unfold continuation lines.
    (head.replace("\r\n ", " ").replace("\r\n\t", " "), body)
}

pub(crate) fn header<'a>(headers: &'a str, name: &str) -> Option<&'a str> {
    headers.split("\r\n").find_map(|line| {
        line.split_once(':')
            .filter(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim())
    })
}

/// Every part of a message, containers included, bodies decoded.
pub fn parts(raw: &str) -> Vec<Part> {
    let (headers, body) = split_head(raw);
    let content_type = header(&headers, "Content-Type")
        .unwrap_or("text/plain")
        .to_owned();
    if content_type.to_ascii_lowercase().starts_with("multipart/") {
        let boundary = content_type
            .split(';')
            .find_map(|p| p.trim().strip_prefix("boundary="))
            .expect("boundary")
            .trim_matches('"')
            .to_owned();
        let mut all = vec![Part {
            content_type,
            headers: headers.clone(),
            body: String::new(),
        }];
        for chunk in body.split(&format!("--{boundary}")).skip(1) {
            if chunk.starts_with("--") {
                break;
            }
            all.extend(parts(chunk.trim_start_matches("\r\n")));
        }
        all
    } else {
        let encoding = header(&headers, "Content-Transfer-Encoding")
            .unwrap_or("7bit")
            .to_ascii_lowercase();
        let body = match encoding.as_str() {
            "quoted-printable" => quoted_printable(body),
            "base64" => base64(body),
            _ => body.to_owned(),
        };
        vec![Part {
            content_type,
            headers,
            body,
        }]
    }
}

fn quoted_printable(encoded: &str) -> String {
    let joined = encoded.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 3 <= bytes.len()
            && let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8")
}

fn base64(encoded: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in encoded.bytes() {
        let Some(value) = ALPHABET.iter().position(|&a| a == c) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    String::from_utf8(out).expect("utf-8")
}

fn part<'a>(all: &'a [Part], content_type: &str) -> &'a Part {
    all.iter()
        .find(|p| {
            p.content_type
                .to_ascii_lowercase()
                .starts_with(content_type)
        })
        .unwrap_or_else(|| panic!("no {content_type} part"))
}

// ---------------------------------------------------------------------------------------
// Sample mails.

fn templates() -> Templates {
    Templates::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates"))
        .expect("templates")
}

fn appointment_context(start: DateTime<Utc>, lang: Lang, name: &str) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert(
        "appointment",
        &serde_json::json!({
            "reference": "LIE-7K3M9Q",
            "name": name,
            "product": "Identiteitskaart",
            "cluster": "Burgerzaken",
            "place": "Stadhuis, Markt 57, 2500 Lier",
            "when": loket::web::dates::when(start, lang),
            "minutes": 15,
            "bring": ["Je oude identiteitskaart", "Een recente pasfoto"],
            "manage_url": "http://localhost/afspraak/beheer/0123456789abcdef0123456789abcdef",
            "qr_html": qr::html_table("LIE-7K3M9Q"),
        }),
    );
    context.insert("municipality", "Lier");
    context
}

fn offer_context(start: DateTime<Utc>, lang: Lang, name: &str) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert(
        "offer",
        &serde_json::json!({
            "name": name,
            "product": "Rijbewijs",
            "when": loket::web::dates::when(start, lang),
            "take_url": "http://localhost/afspraak/vroeger/fedcba9876543210",
            "manage_url": "http://localhost/afspraak/beheer/0123456789abcdef0123456789abcdef",
        }),
    );
    context.insert("municipality", "Lier");
    context
}

fn event<'a>(start: DateTime<Utc>, sequence: i32) -> CalendarEvent<'a> {
    CalendarEvent {
        uid: "LIE-7K3M9Q@loket",
        sequence,
        start,
        end: start + TimeDelta::minutes(15),
        summary: "Identiteitskaart, Burgerzaken",
        location: "Stadhuis, Markt 57, 2500 Lier",
        description: "Referentie LIE-7K3M9Q; breng je oude identiteitskaart mee.",
        organizer_email: FROM,
    }
}

/// Monday 12 January 2026, 09:00 in Brussels (08:00 UTC).
fn january_nine() -> DateTime<Utc> {
    "2026-01-12T08:00:00Z".parse().unwrap()
}

/// Monday 13 July 2026, 09:00 in Brussels (07:00 UTC, summer time).
fn july_nine() -> DateTime<Utc> {
    "2026-07-13T07:00:00Z".parse().unwrap()
}

async fn enqueue_confirmation(app: &TestApp, templates: &Templates, to: &str) {
    let start = january_nine();
    let txn = app.db.begin().await.unwrap();
    mail::enqueue(
        &txn,
        templates,
        Mail {
            kind: "appointment_confirmed",
            to: EmailAddress::parse(to).unwrap(),
            lang: Lang::Nl,
            context: appointment_context(start, Lang::Nl, "An Peeters"),
            attachments: vec![calendar::attachment(
                &event(start, 0),
                CalendarMethod::Request,
            )],
        },
        app.clock.now(),
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
}

async fn rows(app: &TestApp) -> Vec<outbox_mail::Model> {
    outbox_mail::Entity::find()
        .order_by_asc(outbox_mail::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

// ---------------------------------------------------------------------------------------
// 1. Delivery over SMTP.

async fn a_confirmation_goes_out_over_smtp_once_with_its_calendar_file(app: TestApp) {
    let templates = templates();
    let sink = SmtpSink::start().await;
    enqueue_confirmation(&app, &templates, "an.peeters@example.org").await;
    let mut config = Config::from_env().unwrap();
    config.smtp_url = Some(sink.url());
    let transport = Transport::from_config(&config).unwrap();
    assert!(matches!(transport, Transport::Smtp(_)));

    let now = app.clock.now();
    let sent = worker::deliver_due(&app.db, &transport, FROM, now, &Control::default())
        .await
        .unwrap();
    assert_eq!(sent, 1);

    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let all = parts(&messages[0]);
    let (headers, _) = split_head(&messages[0]);
    assert_eq!(
        header(&headers, "Subject"),
        Some("Je afspraak op maandag 12 januari 2026 om 09:00 is bevestigd")
    );
    assert_eq!(header(&headers, "To"), Some("an.peeters@example.org"));
    assert!(header(&headers, "From").unwrap().contains("loket@lier.be"));
    let row_id = rows(&app).await[0].id;
    assert!(
        header(&headers, "Message-ID")
            .unwrap()
            .starts_with(&format!("<outbox-{row_id}.")),
        "{headers}"
    );
    part(&all, "multipart/mixed");
    part(&all, "multipart/alternative");

    let text = part(&all, "text/plain");
    assert!(text.body.contains("Beste An Peeters,"));
    assert!(
        text.body
            .contains("Wanneer: maandag 12 januari 2026 om 09:00")
    );
    assert!(text.body.contains("- Een recente pasfoto"));
    assert!(!text.body.contains("<td"), "HTML in the text part");
    let html = part(&all, "text/html");
    assert!(
        html.body
            .contains("<h1>Bedankt. Je afspraak bij Lier is bevestigd.</h1>")
    );
    assert!(html.body.contains("bgcolor=\"#000000\""), "the QR code");
    assert!(
        html.body
            .contains("href=\"http://localhost/afspraak/beheer/0123456789abcdef0123456789abcdef\"")
    );

    let ics = part(&all, "text/calendar");
    let content_type = ics.content_type.to_ascii_lowercase();
    assert!(content_type.contains("method=request"), "{content_type}");
    assert!(
        header(&ics.headers, "Content-Disposition")
            .unwrap()
            .contains("afspraak.ics")
    );
    assert!(ics.body.contains("METHOD:REQUEST"));
    assert!(
        ics.body
            .contains("DTSTART;TZID=Europe/Brussels:20260112T090000")
    );
    assert!(ics.body.contains("UID:LIE-7K3M9Q@loket"));

    let row = &rows(&app).await[0];
    assert_eq!(row.sent_at, Some(now));
    assert_eq!(row.attempts, 0);
    assert_eq!(row.last_error, "");

    // Nothing is sent twice.
    let again = worker::deliver_due(
        &app.db,
        &transport,
        FROM,
        now + TimeDelta::hours(2),
        &Control::default(),
    )
    .await
    .unwrap();
    assert_eq!(again, 0);
    assert_eq!(sink.messages().len(), 1);
}

// ---------------------------------------------------------------------------------------
// 2. The SMTP server is down, then comes back.

async fn a_mail_waits_while_the_smtp_server_is_down_and_goes_out_once_it_is_back(app: TestApp) {
    let templates = templates();
    let port = closed_port().await;
    let transport = Transport::smtp(&format!("smtp://127.0.0.1:{port}")).unwrap();
    enqueue_confirmation(&app, &templates, "an.peeters@example.org").await;
    let now = app.clock.now();

    let sent = worker::deliver_due(&app.db, &transport, FROM, now, &Control::default())
        .await
        .unwrap();
    assert_eq!(sent, 0);
    let row = rows(&app).await.remove(0);
    assert_eq!(row.sent_at, None);
    assert_eq!(row.attempts, 1);
    assert!(row.next_attempt_at > now, "{}", row.next_attempt_at);
    assert_eq!(row.next_attempt_at, now + Timing::default().backoff(1));
    assert!(!row.last_error.is_empty());

    // Not due yet: not tried again, even with the server back.
    let sink = SmtpSink::start_on_port(port).await;
    let early = worker::deliver_due(
        &app.db,
        &transport,
        FROM,
        now + TimeDelta::seconds(10),
        &Control::default(),
    )
    .await
    .unwrap();
    assert_eq!(early, 0);
    assert!(sink.messages().is_empty());
    assert_eq!(rows(&app).await[0].attempts, 1);

    // Due: delivered, once.
    let later = row.next_attempt_at + TimeDelta::seconds(1);
    app.clock.set(later);
    let sent = worker::deliver_due(&app.db, &transport, FROM, later, &Control::default())
        .await
        .unwrap();
    assert_eq!(sent, 1);
    let sent_again = worker::deliver_due(
        &app.db,
        &transport,
        FROM,
        later + TimeDelta::hours(3),
        &Control::default(),
    )
    .await
    .unwrap();
    assert_eq!(sent_again, 0);
    assert_eq!(sink.messages().len(), 1);
    let row = rows(&app).await.remove(0);
    assert_eq!(row.sent_at, Some(later));
    assert_eq!(row.attempts, 1);
    assert_eq!(row.last_error, "");
    app.clock.set(default_now());
}

// ---------------------------------------------------------------------------------------
// 3. Two workers at once (two instances of Loket).

async fn two_workers_at_once_send_every_mail_exactly_once(app: TestApp) {
    let templates = templates();
    let sink = SmtpSink::start().await;
    for i in 0..20 {
        enqueue_confirmation(&app, &templates, &format!("inwoner{i}@example.org")).await;
    }
    // Two instances, each with its own SMTP connections.
    let first = Transport::smtp(&sink.url()).unwrap();
    let second = Transport::smtp(&sink.url()).unwrap();
    let now = app.clock.now();
    let control = Control::default();
    let (a, b) = tokio::join!(
        worker::deliver_due(&app.db, &first, FROM, now, &control),
        worker::deliver_due(&app.db, &second, FROM, now, &control),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a + b, 20, "first sent {a}, second {b}");

    let messages = sink.messages();
    assert_eq!(messages.len(), 20);
    let recipients: HashSet<String> = messages
        .iter()
        .map(|m| header(&split_head(m).0, "To").unwrap().to_owned())
        .collect();
    assert_eq!(recipients.len(), 20, "a mail went out twice");
    assert!(rows(&app).await.iter().all(|r| r.sent_at.is_some()));
}

// ---------------------------------------------------------------------------------------
// 4. Without SMTP_URL: .eml files.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_each_mail_becomes_an_eml_file_named_by_its_outbox_id() {
    let app = TestApp::sqlite().await;
    let templates = templates();
    let dir = std::env::temp_dir().join(format!(
        "loket_mail_{}_{}",
        std::process::id(),
        Utc::now().timestamp_micros()
    ));
    let mut config = Config::from_env().unwrap();
    config.smtp_url = None;
    config.mail_dir = dir.clone();
    let transport = Transport::from_config(&config).unwrap();
    assert!(matches!(&transport, Transport::Files(d) if *d == dir));

    for i in 0..3 {
        enqueue_confirmation(&app, &templates, &format!("inwoner{i}@example.org")).await;
    }
    let sent = worker::deliver_due(
        &app.db,
        &transport,
        FROM,
        app.clock.now(),
        &Control::default(),
    )
    .await
    .unwrap();
    assert_eq!(sent, 3);

    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = rows(&app)
        .await
        .iter()
        .map(|r| format!("{}.eml", r.id))
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    for name in &names {
        let raw = std::fs::read_to_string(dir.join(name)).unwrap();
        let all = parts(&raw);
        assert!(part(&all, "text/calendar").body.contains("METHOD:REQUEST"));
        assert!(part(&all, "text/plain").body.contains("Beste An Peeters,"));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn smtp_urls_are_read_and_bad_ones_refused() {
    let mut config = Config::from_env().unwrap();
    for url in [
        "smtp://127.0.0.1:2525",
        "smtp://user:secret@mail.example.org:587?tls=required",
        "smtps://mail.example.org",
    ] {
        config.smtp_url = Some(url.to_owned());
        assert!(
            matches!(Transport::from_config(&config), Ok(Transport::Smtp(_))),
            "{url}"
        );
    }
    config.smtp_url = Some("http://user:secret@mail.example.org".to_owned());
    let error = Transport::from_config(&config).err().unwrap();
    assert!(!error.contains("secret"), "{error}");
}

// ---------------------------------------------------------------------------------------
// 5. Calendar files.

/// Reads DTSTART of our own file back: the local time it states and the moment it means.
fn dtstart(ics: &str) -> (NaiveDateTime, DateTime<Utc>) {
    let unfolded = ics.replace("\r\n ", "");
    let line = unfolded
        .split("\r\n")
        .find(|l| l.starts_with("DTSTART;"))
        .expect("DTSTART with parameters");
    let (params, value) = line.split_once(':').unwrap();
    let tzid = params
        .split(';')
        .find_map(|p| p.strip_prefix("TZID="))
        .expect("TZID");
    assert_eq!(tzid, "Europe/Brussels");
    // The zone the file refers to is defined in the file itself.
    assert!(unfolded.contains(&format!("BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\n")));
    let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").unwrap();
    let tz: chrono_tz::Tz = tzid.parse().unwrap();
    let moment = tz
        .from_local_datetime(&local)
        .single()
        .unwrap()
        .with_timezone(&Utc);
    (local, moment)
}

fn property<'a>(ics: &'a str, name: &str) -> Vec<&'a str> {
    ics.split("\r\n")
        .filter_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
        .collect()
}

#[test]
fn a_nine_oclock_appointment_is_nine_oclock_in_winter_and_in_summer() {
    for start in [january_nine(), july_nine()] {
        let ics = calendar::ics(&event(start, 0), CalendarMethod::Request);
        let (local, moment) = dtstart(&ics);
        assert_eq!((local.hour(), local.minute()), (9, 0), "{ics}");
        assert_eq!(moment, start);
        assert_eq!(start.with_timezone(&Brussels).hour(), 9);
    }
    // The UTC moments differ by the summer hour; the local times do not.
    let winter = calendar::ics(&event(january_nine(), 0), CalendarMethod::Request);
    let summer = calendar::ics(&event(july_nine(), 0), CalendarMethod::Request);
    assert!(winter.contains("DTSTART;TZID=Europe/Brussels:20260112T090000\r\n"));
    assert!(winter.contains("DTEND;TZID=Europe/Brussels:20260112T091500\r\n"));
    assert!(summer.contains("DTSTART;TZID=Europe/Brussels:20260713T090000\r\n"));
    for ics in [&winter, &summer] {
        assert!(ics.contains("TZOFFSETTO:+0200"));
        assert!(ics.contains("TZOFFSETTO:+0100"));
        assert!(ics.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
    }
}

#[test]
fn calendar_files_update_and_cancel_the_same_event() {
    let request = calendar::ics(&event(january_nine(), 0), CalendarMethod::Request);
    let moved = calendar::ics(&event(july_nine(), 1), CalendarMethod::Request);
    let cancel = calendar::ics(&event(july_nine(), 2), CalendarMethod::Cancel);

    for ics in [&request, &moved, &cancel] {
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(property(ics, "VERSION"), ["2.0"]);
        assert_eq!(property(ics, "UID"), ["LIE-7K3M9Q@loket"]);
        assert_eq!(property(ics, "DTSTAMP").len(), 1);
        assert!(
            ics.contains("ORGANIZER;CN=Loket Lier:mailto:loket@lier.be\r\n"),
            "{ics}"
        );
        // Text is escaped; lines are folded at 75 octets.
        assert!(ics.contains("SUMMARY:Identiteitskaart\\, Burgerzaken\r\n"));
        assert!(ics.split("\r\n").all(|l| l.len() <= 75), "{ics}");
        assert!(!ics.replace("\r\n", "").contains('\n'), "bare line feed");
    }
    assert_eq!(property(&request, "METHOD"), ["REQUEST"]);
    assert_eq!(property(&request, "SEQUENCE"), ["0"]);
    assert_eq!(property(&request, "STATUS"), ["CONFIRMED"]);
    assert_eq!(property(&moved, "SEQUENCE"), ["1"]);
    assert_eq!(property(&cancel, "METHOD"), ["CANCEL"]);
    assert_eq!(property(&cancel, "STATUS"), ["CANCELLED"]);
    assert_eq!(property(&cancel, "SEQUENCE"), ["2"]);

    let attachment = calendar::attachment(&event(july_nine(), 2), CalendarMethod::Cancel);
    assert_eq!(attachment.filename, "afspraak.ics");
    assert_eq!(
        attachment.content_type,
        "text/calendar; charset=utf-8; method=CANCEL"
    );
    assert!(attachment.content.contains("METHOD:CANCEL"));
    let attachment = calendar::attachment(&event(july_nine(), 1), CalendarMethod::Request);
    assert_eq!(
        attachment.content_type,
        "text/calendar; charset=utf-8; method=REQUEST"
    );
}

// ---------------------------------------------------------------------------------------
// 6. Every mail template renders in Dutch and English.

const APPOINTMENT_KINDS: [&str; 4] = [
    "appointment_confirmed",
    "appointment_moved",
    "appointment_cancelled",
    "appointment_reminder",
];

#[test]
fn every_mail_template_renders_in_dutch_and_in_english() {
    let templates = templates();
    let start = january_nine();
    // A name with markup: escaped in HTML, as typed in text.
    let name = "An <b>Peeters</b> & Co";
    let mut rendered = Vec::new();
    for lang in [Lang::Nl, Lang::En] {
        for kind in APPOINTMENT_KINDS {
            let mail = mail::render(
                &templates,
                kind,
                lang,
                &appointment_context(start, lang, name),
            )
            .unwrap_or_else(|e| panic!("{kind} in {lang:?}: {e}"));
            assert!(mail.text.contains(name), "{kind}: {}", mail.text);
            assert!(mail.text.contains(&loket::web::dates::when(start, lang)));
            assert!(mail.text.contains("http://localhost/afspraak/beheer/"));
            assert!(!mail.text.contains("<td"), "{kind}: HTML in the text part");
            assert!(!mail.text.contains("&lt;"), "{kind}: escaped text part");
            assert!(
                mail.html.contains("An &lt;b&gt;Peeters&lt;"),
                "{kind}: {}",
                mail.html
            );
            assert!(!mail.html.contains("<b>Peeters"));
            assert!(
                mail.html
                    .contains(&format!("<html lang=\"{}\">", lang.code()))
            );
            let shows_visit = kind != "appointment_cancelled";
            assert_eq!(
                mail.html.contains("bgcolor=\"#000000\""),
                shows_visit,
                "{kind}: QR code"
            );
            assert_eq!(
                mail.text.contains("Een recente pasfoto"),
                shows_visit,
                "{kind}"
            );
            rendered.push((kind, lang, mail));
        }
        let mail = mail::render(
            &templates,
            "appointment_earlier_time",
            lang,
            &offer_context(start, lang, name),
        )
        .unwrap_or_else(|e| panic!("earlier time in {lang:?}: {e}"));
        assert!(
            mail.text
                .contains("http://localhost/afspraak/vroeger/fedcba9876543210")
        );
        assert!(
            mail.html
                .contains("href=\"http://localhost/afspraak/vroeger/fedcba9876543210\"")
        );
        assert!(mail.subject.contains("Rijbewijs"));
        rendered.push(("appointment_earlier_time", lang, mail));
    }
    for (kind, lang, mail) in &rendered {
        assert!(
            !mail.subject.is_empty() && !mail.subject.contains('\n'),
            "{kind}"
        );
        for text in [&mail.subject, &mail.text, &mail.html] {
            assert!(!text.contains("Unknown localization"), "{kind} {lang:?}");
        }
        let expected = match lang {
            Lang::Nl => ["afspraak", "tijdstip"],
            Lang::En => ["appointment", "time"],
        };
        assert!(
            expected
                .iter()
                .any(|w| mail.subject.to_lowercase().contains(w)),
            "{kind} {lang:?}: {}",
            mail.subject
        );
    }
    // Every kind of appointment mail in templates/emails/ is covered here.
    for kind in mail_kinds().filter(|k| k.starts_with("appointment_")) {
        assert!(
            rendered.iter().any(|(k, _, _)| *k == kind),
            "templates/emails/{kind} has no test"
        );
    }
}

/// The folders of templates/emails/: one per kind of mail.
fn mail_kinds() -> impl Iterator<Item = String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates/emails");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
}

/// The context `cases::service::queue_mail` gives every mail to a resident about a case.
fn case_context(name: &str, message: &str) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert(
        "case",
        &serde_json::json!({
            "reference": "M-2026-000123",
            "kind": "report",
            "category": "Straatverlichting",
            "status": "resolved",
            "description": "De lamp brandt niet.",
            "address": "Kerkstraat 4, 2500 Lier",
            "name": name,
            "received": "maandag 23 november 2026",
            "due": "vrijdag 4 december 2026",
            "tracking_url": "http://localhost/opvolging/abc123",
            "scheduled": "dinsdag 1 december 2026",
            "forwarded_to": "Pidpa",
            "inadmissible_reason": "about_policy",
            "outcome": "partly_founded",
            "norms": ["courtesy", "reasonable_term"],
            "improvement_actions": "Opleiding onthaal.",
            "extended_to": "donderdag 18 februari 2027",
            "closing_text": message,
        }),
    );
    context.insert("message", message);
    context.insert("acknowledge_days", &10);
    context.insert("municipality", "Lier");
    context
}

#[test]
fn every_mail_to_a_resident_about_a_case_renders_in_dutch_and_in_english() {
    let templates = templates();
    let name = "An <b>Peeters</b> & Co";
    let message = "Nieuwe lamp <script>alert(1)</script> geplaatst.";
    let staff_mails = ["case_term_warning", "case_overdue_digest"];
    let kinds: Vec<String> = mail_kinds()
        .filter(|k| !k.starts_with("appointment_") && !staff_mails.contains(&k.as_str()))
        .collect();
    assert!(kinds.len() >= 12, "{kinds:?}");
    for kind in &kinds {
        for lang in [Lang::Nl, Lang::En] {
            let mail = mail::render(&templates, kind, lang, &case_context(name, message))
                .unwrap_or_else(|e| panic!("{kind} in {lang:?}: {e}"));
            for text in [&mail.subject, &mail.text, &mail.html] {
                assert!(!text.contains("Unknown localization"), "{kind} {lang:?}");
            }
            assert!(
                mail.subject.contains("M-2026-000123"),
                "{kind} {lang:?}: {}",
                mail.subject
            );
            assert!(
                mail.text.contains("http://localhost/opvolging/abc123"),
                "{kind} {lang:?}"
            );
            assert!(
                mail.html
                    .contains("href=\"http://localhost/opvolging/abc123"),
                "{kind} {lang:?}"
            );
            assert!(
                !mail.html.contains("<script>") && !mail.html.contains("<b>Peeters"),
                "{kind}: unescaped"
            );
            assert!(
                mail.html
                    .contains(&format!("<html lang=\"{}\">", lang.code()))
            );
        }
    }
    // The staff mails are rendered, in their real contexts, by the term jobs' tests
    // (tests/integration/cases_staff.rs).
    for kind in staff_mails {
        assert!(mail_kinds().any(|k| k == kind), "{kind}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_error_fails_the_callers_transaction_and_writes_nothing() {
    let app = TestApp::sqlite().await;
    let templates = templates();
    let txn = app.db.begin().await.unwrap();
    let result = mail::enqueue(
        &txn,
        &templates,
        Mail {
            kind: "appointment_confirmed",
            to: EmailAddress::parse("an@example.org").unwrap(),
            lang: Lang::Nl,
            // No `appointment`: Tera 2 refuses undefined variables.
            context: tera::Context::new(),
            attachments: Vec::new(),
        },
        default_now(),
    )
    .await;
    assert!(matches!(result, Err(MailError::Template(_))));
    drop(txn);
    assert!(rows(&app).await.is_empty());
}

// ---------------------------------------------------------------------------------------
// The outbox page.

async fn the_outbox_page_shows_failures_first_to_administrators_only(app: TestApp) {
    let templates = templates();
    // The oldest mail keeps failing, the second went out, the newest waits its turn.
    enqueue_confirmation(&app, &templates, "faalt@example.org").await;
    enqueue_confirmation(&app, &templates, "lukt@example.org").await;
    let now = app.clock.now();
    let down = Transport::smtp(&format!("smtp://127.0.0.1:{}", closed_port().await)).unwrap();
    assert_eq!(
        worker::deliver_due(&app.db, &down, FROM, now, &Control::default())
            .await
            .unwrap(),
        0
    );
    let later = now + TimeDelta::minutes(1);
    {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
        let mut failing = rows(&app).await[0].clone().into_active_model();
        failing.next_attempt_at = Set(later + TimeDelta::hours(1));
        failing.update(&app.db).await.unwrap();
    }
    let sink = SmtpSink::start().await;
    let up = Transport::smtp(&sink.url()).unwrap();
    assert_eq!(
        worker::deliver_due(&app.db, &up, FROM, later, &Control::default())
            .await
            .unwrap(),
        1
    );
    enqueue_confirmation(&app, &templates, "wacht@example.org").await;

    app.sign_in_as("handler").await;
    let refused = app.get("/beheer/uitgaande-mail").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    app.sign_in_as("admin").await;
    let page = app.get("/beheer/uitgaande-mail").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<h1>Uitgaande e-mail</h1>"));
    assert!(
        page.body.contains("<dd id=\"outbox-failing\">1</dd>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<dd id=\"outbox-waiting\">2</dd>"));
    assert!(page.body.contains("<dd id=\"outbox-sent\">1</dd>"));
    let failing = page.body.find("faalt@example.org").unwrap();
    let waiting = page.body.find("wacht@example.org").unwrap();
    let sent = page.body.find("lukt@example.org").unwrap();
    assert!(
        failing < waiting && waiting < sent,
        "failures first, then newest first"
    );
    assert!(page.body.contains("class=\"failing\""));
    assert!(page.body.contains("Nieuwe poging om"));
    assert!(page.body.contains("Vertrokken op"));
    assert!(page.body.contains("SMTP"), "the last error is shown");
}
