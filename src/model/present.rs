//! How a site presents its figures: display precision per kind of figure,
//! the phrase naming the counting threshold, and what the lede carries.
//! The exact values are untouched; this is only how they are shown.

use super::metric::Metric;

/// Decimal places shown for each kind of figure. Amounts in 亿元 keep a
/// fixed number of places (officially 2), so that "681.47亿元" never stands
/// next to "681.466亿元"; the percentages default to `percent_decimals`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Precision {
    /// Money in 亿元 (and in billion or million yuan in English).
    pub amount: u32,
    /// Growth on last year: 增长12.00%.
    pub growth: u32,
    /// Completion of a target: 完成年度目标的95.69%.
    pub completion: u32,
    /// Percentage points: 提高5.00个百分点, 超序时进度2.40个百分点.
    pub points: u32,
    /// Rates and shares: 当年签约当年开工率92.38%, 占比33.33%.
    pub percent: u32,
}

impl Precision {
    /// Two places for amounts, `percent_decimals` for every percentage.
    pub fn with_percent_decimals(decimals: u32) -> Precision {
        Precision { amount: 2, growth: decimals, completion: decimals, points: decimals, percent: decimals }
    }
}

impl Default for Precision {
    fn default() -> Precision {
        Precision::with_percent_decimals(2)
    }
}

/// One clause of the lede, in the order an office chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedeItem {
    /// New projects signed, their count and agreed investment.
    Signed,
    /// Projects started and their planned investment.
    Started,
    /// Signed and started in the same year, with its numerator.
    StartRate,
    Producing,
    Funds,
    /// Signed projects of the investor categories marked `lede: true`:
    /// "引进世界500强企业项目12个、协议投资额…".
    Categories,
    /// Any other metric, stated as its label and value.
    Metric(Metric),
}

/// The clauses' own names, English and Chinese (metric names are read too).
const NAMES: &[(&str, LedeItem)] = &[
    ("signed", LedeItem::Signed),
    ("签约", LedeItem::Signed),
    ("新签约", LedeItem::Signed),
    ("started", LedeItem::Started),
    ("开工", LedeItem::Started),
    ("新开工", LedeItem::Started),
    ("start_rate", LedeItem::StartRate),
    ("producing", LedeItem::Producing),
    ("投产", LedeItem::Producing),
    ("新投产", LedeItem::Producing),
    ("funds", LedeItem::Funds),
    ("categories", LedeItem::Categories),
    ("企业类别", LedeItem::Categories),
];

impl LedeItem {
    /// What newspapers lead with, in their order.
    /// The categories' clause follows the signings it is part of; it says
    /// nothing on a site that marks no category for the lede.
    pub const DEFAULT: [LedeItem; 6] =
        [LedeItem::Signed, LedeItem::Categories, LedeItem::Started, LedeItem::StartRate, LedeItem::Producing, LedeItem::Funds];

    /// The clause a `lede:` entry names: a clause name, or a metric by its
    /// id, Chinese name or alias (a metric of a clause names that clause:
    /// `signed_amount` is the signing clause).
    pub fn from_name(name: &str) -> Option<LedeItem> {
        let name = name.trim();
        if let Some((_, item)) = NAMES.iter().find(|(n, _)| *n == name) {
            return Some(*item);
        }
        Metric::from_key(name).map(|metric| match metric {
            Metric::SignedCount | Metric::SignedAmount => LedeItem::Signed,
            Metric::StartedCount | Metric::NewStartInvestment => LedeItem::Started,
            Metric::StartRate => LedeItem::StartRate,
            Metric::ProducingCount => LedeItem::Producing,
            Metric::FundsInPlace => LedeItem::Funds,
            other => LedeItem::Metric(other),
        })
    }

    /// Every name a `lede:` entry may use, for the hint of an unknown one.
    pub fn names() -> impl Iterator<Item = &'static str> + Clone {
        NAMES.iter().map(|(n, _)| *n).chain(super::metric::METRICS.iter().flat_map(|i| [i.id, i.zh]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lede_entries_are_clauses_or_metrics() {
        assert_eq!(LedeItem::from_name("signed"), Some(LedeItem::Signed));
        assert_eq!(LedeItem::from_name("协议投资额"), Some(LedeItem::Signed));
        assert_eq!(LedeItem::from_name("开工率"), Some(LedeItem::StartRate));
        assert_eq!(LedeItem::from_name("到位资金"), Some(LedeItem::Funds));
        assert_eq!(LedeItem::from_name("资金到位率"), Some(LedeItem::Metric(Metric::FundsRate)));
        assert_eq!(LedeItem::from_name("signd"), None);
        assert!(LedeItem::names().any(|n| n == "start_rate"));
    }
}
