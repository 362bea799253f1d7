//! Figures of the 1—N月 bulletins (monthly or quarterly 通报): the headline
//! quantities binned by region, year and month in one pass over the
//! projects, rolled up the region tree and summed into running totals, so
//! that every period of every region costs one subtraction, not a tally.
//! The counting rules are the annual tally's (indicators.md): the same
//! threshold, the same dates, the same funds scopes, hidden projects in.

use rust_decimal::Decimal;

use super::{Figures, Indicator, TINY_BASE, percent};
use crate::model::{Dataset, Date, Metric, MetricKind, RegionId, Unit};

/// The metrics a period bulletin shows, in its order.
pub const PERIOD_METRICS: [Metric; 7] = [
    Metric::SignedCount,
    Metric::SignedAmount,
    Metric::SignedOver1,
    Metric::StartedCount,
    Metric::NewStartInvestment,
    Metric::StartRate,
    Metric::FundsInPlace,
];

/// The headline sums of one month, or (as stored) of January through it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sums {
    signed_count: u32,
    signed_amount: Decimal,
    signed_over1: u32,
    started_count: u32,
    started_amount: Decimal,
    /// Signed and started in the year, counted in the later of the two
    /// months (when both have happened).
    signed_and_started: u32,
    funds: Decimal,
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        self.signed_count += o.signed_count;
        self.signed_amount += o.signed_amount;
        self.signed_over1 += o.signed_over1;
        self.started_count += o.started_count;
        self.started_amount += o.started_amount;
        self.signed_and_started += o.signed_and_started;
        self.funds += o.funds;
    }

    /// The value of a period metric over these sums; `None` for a rate over
    /// nothing.
    fn value(&self, metric: Metric) -> Option<Decimal> {
        match metric {
            Metric::SignedCount => Some(self.signed_count.into()),
            Metric::SignedAmount => Some(self.signed_amount),
            Metric::SignedOver1 => Some(self.signed_over1.into()),
            Metric::StartedCount => Some(self.started_count.into()),
            Metric::NewStartInvestment => Some(self.started_amount),
            Metric::StartRate => percent(self.signed_and_started.into(), self.signed_count.into()),
            Metric::FundsInPlace => Some(self.funds),
            _ => None,
        }
    }
}

/// Per region and year: thirteen slots, slot 0 for funds dated by year only
/// (which count in every 1—N月 but in no month), slot N for January
/// through month N.
#[derive(Debug, Clone, Default)]
pub struct Periods {
    years: Vec<i16>,
    cells: Vec<[Sums; 13]>,
}

impl Periods {
    /// Bins every counted project of `dataset` for `years` (sorted).
    pub fn compute(dataset: &Dataset, years: &[i16]) -> Periods {
        let regions = dataset.regions.list.len();
        let width = years.len();
        let mut periods = Periods { years: years.to_vec(), cells: vec![[Sums::default(); 13]; regions * width] };
        let site = &dataset.site;
        for p in dataset.projects.iter().chain(&dataset.hidden) {
            if p.amount < site.min_project_amount || !p.was_signed() {
                continue;
            }
            if let Some(signed) = p.signed
                && let Some(s) = periods.slot(p.region, signed.year, month(signed))
            {
                s.signed_count += 1;
                s.signed_amount += p.amount;
                if site.unit.convert(p.amount, Unit::Yi) >= Decimal::ONE {
                    s.signed_over1 += 1;
                }
            }
            if let Some(started) = p.started
                && let Some(s) = periods.slot(p.region, started.year, month(started))
            {
                s.started_count += 1;
                s.started_amount += p.planned_investment;
            }
            if let (Some(signed), Some(started)) = (p.signed, p.started)
                && signed.year == started.year
                && let Some(s) = periods.slot(p.region, signed.year, month(signed).max(month(started)))
            {
                s.signed_and_started += 1;
            }
            if site.funds_scopes.contains(&p.scope) {
                for f in &p.funds_in_place {
                    if let Some(s) = periods.slot(p.region, f.year, f.date.map_or(0, month)) {
                        s.funds += f.amount;
                    }
                }
            }
        }
        for cell in &mut periods.cells {
            // Running totals: slot N becomes January through N.
            for m in 2..13 {
                let before = cell[m - 1];
                cell[m].add(&before);
            }
        }
        for region in (0..regions).rev() {
            if let Some(parent) = dataset.regions.list[region].parent {
                for y in 0..width {
                    let child = periods.cells[region * width + y];
                    for (into, from) in periods.cells[parent * width + y].iter_mut().zip(&child) {
                        into.add(from);
                    }
                }
            }
        }
        periods
    }

    fn slot(&mut self, region: RegionId, year: i16, month: usize) -> Option<&mut Sums> {
        let y = self.years.binary_search(&year).ok()?;
        self.cells.get_mut(region * self.years.len() + y)?.get_mut(month)
    }

    fn cell(&self, region: RegionId, year: i16) -> Option<&[Sums; 13]> {
        let y = self.years.binary_search(&year).ok()?;
        self.cells.get(region * self.years.len() + y)
    }

    /// January through `months` (1–12), with funds dated by year only.
    fn cumulative(&self, region: RegionId, year: i16, months: u8) -> Option<Sums> {
        let cell = self.cell(region, year)?;
        let mut sums = *cell.get(usize::from(months))?;
        sums.funds += cell[0].funds;
        Some(sums)
    }

    /// The months `from..=to` alone (本月, or 本季 for three months).
    fn span(&self, region: RegionId, year: i16, from: u8, to: u8) -> Option<Sums> {
        let cell = self.cell(region, year)?;
        let end = *cell.get(usize::from(to))?;
        let start = cell.get(usize::from(from).saturating_sub(1)).filter(|_| from > 1).copied().unwrap_or_default();
        Some(Sums {
            signed_count: end.signed_count - start.signed_count,
            signed_amount: end.signed_amount - start.signed_amount,
            signed_over1: end.signed_over1 - start.signed_over1,
            started_count: end.started_count - start.started_count,
            started_amount: end.started_amount - start.started_amount,
            signed_and_started: end.signed_and_started - start.signed_and_started,
            funds: end.funds - start.funds,
        })
    }
}

/// The month slot of a date (1–12).
fn month(d: Date) -> usize {
    usize::from(d.month.clamp(1, 12))
}

/// One metric of a 1—N月 bulletin: the indicator of January through month
/// N (its `previous`, growth, completion and pace as for a year; pace is
/// 序时进度 by months), and the period's own months.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeriodIndicator {
    pub indicator: Indicator,
    /// Month N (or the quarter ending in it); none for a rate.
    pub this_period: Option<Decimal>,
}

/// A period's figure reads as the indicator it extends.
impl std::ops::Deref for PeriodIndicator {
    type Target = Indicator;
    fn deref(&self) -> &Indicator {
        &self.indicator
    }
}

impl Figures {
    /// `metric` of `region` for January through month `months` of `year`;
    /// `span` months make its own column (1 for a month, 3 for a quarter).
    pub fn period_indicator(
        &self,
        dataset: &Dataset,
        region: RegionId,
        year: i16,
        months: u8,
        span: u8,
        metric: Metric,
    ) -> PeriodIndicator {
        let tracked = self.tracked(region).covers(metric).is_ok();
        let periods = &self.periods;
        let value = periods.cumulative(region, year, months).filter(|_| tracked).and_then(|s| s.value(metric));
        let from = months.saturating_sub(span.max(1) - 1).max(1);
        // A rate has no month of its own: its cohort is the year's signings.
        let is_rate = metric.kind().in_points();
        let this_period = periods.span(region, year, from, months).filter(|_| tracked && !is_rate).and_then(|s| s.value(metric));
        let previous =
            periods.cumulative(region, year - 1, months).filter(|_| tracked && self.is_base(year - 1)).and_then(|s| s.value(metric));
        let tiny = |p: Decimal| matches!(metric.kind(), MetricKind::Count(_)) && p < Decimal::from(TINY_BASE);
        let yoy = match (value, previous) {
            (Some(v), Some(p)) if !p.is_zero() && !is_rate && !tiny(p) => percent(v - p, p),
            _ => None,
        };
        let yoy_points = match (value, previous) {
            (Some(v), Some(p)) if is_rate => Some(v - p),
            _ => None,
        };
        let target = dataset.annual(region, year).and_then(|a| a.targets.get(metric)).filter(|_| !is_rate);
        let completion = match (value, target) {
            (Some(v), Some(t)) => percent(v, t),
            _ => None,
        };
        let pace = completion.map(|c| c - Decimal::from(months) * Decimal::ONE_HUNDRED / Decimal::from(12));
        let indicator = Indicator { metric, value, previous, yoy, yoy_points, target, completion, vs_target: None, pace, numerator: None };
        PeriodIndicator { indicator, this_period }
    }

    /// The 1—N月 periods of `year` published on the site, ascending, for
    /// `periods: [month]` (every month) or `[quarter]` (3, 6, 9): the months
    /// whose data is complete, as the root region's annual file says with
    /// `published_months` or `as_of` (a year without `as_of` is over). The
    /// twelfth month is the annual bulletin, never a period.
    pub fn published_periods(&self, dataset: &Dataset, year: i16) -> Vec<u8> {
        let kinds = &dataset.site.periods;
        if kinds.is_empty() || !self.has_bulletin(year) {
            return Vec::new();
        }
        let annual = dataset.annual(dataset.site.root_region, year);
        let complete = annual.and_then(|a| a.as_of).map_or(12, super::months_complete);
        let listed = annual.map(|a| a.published_months.as_slice()).filter(|l| !l.is_empty());
        (1..12u8)
            .filter(|&n| n <= complete && listed.is_none_or(|l| l.contains(&n)))
            .filter(|&n| kinds.iter().any(|k| k.publishes(n)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::testing::{SITE, dataset};

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    const PROJECTS: &str = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: outside_province, status: started, signed: 2024-01-15, started: 2024-02-10, funds_in_place: {2024-02: 1}}
- {id: b, name: 乙, investor: 乙公司, region: yi, sector: new-energy, amount: 20, scope: local, status: signed, signed: 2024-03-05}
- {id: c, name: 丙, investor: 丙公司, region: jia, sector: new-energy, amount: 12, scope: outside_province, status: started, signed: 2025-01-10, started: 2025-03-01, funds_in_place: {2025: 1, 2025-02-20: 2}}
- {id: d, name: 丁, investor: 丁公司, region: yi, sector: new-energy, amount: 0.5, scope: local, status: signed, signed: 2025-02-10}
- {id: e, name: 戊, investor: 戊公司, region: jia, sector: new-energy, amount: 30, scope: local, status: signed, signed: 2025-03-20}
- {id: f, name: 己, investor: 己公司, region: yi, sector: new-energy, amount: 0.05, scope: local, status: signed, signed: 2025-02-01}
";

    fn site(periods: &str, annual_2025: &str) -> (Dataset, Figures) {
        let site = format!("{SITE}periods: {periods}\n");
        let annual = format!("region: mouxian\nyear: 2025\nas_of: 2025-03-31\ntargets:\n  signed_amount: 100\n{annual_2025}");
        let ds = dataset(&[
            ("site.yaml", &site),
            ("content/projects/p.yaml", PROJECTS),
            ("content/annual/2024.yaml", "region: mouxian\nyear: 2024\n"),
            ("content/annual/2025.yaml", &annual),
        ]);
        let figures = Figures::compute(&ds);
        (ds, figures)
    }

    /// The worked example of indicators.md's "1—N月 bulletins".
    #[test]
    fn worked_example_of_a_period() {
        let (ds, f) = site("[month]", "");
        let root = ds.site.root_region;
        let at = |n, m| f.period_indicator(&ds, root, 2025, n, 1, m);
        // 1—3月: C, D and E (F is below the threshold); 本月 E alone.
        let amount = at(3, Metric::SignedAmount);
        assert_eq!(amount.value, Some(dec("42.5")));
        assert_eq!(amount.this_period, Some(dec("30")));
        assert_eq!(amount.previous, Some(dec("30")));
        assert_eq!(amount.yoy.map(|y| y.round_dp(4)), Some(dec("41.6667")));
        assert_eq!(amount.target, Some(dec("100")));
        assert_eq!(amount.completion, Some(dec("42.5")));
        // 序时进度: 42.5% of the target against 3/12 of the year.
        assert_eq!(amount.pace, Some(dec("17.5")));
        // 1—2月: behind schedule.
        let amount = at(2, Metric::SignedAmount);
        assert_eq!((amount.value, amount.this_period, amount.previous), (Some(dec("12.5")), Some(dec("0.5")), Some(dec("10"))));
        assert_eq!(amount.yoy, Some(dec("25")));
        assert_eq!(amount.pace.map(|p| p.round_dp(4)), Some(dec("-4.1667")));
        let count = at(3, Metric::SignedCount);
        assert_eq!((count.value, count.this_period, count.previous), (Some(dec("3")), Some(dec("1")), Some(dec("2"))));
        // Last year's 2 projects are too few a base for a percentage.
        assert_eq!(count.yoy, None);
        // C was signed in January and started in March: in 1—3月's rate, not 1—2月's.
        let rate = at(3, Metric::StartRate);
        assert_eq!(rate.value.map(|r| r.round_dp(2)), Some(dec("33.33")));
        assert_eq!(rate.this_period, None);
        assert_eq!(rate.yoy_points.map(|r| r.round_dp(2)), Some(dec("-16.67")));
        assert_eq!(at(2, Metric::StartRate).value, Some(dec("0")));
        // Funds dated by year only count from January, in no month.
        let funds = at(1, Metric::FundsInPlace);
        assert_eq!((funds.value, funds.this_period), (Some(dec("1")), Some(dec("0"))));
        let funds = at(2, Metric::FundsInPlace);
        assert_eq!((funds.value, funds.this_period, funds.previous), (Some(dec("3")), Some(dec("2")), Some(dec("1"))));
        // A town's own figures.
        let jia = ds.regions.by_id["jia"];
        assert_eq!(f.period_indicator(&ds, jia, 2025, 3, 1, Metric::SignedAmount).value, Some(dec("42")));
        // A quarter's column holds its three months.
        assert_eq!(f.period_indicator(&ds, root, 2025, 3, 3, Metric::SignedAmount).this_period, Some(dec("42.5")));
    }

    #[test]
    fn published_periods_follow_as_of_and_the_list() {
        let (ds, f) = site("[month]", "");
        assert_eq!(f.published_periods(&ds, 2025), vec![1, 2, 3]);
        // A year that is over: every month but the twelfth, the annual bulletin.
        assert_eq!(f.published_periods(&ds, 2024), (1..=11).collect::<Vec<u8>>());
        let (ds, f) = site("[month]", "published_months: [1, 2, 5]\n");
        assert_eq!(f.published_periods(&ds, 2025), vec![1, 2]);
        let (ds, f) = site("[季]", "");
        assert_eq!(f.published_periods(&ds, 2025), vec![3]);
        assert_eq!(f.published_periods(&ds, 2024), vec![3, 6, 9]);
    }

    /// 1—12月 of a year that is over is the annual bulletin's figures.
    #[test]
    fn the_whole_year_is_the_annual_figures() {
        let (ds, f) = site("[month]", "");
        for region in 0..ds.regions.list.len() {
            for metric in PERIOD_METRICS {
                let period = f.period_indicator(&ds, region, 2024, 12, 1, metric);
                let annual = f.indicator(&ds, region, 2024, metric);
                assert_eq!(period.value, annual.value, "{metric:?} of region {region}");
            }
        }
    }
}
