//! Guards against unit slips: `协议投资额: 5000` meant as 万元 on a site
//! counted in 亿元 publishes a figure 10,000 times too large, and nothing
//! else in the checks notices. These warn where an amount is out of all
//! proportion with its neighbours, its region's target, or last year; the
//! thresholds are the site's `plausibility:` (数值核查; docs/content.md,
//! "Guards against unit slips"; `gongbao explain implausible-amount`). Funds in place are checked with the record
//! (validate/project.rs), where their positions are.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use crate::diag::{Code, Diagnostic};
use crate::model::{Dataset, Metric, MetricKind, RegionId, SectorId, Unit};

use super::Figures;
use crate::tr;

/// The value in the site's unit, and what it would be if the number was
/// meant in the unit 10,000 times smaller: "5000亿元 — 若为5000万元请写
/// `5000万元`". A site counted in 元 has no smaller unit to mistake.
pub fn both_units(value: Decimal, unit: Unit) -> String {
    let value = value.normalize();
    let smaller = match unit {
        Unit::Yi => Unit::Wan,
        Unit::Wan => Unit::Yuan,
        Unit::Yuan => return format!("{value}{}", unit.symbol()),
    };
    let (big, small) = (unit.symbol(), smaller.symbol());
    tr!(
        zh: "{value}{big} — 若为{value}{small}请写 `{value}{small}`",
        en: "{value}{big} — if you meant {value}{small}, write `{value}{small}`"
    )
}

/// The warnings about amounts and growth rates too large to be real. One
/// warning per project at most, and no growth warning for a region and
/// year whose records hold a project already warned about: a slip is
/// reported once, where it was typed.
pub fn unit_slip_warnings(dataset: &Dataset, public: &Dataset, figures: &Figures) -> Vec<Diagnostic> {
    let limits = dataset.site.plausibility;
    let unit = dataset.site.unit;
    let mut warnings = Vec::new();
    // The median project of each region and sector: one sort per group.
    let mut groups: HashMap<(RegionId, SectorId), Vec<Decimal>> = HashMap::new();
    if limits.median_factor > 0 {
        for p in dataset.projects.iter().filter(|p| p.amount > Decimal::ZERO) {
            groups.entry((p.region, p.sector)).or_default().push(p.amount);
        }
    }
    let medians: HashMap<(RegionId, SectorId), (Decimal, usize)> = groups
        .into_iter()
        .filter(|(_, amounts)| amounts.len() >= limits.min_projects.max(1) as usize)
        .map(|(group, mut amounts)| {
            amounts.sort_unstable();
            let n = amounts.len();
            let median = if n % 2 == 1 { amounts[n / 2] } else { (amounts[n / 2 - 1] + amounts[n / 2]) / Decimal::TWO };
            (group, (median, n))
        })
        .collect();
    let factor = Decimal::from(limits.median_factor);
    // (region, year) whose figures hold a slip already reported.
    let mut slipped: HashSet<(RegionId, i16)> = HashSet::new();
    for p in &dataset.projects {
        let amount = p.amount.normalize();
        let region = &dataset.regions.list[p.region];
        let year = p.signed.map(|d| d.year);
        // The nearest region up the tree with a target for agreed
        // investment in the year of signing.
        let target = year.filter(|_| limits.above_target && p.was_signed()).and_then(|year| {
            let mut at = Some(p.region);
            while let Some(r) = at {
                if let Some(t) = dataset.annual(r, year).and_then(|a| a.targets.get(Metric::SignedAmount)) {
                    return Some((r, year, t));
                }
                at = dataset.regions.list[r].parent;
            }
            None
        });
        let median = medians.get(&(p.region, p.sector)).filter(|(m, _)| *m > Decimal::ZERO && p.amount > *m * factor);
        let (id, symbol) = (&p.id, unit.symbol());
        let message = if let Some((r, year, t)) = target.filter(|(_, _, t)| *t > Decimal::ZERO && p.amount > *t) {
            let (target_region, t) = (&dataset.regions.list[r].name, t.normalize());
            tr!(
                zh: "`{id}` 的协议投资额 {amount}{symbol}，超过了{target_region}{year}年全年的协议投资额目标（{t}{symbol}）",
                en: "`{id}` has an `amount` of {amount}{symbol}, more than {target_region}'s whole {year} target for agreed investment ({t}{symbol})"
            )
        } else if let Some((m, n)) = median {
            let sector = dataset.site.sectors.get(p.sector).map_or("", |s| s.name.as_str());
            let (factor, m, name) = (limits.median_factor, m.normalize(), &region.name);
            let times = (p.amount / m).round().normalize();
            tr!(
                zh: "`{id}` 的协议投资额 {amount}{symbol}，约为{name}同产业（{sector}）{n}个项目中位数（{m}{symbol}）的{times}倍，超过 {factor} 倍",
                en: "`{id}` has an `amount` of {amount}{symbol}, more than {factor}× the median ({m}{symbol}) of the {n} {sector} projects of {name}"
            )
        } else {
            continue;
        };
        warnings.push(Diagnostic::warning(Code::ImplausibleAmount, p.amount_at.clone(), message).with_hint(both_units(amount, unit)));
        if let Some(year) = year {
            let mut at = Some(p.region);
            while let Some(r) = at {
                slipped.insert((r, year));
                at = dataset.regions.list[r].parent;
            }
        }
    }
    if limits.growth_above > 0 {
        let above = Decimal::from(limits.growth_above);
        let money = || Metric::headlines().filter(|m| matches!(m.kind(), MetricKind::Money));
        for &year in &figures.years {
            for (r, region) in public.regions.list.iter().enumerate() {
                if slipped.contains(&(r, year)) {
                    continue;
                }
                for metric in money() {
                    let indicator = figures.indicator(public, r, year, metric);
                    let (Some(yoy), Some(value), Some(previous)) = (indicator.yoy, indicator.value, indicator.previous) else { continue };
                    if yoy <= above {
                        continue;
                    }
                    let location = super::checks::bulletin_location(public, r, year);
                    let (id, zh_name, name) = (metric.name(), metric.info().zh, &region.name);
                    let (yoy, symbol, limit) = (yoy.round_dp(1).normalize(), unit.symbol(), limits.growth_above);
                    let (now, before) = (value.round_dp(4).normalize(), previous.round_dp(4).normalize());
                    let message = tr!(
                        zh: "{name}{year}年{zh_name}增长 {yoy}%（{now}{symbol}，上年 {before}{symbol}），超过 {limit}%",
                        en: "{id} of {name} in {year} grows by {yoy}% ({now}{symbol} against {before}{symbol}), more than {limit}%"
                    );
                    let both = both_units(value.round_dp(4), unit);
                    warnings.push(Diagnostic::warning(Code::ImplausibleGrowth, location, message).with_hint(tr!(
                        zh: "核对这一年的金额和上年基数，看单位有没有写错：{both}",
                        en: "check the year's amounts and the baseline for a slip of units: {both}"
                    )));
                }
            }
        }
    }
    warnings
}
