//! One description of each Open311 answer, written as JSON or as XML with the element names
//! of the GeoReport v2 specification. Every text is escaped, and characters XML 1.0 cannot
//! carry (control characters a client may have sent) are left out, so the XML always parses.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value as Json};

/// The two formats of the specification: `.json` or `.xml` at the end of the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// `"services.json"` -> `("services", Json)`; `None` for any other extension.
    pub fn split(file: &str) -> Option<(&str, Format)> {
        let (name, extension) = file.rsplit_once('.')?;
        let format = match extension {
            "json" => Format::Json,
            "xml" => Format::Xml,
            _ => return None,
        };
        Some((name, format))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Integer(i64),
    Bool(bool),
    /// JSON `null`; an empty element in XML.
    Null,
    /// A JSON array; in XML one element named `item` per entry.
    List(&'static str, Vec<Value>),
    Record(Record),
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::Text(text)
    }
}

/// Named fields, in the order the specification lists them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record(Vec<(&'static str, Value)>);

impl Record {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn field(mut self, name: &'static str, value: impl Into<Value>) -> Self {
        self.0.push((name, value.into()));
        self
    }
}

/// A whole answer: one record (discovery, a service definition) or a list of them.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    One {
        root: &'static str,
        record: Record,
    },
    List {
        root: &'static str,
        item: &'static str,
        records: Vec<Record>,
    },
}

impl Document {
    pub fn json(&self) -> String {
        let value = match self {
            Document::One { record, .. } => record_json(record),
            Document::List { records, .. } => {
                Json::Array(records.iter().map(record_json).collect())
            }
        };
        value.to_string()
    }

    pub fn xml(&self) -> String {
        let mut out = String::from(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        out.push('\n');
        match self {
            Document::One { root, record } => {
                element(&mut out, root, &Value::Record(record.clone()))
            }
            Document::List {
                root,
                item,
                records,
            } => {
                open(&mut out, root);
                for record in records {
                    element(&mut out, item, &Value::Record(record.clone()));
                }
                close(&mut out, root);
            }
        }
        out
    }

    pub fn respond(&self, status: StatusCode, format: Format) -> Response {
        let (body, content_type) = match format {
            Format::Json => (self.json(), "application/json; charset=utf-8"),
            Format::Xml => (self.xml(), "text/xml; charset=utf-8"),
        };
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        response
    }
}

/// The specification's error answer: a list of `{code, description}`, with the same code as
/// the HTTP status.
#[derive(Debug, Clone, PartialEq)]
pub struct Open311Error {
    pub status: StatusCode,
    pub description: String,
    pub format: Format,
}

impl Open311Error {
    pub fn new(status: StatusCode, format: Format, description: impl Into<String>) -> Self {
        Self {
            status,
            description: description.into(),
            format,
        }
    }
}

impl IntoResponse for Open311Error {
    fn into_response(self) -> Response {
        Document::List {
            root: "errors",
            item: "error",
            records: vec![
                Record::new()
                    .field("code", Value::Integer(i64::from(self.status.as_u16())))
                    .field("description", self.description),
            ],
        }
        .respond(self.status, self.format)
    }
}

fn record_json(record: &Record) -> Json {
    let mut map = Map::new();
    for (name, value) in &record.0 {
        map.insert((*name).to_owned(), value_json(value));
    }
    Json::Object(map)
}

fn value_json(value: &Value) -> Json {
    match value {
        Value::Text(text) => Json::String(text.clone()),
        Value::Number(n) => serde_json::Number::from_f64(*n)
            .map(Json::Number)
            .unwrap_or(Json::Null),
        Value::Integer(n) => Json::from(*n),
        Value::Bool(b) => Json::Bool(*b),
        Value::Null => Json::Null,
        Value::List(_, items) => Json::Array(items.iter().map(value_json).collect()),
        Value::Record(record) => record_json(record),
    }
}

fn open(out: &mut String, name: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
}

fn close(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn element(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => {
            out.push('<');
            out.push_str(name);
            out.push_str("/>");
        }
        Value::Text(text) => {
            open(out, name);
            escape_into(out, text);
            close(out, name);
        }
        Value::Number(n) => {
            open(out, name);
            if n.is_finite() {
                out.push_str(&n.to_string());
            }
            close(out, name);
        }
        Value::Integer(n) => {
            open(out, name);
            out.push_str(&n.to_string());
            close(out, name);
        }
        Value::Bool(b) => {
            open(out, name);
            out.push_str(if *b { "true" } else { "false" });
            close(out, name);
        }
        Value::List(item, items) => {
            open(out, name);
            for entry in items {
                element(out, item, entry);
            }
            close(out, name);
        }
        Value::Record(record) => {
            open(out, name);
            for (field, entry) in &record.0 {
                element(out, field, entry);
            }
            close(out, name);
        }
    }
}

/// Escapes markup and drops what XML 1.0 does not allow (most C0 controls, U+FFFE, U+FFFF).
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' => {
                out.push(c)
            }
            c if c >= '\u{10000}' => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(
            Format::split("services.json"),
            Some(("services", Format::Json))
        );
        assert_eq!(
            Format::split("M-2026-000001.xml"),
            Some(("M-2026-000001", Format::Xml))
        );
        assert_eq!(Format::split("services.html"), None);
        assert_eq!(Format::split("services"), None);
    }

    #[test]
    fn text_is_escaped_and_controls_are_dropped() {
        let mut out = String::new();
        escape_into(&mut out, "<a href=\"x\">&'</a>\u{0}\u{1b}\tok\u{FFFF}é😀");
        assert_eq!(
            out,
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;\toké😀"
        );
    }

    #[test]
    fn a_list_is_one_element_per_record_and_nulls_are_empty() {
        let document = Document::List {
            root: "service_requests",
            item: "request",
            records: vec![
                Record::new()
                    .field("service_request_id", "M-2026-000001")
                    .field("lat", Value::Number(51.13))
                    .field("account_id", Value::Null)
                    .field("keywords", Value::List("keyword", vec!["a&b".into()])),
            ],
        };
        assert_eq!(
            document.xml(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<service_requests><request>\
             <service_request_id>M-2026-000001</service_request_id><lat>51.13</lat>\
             <account_id/><keywords><keyword>a&amp;b</keyword></keywords></request></service_requests>"
        );
        assert_eq!(
            serde_json::from_str::<Json>(&document.json()).unwrap(),
            serde_json::json!([{"service_request_id": "M-2026-000001", "lat": 51.13,
                "account_id": null, "keywords": ["a&b"]}])
        );
    }
}
