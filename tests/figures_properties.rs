//! Properties of the figures engine over generated datasets: region trees,
//! projects with amounts of up to 4 decimals, dates across 3 years, every
//! status, scope and kind, funds in place, annual files with zero and
//! negative-zero targets. Each property is checked against a recomputation
//! written here from indicators.md, not from the engine's code.

use std::str::FromStr;
use std::sync::Arc;

use gongbao::diag::{Location, Span};
use gongbao::format::{NumberFormat, round_half_away};
use gongbao::model::{
    Annual, Dataset, Date, Expected, Funds, Kind, Lang, LedeItem, Metric, MetricKind, MetricValues, Precision, Project, Region, RegionKind,
    Regions, Scope, Sector, Site, Status, Unit,
};
use gongbao::stats::{Figures, Share, Tally, province};
use gongbao::theme::Theme;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use rust_decimal::Decimal;

/// The first of the three years projects are dated in.
const BASE: i16 = 2023;
const SECTORS: usize = 3;
const ORIGINS: [&str; 5] = ["广东省深圳市", "北京市海淀区", "香港特别行政区", "新加坡", "山西省运城市"];

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Zero with its sign bit set: what `-0`, `0 * -1` or a subtraction can give.
fn negative_zero() -> Decimal {
    let mut zero = Decimal::new(0, 2);
    zero.set_sign_negative(true);
    zero
}

// ------------------------------------------------------------ generators

/// Money of up to 4 decimals, now and then exactly on a threshold or zero.
fn money() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        8 => (0i64..=3_000_000, 0u32..=4).prop_map(|(m, scale)| Decimal::new(m, scale)),
        2 => select(vec!["0", "0.1", "0.0999", "1", "10", "50", "100", "99.9999", "0.0001"]).prop_map(dec),
        1 => Just(negative_zero()),
    ]
}

fn date() -> impl Strategy<Value = Date> {
    (0i16..3, 1u8..=12, prop::option::of(1u8..=28)).prop_map(|(y, month, day)| Date { year: BASE + y, month, day })
}

fn status() -> impl Strategy<Value = Status> {
    select(vec![Status::Negotiating, Status::Signed, Status::Started, Status::Producing, Status::Stalled, Status::Cancelled])
}

fn scope() -> impl Strategy<Value = Scope> {
    select(Scope::ALL.to_vec())
}

/// Funds in place keyed by year or by month.
fn funds() -> impl Strategy<Value = Funds> {
    (0i16..3, prop::option::of(1u8..=12), money()).prop_map(|(y, month, amount)| Funds {
        year: BASE + y,
        date: month.map(|month| Date { year: BASE + y, month, day: None }),
        amount,
    })
}

/// A project; its `region` is a raw number, resolved against the tree by `build`.
fn project() -> impl Strategy<Value = Project> {
    let what =
        (any::<u16>(), 0..SECTORS, money(), prop::option::of(money()), any::<bool>(), scope(), prop::option::of(select(ORIGINS.to_vec())));
    let when = (
        status(),
        prop::option::of(date()),
        prop::option::of(date()),
        prop::option::of(date()),
        prop::option::of(date()),
        prop::collection::vec(funds(), 0..4),
        // Dollars (万美元), rarer, so that sites with none are drawn too.
        prop::collection::vec(funds(), 0..2),
    );
    (what, when).prop_map(
        |(
            (region, sector, amount, planned, fixed, scope, origin),
            (status, signed, started, producing, cancelled, funds_in_place, foreign_funds),
        )| {
            Project {
                id: String::new(),
                name: "项目".into(),
                investor: "公司".into(),
                region: region as usize,
                park: None,
                sector,
                categories: Vec::new(),
                amount,
                planned_investment: planned.unwrap_or(amount),
                kind: if fixed { Kind::FixedAsset } else { Kind::NonFixedAsset },
                scope,
                origin: origin.map(String::from),
                status,
                signed,
                started,
                producing,
                stalled: None,
                cancelled,
                funds_in_place,
                foreign_funds,
                expected: Expected::default(),
                key: false,
                public: true,
                investor_public: true,
                tags: Vec::new(),
                summary: None,
                progress: None,
                progress_public: false,
                problems: Vec::new(),
                location: Location::file(&Arc::from("p.yaml")),
                amount_at: Location::file(&Arc::from("p.yaml")),
            }
        },
    )
}

/// A target or baseline value: money, a rate, or zero in either sign.
fn target() -> impl Strategy<Value = Decimal> {
    prop_oneof![3 => money(), 1 => (0u32..=100).prop_map(Decimal::from), 1 => Just(Decimal::ZERO), 1 => Just(negative_zero())]
}

fn metric_values() -> impl Strategy<Value = MetricValues> {
    prop::collection::vec((select(Metric::ALL.to_vec()), target()), 0..6)
        .prop_map(|values| MetricValues(values.into_iter().map(|(m, v)| (m, v, Span::new(1, 1, 1))).collect()))
}

/// An annual file: raw region, year offset (the year before the projects'
/// to the year after), targets, baseline, and maybe a date the year stands at.
type AnnualSpec = (u16, i16, MetricValues, MetricValues, Option<(u8, Option<u8>)>);

fn annual() -> impl Strategy<Value = AnnualSpec> {
    (any::<u16>(), -1i16..4, metric_values(), metric_values(), prop::option::of((1u8..=12, prop::option::of(1u8..=28))))
}

/// Everything a generated dataset is made of.
#[derive(Debug, Clone)]
struct Spec {
    /// Region i + 1's parent, among regions 0..=i.
    parents: Vec<Index>,
    unit: Unit,
    min_project_amount: Decimal,
    funds_scopes: Vec<Scope>,
    percent_decimals: u32,
    projects: Vec<Project>,
    annuals: Vec<AnnualSpec>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(any::<Index>(), 0..12),
        select(vec![Unit::Yi, Unit::Yi, Unit::Wan, Unit::Yuan]),
        select(vec!["0", "0.1", "1"]).prop_map(dec),
        prop::collection::vec(any::<bool>(), 4),
        0u32..=6,
        prop::collection::vec(project(), 0..60),
        prop::collection::vec(annual(), 0..6),
    )
        .prop_map(|(parents, unit, min_project_amount, in_scope, percent_decimals, projects, annuals)| Spec {
            parents,
            unit,
            min_project_amount,
            funds_scopes: Scope::ALL.iter().zip(in_scope).filter(|(_, yes)| *yes).map(|(s, _)| *s).collect(),
            percent_decimals,
            projects,
            annuals,
        })
}

/// The dataset of a spec: the tree numbered in pre-order (as validation
/// lays it out), projects and annual files attached to its regions.
fn build(spec: Spec) -> Dataset {
    let n = spec.parents.len() + 1;
    let parent_of: Vec<Option<usize>> =
        std::iter::once(None).chain(spec.parents.iter().enumerate().map(|(i, p)| Some(p.index(i + 1)))).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (node, parent) in parent_of.iter().enumerate() {
        if let Some(p) = parent {
            children[*p].push(node);
        }
    }
    // Depth-first renumbering: a parent before its children.
    let mut order = Vec::with_capacity(n);
    let mut stack = vec![0usize];
    while let Some(node) = stack.pop() {
        order.push(node);
        stack.extend(children[node].iter().rev());
    }
    let mut new_id = vec![0usize; n];
    for (new, &old) in order.iter().enumerate() {
        new_id[old] = new;
    }
    let mut regions = Regions::default();
    for &old in &order {
        let parent = parent_of[old].map(|p| new_id[p]);
        let depth = parent.map_or(0, |p: usize| regions.list[p].depth + 1);
        let id = format!("r{}", regions.list.len());
        regions.by_id.insert(id.clone(), regions.list.len());
        regions.list.push(Region {
            id,
            name: format!("{}区", regions.list.len()),
            kind: Some(RegionKind::County),
            kind_label: None,
            parent,
            children: children[old].iter().map(|&c| new_id[c]).collect(),
            depth,
            name_en: None,
        });
    }
    let projects = spec
        .projects
        .into_iter()
        .enumerate()
        .map(|(i, mut p)| {
            p.region %= n;
            p.id = format!("p{i}");
            p
        })
        .collect();
    let mut annuals: Vec<Annual> = Vec::new();
    for (region, offset, targets, baseline, as_of) in spec.annuals {
        let (region, year) = (region as usize % n, BASE + offset);
        if annuals.iter().any(|a| a.region == region && a.year == year) {
            continue; // validation allows one annual file per region and year
        }
        let as_of = as_of.map(|(month, day)| Date { year, month, day });
        annuals.push(Annual {
            region,
            year,
            as_of,
            published_months: Vec::new(),
            targets,
            baseline,
            facts: Vec::new(),
            campaigns: Vec::new(),
            publisher: None,
            published: None,
            baseline_same_period: MetricValues::default(),
            lede: None,
            location: Location::file(&Arc::from("a.yaml")),
        });
    }
    // As validation leaves them: sorted by region and year.
    annuals.sort_by_key(|a| (a.region, a.year));
    let site = Site {
        title: "测试".into(),
        base_url: "/".into(),
        language: Lang::ZhHans,
        editions: Vec::new(),
        root_region: 0,
        unit: spec.unit,
        min_project_amount: spec.min_project_amount,
        funds_scopes: spec.funds_scopes,
        percent_decimals: spec.percent_decimals,
        precision: Precision::with_percent_decimals(spec.percent_decimals),
        threshold_label: None,
        lede: LedeItem::DEFAULT.to_vec(),
        sectors: (0..SECTORS).map(|i| Sector { id: format!("s{i}"), name: format!("产业{i}"), name_en: None, chain: None }).collect(),
        theme: "default".into(),
        hidden_in_totals: true,
        ..Site::default()
    };
    Dataset { site, regions, projects, annuals, briefings: Vec::new(), hidden: Vec::new(), negotiating: Vec::new() }
}

fn dataset() -> impl Strategy<Value = Dataset> {
    spec().prop_map(build)
}

// ------------------------------------------------------------ the reference

fn add_share(share: &mut Share, amount: Decimal) {
    share.count += 1;
    share.amount += amount;
}

/// The date a running year stops at: the root region's `as_of` of that year,
/// when before the year's end.
fn cutoff(ds: &Dataset, year: i16) -> Option<Date> {
    ds.annuals
        .iter()
        .find(|a| a.region == 0 && a.year == year)
        .and_then(|a| a.as_of)
        .filter(|d| d.share_of_year_elapsed() < Decimal::ONE_HUNDRED)
}

/// The sums of `region`'s own projects (not its children's) for `year`,
/// straight from indicators.md, up to `until` (a running year's `as_of`).
fn own(ds: &Dataset, region: usize, year: i16) -> Tally {
    own_until(ds, region, year, cutoff(ds, year))
}

fn own_until(ds: &Dataset, region: usize, year: i16, until: Option<Date>) -> Tally {
    // An event counts in `year` when it is dated in it, and not after `until`.
    let within = |d: &Date| d.year == year && until.is_none_or(|u| d.cmp_loose(&u).is_le());
    let site = &ds.site;
    // 1, 10, 50 and 100 亿元 in the site's unit.
    let yi = match site.unit {
        Unit::Yi => Decimal::ONE,
        Unit::Wan => Decimal::from(10_000),
        Unit::Yuan => Decimal::from(100_000_000),
    };
    let thresholds = [1, 10, 50, 100].map(|t| Decimal::from(t) * yi);
    let mut t = Tally { by_sector: vec![Share::default(); site.sectors.len()], by_bracket: vec![Share::default(); 5], ..Tally::default() };
    // Only projects ever signed count, in any figure.
    let counted =
        ds.projects.iter().enumerate().filter(|(_, p)| p.region == region && p.amount >= site.min_project_amount && p.was_signed());
    for (index, p) in counted {
        let scope = Scope::ALL.iter().position(|s| *s == p.scope).unwrap();
        let in_funds_scope = site.funds_scopes.contains(&p.scope);
        if let Some(signed) = p.signed.filter(within) {
            add_share(&mut t.signed, p.amount);
            let above = thresholds.iter().filter(|&&limit| p.amount >= limit).count();
            for over in &mut t.signed_over[..above] {
                *over += 1;
            }
            add_share(&mut t.by_bracket[above], p.amount);
            if above > 0 {
                t.signed_over_1_amount += p.amount;
            }
            if p.started.is_some_and(|d| within(&d)) {
                t.signed_and_started += 1;
            }
            // 履约率, 投产率: the state at the year's end (or `until`), a
            // project cancelled by then failing.
            let by_end = |d: &Option<Date>| d.is_some_and(|d| d.year <= year && (d.year < year || within(&d)));
            if !by_end(&p.cancelled) {
                t.signed_fulfilled += u32::from(by_end(&p.started) || by_end(&p.producing));
                t.signed_producing += u32::from(by_end(&p.producing));
            }
            if in_funds_scope {
                t.amount_of_signed_in_scope += p.amount;
                // From the signing (as precisely as both are dated) through the year.
                for f in &p.funds_in_place {
                    let from_signing = match f.date {
                        Some(d) => d.cmp_loose(&signed).is_ge() && within(&d),
                        None => f.year >= signed.year,
                    };
                    if from_signing && f.year <= year {
                        t.funds_received_by_signed += f.amount;
                    }
                }
            }
            add_share(&mut t.by_sector[p.sector], p.amount);
            add_share(&mut t.by_scope[scope], p.amount);
            t.by_month[signed.month as usize - 1] += p.amount;
            add_share(t.by_origin.entry(province(p.origin.as_deref().unwrap_or(""))).or_default(), p.amount);
            t.signed_projects.push(index as u32);
        }
        if p.started.is_some_and(|d| within(&d)) {
            add_share(&mut t.started, p.planned_investment);
        }
        t.producing_count += u32::from(p.producing.is_some_and(|d| within(&d)));
        t.cancelled_count += u32::from(p.cancelled.is_some_and(|d| within(&d)));
        // Funds dated by year only count in it whatever `until` says.
        for f in p.funds_in_place.iter().filter(|f| f.year == year && f.date.is_none_or(|d| within(&d))) {
            t.funds_by_scope[scope] += f.amount;
            if in_funds_scope {
                t.funds += f.amount;
                match p.kind {
                    Kind::FixedAsset => t.funds_fixed += f.amount,
                    Kind::NonFixedAsset => t.funds_non_fixed += f.amount,
                }
            }
        }
        // Dollars, by the same dating rule, whatever the scope.
        for f in p.foreign_funds.iter().filter(|f| f.year == year && f.date.is_none_or(|d| within(&d))) {
            t.foreign_funds += f.amount;
        }
        // Project service: problems raised in the year and solved by its end
        // (or `until`); projects under construction at its end.
        let by_year_end = |d: &Option<Date>| d.is_some_and(|d| d.year < year || within(&d));
        for q in p.problems.iter().filter(|q| within(&q.raised)) {
            t.problems_raised += 1;
            t.problems_solved += u32::from(by_year_end(&q.solved));
        }
        t.under_construction += u32::from(by_year_end(&p.started) && !by_year_end(&p.producing) && !by_year_end(&p.cancelled));
    }
    t
}

/// `into += from`, field by field.
fn add(into: &mut Tally, from: &Tally) {
    let share = |a: &mut Share, b: &Share| {
        a.count += b.count;
        a.amount += b.amount;
    };
    share(&mut into.signed, &from.signed);
    share(&mut into.started, &from.started);
    for i in 0..4 {
        into.signed_over[i] += from.signed_over[i];
        share(&mut into.by_scope[i], &from.by_scope[i]);
        into.funds_by_scope[i] += from.funds_by_scope[i];
    }
    into.signed_and_started += from.signed_and_started;
    into.signed_over_1_amount += from.signed_over_1_amount;
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
        share(a, b);
    }
    for (a, b) in into.by_bracket.iter_mut().zip(&from.by_bracket) {
        share(a, b);
    }
    for (a, b) in into.by_month.iter_mut().zip(&from.by_month) {
        *a += *b;
    }
    for (origin, b) in &from.by_origin {
        share(into.by_origin.entry(origin.clone()).or_default(), b);
    }
    into.signed_projects.extend_from_slice(&from.signed_projects);
    into.signed_projects.sort_unstable();
}

/// `region` with everything below it, summed from the records.
fn subtree(ds: &Dataset, region: usize, year: i16) -> Tally {
    subtree_until(ds, region, year, cutoff(ds, year))
}

fn subtree_until(ds: &Dataset, region: usize, year: i16, until: Option<Date>) -> Tally {
    let mut total = own_until(ds, region, year, until);
    for (r, _) in ds.regions.list.iter().enumerate().filter(|(r, _)| *r != region && ds.regions.is_within(*r, region)) {
        add(&mut total, &own_until(ds, r, year, until));
    }
    total
}

/// `part × 100 ÷ whole`, no figure over nothing.
fn pct(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| part * Decimal::ONE_HUNDRED / whole)
}

/// A metric's value per indicators.md.
fn value_of(t: &Tally, metric: Metric) -> Option<Decimal> {
    let n = |c: u32| Some(Decimal::from(c));
    match metric {
        Metric::SignedCount => n(t.signed.count),
        Metric::SignedAmount => Some(t.signed.amount),
        Metric::SignedOver1 => n(t.signed_over[0]),
        Metric::SignedOver1Amount => Some(t.signed_over_1_amount),
        Metric::SignedOver10 => n(t.signed_over[1]),
        Metric::SignedOver50 => n(t.signed_over[2]),
        Metric::SignedOver100 => n(t.signed_over[3]),
        Metric::StartedCount => n(t.started.count),
        Metric::NewStartInvestment => Some(t.started.amount),
        Metric::StartRate => pct(t.signed_and_started.into(), t.signed.count.into()),
        Metric::FulfilmentRate => pct(t.signed_fulfilled.into(), t.signed.count.into()),
        Metric::ProducingRate => pct(t.signed_producing.into(), t.signed.count.into()),
        Metric::ProducingCount => n(t.producing_count),
        Metric::FundsInPlace => Some(t.funds),
        Metric::FundsInPlaceFixed => Some(t.funds_fixed),
        Metric::FundsInPlaceNonFixed => Some(t.funds_non_fixed),
        Metric::CancelledCount => n(t.cancelled_count),
        Metric::FundsRate => pct(t.funds_received_by_signed, t.amount_of_signed_in_scope),
        Metric::ForeignFunds => Some(t.foreign_funds),
        Metric::FundsOutsideProvince => Some(t.funds_by_scope[1]),
        Metric::FundsOutsideCity => Some(t.funds_by_scope[2]),
    }
}

/// Rounds half away from zero on the decimal digits of `text`, keeping
/// exactly `places` decimals; zero has no sign.
fn round_text(text: &str, places: usize) -> String {
    let (negative, digits) = text.strip_prefix('-').map_or((false, text), |rest| (true, rest));
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let round_up = frac.as_bytes().get(places).is_some_and(|d| *d >= b'5');
    let kept: String = frac.chars().chain(std::iter::repeat('0')).take(places).collect();
    let mut number: Vec<u8> = format!("{int}{kept}").into_bytes();
    if round_up {
        // Add one at the last kept place, carrying leftwards.
        let mut i = number.len();
        loop {
            if i == 0 {
                number.insert(0, b'1');
                break;
            }
            i -= 1;
            if number[i] == b'9' {
                number[i] = b'0';
            } else {
                number[i] += 1;
                break;
            }
        }
    }
    let number = String::from_utf8(number).unwrap();
    let (int, frac) = number.split_at(number.len() - places);
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let shown = if places == 0 { int.to_string() } else { format!("{int}.{frac}") };
    let is_zero = shown.bytes().all(|b| b == b'0' || b == b'.');
    if negative && !is_zero { format!("-{shown}") } else { shown }
}

// ------------------------------------------------------------ properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every region's tally is its own projects' sums plus its children's
    /// tallies, field by field (counts, amounts, funds, by sector, scope,
    /// bracket, month and origin); the root's money equals a flat sum.
    #[test]
    fn tallies_are_own_projects_plus_children(ds in dataset()) {
        let figures = Figures::compute(&ds);
        let mut tallied: Vec<i16> = figures.years.iter().flat_map(|&y| [y - 1, y]).collect();
        tallied.dedup();
        for &year in &tallied {
            for (region, r) in ds.regions.list.iter().enumerate() {
                let mut expected = own(&ds, region, year);
                for &child in &r.children {
                    add(&mut expected, figures.tally(child, year).expect("a child's tally"));
                }
                expected.signed_projects.sort_unstable();
                prop_assert_eq!(figures.tally(region, year), Some(&expected), "region {} year {}", region, year);
            }
            // The root against sums over the whole ledger, without the tree.
            let root = figures.tally(0, year).unwrap();
            let counted = || ds.projects.iter().filter(|p| p.amount >= ds.site.min_project_amount && p.was_signed());
            let until = cutoff(&ds, year);
            let within = |d: &Date| d.year == year && until.is_none_or(|u| d.cmp_loose(&u).is_le());
            let signed: Decimal = counted().filter(|p| p.signed.is_some_and(|d| within(&d))).map(|p| p.amount).sum();
            let started: Decimal = counted().filter(|p| p.started.is_some_and(|d| within(&d))).map(|p| p.planned_investment).sum();
            let funds: Decimal = counted()
                .filter(|p| ds.site.funds_scopes.contains(&p.scope))
                .flat_map(|p| &p.funds_in_place)
                .filter(|f| f.year == year && f.date.is_none_or(|d| within(&d)))
                .map(|f| f.amount)
                .sum();
            prop_assert_eq!(root.signed.amount, signed);
            prop_assert_eq!(root.started.amount, started);
            prop_assert_eq!(root.funds, funds);
            prop_assert_eq!(root.funds_fixed + root.funds_non_fixed, funds);
            prop_assert_eq!(root.by_month.iter().sum::<Decimal>(), signed);
            prop_assert_eq!(root.by_bracket.iter().map(|s| s.amount).sum::<Decimal>(), signed);
            prop_assert_eq!(root.by_sector.iter().map(|s| s.amount).sum::<Decimal>(), signed);
        }
    }

    /// Values, growth (a rate's in points), completion, the gap to a rate's
    /// target and pace are the definitions of indicators.md applied to the
    /// records.
    #[test]
    fn indicators_follow_their_definitions(ds in dataset()) {
        let figures = Figures::compute(&ds);
        for &year in &figures.years {
            for region in 0..ds.regions.list.len() {
                let now = subtree(&ds, region, year);
                // A running year compares with the same months of the year before.
                let same_months = cutoff(&ds, year).map(|d| Date { year: d.year - 1, month: d.month, day: d.day.map(|day| if d.month == 2 { day.min(28) } else { day }) });
                // Last year is a base when the ledger holds a signing of it.
                let base = ds.projects.iter().any(|p| {
                    p.amount >= ds.site.min_project_amount && p.was_signed() && p.signed.is_some_and(|d| d.year == year - 1)
                });
                let before = base.then(|| match same_months {
                    Some(until) => subtree_until(&ds, region, year - 1, Some(until)),
                    None => subtree(&ds, region, year - 1),
                });
                let annual = ds.annuals.iter().find(|a| a.region == region && a.year == year);
                // The fields some signed record of the region's subtree carries, in any year.
                let records = || {
                    ds.projects.iter().filter(|p| {
                        ds.regions.is_within(p.region, region) && p.amount >= ds.site.min_project_amount && p.was_signed()
                    })
                };
                let tracked = |metric: Metric| match metric {
                    Metric::StartedCount | Metric::NewStartInvestment | Metric::StartRate => records().any(|p| p.started.is_some()),
                    Metric::ProducingCount | Metric::ProducingRate => records().any(|p| p.producing.is_some()),
                    Metric::FulfilmentRate => records().any(|p| p.started.is_some() || p.producing.is_some()),
                    Metric::CancelledCount => records().any(|p| p.cancelled.is_some()),
                    Metric::FundsInPlace
                    | Metric::FundsInPlaceFixed
                    | Metric::FundsInPlaceNonFixed
                    | Metric::FundsRate
                    | Metric::FundsOutsideProvince
                    | Metric::FundsOutsideCity => records().any(|p| !p.funds_in_place.is_empty()),
                    // Any dollars in the site make a region that records funds track them.
                    Metric::ForeignFunds => {
                        records().any(|p| !p.foreign_funds.is_empty())
                            || (ds.projects.iter().any(|p| !p.foreign_funds.is_empty() && p.amount >= ds.site.min_project_amount && p.was_signed())
                                && records().any(|p| !p.funds_in_place.is_empty()))
                    }
                    _ => true,
                };
                for metric in Metric::ALL {
                    let i = figures.indicator(&ds, region, year, metric);
                    // Untracked is not zero: not published.
                    let value = value_of(&now, metric).filter(|_| tracked(metric));
                    prop_assert_eq!(i.value, value, "{:?}", metric);
                    let last_year = before.as_ref().and_then(|t| value_of(t, metric)).filter(|_| tracked(metric));
                    let baseline = annual.and_then(|a| a.baseline.get(metric));
                    let previous = match same_months {
                        Some(_) => annual.and_then(|a| a.baseline_same_period.get(metric)).or(last_year).or(baseline),
                        None => baseline.or(last_year),
                    };
                    prop_assert_eq!(i.previous, previous);
                    // A rate changes in percentage points, anything else in
                    // percent; a count of less than 10 is no base.
                    let is_rate = metric.kind() == MetricKind::Rate;
                    let tiny = |p: Decimal| matches!(metric.kind(), MetricKind::Count(_)) && p < Decimal::from(10);
                    let yoy = match (value, previous) {
                        (Some(v), Some(p)) if !is_rate && !tiny(p) => pct(v - p, p),
                        _ => None,
                    };
                    prop_assert_eq!(i.yoy, yoy, "{:?}", metric);
                    let yoy_points = match (value, previous) {
                        (Some(v), Some(p)) if is_rate => Some(v - p),
                        _ => None,
                    };
                    prop_assert_eq!(i.yoy_points, yoy_points, "{:?}", metric);
                    let target = annual.and_then(|a| a.targets.get(metric));
                    // A rate is held against its target in points, not divided by it.
                    let completion = match (metric.kind(), value, target) {
                        (MetricKind::Rate, _, _) => None,
                        (_, Some(v), Some(t)) => pct(v, t),
                        _ => None,
                    };
                    prop_assert_eq!(i.completion, completion, "{:?}", metric);
                    let vs_target = match (metric.kind(), value, target) {
                        (MetricKind::Rate, Some(v), Some(t)) => Some(v - t),
                        _ => None,
                    };
                    prop_assert_eq!(i.vs_target, vs_target);
                    // Pace: only for a year still running at the root's `as_of`, never for a rate.
                    // 1—N月 is N/12 of the year, N the months complete at the cut-off.
                    let months = cutoff(&ds, year).map(|d| {
                        let month_end = Date { day: None, ..d }.latest_day().day() as u8;
                        if d.day.is_none_or(|day| day >= month_end) { d.month } else { d.month - 1 }
                    });
                    let pace = match (metric.kind(), completion, months) {
                        (MetricKind::Rate, _, _) => None,
                        (_, Some(c), Some(n)) if n > 0 => Some(c - Decimal::from(n) * Decimal::ONE_HUNDRED / Decimal::from(12)),
                        _ => None,
                    };
                    prop_assert_eq!(i.pace, pace);
                }
            }
        }
    }

    /// `round_half_away` is the rounding taught at school, digit by digit.
    #[test]
    fn rounding_agrees_with_string_rounding(m in any::<i64>(), scale in 0u32..=12, places in 0u32..=6) {
        let value = Decimal::new(m, scale);
        prop_assert_eq!(round_half_away(value, places).to_string(), round_text(&value.to_string(), places as usize), "{}", value);
    }

    /// Percentages and growth show that rounding, growth by its sign.
    #[test]
    fn percent_and_growth_show_the_rounded_value(m in -2_000_000i64..=2_000_000, scale in 0u32..=5, places in 0u32..=6) {
        let theme = Theme::built_in();
        let strings = theme.strings(Lang::ZhHans);
        let fmt = NumberFormat { strings: &strings, precision: Precision::with_percent_decimals(places), unit: Unit::Yi };
        let value = Decimal::new(m, scale);
        let rounded = round_text(&value.to_string(), places as usize);
        prop_assert_eq!(fmt.percent(value), format!("{rounded}%"));
        let growth = match rounded.strip_prefix('-') {
            Some(size) => format!("下降{size}%"),
            None if rounded.bytes().all(|b| b == b'0' || b == b'.') => "持平".to_string(),
            None => format!("增长{rounded}%"),
        };
        prop_assert_eq!(fmt.growth(value), growth);
    }

    /// Nothing panics: every indicator of every region and year (bulletin
    /// or not), every ranking, every lede in every language and number of
    /// decimals, over datasets with zero and negative-zero amounts, targets
    /// and baselines.
    #[test]
    fn nothing_panics(ds in dataset(), decimals in 0u32..=6) {
        let figures = Figures::compute(&ds);
        let theme = Theme::built_in();
        for lang in Lang::ALL {
            let strings = theme.strings(lang);
            let fmt = NumberFormat { strings: &strings, precision: Precision::with_percent_decimals(decimals), unit: ds.site.unit };
            for year in BASE - 2..=BASE + 4 {
                for region in 0..ds.regions.list.len() {
                    for metric in Metric::ALL {
                        let i = figures.indicator(&ds, region, year, metric);
                        let shown = [
                            i.value.map(|v| fmt.value(metric, v)),
                            i.value.map(|v| fmt.money_phrase(v)),
                            i.yoy.map(|v| fmt.growth(v)),
                            i.yoy_points.map(|v| fmt.points_change(v)),
                            i.completion.map(|v| fmt.percent(v)),
                            i.vs_target.map(|v| fmt.vs_target(v)),
                            i.pace.map(|v| fmt.pace(v)),
                        ];
                        prop_assert!(shown.iter().flatten().all(|s| !s.is_empty()));
                        let ranking = figures.ranking(&ds, region, year, metric);
                        prop_assert_eq!(ranking.len(), ds.regions.list[region].children.len());
                        prop_assert!(ranking.windows(2).all(|w| w[0].value >= w[1].value && w[0].rank <= w[1].rank));
                    }
                    let lede = gongbao::lede::lede(&ds, &figures, region, year, &fmt);
                    prop_assert!(lede.contains(&ds.regions.list[region].name), "{}", lede);
                }
            }
        }
    }
}

// ------------------------------------------------------------ edges

fn one_region() -> Spec {
    Spec {
        parents: Vec::new(),
        unit: Unit::Yi,
        min_project_amount: Decimal::ZERO,
        funds_scopes: Scope::ALL.to_vec(),
        percent_decimals: 2,
        projects: Vec::new(),
        annuals: Vec::new(),
    }
}

fn lede_of(ds: &Dataset, year: i16) -> String {
    let theme = Theme::built_in();
    let strings = theme.strings(Lang::ZhHans);
    let fmt = NumberFormat::new(&strings, &ds.site);
    gongbao::lede::lede(ds, &Figures::compute(ds), 0, year, &fmt)
}

#[test]
fn an_empty_ledger_has_no_figures_and_says_so() {
    let ds = build(one_region());
    let figures = Figures::compute(&ds);
    assert!(figures.years.is_empty());
    let i = figures.indicator(&ds, 0, 2024, Metric::SignedAmount);
    assert_eq!((i.value, i.yoy, i.completion), (None, None, None));
    assert!(figures.ranking(&ds, 0, 2024, Metric::SignedAmount).is_empty());
    assert_eq!(lede_of(&ds, 2024), "2024年，0区暂无新签约、新开工项目和到位资金。");
}

#[test]
fn zero_targets_and_baselines_give_no_completion_and_no_growth() {
    let mut spec = one_region();
    let zeros = |ms: &[Metric], zero: Decimal| MetricValues(ms.iter().map(|&m| (m, zero, Span::new(1, 1, 1))).collect());
    let metrics = [Metric::SignedAmount, Metric::SignedCount, Metric::StartRate, Metric::FundsInPlace];
    spec.annuals.push((0, 1, zeros(&metrics, Decimal::ZERO), zeros(&metrics, negative_zero()), None));
    let mut p = project_signed(dec("12.5"), Date::ymd(BASE + 1, 3, 1));
    p.started = Some(Date::ymd(BASE + 1, 5, 1));
    spec.projects.push(p);
    let ds = build(spec);
    let figures = Figures::compute(&ds);
    for metric in metrics {
        let i = figures.indicator(&ds, 0, BASE + 1, metric);
        assert_eq!(i.target, Some(Decimal::ZERO), "{metric:?}");
        assert_eq!((i.completion, i.yoy), (None, None), "{metric:?}");
    }
    // A rate's gap to a target of 0% still exists: 100 points above.
    assert_eq!(figures.indicator(&ds, 0, BASE + 1, Metric::StartRate).vs_target, Some(Decimal::ONE_HUNDRED));
    assert_eq!(
        lede_of(&ds, BASE + 1),
        "2024年，0区新签约项目1个，上年为零，协议投资额12.50亿元，上年为零；新开工项目1个，计划投资额12.50亿元；开工项目1个，当年签约当年开工率100.00%，高于目标100.00个百分点。"
    );
}

#[test]
fn negative_zero_reads_as_zero_everywhere() {
    let mut spec = one_region();
    let mut p = project_signed(negative_zero(), Date::ymd(BASE, 6, 1));
    p.funds_in_place.push(Funds { year: BASE, date: None, amount: negative_zero() });
    spec.projects.push(p);
    spec.projects.push(project_signed(dec("3"), Date::ymd(BASE + 1, 6, 1)));
    let ds = build(spec);
    let figures = Figures::compute(&ds);
    let theme = Theme::built_in();
    let strings = theme.strings(Lang::ZhHans);
    let fmt = NumberFormat { strings: &strings, precision: Precision::default(), unit: Unit::Yi };
    let amount = figures.indicator(&ds, 0, BASE, Metric::SignedAmount);
    assert_eq!(amount.value.map(|v| fmt.money_phrase(v)).as_deref(), Some("0.00亿元"));
    // Last year's total is (negative) zero: no growth, not "增长∞" or "-0".
    assert_eq!(figures.indicator(&ds, 0, BASE + 1, Metric::SignedAmount).yoy, None);
    assert_eq!(fmt.percent(negative_zero()), "0.00%");
    assert_eq!(fmt.growth(negative_zero()), "持平");
    assert_eq!(fmt.vs_target(negative_zero()), "与目标持平");
    assert_eq!(fmt.count(negative_zero()), "0");
    // No record carries a start date: the start rate is untracked, not 0.00%.
    assert_eq!(lede_of(&ds, BASE), "2023年，0区新签约项目1个，协议投资额0.00亿元。");
}

/// A plain project of the one-region tree, signed on `signed`.
fn project_signed(amount: Decimal, signed: Date) -> Project {
    Project {
        id: String::new(),
        name: "项目".into(),
        investor: "公司".into(),
        region: 0,
        park: None,
        sector: 0,
        categories: Vec::new(),
        amount,
        planned_investment: amount,
        kind: Kind::FixedAsset,
        scope: Scope::Local,
        origin: None,
        status: Status::Signed,
        signed: Some(signed),
        started: None,
        producing: None,
        stalled: None,
        cancelled: None,
        funds_in_place: Vec::new(),
        foreign_funds: Vec::new(),
        expected: Expected::default(),
        key: false,
        public: true,
        investor_public: true,
        tags: Vec::new(),
        summary: None,
        progress: None,
        progress_public: false,
        problems: Vec::new(),
        location: Location::file(&Arc::from("p.yaml")),
        amount_at: Location::file(&Arc::from("p.yaml")),
    }
}

#[test]
fn the_string_reference_rounds_like_school() {
    let cases = [
        ("1.005", 2, "1.01"),
        ("-0.005", 2, "-0.01"),
        ("-0.004", 2, "0.00"),
        ("99.995", 2, "100.00"),
        ("9.5", 0, "10"),
        ("-0.05", 1, "-0.1"),
        ("0.049", 1, "0.0"),
        ("12", 2, "12.00"),
    ];
    for (text, places, want) in cases {
        assert_eq!(round_text(text, places), want, "{text}");
    }
}
