//! The figures engine: every indicator of indicators.md for every region
//! (with its descendants) and bulletin year, in exact decimals, with growth,
//! targets, completion and pace.

pub mod checks;
pub mod period;
pub mod plausible;
pub mod service;
mod tally;
#[cfg(test)]
mod tests;

use rust_decimal::Decimal;

pub use service::{CampaignFigures, FactFigure, fact_number};
pub use tally::{OVER_YI, Share, Tally, Tracked, bulletin_years, percent, province};

/// A count's growth is not given as a percentage when last year's count is
/// below this: "增长300.00%" on 1 → 4 says nothing a reader can use, so the
/// bulletin shows last year's count instead ("上年1个").
pub const TINY_BASE: u32 = 10;

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
    /// `ledger_starts` of the site: a year it starts after 1 January of is
    /// no base for growth.
    ledger_starts: Option<Date>,
    /// The month-by-month sums behind the 1—N月 bulletins.
    periods: period::Periods,
}

/// One metric of one region and year, with everything derived from it.
/// Percentages are exact here; rounding happens only when shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Indicator {
    pub metric: Metric,
    pub value: Option<Decimal>,
    /// Last year's value: the annual file's baseline, else last year's
    /// records (for a year still running: over the same months).
    pub previous: Option<Decimal>,
    /// Growth on last year, in percent; none when last year is zero or
    /// unknown, when a count's last year is below `TINY_BASE` (then
    /// `previous` is shown instead), and none for rates, whose change is
    /// `yoy_points`.
    pub yoy: Option<Decimal>,
    /// For rates: the change on last year in percentage points (a rate that
    /// goes from 10% to 15% rose 5 points, not 50%).
    pub yoy_points: Option<Decimal>,
    pub target: Option<Decimal>,
    /// Value ÷ target, in percent.
    pub completion: Option<Decimal>,
    /// For rates: value − target, in percentage points.
    pub vs_target: Option<Decimal>,
    /// For a year still running, 序时进度: completion − N/12 × 100 for
    /// 1—N月 (N: the months complete at `as_of`), in percentage points
    /// (positive: ahead of schedule).
    pub pace: Option<Decimal>,
    /// For a rate of projects (start, fulfilment, production rate): how
    /// many projects it counts, stated with it ("开工项目497个"). Only where
    /// the rate is published.
    pub numerator: Option<u32>,
}

/// What a bulletin leaves out: figures whose inputs no record carries
/// (with the field), and figures with a value but nothing to compare with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BulletinGaps {
    pub untracked: Vec<(Metric, &'static str)>,
    pub no_growth: Vec<Metric>,
}

/// The months complete at `date`, for 1—N月: its month when it is the
/// month's last day (or gives no day), else the month before.
pub fn months_complete(date: Date) -> u8 {
    let month_end = Date { day: None, ..date }.latest_day().day() as u8;
    if date.day.is_none_or(|d| d >= month_end) { date.month } else { date.month.saturating_sub(1) }
}

/// A child region's place in its parent's ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub region: RegionId,
    pub value: Decimal,
    /// Competition ranking: equal values share a rank (1, 2, 2, 4).
    pub rank: usize,
}

/// A child region in its parent's ranking table of one indicator: its
/// figures, and its place among the children that publish a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub region: RegionId,
    pub indicator: Indicator,
    /// Competition ranking (1, 2, 2, 4) over the published values; `None`
    /// for a child whose value is not published (untracked, or a rate over
    /// nothing): it is listed last, unranked, never ranked as a zero.
    pub rank: Option<usize>,
}

/// Competition ranking of `values`, largest first: equal values share a
/// rank and the next rank skips (1, 2, 2, 4); `None` (not published) comes
/// last without a rank. Equal values and unranked entries keep their
/// order. Returns the indices of `values` in ranked order, with the rank.
pub fn competition_ranks(values: &[Option<Decimal>]) -> Vec<(usize, Option<usize>)> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    // A stable sort: ties keep the tree's order.
    order.sort_by(|&a, &b| match (values[a], values[b]) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let mut ranked: Vec<(usize, Option<usize>)> = Vec::with_capacity(order.len());
    for (place, &i) in order.iter().enumerate() {
        let rank = match (values[i], ranked.last()) {
            (None, _) => None,
            (Some(v), Some(&(prev, Some(rank)))) if values[prev] == Some(v) => Some(rank),
            (Some(_), _) => Some(place + 1),
        };
        ranked.push((i, rank));
    }
    ranked
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
        let periods = period::Periods::compute(dataset, &tallied);
        Figures { years, tallies, running, same_period, ledger_starts: dataset.site.ledger_starts, periods }
    }

    /// Whether `year`'s records are a base for growth: the ledger holds
    /// signings of it, and it does not start after 1 January of it.
    pub fn is_base(&self, year: i16) -> bool {
        self.tallies.has_signings(year) && self.ledger_starts.is_none_or(|s| s.cmp_loose(&Date::ymd(year, 1, 1)).is_le())
    }

    /// `ledger_starts`, as the site gives it.
    pub fn ledger_starts(&self) -> Option<Date> {
        self.ledger_starts
    }

    /// The fields some record of `region` (with its descendants) carries.
    pub fn tracked(&self, region: RegionId) -> Tracked {
        self.tallies.tracked(region)
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

    /// A metric's value in `tallies`, `None` where its inputs are untracked.
    fn tallied(&self, tallies: &tally::Tallies, region: RegionId, year: i16, metric: Metric) -> Option<Decimal> {
        self.tracked(region).covers(metric).ok()?;
        tallies.get(region, year).and_then(|t| t.value(metric))
    }

    /// A metric's value from the records, for a bulletin year only.
    fn recorded(&self, region: RegionId, year: i16, metric: Metric) -> Option<Decimal> {
        if !self.has_bulletin(year) {
            return None;
        }
        self.tallied(&self.tallies, region, year, metric)
    }

    /// Last year's value from the records, when last year is a base: the
    /// whole year, or for a year still running the same months.
    fn last_year(&self, region: RegionId, year: i16, metric: Metric) -> Option<Decimal> {
        if !self.is_base(year - 1) {
            return None;
        }
        let tallies = if self.as_of(year).is_some() { &self.same_period } else { &self.tallies };
        self.tallied(tallies, region, year - 1, metric)
    }

    pub fn indicator(&self, dataset: &Dataset, region: RegionId, year: i16, metric: Metric) -> Indicator {
        let value = self.recorded(region, year, metric);
        let annual = dataset.annual(region, year);
        let last_year = self.last_year(region, year, metric);
        let baseline = annual.and_then(|a| a.baseline.get(metric));
        // The office's own figure wins over the records. A year still
        // running compares the same months: its same-period baseline, then
        // last year's records to the same day; a full-year baseline only
        // when there is nothing else (`check` warns).
        let previous = match self.as_of(year) {
            Some(_) => annual.and_then(|a| a.baseline_same_period.get(metric)).or(last_year).or(baseline),
            None => baseline.or(last_year),
        };
        let is_rate = metric.kind().in_points();
        let tiny = |p: Decimal| matches!(metric.kind(), crate::model::MetricKind::Count(_)) && p < Decimal::from(TINY_BASE);
        let yoy = match (value, previous) {
            (Some(v), Some(p)) if !p.is_zero() && !is_rate && !tiny(p) => percent(v - p, p),
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
        // 序时进度 by months, as offices count it: 1—N月 is N/12 of the year.
        let elapsed = self.as_of(year).map(months_complete).filter(|&n| n > 0);
        let pace = match (completion, elapsed) {
            (Some(c), Some(n)) if !is_rate => Some(c - Decimal::from(n) * Decimal::ONE_HUNDRED / Decimal::from(12)),
            _ => None,
        };
        let numerator = value.and(self.tallies.get(region, year).and_then(|t| t.numerator(metric)));
        Indicator { metric, value, previous, yoy, yoy_points, target, completion, vs_target, pace, numerator }
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

    /// The children of `region` ranked by `metric` in `year`, with their
    /// figures as the bulletin publishes them (withheld stays withheld):
    /// see `competition_ranks`.
    pub fn ranking_table(&self, dataset: &Dataset, region: RegionId, year: i16, metric: Metric) -> Vec<Placed> {
        let indicators: Vec<Indicator> =
            dataset.regions.list[region].children.iter().map(|&child| self.indicator(dataset, child, year, metric)).collect();
        let values: Vec<Option<Decimal>> = indicators.iter().map(|i| i.value).collect();
        competition_ranks(&values)
            .into_iter()
            .map(|(i, rank)| Placed { region: dataset.regions.list[region].children[i], indicator: indicators[i], rank })
            .collect()
    }

    /// Which indicators of a bulletin are left out, and which show no growth
    /// for want of a base, for `check`'s notes.
    pub fn gaps(&self, dataset: &Dataset, region: RegionId, year: i16) -> BulletinGaps {
        let mut gaps = BulletinGaps::default();
        let tracked = self.tracked(region);
        for metric in Metric::indicators() {
            if let Err(field) = tracked.covers(metric) {
                gaps.untracked.push((metric, field));
                continue;
            }
            let i = self.indicator(dataset, region, year, metric);
            if i.value.is_some() && i.previous.is_none() {
                gaps.no_growth.push(metric);
            }
        }
        gaps
    }

    /// Baselines given where last year's records also exist, and differ.
    pub fn baseline_gaps<'a>(&self, dataset: &'a Dataset) -> Vec<BaselineGap<'a>> {
        let mut gaps = Vec::new();
        for annual in &dataset.annuals {
            for &(metric, baseline, span) in &annual.baseline.0 {
                if let Some(records) =
                    self.is_base(annual.year - 1).then(|| self.tallied(&self.tallies, annual.region, annual.year - 1, metric)).flatten()
                    && records != baseline
                {
                    gaps.push(BaselineGap { annual, metric, baseline, records, span });
                }
            }
        }
        gaps
    }
}
