//! The lede: a bulletin's first paragraph, written from its figures in the
//! register of a newspaper summary, naming only the figures that exist. The
//! wording comes from the theme's `lede.*` strings.

use crate::format::NumberFormat;
use crate::model::{Dataset, Metric, RegionId};
use crate::stats::{Figures, Indicator};

/// Writes the lede of `region`'s bulletin for `year`.
pub fn lede(dataset: &Dataset, figures: &Figures, region: RegionId, year: i16, fmt: &NumberFormat) -> String {
    let s = fmt.strings;
    let indicator = |metric| figures.indicator(dataset, region, year, metric);
    let count = |i: &Indicator| i.value.unwrap_or_default();
    let mut clauses: Vec<String> = Vec::new();

    let signed = indicator(Metric::SignedCount);
    let signed_amount = indicator(Metric::SignedAmount);
    if !count(&signed).is_zero() {
        let mut parts = vec![phrase(fmt, "lede.signed", &signed, &[("amount", fmt.money_phrase(count(&signed_amount)))])];
        parts.extend(progress(fmt, &signed_amount));
        clauses.push(parts.join(s.get("lede.part_separator")));
    }
    let started = indicator(Metric::StartedCount);
    if !count(&started).is_zero() {
        let investment = indicator(Metric::NewStartInvestment);
        let mut parts = vec![phrase(fmt, "lede.started", &started, &[("amount", fmt.money_phrase(count(&investment)))])];
        parts.extend(progress(fmt, &investment));
        clauses.push(parts.join(s.get("lede.part_separator")));
    }
    let rate = indicator(Metric::StartRate);
    if let Some(value) = rate.value.filter(|_| !count(&signed).is_zero()) {
        let mut parts = vec![s.fill("lede.start_rate", &[("rate", &fmt.percent(value))])];
        parts.extend(rate.vs_target.map(|pp| fmt.vs_target(pp)));
        clauses.push(parts.join(s.get("lede.part_separator")));
    }
    let producing = indicator(Metric::ProducingCount);
    if !count(&producing).is_zero() {
        clauses.push(phrase(fmt, "lede.producing", &producing, &[]));
    }
    let funds = indicator(Metric::FundsInPlace);
    if !count(&funds).is_zero() {
        let mut parts = vec![s.fill("lede.funds", &[("amount", &fmt.money_phrase(count(&funds)))])];
        parts.extend(progress(fmt, &funds));
        clauses.push(parts.join(s.get("lede.part_separator")));
    }

    let opening = opening(dataset, figures, region, year, fmt);
    if clauses.is_empty() {
        return format!("{opening}{}", s.get("lede.nothing"));
    }
    format!("{opening}{}{}", clauses.join(s.get("lede.clause_separator")), s.get("lede.end"))
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
fn phrase(fmt: &NumberFormat, key: &str, count: &Indicator, extra: &[(&str, String)]) -> String {
    let n = count.value.unwrap_or_default();
    let one = format!("{key}.one");
    let key = if n == 1.into() && fmt.strings.all().contains_key(&one) { one.as_str() } else { key };
    let count_text = fmt.count(n);
    let mut args: Vec<(&str, &str)> = vec![("count", &count_text)];
    args.extend(extra.iter().map(|(k, v)| (*k, v.as_str())));
    fmt.strings.fill(key, &args)
}

/// Growth, target completion and pace of a figure, those that exist.
fn progress(fmt: &NumberFormat, indicator: &Indicator) -> Vec<String> {
    let s = fmt.strings;
    let mut parts = Vec::new();
    if let Some(yoy) = indicator.yoy {
        parts.push(s.fill("lede.yoy", &[("growth", &fmt.growth(yoy))]));
    }
    if let Some(completion) = indicator.completion {
        parts.push(s.fill("lede.completion", &[("percent", &fmt.percent(completion))]));
    }
    if let Some(pace) = indicator.pace {
        parts.push(fmt.pace(pace));
    }
    parts
}
