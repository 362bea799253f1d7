//! The lede: a bulletin's first paragraph, written from its figures in the
//! register of a newspaper summary, naming only the figures that are
//! published. Its clauses and their order are the office's (`lede:` in
//! site.yaml or the annual file), by default what newspapers lead with. The
//! wording comes from the theme's `lede.*` strings.

use rust_decimal::Decimal;

use crate::format::{NumberFormat, threshold_label};
use crate::model::{Dataset, LedeItem, Metric, MetricKind, RegionId};
use crate::stats::{Figures, Indicator};

/// Writes the lede of `region`'s bulletin for `year`.
pub fn lede(dataset: &Dataset, figures: &Figures, region: RegionId, year: i16, fmt: &NumberFormat) -> String {
    let s = fmt.strings;
    let indicator = |metric| figures.indicator(dataset, region, year, metric);
    // A figure not published (`None`) is never stated, and neither is a
    // count of nothing.
    let stated = |i: &Indicator| i.value.filter(|v| !v.is_zero());
    let threshold = threshold_label(&dataset.site, s).map(|label| s.fill("threshold.inline", &[("label", &label)])).unwrap_or_default();
    let items = dataset.annual(region, year).and_then(|a| a.lede.as_deref()).unwrap_or(&dataset.site.lede);
    let mut clauses: Vec<String> = Vec::new();
    for item in items {
        let clause = match *item {
            LedeItem::Signed => counted(
                fmt,
                "lede.signed",
                "lede.signed_amount",
                &indicator(Metric::SignedCount),
                &indicator(Metric::SignedAmount),
                &threshold,
            ),
            LedeItem::Started => counted(
                fmt,
                "lede.started",
                "lede.started_amount",
                &indicator(Metric::StartedCount),
                &indicator(Metric::NewStartInvestment),
                &threshold,
            ),
            LedeItem::StartRate => rate_clause(fmt, "lede.start_rate", &indicator(Metric::StartRate)),
            LedeItem::Producing => {
                let producing = indicator(Metric::ProducingCount);
                stated(&producing).map(|n| with_progress(fmt, vec![phrase(fmt, "lede.producing", n, &threshold, &[])], &producing))
            }
            LedeItem::Funds => {
                let funds = indicator(Metric::FundsInPlace);
                stated(&funds).map(|v| with_progress(fmt, vec![s.fill("lede.funds", &[("amount", &fmt.money_phrase(v))])], &funds))
            }
            LedeItem::Categories => categories(dataset, figures, region, year, fmt),
            // A rate of projects with its own wording states its numerator.
            LedeItem::Metric(metric) if s.all().contains_key(format!("lede.{}", metric.name()).as_str()) => {
                rate_clause(fmt, &format!("lede.{}", metric.name()), &indicator(metric))
            }
            LedeItem::Metric(metric) => {
                let i = indicator(metric);
                i.value.map(|v| {
                    let key = format!("metric.{}", metric.name());
                    with_progress(fmt, vec![s.fill("lede.metric", &[("label", s.get(&key)), ("value", &fmt.value_phrase(metric, v))])], &i)
                })
            }
        };
        clauses.extend(clause);
    }

    let opening = opening(dataset, figures, region, year, fmt);
    if clauses.is_empty() {
        return format!("{opening}{}", s.get("lede.nothing"));
    }
    format!("{opening}{}{}", clauses.join(s.get("lede.clause_separator")), s.get("lede.end"))
}

/// A count and its amount, each with its growth and target: "新签约千万元
/// 以上项目568个，同比增长12.00%，协议投资额681.47亿元，同比增长…". Left
/// out when the count is not published or is zero; the amount is left out
/// when it is not published.
fn counted(fmt: &NumberFormat, key: &str, amount_key: &str, count: &Indicator, amount: &Indicator, threshold: &str) -> Option<String> {
    let n = count.value.filter(|v| !v.is_zero())?;
    let mut parts = vec![phrase(fmt, key, n, threshold, &[])];
    parts.extend(progress(fmt, count));
    if let Some(value) = amount.value {
        parts.push(fmt.strings.fill(amount_key, &[("amount", &fmt.money_phrase(value))]));
        parts.extend(progress(fmt, amount));
    }
    Some(parts.join(fmt.strings.get("lede.part_separator")))
}

/// "引进世界500强企业项目12个、协议投资额85.00亿元" for each investor
/// category the site marks `lede: true` with projects signed this year. A
/// name that already says what it is (央企, 上市公司, 链主企业) takes no
/// second 企业: the theme's `lede.category_plain`.
fn categories(dataset: &Dataset, figures: &Figures, region: RegionId, year: i16, fmt: &NumberFormat) -> Option<String> {
    let tally = figures.tally(region, year)?;
    let parts: Vec<String> = dataset
        .site
        .investor_categories
        .iter()
        .zip(&tally.by_category)
        .filter(|(c, share)| c.lede && share.count > 0)
        .map(|(c, share)| {
            let plain = ["企业", "公司", "央企", "国企", "集团"].iter().any(|end| c.name.ends_with(end));
            let key = if plain { "lede.category_plain" } else { "lede.category" };
            let (count, amount) = (fmt.count(share.count.into()), fmt.money_phrase(share.amount));
            fmt.strings.fill(key, &[("name", &c.name), ("count", &count), ("amount", &amount)])
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(fmt.strings.get("lede.part_separator")))
}

/// "开工项目497个，当年签约当年开工率92.38%": a rate of projects with its
/// numerator (for the start rate, the projects signed this year that
/// started this year), and its target.
fn rate_clause(fmt: &NumberFormat, key: &str, rate: &Indicator) -> Option<String> {
    let (value, count) = (rate.value?, rate.numerator?);
    let mut parts = vec![fmt.strings.fill(key, &[("count", &fmt.count(count.into())), ("rate", &fmt.percent(value))])];
    parts.extend(rate.vs_target.map(|pp| fmt.vs_target(pp)));
    Some(parts.join(fmt.strings.get("lede.part_separator")))
}

fn with_progress(fmt: &NumberFormat, mut parts: Vec<String>, indicator: &Indicator) -> String {
    parts.extend(progress(fmt, indicator));
    parts.join(fmt.strings.get("lede.part_separator"))
}

/// "2024年，某县" or, for a year still running, "2024年1—9月，某县" (and
/// "2024年1月，某县" in January).
fn opening(dataset: &Dataset, figures: &Figures, region: RegionId, year: i16, fmt: &NumberFormat) -> String {
    let s = fmt.strings;
    let name = &dataset.regions.list[region].name;
    let year_text = year.to_string();
    match figures.as_of(year) {
        Some(as_of) => {
            let month = as_of.month.to_string();
            let month_name = s.get(&format!("month.{month}")).to_string();
            let key = if as_of.month == 1 { "lede.opening_january" } else { "lede.opening_partial" };
            s.fill(key, &[("year", &year_text), ("month", &month), ("month_name", &month_name), ("region", name)])
        }
        None => s.fill("lede.opening", &[("year", &year_text), ("region", name)]),
    }
}

/// A clause about a count, using the `.one` wording when the count is 1
/// and the theme has one (English: "1 project").
fn phrase(fmt: &NumberFormat, key: &str, n: Decimal, threshold: &str, extra: &[(&str, String)]) -> String {
    let one = format!("{key}.one");
    let key = if n == Decimal::ONE && fmt.strings.all().contains_key(&one) { one.as_str() } else { key };
    let count_text = fmt.count(n);
    let mut args: Vec<(&str, &str)> = vec![("count", &count_text), ("threshold", threshold)];
    args.extend(extra.iter().map(|(k, v)| (*k, v.as_str())));
    fmt.strings.fill(key, &args)
}

/// Growth (or, on a base too small for a percentage, last year's figure),
/// target completion with the target, and pace, those that exist.
pub fn progress(fmt: &NumberFormat, indicator: &Indicator) -> Vec<String> {
    let s = fmt.strings;
    let mut parts = Vec::new();
    match (indicator.yoy.or(indicator.yoy_points), withheld(fmt, indicator)) {
        (Some(_), _) => parts.extend(change(fmt, indicator).map(|c| s.fill("lede.yoy", &[("growth", &c)]))),
        (None, Some(previous)) => parts.push(previous),
        (None, None) => {}
    }
    if let (Some(completion), Some(target)) = (indicator.completion, indicator.target) {
        let target = fmt.target_phrase(indicator.metric, target);
        parts.push(s.fill("lede.completion", &[("target", &target), ("percent", &fmt.completion(completion))]));
    }
    if let Some(pace) = indicator.pace {
        parts.push(fmt.pace(pace));
    }
    parts
}

/// The change on last year as shown: growth in percent, a rate's change in
/// points, or "上年1个" where growth is withheld (a tiny base); `None` when
/// there is no last year to compare with.
pub fn change(fmt: &NumberFormat, indicator: &Indicator) -> Option<String> {
    match (indicator.yoy, indicator.yoy_points) {
        (Some(yoy), _) => Some(fmt.growth(yoy)),
        (None, Some(points)) => Some(fmt.points_change(points)),
        (None, None) => withheld(fmt, indicator),
    }
}

/// Last year's figure where growth is withheld: the engine gives last
/// year's value but no growth (a base too small for a percentage).
fn withheld(fmt: &NumberFormat, indicator: &Indicator) -> Option<String> {
    let previous = indicator.previous.filter(|_| indicator.value.is_some() && indicator.yoy.is_none())?;
    (!matches!(indicator.metric.kind(), MetricKind::Rate)).then(|| fmt.previous(indicator.metric, previous))
}
