//! Staff roles. Each role can do everything the roles below it can.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Frontoffice,
    Handler,
    Manager,
    Admin,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: use frontoffice, handler, manager or admin")]
pub struct UnknownRole(pub String);

impl Role {
    pub const ALL: [Role; 4] = [Role::Frontoffice, Role::Handler, Role::Manager, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Frontoffice => "frontoffice",
            Role::Handler => "handler",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    /// Whether someone with this role may do what `required` may do.
    pub fn includes(self, required: Role) -> bool {
        self >= required
    }
}

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_from_their_names_only() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("beheerder".parse::<Role>().is_err());
        assert!("".parse::<Role>().is_err());
    }

    #[test]
    fn a_higher_role_includes_the_lower_ones() {
        assert!(Role::Admin.includes(Role::Frontoffice));
        assert!(Role::Manager.includes(Role::Handler));
        assert!(Role::Handler.includes(Role::Handler));
        assert!(!Role::Frontoffice.includes(Role::Handler));
        assert!(!Role::Manager.includes(Role::Admin));
    }
}
