//! The metrics of indicators.md: their names, what they count, and how
//! their values are read and shown.

use serde::Serialize;

/// One indicator of a region and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    SignedCount,
    SignedAmount,
    SignedOver1,
    SignedOver10,
    SignedOver50,
    SignedOver100,
    StartedCount,
    NewStartInvestment,
    StartRate,
    ProducingCount,
    FundsInPlace,
    FundsInPlaceFixed,
    FundsInPlaceNonFixed,
    CancelledCount,
    FundsRate,
}

/// What a metric's value is, which decides how it is summed and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    Count,
    Money,
    /// A percentage (start rate, funds rate).
    Rate,
}

impl Metric {
    pub const ALL: [Metric; 15] = [
        Metric::SignedCount,
        Metric::SignedAmount,
        Metric::SignedOver1,
        Metric::SignedOver10,
        Metric::SignedOver50,
        Metric::SignedOver100,
        Metric::StartedCount,
        Metric::NewStartInvestment,
        Metric::StartRate,
        Metric::ProducingCount,
        Metric::FundsInPlace,
        Metric::FundsInPlaceFixed,
        Metric::FundsInPlaceNonFixed,
        Metric::CancelledCount,
        Metric::FundsRate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::SignedCount => "signed_count",
            Metric::SignedAmount => "signed_amount",
            Metric::SignedOver1 => "signed_over_1",
            Metric::SignedOver10 => "signed_over_10",
            Metric::SignedOver50 => "signed_over_50",
            Metric::SignedOver100 => "signed_over_100",
            Metric::StartedCount => "started_count",
            Metric::NewStartInvestment => "new_start_investment",
            Metric::StartRate => "start_rate",
            Metric::ProducingCount => "producing_count",
            Metric::FundsInPlace => "funds_in_place",
            Metric::FundsInPlaceFixed => "funds_in_place_fixed",
            Metric::FundsInPlaceNonFixed => "funds_in_place_non_fixed",
            Metric::CancelledCount => "cancelled_count",
            Metric::FundsRate => "funds_rate",
        }
    }

    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == name)
    }

    pub fn kind(self) -> MetricKind {
        match self {
            Metric::SignedAmount
            | Metric::NewStartInvestment
            | Metric::FundsInPlace
            | Metric::FundsInPlaceFixed
            | Metric::FundsInPlaceNonFixed => MetricKind::Money,
            Metric::StartRate | Metric::FundsRate => MetricKind::Rate,
            _ => MetricKind::Count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in Metric::ALL {
            assert_eq!(Metric::from_name(m.name()), Some(m));
        }
        assert_eq!(Metric::from_name("signed"), None);
    }
}
