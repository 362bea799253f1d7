//! Tallies: the sums behind every metric of one region (with all its
//! descendants) and one year, added up from the project records in one pass.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::model::{Dataset, Date, Kind, Metric, Project, RegionId, Scope, Unit};

/// The fixed thresholds of the counts of large projects, in 亿元: 10, 50
/// and 100 (`signed_over_1` follows the size brackets, `Site::over_1_threshold`).
pub const OVER_YI: [u32; 3] = [10, 50, 100];

/// A count and an amount.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Share {
    pub count: u32,
    pub amount: Decimal,
}

impl std::ops::AddAssign for Share {
    fn add_assign(&mut self, other: Share) {
        self.count += other.count;
        self.amount += other.amount;
    }
}

impl Share {
    fn add(&mut self, amount: Decimal) {
        self.count += 1;
        self.amount += amount;
    }
}

/// Everything summed for one region and year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub signed: Share,
    /// Signed projects at or above 1 (`Site::over_1_threshold`), 10, 50 and
    /// 100 亿元, and the amount of the first.
    pub signed_over: [u32; 4],
    pub signed_over_1_amount: Decimal,
    pub started: Share,
    /// Projects signed this year that also started this year.
    pub signed_and_started: u32,
    /// Of the projects signed this year: those started or in production by
    /// the year's end (or its `as_of`) and not cancelled by then (履约率's
    /// numerator), and those in production by then, not cancelled (投产率's).
    pub signed_fulfilled: u32,
    pub signed_producing: u32,
    /// Project service: problems raised this year, and those of them
    /// solved by its end (or `as_of`).
    pub problems_raised: u32,
    pub problems_solved: u32,
    /// Projects started by the year's end (or `as_of`) and neither
    /// producing nor cancelled by then (在建项目).
    pub under_construction: u32,
    pub producing_count: u32,
    pub cancelled_count: u32,
    /// Funds in place dated this year, from projects within `funds_scopes`.
    pub funds: Decimal,
    pub funds_fixed: Decimal,
    pub funds_non_fixed: Decimal,
    /// For the funds rate: funds received up to this year, and the agreed
    /// amount, of the projects signed this year within `funds_scopes`.
    pub funds_received_by_signed: Decimal,
    pub amount_of_signed_in_scope: Decimal,
    /// Signed projects by sector (indexed like `site.sectors`).
    pub by_sector: Vec<Share>,
    /// Signed projects by investor category (indexed like
    /// `site.investor_categories`); a project of two categories is in both.
    pub by_category: Vec<Share>,
    /// Signed projects by scope (as `Scope::ALL`), and funds in place by
    /// scope (all scopes, not only `funds_scopes`).
    pub by_scope: [Share; 4],
    pub funds_by_scope: [Decimal; 4],
    /// Funds in place written in US dollars dated this year, in 万美元, of
    /// any scope: foreign capital, never in a yuan figure.
    pub foreign_funds: Decimal,
    /// Signed projects by size bracket (see `Site::brackets`): below the
    /// first bound, then from each bound.
    pub by_bracket: Vec<Share>,
    /// Signed amount by month of signing (January first).
    pub by_month: [Decimal; 12],
    /// Signed projects by province (or country) of origin; "" when not given.
    pub by_origin: BTreeMap<String, Share>,
    /// The projects signed this year, in ledger order (indices into
    /// `dataset.projects`).
    pub signed_projects: Vec<u32>,
}

impl Tally {
    fn new(sectors: usize, brackets: usize, categories: usize) -> Tally {
        Tally {
            by_sector: vec![Share::default(); sectors],
            by_bracket: vec![Share::default(); brackets + 1],
            by_category: vec![Share::default(); categories],
            ..Tally::default()
        }
    }

    /// The value of a metric; `None` where it has no meaning (a rate over
    /// nothing).
    pub fn value(&self, metric: Metric) -> Option<Decimal> {
        let count = |n: u32| Some(Decimal::from(n));
        match metric {
            Metric::SignedCount => count(self.signed.count),
            Metric::SignedAmount => Some(self.signed.amount),
            Metric::SignedOver1 => count(self.signed_over[0]),
            Metric::SignedOver1Amount => Some(self.signed_over_1_amount),
            Metric::SignedOver10 => count(self.signed_over[1]),
            Metric::SignedOver50 => count(self.signed_over[2]),
            Metric::SignedOver100 => count(self.signed_over[3]),
            Metric::StartedCount => count(self.started.count),
            Metric::NewStartInvestment => Some(self.started.amount),
            Metric::StartRate => percent(Decimal::from(self.signed_and_started), Decimal::from(self.signed.count)),
            Metric::FulfilmentRate => percent(Decimal::from(self.signed_fulfilled), Decimal::from(self.signed.count)),
            Metric::ProducingRate => percent(Decimal::from(self.signed_producing), Decimal::from(self.signed.count)),
            Metric::ProducingCount => count(self.producing_count),
            Metric::FundsInPlace => Some(self.funds),
            Metric::FundsInPlaceFixed => Some(self.funds_fixed),
            Metric::FundsInPlaceNonFixed => Some(self.funds_non_fixed),
            Metric::CancelledCount => count(self.cancelled_count),
            Metric::FundsRate => percent(self.funds_received_by_signed, self.amount_of_signed_in_scope),
            Metric::ForeignFunds => Some(self.foreign_funds),
            Metric::FundsOutsideProvince | Metric::FundsOutsideCity => {
                let scope = metric.funds_scope().and_then(|s| Scope::ALL.iter().position(|a| *a == s))?;
                self.funds_by_scope.get(scope).copied()
            }
        }
    }

    /// The count of projects a rate is of, which the bulletin states with
    /// it ("开工项目497个，开工率92.38%"); `None` for other metrics.
    pub fn numerator(&self, metric: Metric) -> Option<u32> {
        match metric {
            Metric::StartRate => Some(self.signed_and_started),
            Metric::FulfilmentRate => Some(self.signed_fulfilled),
            Metric::ProducingRate => Some(self.signed_producing),
            _ => None,
        }
    }
}

/// `part ÷ whole × 100`, exact to 28 digits; `None` when `whole` is zero.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() { None } else { part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole) }
}

/// Which fields some record of a region (with its descendants, in any
/// year) carries. A figure counted from a field no record carries is not
/// zero but untracked: it is not published (indicators.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tracked {
    pub started: bool,
    pub producing: bool,
    pub funds: bool,
    pub cancelled: bool,
    /// Funds in place in US dollars.
    pub foreign_funds: bool,
}

impl Tracked {
    fn of(p: &Project) -> Tracked {
        Tracked {
            started: p.started.is_some(),
            producing: p.producing.is_some(),
            funds: !p.funds_in_place.is_empty(),
            cancelled: p.cancelled.is_some(),
            foreign_funds: !p.foreign_funds.is_empty(),
        }
    }

    fn merge(&mut self, other: Tracked) {
        self.started |= other.started;
        self.producing |= other.producing;
        self.funds |= other.funds;
        self.cancelled |= other.cancelled;
        self.foreign_funds |= other.foreign_funds;
    }

    /// Whether `metric`'s inputs are recorded; the field it needs otherwise.
    pub fn covers(self, metric: Metric) -> Result<(), &'static str> {
        let (on, field) = match metric {
            Metric::StartedCount | Metric::NewStartInvestment | Metric::StartRate => (self.started, "started"),
            // Started or in production: either date records the progress.
            Metric::FulfilmentRate => (self.started || self.producing, "started"),
            Metric::ProducingCount | Metric::ProducingRate => (self.producing, "producing"),
            Metric::FundsInPlace
            | Metric::FundsInPlaceFixed
            | Metric::FundsInPlaceNonFixed
            | Metric::FundsRate
            | Metric::FundsOutsideProvince
            | Metric::FundsOutsideCity => (self.funds, "funds_in_place"),
            // Only dollar entries track foreign capital: a site with none
            // does not publish 0万美元.
            Metric::ForeignFunds => (self.foreign_funds, "funds_in_place"),
            Metric::CancelledCount => (self.cancelled, "cancelled"),
            Metric::SignedCount
            | Metric::SignedAmount
            | Metric::SignedOver1
            | Metric::SignedOver1Amount
            | Metric::SignedOver10
            | Metric::SignedOver50
            | Metric::SignedOver100 => (true, "signed"),
        };
        if on { Ok(()) } else { Err(field) }
    }
}

/// The tallies of every region and year of interest.
#[derive(Debug, Clone, Default)]
pub struct Tallies {
    years: Vec<i16>,
    /// `regions × years`, region-major.
    cells: Vec<Tally>,
    /// Per region, the fields its records carry.
    tracked: Vec<Tracked>,
    /// The years some counted project was signed in, ascending.
    signing_years: Vec<i16>,
}

impl Tallies {
    pub fn get(&self, region: RegionId, year: i16) -> Option<&Tally> {
        let y = self.years.binary_search(&year).ok()?;
        self.cells.get(region * self.years.len() + y)
    }

    pub fn tracked(&self, region: RegionId) -> Tracked {
        self.tracked.get(region).copied().unwrap_or_default()
    }

    /// Whether some counted project was signed in `year`.
    pub fn has_signings(&self, year: i16) -> bool {
        self.signing_years.binary_search(&year).is_ok()
    }

    fn get_mut(&mut self, region: RegionId, year: i16) -> Option<&mut Tally> {
        let y = self.years.binary_search(&year).ok()?;
        self.cells.get_mut(region * self.years.len() + y)
    }
}

/// Sums every project of `dataset` into the tallies of `years` (sorted) for
/// its region and every ancestor. Projects below `min_project_amount` are
/// left out everywhere, and so are projects never signed (a negotiation, one
/// cancelled before signing). A year with a cut-off date (a year still
/// running) counts only what happened up to that date. The hidden projects
/// of a public build count too, but are listed in no `signed_projects`.
pub fn tally(dataset: &Dataset, years: &[i16], cutoffs: &BTreeMap<i16, Date>) -> Tallies {
    let sectors = dataset.site.sectors.len();
    let regions = dataset.regions.list.len();
    let site = &dataset.site;
    let unit = site.unit;
    let thresholds = Thresholds {
        brackets: site.brackets(),
        over: [site.over_1_threshold()].into_iter().chain(OVER_YI.iter().map(|&yi| Unit::Yi.convert(Decimal::from(yi), unit))).collect(),
    };
    let mut tallies = Tallies {
        years: years.to_vec(),
        cells: vec![Tally::new(sectors, thresholds.brackets.len(), dataset.site.investor_categories.len()); regions * years.len()],
        tracked: vec![Tracked::default(); regions],
        signing_years: Vec::new(),
    };
    let mut signing_years = std::collections::BTreeSet::new();
    // Each project lands in its own region first; one backwards pass over
    // the pre-ordered tree then rolls children into their parents.
    let listed = dataset.projects.iter().enumerate().map(|(index, p)| (Some(index as u32), p));
    for (index, project) in listed.chain(dataset.hidden.iter().map(|p| (None, p))) {
        if project.amount < dataset.site.min_project_amount || !project.was_signed() {
            continue;
        }
        if let Some(tracked) = tallies.tracked.get_mut(project.region) {
            tracked.merge(Tracked::of(project));
        }
        signing_years.extend(project.signed.map(|d| d.year));
        add_project(&mut tallies, dataset, &thresholds, cutoffs, index, project);
    }
    tallies.signing_years = signing_years.into_iter().collect();
    let width = years.len();
    for region in (0..regions).rev() {
        if let Some(parent) = dataset.regions.list[region].parent {
            let child = tallies.tracked[region];
            tallies.tracked[parent].merge(child);
            // Pre-order puts a parent before its children.
            let (before, from_region) = tallies.cells.split_at_mut(region * width);
            for y in 0..width {
                if let (Some(into), Some(child)) = (before.get_mut(parent * width + y), from_region.get(y)) {
                    merge(into, child);
                }
            }
        }
    }
    // Once some record of the site holds dollars, the office records foreign
    // capital: a region that records its funds and holds no dollars has
    // none (0万美元), not an untracked figure.
    if tallies.tracked.iter().any(|t| t.foreign_funds) {
        for t in &mut tallies.tracked {
            t.foreign_funds |= t.funds;
        }
    }
    for cell in &mut tallies.cells {
        cell.signed_projects.sort_unstable();
    }
    tallies
}

/// Whether an event dated `date` is within its year's period: the whole
/// year, or up to the cut-off of a year still running.
fn in_period(cutoffs: &BTreeMap<i16, Date>, date: &Date) -> bool {
    cutoffs.get(&date.year).is_none_or(|cutoff| date.cmp_loose(cutoff).is_le())
}

/// The bounds of the size brackets and of the counts of large projects, in
/// the site's unit, converted once.
struct Thresholds {
    brackets: Vec<Decimal>,
    over: Vec<Decimal>,
}

fn add_project(
    tallies: &mut Tallies,
    dataset: &Dataset,
    thresholds: &Thresholds,
    cutoffs: &BTreeMap<i16, Date>,
    index: Option<u32>,
    p: &Project,
) {
    let site = &dataset.site;
    let in_funds_scope = site.funds_scopes.contains(&p.scope);
    let scope = Scope::ALL.iter().position(|s| *s == p.scope).unwrap_or(0);
    let counted = |date: Option<Date>| date.filter(|d| in_period(cutoffs, d));
    if let Some(signed) = counted(p.signed)
        && let Some(t) = tallies.get_mut(p.region, signed.year)
    {
        t.signed.add(p.amount);
        for (i, threshold) in thresholds.over.iter().enumerate() {
            if p.amount >= *threshold
                && let Some(n) = t.signed_over.get_mut(i)
            {
                *n += 1;
            }
        }
        if thresholds.over.first().is_some_and(|over_1| p.amount >= *over_1) {
            t.signed_over_1_amount += p.amount;
        }
        let bracket = thresholds.brackets.iter().filter(|b| p.amount >= **b).count();
        if let Some(share) = t.by_bracket.get_mut(bracket) {
            share.add(p.amount);
        }
        if counted(p.started).is_some_and(|s| s.year == signed.year) {
            t.signed_and_started += 1;
        }
        // 履约率 and 投产率 look at the cohort at the year's end (or its
        // `as_of`): a project cancelled by then failed, whatever it reached
        // before, and stays in the denominator.
        // By the reference date: any earlier year, or within this year's period.
        let by_end = |date: Option<Date>| date.is_some_and(|d| d.year < signed.year || (d.year == signed.year && in_period(cutoffs, &d)));
        if !by_end(p.cancelled) {
            if by_end(p.started) || by_end(p.producing) {
                t.signed_fulfilled += 1;
            }
            if by_end(p.producing) {
                t.signed_producing += 1;
            }
        }
        if in_funds_scope {
            t.amount_of_signed_in_scope += p.amount;
            // "From signing through Y", and the signing is in Y: funds of Y
            // not dated before the signing. Funds dated earlier (which
            // `check` warns about) would otherwise raise the rate.
            t.funds_received_by_signed += p
                .funds_in_place
                .iter()
                .filter(|f| f.year == signed.year)
                .filter(|f| f.date.is_none_or(|d| d.cmp_loose(&signed).is_ge() && in_period(cutoffs, &d)))
                .map(|f| f.amount)
                .sum::<Decimal>();
        }
        if let Some(share) = t.by_sector.get_mut(p.sector) {
            share.add(p.amount);
        }
        for &c in &p.categories {
            if let Some(share) = t.by_category.get_mut(c) {
                share.add(p.amount);
            }
        }
        t.by_scope[scope].add(p.amount);
        t.by_month[(signed.month as usize).clamp(1, 12) - 1] += p.amount;
        t.by_origin.entry(province(p.origin.as_deref().unwrap_or(""))).or_default().add(p.amount);
        // A hidden project counts, but is never listed.
        t.signed_projects.extend(index);
    }
    if let Some(t) = year_of(counted(p.started)).and_then(|y| tallies.get_mut(p.region, y)) {
        t.started.add(p.planned_investment);
    }
    if let Some(t) = year_of(counted(p.producing)).and_then(|y| tallies.get_mut(p.region, y)) {
        t.producing_count += 1;
    }
    if let Some(t) = year_of(counted(p.cancelled)).and_then(|y| tallies.get_mut(p.region, y)) {
        t.cancelled_count += 1;
    }
    // By the end of year `y` (or its `as_of`): any earlier year, or within its period.
    let by_end_of = |y: i16, date: Option<Date>| date.is_some_and(|d| d.year < y || (d.year == y && in_period(cutoffs, &d)));
    for q in &p.problems {
        if in_period(cutoffs, &q.raised)
            && let Some(t) = tallies.get_mut(p.region, q.raised.year)
        {
            t.problems_raised += 1;
            t.problems_solved += u32::from(by_end_of(q.raised.year, q.solved));
        }
    }
    if p.started.is_some() {
        for at in 0..tallies.years.len() {
            let y = tallies.years[at];
            if by_end_of(y, p.started)
                && !by_end_of(y, p.producing)
                && !by_end_of(y, p.cancelled)
                && let Some(t) = tallies.get_mut(p.region, y)
            {
                t.under_construction += 1;
            }
        }
    }
    // Funds dated by year only cannot be placed within a year: they count.
    for f in p.funds_in_place.iter().filter(|f| f.date.is_none_or(|d| in_period(cutoffs, &d))) {
        if let Some(t) = tallies.get_mut(p.region, f.year) {
            t.funds_by_scope[scope] += f.amount;
            if in_funds_scope {
                t.funds += f.amount;
                match p.kind {
                    Kind::FixedAsset => t.funds_fixed += f.amount,
                    Kind::NonFixedAsset => t.funds_non_fixed += f.amount,
                }
            }
        }
    }
    // Dollars by the same dating rule, whatever the project's scope.
    for f in p.foreign_funds.iter().filter(|f| f.date.is_none_or(|d| in_period(cutoffs, &d))) {
        if let Some(t) = tallies.get_mut(p.region, f.year) {
            t.foreign_funds += f.amount;
        }
    }
}

fn year_of(date: Option<Date>) -> Option<i16> {
    date.map(|d| d.year)
}

fn merge(into: &mut Tally, from: &Tally) {
    let add = |a: &mut Share, b: &Share| {
        a.count += b.count;
        a.amount += b.amount;
    };
    add(&mut into.signed, &from.signed);
    for i in 0..4 {
        into.signed_over[i] += from.signed_over[i];
        add(&mut into.by_scope[i], &from.by_scope[i]);
        into.funds_by_scope[i] += from.funds_by_scope[i];
    }
    add(&mut into.started, &from.started);
    into.signed_over_1_amount += from.signed_over_1_amount;
    into.signed_and_started += from.signed_and_started;
    into.signed_fulfilled += from.signed_fulfilled;
    into.signed_producing += from.signed_producing;
    into.problems_raised += from.problems_raised;
    into.problems_solved += from.problems_solved;
    into.under_construction += from.under_construction;
    into.producing_count += from.producing_count;
    into.cancelled_count += from.cancelled_count;
    into.funds += from.funds;
    into.funds_fixed += from.funds_fixed;
    into.funds_non_fixed += from.funds_non_fixed;
    into.foreign_funds += from.foreign_funds;
    into.funds_received_by_signed += from.funds_received_by_signed;
    into.amount_of_signed_in_scope += from.amount_of_signed_in_scope;
    for (a, b) in into.by_sector.iter_mut().zip(&from.by_sector) {
        add(a, b);
    }
    for (a, b) in into.by_category.iter_mut().zip(&from.by_category) {
        add(a, b);
    }
    for (a, b) in into.by_bracket.iter_mut().zip(&from.by_bracket) {
        add(a, b);
    }
    for (a, b) in into.by_month.iter_mut().zip(&from.by_month) {
        *a += *b;
    }
    for (origin, share) in &from.by_origin {
        add(into.by_origin.entry(origin.clone()).or_default(), share);
    }
    into.signed_projects.extend_from_slice(&from.signed_projects);
}

/// The province-level part of an origin: "广东省深圳市" → "广东省",
/// "北京市海淀区" → "北京市", "香港特别行政区" and "新加坡" stay as they are.
pub fn province(origin: &str) -> String {
    let origin = origin.trim();
    for end in ["特别行政区", "自治区", "省"] {
        if let Some(i) = origin.find(end) {
            return origin[..i + end.len()].to_string();
        }
    }
    for city in ["北京市", "上海市", "天津市", "重庆市"] {
        if origin.starts_with(city) {
            return city.to_string();
        }
    }
    origin.to_string()
}

/// The years with a bulletin: those of the annual files and of signings,
/// leaving out signings before the first annual file (a ledger that starts
/// with last year's late signings has no bulletin for that year). Sorted.
pub fn bulletin_years(dataset: &Dataset) -> Vec<i16> {
    let first_annual = dataset.annuals.iter().map(|a| a.year).min();
    let mut years: Vec<i16> = dataset.annuals.iter().map(|a| a.year).collect();
    years.extend(
        dataset
            .projects
            .iter()
            .chain(&dataset.hidden)
            .filter(|p| p.amount >= dataset.site.min_project_amount && p.was_signed())
            .filter_map(|p| p.signed.map(|d| d.year))
            .filter(|y| first_annual.is_none_or(|first| *y >= first)),
    );
    years.sort_unstable();
    years.dedup();
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_of_origin() {
        assert_eq!(province("广东省深圳市"), "广东省");
        assert_eq!(province("内蒙古自治区通辽市"), "内蒙古自治区");
        assert_eq!(province("北京市海淀区"), "北京市");
        assert_eq!(province("香港特别行政区"), "香港特别行政区");
        assert_eq!(province("新加坡"), "新加坡");
        assert_eq!(province(""), "");
    }

    #[test]
    fn percent_of_nothing_is_none() {
        assert_eq!(percent(Decimal::ONE, Decimal::ZERO), None);
        assert_eq!(percent(Decimal::ONE, Decimal::from(3)).map(|d| d.round_dp(2).to_string()), Some("33.33".into()));
    }
}
