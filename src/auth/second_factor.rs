//! The optional second factor of staff: a time-based one-time code (TOTP, RFC 6238: SHA-1,
//! 6 digits, 30-second steps, as every authenticator app supports). A code is accepted for
//! the step before and after the current one (clock drift), and only once.

use chrono::{DateTime, Utc};
use rand::RngExt;
use totp_rs::{Algorithm, Secret, TOTP};

const STEP_SECONDS: u64 = 30;

/// A new random secret of 160 bits, base32 as authenticator apps expect.
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::rng().random();
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(text) => text,
        Secret::Raw(_) => unreachable!("to_encoded gives the encoded form"),
    }
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, 6, 1, STEP_SECONDS, bytes).ok()
}

/// The time step of `code` if it is valid at `now` for `secret` and newer than `last_step`.
pub fn verify(secret: &str, code: &str, now: DateTime<Utc>, last_step: i64) -> Option<i64> {
    let totp = totp(secret)?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let current = (now.timestamp().max(0) as u64) / STEP_SECONDS;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .filter(|step| *step as i64 > last_step)
        .find(|step| totp.generate(step * STEP_SECONDS) == code)
        .map(|step| step as i64)
}

/// The code an authenticator app shows at `now` (tests and the enrolment check use it).
pub fn code_at(secret: &str, now: DateTime<Utc>) -> Option<String> {
    Some(totp(secret)?.generate(now.timestamp().max(0) as u64))
}

/// The `otpauth://` link an authenticator app reads from the QR code.
pub fn enrolment_uri(secret: &str, issuer: &str, account: &str) -> String {
    let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30",
        encode(issuer).replace('+', "%20"),
        encode(account).replace('+', "%20"),
        encode(issuer).replace('+', "%20"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).unwrap()
    }

    /// RFC 6238 appendix B, SHA-1, with the key "12345678901234567890" (the 8-digit codes end
    /// in these 6 digits).
    #[test]
    fn matches_the_rfc_test_vectors() {
        let secret = match Secret::Raw(b"12345678901234567890".to_vec()).to_encoded() {
            Secret::Encoded(s) => s,
            Secret::Raw(_) => unreachable!(),
        };
        assert_eq!(code_at(&secret, at(59)).unwrap(), "287082");
        assert_eq!(code_at(&secret, at(1_111_111_109)).unwrap(), "081804");
        assert_eq!(code_at(&secret, at(1_234_567_890)).unwrap(), "005924");
        assert_eq!(code_at(&secret, at(2_000_000_000)).unwrap(), "279037");
    }

    #[test]
    fn a_code_works_one_step_either_side_and_only_once() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        let now = at(1_800_000_000);
        let code = code_at(&secret, now).unwrap();
        let step = verify(&secret, &code, now, 0).expect("current code");
        assert_eq!(verify(&secret, &code, at(1_800_000_030), 0), Some(step));
        assert_eq!(verify(&secret, &code, at(1_799_999_970), 0), Some(step));
        assert_eq!(verify(&secret, &code, at(1_800_000_090), 0), None);
        // Used once: refused again.
        assert_eq!(verify(&secret, &code, now, step), None);
        assert_eq!(
            verify(&secret, "12 34 56", now, 0).is_some(),
            code == "123456"
        );
        assert_eq!(verify("not base32!", &code, now, 0), None);
    }

    #[test]
    fn the_enrolment_link_names_issuer_and_account() {
        let uri = enrolment_uri("ABC", "Stad Lier", "an@lier.be");
        assert_eq!(
            uri,
            "otpauth://totp/Stad%20Lier:an%40lier.be?secret=ABC&issuer=Stad%20Lier&algorithm=SHA1&digits=6&period=30"
        );
    }
}
