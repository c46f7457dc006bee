//! The levels and statuses of a multi-year plan (meerjarenplan).

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyLevel {
    Objective,
    ActionPlan,
    Action,
}

impl PolicyLevel {
    pub const ALL: [PolicyLevel; 3] = [
        PolicyLevel::Objective,
        PolicyLevel::ActionPlan,
        PolicyLevel::Action,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PolicyLevel::Objective => "objective",
            PolicyLevel::ActionPlan => "action_plan",
            PolicyLevel::Action => "action",
        }
    }

    /// The level a child of a node of this level must have.
    pub fn child(self) -> Option<PolicyLevel> {
        match self {
            PolicyLevel::Objective => Some(PolicyLevel::ActionPlan),
            PolicyLevel::ActionPlan => Some(PolicyLevel::Action),
            PolicyLevel::Action => None,
        }
    }
}

impl FromStr for PolicyLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PolicyLevel::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| format!("unknown policy level {s:?}"))
    }
}

/// The status scale of the Flemish BBC reports: "1 - Gestart", "4 - Afgerond".
pub const STATUSES: [(i32, &str); 6] = [
    (0, "Nog niet begonnen"),
    (1, "Gestart"),
    (2, "Vertraagd"),
    (3, "Uitgesteld"),
    (4, "Afgerond"),
    (5, "Stopgezet"),
];

pub fn status_is_known(status: i32) -> bool {
    STATUSES.iter().any(|(code, _)| *code == status)
}

/// Relation of a policy node to what it is linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkRelation {
    Realises,
    MeasuredBy,
}

impl LinkRelation {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkRelation::Realises => "realises",
            LinkRelation::MeasuredBy => "measured_by",
        }
    }
}

impl FromStr for LinkRelation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "realises" => Ok(LinkRelation::Realises),
            "measured_by" => Ok(LinkRelation::MeasuredBy),
            _ => Err(format!("unknown link relation {s:?}")),
        }
    }
}

/// What a policy node can be linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkTarget {
    Product,
    Cluster,
    Counter,
    Category,
    Indicator,
}

impl LinkTarget {
    pub const ALL: [LinkTarget; 5] = [
        LinkTarget::Product,
        LinkTarget::Cluster,
        LinkTarget::Counter,
        LinkTarget::Category,
        LinkTarget::Indicator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkTarget::Product => "product",
            LinkTarget::Cluster => "cluster",
            LinkTarget::Counter => "counter",
            LinkTarget::Category => "category",
            LinkTarget::Indicator => "indicator",
        }
    }
}

impl FromStr for LinkTarget {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LinkTarget::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("unknown link target {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_nest_objective_action_plan_action() {
        assert_eq!(
            PolicyLevel::Objective.child(),
            Some(PolicyLevel::ActionPlan)
        );
        assert_eq!(PolicyLevel::ActionPlan.child(), Some(PolicyLevel::Action));
        assert_eq!(PolicyLevel::Action.child(), None);
        for level in PolicyLevel::ALL {
            assert_eq!(level.as_str().parse::<PolicyLevel>(), Ok(level));
        }
        assert!("actie".parse::<PolicyLevel>().is_err());
    }

    #[test]
    fn statuses_and_relations_round_trip() {
        assert!(status_is_known(0) && status_is_known(4));
        assert!(!status_is_known(6) && !status_is_known(-1));
        for relation in [LinkRelation::Realises, LinkRelation::MeasuredBy] {
            assert_eq!(relation.as_str().parse::<LinkRelation>(), Ok(relation));
        }
        for target in LinkTarget::ALL {
            assert_eq!(target.as_str().parse::<LinkTarget>(), Ok(target));
        }
    }
}
