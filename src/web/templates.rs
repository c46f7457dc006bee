//! Tera templates, loaded once from `templates/`, with the filters and the `t` function
//! every template uses.

use super::i18n::Lang;
use crate::clock::TIME_ZONE;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use std::{borrow::Cow, collections::HashMap, path::Path};
use tera::{Context, Error, Kwargs, State, Tera, TeraResult};

pub struct Templates {
    tera: Tera,
}

impl Templates {
    pub fn load(dir: &Path) -> TeraResult<Self> {
        let mut tera = Tera::new();
        // Filters and functions first: Tera 2 checks every template against them when added.
        tera.register_function("t", translate);
        tera.register_filter("date", format_date);
        tera.register_filter("euro", format_euro);
        tera.register_filter("duration", format_duration);
        tera.register_filter("urlencode", urlencode);
        tera.register_filter("number", format_number);
        let mut files = Vec::new();
        collect(dir, dir, &mut files)
            .map_err(|e| Error::message(format!("{}: {e}", dir.display())))?;
        tera.add_template_files(files)?;
        Ok(Self { tera })
    }

    pub fn render(&self, name: &str, context: &Context) -> TeraResult<String> {
        self.tera.render(name, context)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.tera.get_template_names()
    }
}

fn collect(
    dir: &Path,
    root: &Path,
    out: &mut Vec<(std::path::PathBuf, Option<String>)>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, root, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "txt" | "xml" | "svg")
        ) {
            let name = path
                .strip_prefix(root)
                .expect("walked below root")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((path, Some(name)));
        }
    }
    Ok(())
}

/// `{{ t(key="home-title", name=x) }}`: the text in the page's language (`lang` in the context).
fn translate(kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let lang = state
        .get::<String>("lang")?
        .and_then(|code| Lang::parse(&code))
        .unwrap_or_default();
    let key = kwargs.must_get::<&str>("key")?;
    let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
    for (name, value) in kwargs.iter() {
        let Some(name) = name.as_str() else { continue };
        if name == "key" {
            continue;
        }
        let value = if let Some(n) = value.as_i64() {
            FluentValue::from(n)
        } else if let Some(n) = value.as_f64() {
            FluentValue::from(n)
        } else {
            FluentValue::from(value.to_string())
        };
        args.insert(Cow::Owned(name.replace('_', "-")), value);
    }
    lang.try_text(key, &args)
        .ok_or_else(|| Error::message(format!("no translation for {key:?} with these arguments")))
}

/// `{{ x | date }}` for dates ("2026-11-23" -> "23-11-2026"), times and UTC timestamps,
/// which are shown in Brussels time.
fn format_date(value: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let with_time = kwargs.get::<bool>("time")?.unwrap_or(true);
    if let Ok(date) = value.parse::<NaiveDate>() {
        return Ok(date.format("%d-%m-%Y").to_string());
    }
    if let Ok(time) = value.parse::<NaiveTime>() {
        return Ok(time.format("%H:%M").to_string());
    }
    if let Ok(moment) = value.parse::<DateTime<Utc>>() {
        let local = moment.with_timezone(&TIME_ZONE);
        let format = if with_time {
            "%d-%m-%Y %H:%M"
        } else {
            "%d-%m-%Y"
        };
        return Ok(local.format(format).to_string());
    }
    Err(Error::message(format!("date: cannot read {value:?}")))
}

/// `{{ path | urlencode }}` for a value inside a query string.
fn urlencode(value: &str, _: Kwargs, _: &State) -> String {
    super::url_encode(value)
}

/// `{{ 11.56 | number }}` -> "11,56" in Dutch, "11.56" in English; whole numbers without decimals.
fn format_number(value: f64, _: Kwargs, state: &State) -> TeraResult<String> {
    let rounded = (value * 100.0).round() / 100.0;
    let text = if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded}")
    };
    let lang = state
        .get::<String>("lang")?
        .and_then(|c| Lang::parse(&c))
        .unwrap_or_default();
    Ok(match lang {
        Lang::Nl => text.replace('.', ","),
        Lang::En => text,
    })
}

/// `{{ 20.5 | euro }}` -> "€ 20,50".
fn format_euro(value: f64, _: Kwargs, _: &State) -> String {
    let cents = (value * 100.0).round() as i64;
    format!("€ {},{:02}", cents / 100, (cents % 100).abs())
}

/// `{{ 330 | duration }}` -> "5 min 30 s".
fn format_duration(seconds: i64, _: Kwargs, _: &State) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera_with(template: &str) -> Tera {
        let mut tera = Tera::new();
        tera.register_function("t", translate);
        tera.register_filter("date", format_date);
        tera.register_filter("euro", format_euro);
        tera.register_filter("duration", format_duration);
        tera.register_filter("urlencode", urlencode);
        tera.register_filter("number", format_number);
        tera.add_raw_template("x.html", template).unwrap();
        tera
    }

    #[test]
    fn dates_and_amounts_are_shown_the_belgian_way() {
        let tera = tera_with(
            "{{ d | date }}|{{ w | date }}|{{ t | date }}|{{ a | euro }}|{{ s | duration }}|{{ n | number }}|{{ a | number }}",
        );
        let mut ctx = Context::new();
        ctx.insert("d", "2026-07-21");
        // 08:00 UTC is 10:00 in Brussels in summer, 09:00 in winter.
        ctx.insert("w", "2026-07-21T08:00:00Z");
        ctx.insert("t", "09:30:00");
        ctx.insert("a", &20.5);
        ctx.insert("s", &330);
        ctx.insert("n", &20.0);
        ctx.insert("lang", "nl");
        assert_eq!(
            tera.render("x.html", &ctx).unwrap(),
            "21-07-2026|21-07-2026 10:00|09:30|€ 20,50|5 min 30 s|20|20,5"
        );
    }

    #[test]
    fn translations_follow_the_page_language() {
        let tera = tera_with("{{ t(key=\"nav-products\") }}");
        let mut ctx = Context::new();
        ctx.insert("lang", "nl");
        let nl = tera.render("x.html", &ctx).unwrap();
        ctx.insert("lang", "en");
        let en = tera.render("x.html", &ctx).unwrap();
        assert_eq!(nl, "Producten");
        assert_eq!(en, "Products");
    }

    #[test]
    fn an_unknown_key_is_an_error_not_a_silent_placeholder() {
        let tera = tera_with("{{ t(key=\"no-such-key\") }}");
        let mut ctx = Context::new();
        ctx.insert("lang", "nl");
        assert!(tera.render("x.html", &ctx).is_err());
    }
}
