//! Bar charts drawn on the server as SVG: one bar per period, the target as a dashed line
//! with its value written beside it, and every bar's value written above it, so nothing is told
//! by colour alone. The table beside each chart is its text alternative.

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    /// The value as shown above the bar.
    pub shown: String,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 16.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 40.0;

/// `title` is read out as the image's name; `target_text` labels the target line.
pub fn bars(title: &str, bars: &[Bar], target: Option<f64>, target_text: &str) -> String {
    let highest = bars
        .iter()
        .filter_map(|b| b.value)
        .chain(target)
        .fold(0.0_f64, f64::max);
    let scale_max = if highest > 0.0 { highest * 1.15 } else { 1.0 };
    let plot_height = HEIGHT - TOP - BOTTOM;
    let y = |v: f64| TOP + plot_height * (1.0 - v / scale_max);
    let slot = (WIDTH - 2.0 * LEFT) / bars.len().max(1) as f64;
    let bar_width = (slot * 0.6).min(48.0);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" \
         aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        escape(title),
        escape(title)
    );
    let base = y(0.0);
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{base:.1}\" x2=\"{:.1}\" y2=\"{base:.1}\"/>",
        WIDTH - LEFT
    ));
    for (i, bar) in bars.iter().enumerate() {
        let centre = LEFT + slot * (i as f64 + 0.5);
        if let Some(v) = bar.value {
            let top = y(v);
            let over = target.is_some_and(|t| v > t);
            svg.push_str(&format!(
                "<rect class=\"bar{}\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{bar_width:.1}\" height=\"{:.1}\"/>",
                if over { " over" } else { "" },
                centre - bar_width / 2.0,
                (base - top).max(0.0)
            ));
            svg.push_str(&format!(
                "<text class=\"value\" x=\"{centre:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                top - 4.0,
                escape(&bar.shown)
            ));
        }
        svg.push_str(&format!(
            "<text class=\"label\" x=\"{centre:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            base + 16.0,
            escape(&bar.label)
        ));
    }
    if let Some(t) = target {
        let ty = y(t);
        svg.push_str(&format!(
            "<line class=\"target\" x1=\"{LEFT}\" y1=\"{ty:.1}\" x2=\"{:.1}\" y2=\"{ty:.1}\" stroke-dasharray=\"6 4\"/>\
             <text class=\"target-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - LEFT,
            WIDTH - LEFT,
            ty - 4.0,
            escape(target_text)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_names_itself_writes_its_values_and_escapes_text() {
        let svg = bars(
            "Wachttijd <Burgerzaken>",
            &[
                Bar {
                    label: "jan".into(),
                    value: Some(30.0),
                    shown: "30 s".into(),
                },
                Bar {
                    label: "feb".into(),
                    value: Some(90.0),
                    shown: "90 s".into(),
                },
                Bar {
                    label: "mrt".into(),
                    value: None,
                    shown: String::new(),
                },
            ],
            Some(60.0),
            "Streefwaarde 60 s",
        );
        assert!(svg.contains("<title>Wachttijd &lt;Burgerzaken&gt;</title>"));
        assert!(svg.contains(">30 s</text>") && svg.contains(">90 s</text>"));
        assert_eq!(svg.matches("<rect").count(), 2, "no bar without a value");
        assert_eq!(svg.matches("class=\"bar over\"").count(), 1);
        assert!(svg.contains(">Streefwaarde 60 s</text>"));
        assert!(!svg.contains("style="), "strict CSP: no inline style");
    }
}
