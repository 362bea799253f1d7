//! Figures beside the metrics (issue 15, items 5, 7 and 9): stated facts
//! with last year's value and the sums of children's facts, the ledger
//! figures of a campaign period, and the problems of project service.
//! Each is small and computed when a bulletin asks for it, outside the one
//! pass of `tally()`.

use rust_decimal::Decimal;

use super::{Figures, Share, TINY_BASE, percent};
use crate::model::{Dataset, Date, Fact, Project, RegionId};

/// A stated number as written: `21`, `1,738`, `1738.5`; `None` for text.
pub fn fact_number(text: &str) -> Option<Decimal> {
    let plain: String = text.trim().chars().filter(|c| !matches!(c, ',' | '，')).collect();
    plain.parse::<Decimal>().ok()
}

/// A fact as a bulletin shows it: its value (as written, or the sum of
/// its children's), last year's value and growth, and its sub-items.
#[derive(Debug, Clone, PartialEq)]
pub struct FactFigure {
    pub key: String,
    pub label: String,
    pub unit: String,
    pub value: String,
    pub number: Option<Decimal>,
    pub previous: Option<Decimal>,
    /// (value − previous) ÷ previous × 100; `None` on a zero base, on a
    /// whole-number base below `TINY_BASE`, or without last year's value.
    pub growth: Option<Decimal>,
    pub items: Vec<FactFigure>,
    pub summable: bool,
    /// Not stated by the region: the sum of its children's.
    pub summed: bool,
}

/// Growth of a fact on last year; `None` where it says nothing (see
/// `FactFigure::growth`). Whole numbers are counts of things (次, 家), and
/// 1 → 4 is no "增长300%", as for the counts of the metrics.
pub fn fact_growth(value: Decimal, previous: Decimal) -> Option<Decimal> {
    let whole = value.fract().is_zero() && previous.fract().is_zero();
    if previous.is_zero() || (whole && previous < Decimal::from(TINY_BASE)) {
        return None;
    }
    percent(value - previous, previous)
}

fn figure(f: &Fact) -> FactFigure {
    let (number, previous) = (fact_number(&f.value), f.previous.as_deref().and_then(fact_number));
    FactFigure {
        key: f.key.clone(),
        label: f.label.clone(),
        unit: f.unit.clone(),
        value: f.value.clone(),
        number,
        previous,
        growth: number.zip(previous).and_then(|(v, p)| fact_growth(v, p)),
        items: f.items.iter().map(figure).collect(),
        summable: f.summable,
        summed: false,
    }
}

/// Stated facts as figures (a campaign's, or any list).
pub fn fact_figures(facts: &[Fact]) -> Vec<FactFigure> {
    facts.iter().map(figure).collect()
}

/// The facts of a region's bulletin for `year`: its own annual file's, in
/// written order, then the summable facts of its children it does not
/// state, summed (in the order the children first give them). A region's
/// own value wins over the sum of its children's: it is what it reports,
/// and it may count work done at its own level. A child without the fact
/// adds nothing; last year's sum is given only when every child that has
/// the fact gives last year's value.
pub fn facts(dataset: &Dataset, region: RegionId, year: i16) -> Vec<FactFigure> {
    let mut own: Vec<FactFigure> = dataset.annual(region, year).map(|a| fact_figures(&a.facts)).unwrap_or_default();
    let mut sums: Vec<FactFigure> = Vec::new();
    for &child in &dataset.regions.list[region].children {
        for f in facts(dataset, child, year).into_iter().filter(|f| f.summable && f.number.is_some()) {
            add_into(&mut sums, f);
        }
    }
    for mut sum in sums {
        if !own.iter().any(|f| f.key == sum.key) {
            finish(&mut sum);
            own.push(sum);
        }
    }
    own
}

fn add_into(sums: &mut Vec<FactFigure>, f: FactFigure) {
    match sums.iter_mut().find(|s| s.key == f.key) {
        Some(sum) => {
            sum.number = sum.number.zip(f.number).map(|(a, b)| a + b);
            sum.previous = sum.previous.zip(f.previous).map(|(a, b)| a + b);
            for item in f.items.into_iter().filter(|i| i.number.is_some()) {
                add_into(&mut sum.items, item);
            }
        }
        None => {
            let mut f = f;
            f.summed = true;
            f.items.retain(|i| i.number.is_some());
            for item in &mut f.items {
                item.summed = true;
            }
            sums.push(f);
        }
    }
}

/// A sum's text and growth, from its numbers.
fn finish(sum: &mut FactFigure) {
    if let Some(n) = sum.number {
        // The plain number, as an annual file would write it (no grouping).
        sum.value = if n.is_zero() { "0".to_string() } else { n.normalize().to_string() };
    }
    sum.growth = sum.number.zip(sum.previous).and_then(|(v, p)| fact_growth(v, p));
    sum.items.iter_mut().for_each(finish);
}

/// The ledger's figures of a campaign period, in a region with its
/// descendants.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CampaignFigures {
    /// Projects signed from `from` to `to`, both days included.
    pub signed: Share,
    /// Projects started in the period; `None` when the region records no
    /// start dates.
    pub started: Option<Share>,
}

/// Whether `date` falls in the period, both ends included, at the
/// precision both have (a project signed "2025-10" is in a campaign from
/// 2025-10-28), and not after the `as_of` of a year still running.
fn in_campaign(figures: &Figures, date: &Date, from: &Date, to: &Date) -> bool {
    date.cmp_loose(from).is_ge() && date.cmp_loose(to).is_le() && figures.as_of(date.year).is_none_or(|c| date.cmp_loose(&c).is_le())
}

/// One pass over the projects (the hidden ones of a public build too),
/// counting those the metrics count: ever signed, at or above the threshold.
pub fn campaign(dataset: &Dataset, figures: &Figures, region: RegionId, from: Date, to: Date) -> CampaignFigures {
    let mut out = CampaignFigures::default();
    let mut started = Share::default();
    for p in counted(dataset, region) {
        if p.signed.is_some_and(|d| in_campaign(figures, &d, &from, &to)) {
            out.signed.count += 1;
            out.signed.amount += p.amount;
        }
        if p.started.is_some_and(|d| in_campaign(figures, &d, &from, &to)) {
            started.count += 1;
            started.amount += p.planned_investment;
        }
    }
    out.started = figures.tracked(region).started.then_some(started);
    out
}

/// Project service (项目服务) of a region and year.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Service {
    /// Problems raised in the year (up to a running year's `as_of`).
    pub raised: u32,
    /// Of those, solved by the bulletin's date (`stands_at`).
    pub solved: u32,
    /// 办结率: solved ÷ raised × 100; `None` when none was raised.
    pub rate: Option<Decimal>,
    /// Projects under construction at the bulletin's date: started by
    /// then, neither producing nor cancelled by then; `None` when the
    /// region records no start dates.
    pub under_construction: Option<u32>,
}

/// One pass over the projects the figures count.
pub fn service(figures: &Figures, region: RegionId, year: i16) -> Service {
    // Counted in the figures' one pass over the projects (`Tally`): a scan
    // here per bulletin would cost a province minutes.
    let Some(t) = figures.tally(region, year) else { return Service::default() };
    Service {
        raised: t.problems_raised,
        solved: t.problems_solved,
        rate: percent(Decimal::from(t.problems_solved), Decimal::from(t.problems_raised)),
        under_construction: figures.tracked(region).started.then_some(t.under_construction),
    }
}

/// The projects the figures count, of a region with its descendants.
fn counted(dataset: &Dataset, region: RegionId) -> impl Iterator<Item = &Project> {
    dataset
        .projects
        .iter()
        .chain(&dataset.hidden)
        .filter(move |p| p.amount >= dataset.site.min_project_amount && p.was_signed())
        .filter(move |p| dataset.regions.is_within(p.region, region))
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::testing::dataset;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    const CATEGORIES: &str = "investor_categories:\n  - {id: fortune500, name: 世界500强, lede: true}\n  - {id: soe, name: 央企}\n  - {id: listed, name: 上市公司}\n";

    /// A project of two categories counts in both; the parent sums its
    /// children; a project below the threshold or not signed counts in none.
    #[test]
    fn categories_count_signed_projects_in_each_of_theirs() {
        let site = format!("{}{CATEGORIES}", crate::testing::SITE);
        let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-materials, amount: 12.5, scope: local, status: signed, signed: 2025-02-01, categories: [fortune500, listed]}
- {id: b, name: 乙, investor: 乙公司, region: yi, sector: new-energy, amount: 30, scope: local, status: signed, signed: 2025-03-01, 企业类别: [世界500强]}
- {id: c, name: 丙, investor: 丙公司, region: yi, sector: new-energy, amount: 0.05, scope: local, status: signed, signed: 2025-03-01, categories: [soe]}
- {id: d, name: 丁, investor: 丁公司, region: yi, sector: new-energy, amount: 8, scope: local, status: negotiating, categories: [soe]}
- {id: e, name: 戊, investor: 戊公司, region: jia, sector: new-energy, amount: 2, scope: local, status: signed, signed: 2025-05-01, categories: [央企]}
";
        let ds = dataset(&[
            ("site.yaml", &site),
            ("content/projects/p.yaml", projects),
            ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
        ]);
        let f = Figures::compute(&ds);
        let shares = |region: &str| {
            let t = f.tally(ds.regions.get(region).unwrap(), 2025).unwrap();
            t.by_category.iter().map(|s| (s.count, s.amount)).collect::<Vec<_>>()
        };
        assert_eq!(shares("mouxian"), [(2, d("42.5")), (1, d("2")), (1, d("12.5"))]);
        assert_eq!(shares("jia"), [(1, d("12.5")), (1, d("2")), (1, d("12.5"))]);
        assert_eq!(shares("yi"), [(1, d("30")), (0, d("0")), (0, d("0"))]);
    }

    /// 1738 against 1500 is 增长15.87%; a whole-number base below 10 gives
    /// no percentage; a zero base none; amounts with decimals have no
    /// tiny-base rule.
    #[test]
    fn fact_growth_on_last_year() {
        assert_eq!(fact_growth(d("1738"), d("1500")).map(|g| g.round_dp(2)), Some(d("15.87")));
        assert_eq!(fact_growth(d("21"), d("8")), None);
        assert_eq!(fact_growth(d("3"), d("0")), None);
        assert_eq!(fact_growth(d("2.5"), d("2.0")).map(|g| g.round_dp(2)), Some(d("25.00")));
        assert_eq!(fact_number("1,738"), Some(d("1738")));
        assert_eq!(fact_number("约20"), None);
    }

    /// The county sums its towns' summable facts it does not state, with
    /// their sub-items and last year's values; its own value wins; a fact
    /// not summable stays with its town.
    #[test]
    fn a_parent_sums_its_childrens_summable_facts() {
        let jia = "region: jia\nyear: 2025\nfacts:\n  - {id: trips, label: 外出招商, value: 12, unit: 次, previous: 10, summable: true, items: [{label: 主要领导带队, value: 5, unit: 次}]}\n  - {id: visits, label: 拜访企业, value: 300, unit: 家, summable: true}\n  - {label: 签约仪式, value: 2, unit: 场}\n";
        let yi = "region: yi\nyear: 2025\nfacts:\n  - {id: trips, label: 外出招商次数, value: 9, unit: 次, previous: 10, summable: true, items: [{label: 主要领导带队, value: 7, unit: 次}]}\n  - {id: visits, label: 拜访企业, value: 200, unit: 家, summable: true}\n";
        let county = "region: mouxian\nyear: 2025\nfacts:\n  - {id: visits, label: 拜访企业, value: 480, unit: 家}\n";
        let ds = dataset(&[("content/annual/jia.yaml", jia), ("content/annual/yi.yaml", yi), ("content/annual/county.yaml", county)]);
        let facts = facts(&ds, ds.site.root_region, 2025);
        let shown: Vec<(&str, &str, bool)> = facts.iter().map(|f| (f.key.as_str(), f.value.as_str(), f.summed)).collect();
        assert_eq!(shown, [("visits", "480", false), ("trips", "21", true)]);
        let trips = &facts[1];
        assert_eq!(trips.label, "外出招商", "the first child's label");
        assert_eq!(trips.previous, Some(d("20")));
        assert_eq!(trips.growth.map(|g| g.round_dp(2)), Some(d("5.00")));
        assert_eq!(trips.items.iter().map(|i| i.value.as_str()).collect::<Vec<_>>(), ["12"]);
    }

    /// Both ends of a campaign count; a day outside does not; a date given
    /// to the month counts in the months the period touches.
    #[test]
    fn a_campaign_counts_its_dates_both_ends_included() {
        let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-materials, amount: 10, scope: local, status: signed, signed: 2025-10-28}
- {id: b, name: 乙, investor: 乙公司, region: yi, sector: new-energy, amount: 20, scope: local, status: started, signed: 2026-02-05, started: 2026-02-05}
- {id: c, name: 丙, investor: 丙公司, region: yi, sector: new-energy, amount: 40, scope: local, status: signed, signed: 2025-10-27}
- {id: e, name: 戊, investor: 戊公司, region: yi, sector: new-energy, amount: 80, scope: local, status: signed, signed: 2026-02-06}
- {id: f, name: 己, investor: 己公司, region: jia, sector: new-energy, amount: 5, scope: local, status: signed, signed: 2026-01}
";
        let ds = dataset(&[("content/projects/p.yaml", projects), ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n")]);
        let f = Figures::compute(&ds);
        let c = campaign(&ds, &f, ds.site.root_region, Date::ymd(2025, 10, 28), Date::ymd(2026, 2, 5));
        assert_eq!((c.signed.count, c.signed.amount), (3, d("35")));
        assert_eq!(c.started.map(|s| s.count), Some(1));
        let jia = campaign(&ds, &f, ds.regions.get("jia").unwrap(), Date::ymd(2025, 10, 28), Date::ymd(2026, 2, 5));
        // 甲镇 records no start dates: its starts are not zero but untracked.
        assert_eq!((jia.signed.count, jia.started.map(|s| s.count)), (2, None));
    }

    /// 办结率 counts the problems raised in the year, solved by the
    /// bulletin's date: one raised the year before is in neither count, one
    /// solved after 31 December is raised but not solved.
    #[test]
    fn the_solved_rate_is_over_the_problems_raised_in_the_year() {
        let projects = "
- id: a
  name: 甲
  investor: 甲公司
  region: jia
  sector: new-materials
  amount: 10
  scope: local
  status: started
  signed: 2024-05-01
  started: 2025-03
  problems:
    - {raised: 2024-11-02, solved: 2025-01-10, summary: 用地指标}
    - {raised: 2025-03-02, solved: 2025-04-10, summary: 供电接入}
    - {raised: 2025-06-01, summary: 环评批复}
- id: b
  name: 乙
  investor: 乙公司
  region: yi
  sector: new-energy
  amount: 20
  scope: local
  status: signed
  signed: 2025-02-01
  问题:
    - {提出日期: 2025-12-20, 解决日期: 2026-01-05, 问题描述: 施工许可}
";
        let ds = dataset(&[("content/projects/p.yaml", projects), ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n")]);
        let f = Figures::compute(&ds);
        let s = service(&f, ds.site.root_region, 2025);
        assert_eq!((s.raised, s.solved), (3, 1));
        assert_eq!(s.rate.map(|r| r.round_dp(2)), Some(d("33.33")));
        assert_eq!(s.under_construction, Some(1));
        // 乙镇 records no start dates: no count of projects under construction.
        assert_eq!(service(&f, ds.regions.get("yi").unwrap(), 2025).under_construction, None);
    }
}
