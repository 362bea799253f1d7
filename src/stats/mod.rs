//! The figures engine: every indicator of indicators.md for every region
//! (with its descendants) and bulletin year, in exact decimals, with growth,
//! targets, completion and pace.

pub mod checks;
mod tally;
#[cfg(test)]
mod tests;

use rust_decimal::Decimal;

pub use tally::{BRACKETS_YI, Share, Tally, bulletin_years, percent, province};

use std::collections::BTreeMap;

use crate::model::{Annual, Dataset, Date, Metric, RegionId};

/// Every figure of a dataset.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// The years that have a bulletin, ascending.
    pub years: Vec<i16>,
    tallies: tally::Tallies,
    /// Years still running, and the date their figures stand at: the root
    /// region's `as_of`, the same for every region so that parents add up.
    running: BTreeMap<i16, Date>,
    /// For each running year, the year before over the same months: what
    /// its growth compares with (同比, the same period last year).
    same_period: tally::Tallies,
}

/// One metric of one region and year, with everything derived from it.
/// Percentages are exact here; rounding happens only when shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Indicator {
    pub metric: Metric,
    pub value: Option<Decimal>,
    /// Last year's value: the annual file's baseline, else last year's records.
    pub previous: Option<Decimal>,
    /// Growth on last year, in percent; none when last year is zero or
    /// unknown, and none for rates, whose change is `yoy_points`.
    pub yoy: Option<Decimal>,
    /// For rates: the change on last year in percentage points (a rate that
    /// goes from 10% to 15% rose 5 points, not 50%).
    pub yoy_points: Option<Decimal>,
    pub target: Option<Decimal>,
    /// Value ÷ target, in percent.
    pub completion: Option<Decimal>,
    /// For rates: value − target, in percentage points.
    pub vs_target: Option<Decimal>,
    /// For a year still running: completion − share of the year elapsed at
    /// `as_of`, in percentage points (positive: ahead of schedule).
    pub pace: Option<Decimal>,
}

/// A child region's place in its parent's ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub region: RegionId,
    pub value: Decimal,
    /// Competition ranking: equal values share a rank (1, 2, 2, 4).
    pub rank: usize,
}

/// A baseline that disagrees with last year's records.
#[derive(Debug, Clone)]
pub struct BaselineGap<'a> {
    pub annual: &'a Annual,
    pub metric: Metric,
    pub baseline: Decimal,
    pub records: Decimal,
    pub span: crate::diag::Span,
}

impl Figures {
    /// Computes every tally of `dataset` (already filtered for its audience).
    pub fn compute(dataset: &Dataset) -> Figures {
        let years = bulletin_years(dataset);
        let mut tallied: Vec<i16> = years.iter().flat_map(|&y| [y - 1, y]).collect();
        tallied.sort_unstable();
        tallied.dedup();
        let root = dataset.site.root_region;
        let running: BTreeMap<i16, Date> = years
            .iter()
            .filter_map(|&y| dataset.annual(root, y).and_then(|a| a.as_of).map(|d| (y, d)))
            .filter(|(_, d)| d.share_of_year_elapsed() < Decimal::ONE_HUNDRED)
            .collect();
        let tallies = tally::tally(dataset, &tallied, &running);
        let earlier: BTreeMap<i16, Date> = running.values().map(|d| (d.year - 1, d.a_year_before())).collect();
        let earlier_years: Vec<i16> = earlier.keys().copied().collect();
        let same_period = tally::tally(dataset, &earlier_years, &earlier);
        Figures { years, tallies, running, same_period }
    }

    /// The date a running year's figures stand at (its `as_of`); `None` for
    /// a year that is over.
    pub fn as_of(&self, year: i16) -> Option<Date> {
        self.running.get(&year).copied()
    }

    /// The date a year's figures stand at: its `as_of`, or its last day.
    pub fn stands_at(&self, year: i16) -> Date {
        self.as_of(year).unwrap_or(Date::ymd(year, 12, 31))
    }

    pub fn has_bulletin(&self, year: i16) -> bool {
        self.years.binary_search(&year).is_ok()
    }

    /// The tally of a bulletin year (or the year before one).
    pub fn tally(&self, region: RegionId, year: i16) -> Option<&Tally> {
        self.tallies.get(region, year)
    }

    /// A metric's value from the records, for a bulletin year only.
    fn recorded(&self, region: RegionId, year: i16, metric: Metric) -> Option<Decimal> {
        if !self.has_bulletin(year) {
            return None;
        }
        self.tallies.get(region, year).and_then(|t| t.value(metric))
    }

    pub fn indicator(&self, dataset: &Dataset, region: RegionId, year: i16, metric: Metric) -> Indicator {
        let value = self.recorded(region, year, metric);
        let annual = dataset.annual(region, year);
        let last_year = match self.as_of(year) {
            Some(_) if self.has_bulletin(year - 1) => self.same_period.get(region, year - 1).and_then(|t| t.value(metric)),
            Some(_) => None,
            None => self.recorded(region, year - 1, metric),
        };
        let previous = annual.and_then(|a| a.baseline.get(metric)).or(last_year);
        let is_rate = metric.kind().in_points();
        let yoy = match (value, previous) {
            (Some(v), Some(p)) if !p.is_zero() && !is_rate => percent(v - p, p),
            _ => None,
        };
        let yoy_points = match (value, previous) {
            (Some(v), Some(p)) if is_rate => Some(v - p),
            _ => None,
        };
        let target = annual.and_then(|a| a.targets.get(metric));
        // A rate is compared with its target in points, not divided by it.
        let completion = match (value, target) {
            (Some(v), Some(t)) if !is_rate => percent(v, t),
            _ => None,
        };
        let vs_target = match (value, target) {
            (Some(v), Some(t)) if is_rate => Some(v - t),
            _ => None,
        };
        let elapsed = self.as_of(year).map(|d| d.share_of_year_elapsed());
        let pace = match (completion, elapsed) {
            (Some(c), Some(e)) if !is_rate => Some(c - e),
            _ => None,
        };
        Indicator { metric, value, previous, yoy, yoy_points, target, completion, vs_target, pace }
    }

    /// The children of `region` ranked by `metric` in `year`, largest first;
    /// equal values share a rank and keep the tree's order.
    pub fn ranking(&self, dataset: &Dataset, region: RegionId, year: i16, metric: Metric) -> Vec<Ranked> {
        let mut rows: Vec<(RegionId, Decimal)> = dataset.regions.list[region]
            .children
            .iter()
            .map(|&child| (child, self.recorded(child, year, metric).unwrap_or_default()))
            .collect();
        rows.sort_by_key(|row| std::cmp::Reverse(row.1));
        let mut ranked: Vec<Ranked> = Vec::with_capacity(rows.len());
        for (i, (region, value)) in rows.into_iter().enumerate() {
            let rank = match ranked.last() {
                Some(prev) if prev.value == value => prev.rank,
                _ => i + 1,
            };
            ranked.push(Ranked { region, value, rank });
        }
        ranked
    }

    /// Baselines given where last year's records also exist, and differ.
    pub fn baseline_gaps<'a>(&self, dataset: &'a Dataset) -> Vec<BaselineGap<'a>> {
        let mut gaps = Vec::new();
        for annual in &dataset.annuals {
            for &(metric, baseline, span) in &annual.baseline.0 {
                if let Some(records) = self.recorded(annual.region, annual.year - 1, metric)
                    && records != baseline
                {
                    gaps.push(BaselineGap { annual, metric, baseline, records, span });
                }
            }
        }
        gaps
    }
}
