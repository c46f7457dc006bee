//! An e-mail address that has been checked once, at the edge.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a valid e-mail address")]
pub struct InvalidEmail(pub String);

impl EmailAddress {
    /// Trims and lower-cases the address; accepts it when `validator` does.
    pub fn parse(raw: &str) -> Result<Self, InvalidEmail> {
        let cleaned = raw.trim().to_lowercase();
        if cleaned.len() <= 254 && validator::ValidateEmail::validate_email(&cleaned) {
            Ok(Self(cleaned))
        } else {
            Err(InvalidEmail(raw.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text is an address or not, without panicking; an accepted address is already in
        /// its stored form, so reading it again gives the same address.
        #[test]
        fn parsing_is_total_and_idempotent(
            raw in prop_oneof![any::<String>(), "[ A-Za-z0-9.'+=_{}!#$%&*/?^`|~-]{1,20}@[A-Za-z0-9.-]{1,20} ?"],
        ) {
            if let Ok(email) = EmailAddress::parse(&raw) {
                prop_assert_eq!(EmailAddress::parse(email.as_str()), Ok(email.clone()));
                prop_assert!(email.as_str().contains('@'));
                prop_assert!(email.as_str().len() <= 254);
            }
        }
    }

    #[test]
    fn accepts_and_normalises_ordinary_addresses() {
        let email = EmailAddress::parse("  An.Peeters@Lier.BE ").unwrap();
        assert_eq!(email.as_str(), "an.peeters@lier.be");
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for raw in ["", "an", "an@", "@lier.be", "an peeters@lier.be", "a@b@c"] {
            assert!(EmailAddress::parse(raw).is_err(), "{raw:?} was accepted");
        }
        let long = format!("{}@lier.be", "a".repeat(250));
        assert!(EmailAddress::parse(&long).is_err());
    }
}
