//! Briefing shortcodes: `figure`, `chart`, `projects` and `facts`, read
//! from their calls and checked against the dataset, so that an unknown
//! name, metric or argument is an error naming the file and line.

use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Location, Span, did_you_mean};
use crate::markdown::{self, ArgValue, Shortcode};
use crate::model::{Briefing, Dataset, Metric, RegionId, SectorId};
use crate::stats::Figures;

/// The charts a briefing may place, by name.
pub const CHART_NAMES: [&str; 7] = ["by_sector", "by_region", "by_size", "by_month", "pipeline", "by_scope", "trend"];

const NAMES: [&str; 4] = ["figure", "chart", "projects", "facts"];

/// Which figure of a metric: `signed_amount` is the value, `signed_amount.yoy` its growth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Value,
    Previous,
    Yoy,
    Target,
    Completion,
    VsTarget,
    Pace,
}

const PARTS: [(&str, Part); 6] = [
    ("previous", Part::Previous),
    ("yoy", Part::Yoy),
    ("target", Part::Target),
    ("completion", Part::Completion),
    ("vs_target", Part::VsTarget),
    ("pace", Part::Pace),
];

/// Where a shortcode's figures come from: the briefing's region and year
/// unless the call names others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionYear {
    pub region: RegionId,
    pub year: i16,
}

/// A checked shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    Figure { metric: Metric, part: Part, scope: RegionYear },
    Chart { name: &'static str, scope: RegionYear },
    Projects { scope: RegionYear, min_amount: Option<Decimal>, sector: Option<SectorId>, key_only: bool, limit: Option<usize> },
    Facts { scope: RegionYear },
}

/// Reads a call, defaulting its region and year to `default`.
pub(crate) fn parse(call: &Shortcode, dataset: &Dataset, default: RegionYear) -> Result<Call, String> {
    let allowed: &[&str] = match call.name.as_str() {
        "figure" => &["metric", "region", "year"],
        "chart" => &["name", "region", "year"],
        "projects" => &["min_amount", "sector", "region", "year", "key", "limit"],
        "facts" => &["region", "year"],
        other => {
            return Err(match did_you_mean(other, NAMES) {
                Some(s) => format!("unknown shortcode `{other}`; did you mean `{s}`?"),
                None => format!("unknown shortcode `{other}`; the shortcodes are {}", NAMES.join(", ")),
            });
        }
    };
    for (name, _) in &call.args {
        if !allowed.contains(&name.as_str()) {
            return Err(format!("`{}` has no argument `{name}`; it takes {}", call.name, allowed.join(", ")));
        }
    }
    let scope = scope(call, dataset, default)?;
    match call.name.as_str() {
        "figure" => {
            let text = required_text(call, "metric")?;
            let (metric, part) = parse_metric(text)?;
            Ok(Call::Figure { metric, part, scope })
        }
        "chart" => {
            let text = required_text(call, "name")?;
            let name = CHART_NAMES.iter().find(|n| **n == text).copied().ok_or_else(|| unknown("chart", text, &CHART_NAMES))?;
            Ok(Call::Chart { name, scope })
        }
        "projects" => {
            let min_amount = match call.arg("min_amount") {
                None => None,
                Some(ArgValue::Integer(n)) => Some(Decimal::from(*n)),
                Some(ArgValue::Decimal(d)) => Some(d.parse::<Decimal>().map_err(|_| format!("`{d}` is not a number"))?),
                Some(_) => return Err("min_amount is a number, e.g. min_amount=10".into()),
            };
            let sector = match call.arg("sector") {
                None => None,
                Some(ArgValue::String(s)) => Some(
                    dataset
                        .site
                        .sectors
                        .iter()
                        .position(|x| x.id == *s || x.name == *s)
                        .ok_or_else(|| unknown("sector", s, &dataset.site.sectors.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()))?,
                ),
                Some(_) => return Err("sector is text, e.g. sector=\"new-energy\"".into()),
            };
            let key_only = match call.arg("key") {
                None => false,
                Some(ArgValue::Bool(b)) => *b,
                Some(_) => return Err("key is true or false".into()),
            };
            let limit = match call.arg("limit") {
                None => None,
                Some(ArgValue::Integer(n)) if *n > 0 => Some(*n as usize),
                Some(_) => return Err("limit is a whole number above 0, e.g. limit=10".into()),
            };
            Ok(Call::Projects { scope, min_amount, sector, key_only, limit })
        }
        _ => Ok(Call::Facts { scope }),
    }
}

fn unknown(what: &str, value: &str, known: &[&str]) -> String {
    match did_you_mean(value, known.iter().copied()) {
        Some(s) => format!("unknown {what} `{value}`; did you mean `{s}`?"),
        None => format!("unknown {what} `{value}`; known: {}", known.join(", ")),
    }
}

fn required_text<'a>(call: &'a Shortcode, name: &str) -> Result<&'a str, String> {
    match call.arg(name) {
        Some(ArgValue::String(s)) => Ok(s),
        Some(_) => Err(format!("`{name}` is text in quotes, e.g. {name}=\"…\"")),
        None => Err(format!("`{}` needs `{name}=\"…\"`", call.name)),
    }
}

/// `signed_amount` or `signed_amount.yoy`; a metric may also be named as
/// in annual files (`协议投资额.yoy`).
pub fn parse_metric(text: &str) -> Result<(Metric, Part), String> {
    let (name, part) = text.split_once('.').unwrap_or((text, ""));
    let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
    let metric = Metric::from_key(name).ok_or_else(|| unknown("metric", name, &names))?;
    let part = match part {
        "" | "value" => Part::Value,
        p => PARTS
            .iter()
            .find(|(n, _)| *n == p)
            .map(|(_, part)| *part)
            .ok_or_else(|| unknown("figure", p, &PARTS.map(|(n, _)| n)))?,
    };
    Ok((metric, part))
}

fn scope(call: &Shortcode, dataset: &Dataset, default: RegionYear) -> Result<RegionYear, String> {
    let region = match call.arg("region") {
        None => default.region,
        Some(ArgValue::String(id)) => dataset.regions.get(id).ok_or_else(|| unknown("region", id, &dataset.regions.ids().collect::<Vec<_>>()))?,
        Some(_) => return Err("region is a region id in quotes, e.g. region=\"xishan\"".into()),
    };
    let year = match call.arg("year") {
        None => default.year,
        Some(ArgValue::Integer(y)) if (1900..=2999).contains(y) => *y as i16,
        Some(_) => return Err("year is a year, e.g. year=2024".into()),
    };
    Ok(RegionYear { region, year })
}

/// A briefing's own region and year.
pub fn default_scope(briefing: &Briefing, dataset: &Dataset) -> RegionYear {
    RegionYear { region: briefing.region.unwrap_or(dataset.site.root_region), year: briefing.year }
}

/// The value a figure call shows, when it has one.
pub fn figure_value(figures: &Figures, dataset: &Dataset, metric: Metric, part: Part, scope: RegionYear) -> Option<Decimal> {
    let i = figures.indicator(dataset, scope.region, scope.year, metric);
    match part {
        Part::Value => i.value,
        Part::Previous => i.previous,
        Part::Yoy => i.yoy.or(i.yoy_points),
        Part::Target => i.target,
        Part::Completion => i.completion,
        Part::VsTarget => i.vs_target,
        Part::Pace => i.pace,
    }
}

/// Every shortcode problem of every briefing, at its file, line and column;
/// `figures` (as the public sees them) to warn of a figure with no value.
pub fn check(dataset: &Dataset, figures: &Figures) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for briefing in &dataset.briefings {
        let at = |line: usize, column: usize| {
            Location::new(&briefing.file, Span::new(briefing.body_line_offset + line as u32, column as u32, 2))
        };
        let (pieces, errors) = markdown::split_shortcodes(&briefing.body);
        for e in errors {
            problems.push(
                Diagnostic::error("shortcode", at(e.line, e.column), e.message)
                    .with_hint("a shortcode is written {{ name(arg=\"text\", other=10) }}"),
            );
        }
        let default = default_scope(briefing, dataset);
        for piece in pieces {
            let markdown::Piece::Call(call) = piece else { continue };
            match parse(&call, dataset, default) {
                Err(message) => problems.push(Diagnostic::error("shortcode", at(call.line, call.column), message)),
                Ok(Call::Figure { metric, part, scope }) if figure_value(figures, dataset, metric, part, scope).is_none() => {
                    let region = &dataset.regions.list[scope.region].id;
                    problems.push(
                        Diagnostic::warning(
                            "figure-missing",
                            at(call.line, call.column),
                            format!("this figure has no value for `{region}` in {} and shows as —", scope.year),
                        )
                        .with_hint("check the region and year; a growth rate needs last year's figure, a completion or pace a target in content/annual"),
                    );
                }
                Ok(Call::Chart { .. } | Call::Projects { .. } | Call::Facts { .. }) if !stands_alone(&briefing.body, call.line) => {
                    problems.push(
                        Diagnostic::error("shortcode", at(call.line, call.column), format!("`{}` is a block (a chart or a table) and must stand alone on its line", call.name))
                            .with_hint("put it on a line of its own, with an empty line before and after"),
                    );
                }
                Ok(_) => {}
            }
        }
    }
    problems
}

/// Whether line `line` (1-based) of `body` holds one shortcode and nothing
/// else, as a block shortcode's must.
fn stands_alone(body: &str, line: usize) -> bool {
    let text = body.lines().nth(line.saturating_sub(1)).unwrap_or_default().trim();
    text.starts_with("{{") && text.ends_with("}}") && text.matches("{{").count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_stand_alone() {
        let body = "正文\n{{ chart(name=\"by_sector\") }}\n**{{ chart(name=\"pipeline\") }}**\n";
        assert!(stands_alone(body, 2));
        assert!(!stands_alone(body, 3));
        assert!(!stands_alone(body, 1));
    }

    #[test]
    fn reads_metric_parts() {
        assert_eq!(parse_metric("signed_amount"), Ok((Metric::SignedAmount, Part::Value)));
        assert_eq!(parse_metric("start_rate.vs_target"), Ok((Metric::StartRate, Part::VsTarget)));
        assert_eq!(parse_metric("协议投资额.yoy"), Ok((Metric::SignedAmount, Part::Yoy)));
        assert!(parse_metric("signed_amout").unwrap_err().contains("did you mean `signed_amount`"));
        assert!(parse_metric("signed_amount.growth").unwrap_err().starts_with("unknown figure `growth`"));
    }
}
