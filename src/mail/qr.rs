//! QR codes for check-in at the kiosk: an inline SVG for web pages, and an HTML table of
//! black and white cells for e-mail, which every mail client shows (many block images and
//! SVG). Neither uses style attributes or scripts, so both pass the site's CSP.

use qrcode::{Color, EcLevel, QrCode, render::svg};
use std::fmt::Write;

/// Pixels per module in the mail table.
const CELL: usize = 4;
/// The white border a scanner needs, in modules.
const QUIET_ZONE: usize = 4;

fn encode(text: &str) -> Option<QrCode> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L))
        .map_err(|e| tracing::warn!(error = %e, len = text.len(), "text too long for a QR code"))
        .ok()
}

/// An inline `<svg role="img" aria-label="{label}">` of the code. Empty when the text is too
/// long for a QR code (over about 2 kB), which the short references and links here never are.
pub fn svg(text: &str, label: &str) -> String {
    let Some(code) = encode(text) else {
        return String::new();
    };
    let image = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(CELL as u32, CELL as u32)
        .build();
    // Inline in HTML: no XML declaration; a name for screen readers.
    let image = match image.find("<svg") {
        Some(start) => &image[start..],
        None => image.as_str(),
    };
    let label = escape_attribute(label);
    let image = image.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{label}\" focusable=\"false\" "),
        1,
    );
    match image.find('>') {
        Some(end) => format!(
            "{}<title>{label}</title>{}",
            &image[..=end],
            &image[end + 1..]
        ),
        None => image,
    }
}

/// The same code as a table of black and white cells (`bgcolor` attributes), for e-mail.
/// Hidden from screen readers: the mail says the reference in words next to it.
pub fn html_table(text: &str) -> String {
    let Some(code) = encode(text) else {
        return String::new();
    };
    let width = code.width();
    let colors = code.to_colors();
    let full = width + 2 * QUIET_ZONE;
    let dark = |x: usize, y: usize| -> bool {
        x >= QUIET_ZONE
            && y >= QUIET_ZONE
            && x < QUIET_ZONE + width
            && y < QUIET_ZONE + width
            && colors[(y - QUIET_ZONE) * width + (x - QUIET_ZONE)] == Color::Dark
    };
    let mut out = String::with_capacity(full * full * 12);
    let _ = writeln!(
        out,
        "<table role=\"presentation\" aria-hidden=\"true\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" width=\"{px}\" bgcolor=\"#ffffff\">",
        px = full * CELL
    );
    for y in 0..full {
        out.push_str("<tr>\n");
        // Runs of one colour share a cell, which keeps the mail small.
        let mut x = 0;
        while x < full {
            let is_dark = dark(x, y);
            let mut run = 1;
            while x + run < full && dark(x + run, y) == is_dark {
                run += 1;
            }
            let color = if is_dark { "#000000" } else { "#ffffff" };
            if run > 1 {
                let _ = write!(out, "<td colspan=\"{run}\"");
            } else {
                out.push_str("<td");
            }
            // One cell a line: mail lines must stay under 998 characters.
            let _ = writeln!(
                out,
                " width=\"{}\" height=\"{CELL}\" bgcolor=\"{color}\"></td>",
                run * CELL
            );
            x += run;
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>");
    out
}

fn escape_attribute(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_is_named_and_has_no_style_or_script() {
        let image = svg("LIE-2026-0001", "QR-code voor \"aanmelden\"");
        assert!(image.starts_with("<svg "), "{image}");
        assert!(image.contains("role=\"img\""));
        assert!(image.contains("aria-label=\"QR-code voor &quot;aanmelden&quot;\""));
        assert!(image.contains("<title>QR-code voor &quot;aanmelden&quot;</title>"));
        assert!(!image.contains("style"));
        assert!(!image.contains("<script"));
        assert!(!image.contains("<?xml"));
        assert!(image.ends_with("</svg>"));
    }

    #[test]
    fn the_table_holds_every_module_of_the_code() {
        let text = "https://loket.lier.be/afspraak/beheer/abc";
        let table = html_table(text);
        let code = encode(text).unwrap();
        let full = code.width() + 2 * QUIET_ZONE;
        assert_eq!(table.matches("<tr>").count(), full);
        // Every row spans the full width, run by run.
        for row in table.split("<tr>").skip(1) {
            let span: usize = row
                .split("<td")
                .skip(1)
                .map(|cell| {
                    cell.strip_prefix(" colspan=\"")
                        .and_then(|rest| rest.split('"').next())
                        .map_or(1, |n| n.parse().unwrap())
                })
                .sum();
            assert_eq!(span, full);
        }
        let dark_modules = code
            .to_colors()
            .iter()
            .filter(|c| **c == Color::Dark)
            .count();
        assert!(dark_modules > 0);
        assert!(table.contains("bgcolor=\"#000000\""));
        assert!(!table.contains("style"));
        assert!(table.lines().all(|line| line.len() < 200));
        // Small enough not to get the mail clipped.
        assert!(table.len() < 40_000, "{} bytes", table.len());
    }
}
