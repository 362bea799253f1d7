//! Briefing shortcodes: `figure`, `chart`, `projects` and `facts`, read
//! from their calls and checked against the dataset, so that an unknown
//! name, metric or argument is an error naming the file and line.

use rust_decimal::Decimal;

use crate::diag::{Code, Diagnostic, Location, Span, did_you_mean};
use crate::markdown::{self, ArgValue, Shortcode};
use crate::model::{Briefing, BulletinChart, Dataset, Metric, RegionId, SectorId};
use crate::stats::Figures;
use crate::tr;

const NAMES: [&str; 4] = ["figure", "chart", "projects", "facts"];

/// A briefing may place at most this many charts and tables: each is drawn
/// from the data (a project table may list every project), so their number
/// bounds the work of a build and the size of the page.
pub const MAX_BLOCKS: usize = 200;

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
    Chart { chart: BulletinChart, scope: RegionYear },
    Projects { scope: RegionYear, min_amount: Option<Decimal>, sector: Option<SectorId>, key_only: bool, limit: Option<usize> },
    Facts { scope: RegionYear },
}

/// Why a call cannot be read; its text is the diagnostic's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    UnknownShortcode {
        name: String,
        suggestion: Option<&'static str>,
    },
    UnknownArgument {
        shortcode: String,
        argument: String,
        takes: &'static [&'static str],
    },
    MissingArgument {
        shortcode: String,
        argument: &'static str,
    },
    NotText {
        argument: &'static str,
    },
    NotANumber(String),
    /// An argument's value of the wrong kind: `expected` says the right one.
    WrongValue {
        argument: &'static str,
        expected: Expected,
    },
    /// A name (`what`: a chart, sector, metric, figure or region) that is
    /// not one of `known`.
    Unknown {
        what: What,
        value: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
}

impl std::error::Error for CallError {}

/// The kind of value an argument takes, for the message of a wrong one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Number,
    Text,
    Bool,
    Limit,
    Region,
    Year,
}

/// What kind of name a call gave that is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Chart,
    Sector,
    Metric,
    Figure,
    Region,
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            CallError::UnknownShortcode { name, suggestion } => {
                let known = NAMES.join(", ");
                match suggestion {
                    Some(s) => {
                        tr!(zh: "没有名为 `{name}` 的短代码，是不是要写 `{s}`？", en: "unknown shortcode `{name}`; did you mean `{s}`?")
                    }
                    None => tr!(
                        zh: "没有名为 `{name}` 的短代码；可用的短代码：{known}",
                        en: "unknown shortcode `{name}`; the shortcodes are {known}"
                    ),
                }
            }
            CallError::UnknownArgument { shortcode, argument, takes } => {
                let takes = takes.join(", ");
                tr!(
                    zh: "`{shortcode}` 没有参数 `{argument}`；它的参数有：{takes}",
                    en: "`{shortcode}` has no argument `{argument}`; it takes {takes}"
                )
            }
            CallError::MissingArgument { shortcode, argument } => {
                tr!(zh: "`{shortcode}` 缺少参数 `{argument}=\"…\"`", en: "`{shortcode}` needs `{argument}=\"…\"`")
            }
            CallError::NotText { argument } => tr!(
                zh: "`{argument}` 的值是加引号的文字，例如 `{argument}=\"…\"`",
                en: "`{argument}` is text in quotes, e.g. {argument}=\"…\""
            ),
            CallError::NotANumber(value) => tr!(zh: "`{value}` 不是数字", en: "`{value}` is not a number"),
            CallError::WrongValue { argument, expected } => {
                let expected = match expected {
                    Expected::Number => tr!(zh: "数字，例如 `min_amount=10`", en: "a number, e.g. min_amount=10"),
                    Expected::Text => tr!(zh: "文字，例如 `sector=\"new-energy\"`", en: "text, e.g. sector=\"new-energy\""),
                    Expected::Bool => tr!(zh: "`true` 或 `false`", en: "true or false"),
                    Expected::Limit => tr!(zh: "大于 0 的整数，例如 `limit=10`", en: "a whole number above 0, e.g. limit=10"),
                    Expected::Region => {
                        tr!(zh: "加引号的区域编号，例如 `region=\"xishan\"`", en: "a region id in quotes, e.g. region=\"xishan\"")
                    }
                    Expected::Year => tr!(zh: "年份，例如 `year=2024`", en: "a year, e.g. year=2024"),
                };
                tr!(zh: "`{argument}` 应是{expected}", en: "{argument} is {expected}")
            }
            CallError::Unknown { what, value, suggestion, known } => {
                let what = match what {
                    What::Chart => tr!(zh: "图表", en: "chart"),
                    What::Sector => tr!(zh: "产业", en: "sector"),
                    What::Metric => tr!(zh: "指标", en: "metric"),
                    What::Figure => tr!(zh: "数值", en: "figure"),
                    What::Region => tr!(zh: "区域", en: "region"),
                };
                match suggestion {
                    Some(s) => tr!(zh: "未知的{what} `{value}`，是不是要写 `{s}`？", en: "unknown {what} `{value}`; did you mean `{s}`?"),
                    None => {
                        let known = known.join(", ");
                        tr!(zh: "未知的{what} `{value}`；可用的有：{known}", en: "unknown {what} `{value}`; known: {known}")
                    }
                }
            }
        };
        f.write_str(&text)
    }
}

/// Reads a call, defaulting its region and year to `default`.
pub fn parse(call: &Shortcode, dataset: &Dataset, default: RegionYear) -> Result<Call, CallError> {
    let allowed: &[&str] = match call.name.as_str() {
        "figure" => &["metric", "region", "year"],
        "chart" => &["name", "region", "year"],
        "projects" => &["min_amount", "sector", "region", "year", "key", "limit"],
        "facts" => &["region", "year"],
        other => {
            return Err(CallError::UnknownShortcode { name: other.to_string(), suggestion: did_you_mean(other, NAMES) });
        }
    };
    for (name, _) in &call.args {
        if !allowed.contains(&name.as_str()) {
            return Err(CallError::UnknownArgument { shortcode: call.name.clone(), argument: name.clone(), takes: allowed });
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
            let chart = BulletinChart::from_name(text).ok_or_else(|| unknown(What::Chart, text, &BulletinChart::names()))?;
            Ok(Call::Chart { chart, scope })
        }
        "projects" => {
            let min_amount = match call.arg("min_amount") {
                None => None,
                Some(ArgValue::Integer(n)) => Some(Decimal::from(*n)),
                Some(ArgValue::Decimal(d)) => Some(d.parse::<Decimal>().map_err(|_| CallError::NotANumber(d.clone()))?),
                Some(_) => return Err(CallError::WrongValue { argument: "min_amount", expected: Expected::Number }),
            };
            let sector =
                match call.arg("sector") {
                    None => None,
                    Some(ArgValue::String(s)) => {
                        Some(dataset.site.sectors.iter().position(|x| x.id == *s || x.name == *s).ok_or_else(|| {
                            unknown(What::Sector, s, &dataset.site.sectors.iter().map(|s| s.id.as_str()).collect::<Vec<_>>())
                        })?)
                    }
                    Some(_) => return Err(CallError::WrongValue { argument: "sector", expected: Expected::Text }),
                };
            let key_only = match call.arg("key") {
                None => false,
                Some(ArgValue::Bool(b)) => *b,
                Some(_) => return Err(CallError::WrongValue { argument: "key", expected: Expected::Bool }),
            };
            let limit = match call.arg("limit") {
                None => None,
                Some(ArgValue::Integer(n)) if *n > 0 => Some(*n as usize),
                Some(_) => return Err(CallError::WrongValue { argument: "limit", expected: Expected::Limit }),
            };
            Ok(Call::Projects { scope, min_amount, sector, key_only, limit })
        }
        _ => Ok(Call::Facts { scope }),
    }
}

fn unknown(what: What, value: &str, known: &[&str]) -> CallError {
    CallError::Unknown {
        what,
        value: value.to_string(),
        suggestion: did_you_mean(value, known.iter().copied()).map(str::to_string),
        known: known.iter().map(|k| k.to_string()).collect(),
    }
}

fn required_text<'a>(call: &'a Shortcode, name: &'static str) -> Result<&'a str, CallError> {
    match call.arg(name) {
        Some(ArgValue::String(s)) => Ok(s),
        Some(_) => Err(CallError::NotText { argument: name }),
        None => Err(CallError::MissingArgument { shortcode: call.name.clone(), argument: name }),
    }
}

/// `signed_amount` or `signed_amount.yoy`; a metric may also be named as
/// in annual files (`协议投资额.yoy`).
pub fn parse_metric(text: &str) -> Result<(Metric, Part), CallError> {
    let (name, part) = text.split_once('.').unwrap_or((text, ""));
    let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
    let metric = Metric::from_key(name).ok_or_else(|| unknown(What::Metric, name, &names))?;
    let part = match part {
        "" | "value" => Part::Value,
        p => PARTS.iter().find(|(n, _)| *n == p).map(|(_, part)| *part).ok_or_else(|| unknown(What::Figure, p, &PARTS.map(|(n, _)| n)))?,
    };
    Ok((metric, part))
}

fn scope(call: &Shortcode, dataset: &Dataset, default: RegionYear) -> Result<RegionYear, CallError> {
    let region = match call.arg("region") {
        None => default.region,
        Some(ArgValue::String(id)) => {
            dataset.regions.get(id).ok_or_else(|| unknown(What::Region, id, &dataset.regions.ids().collect::<Vec<_>>()))?
        }
        Some(_) => return Err(CallError::WrongValue { argument: "region", expected: Expected::Region }),
    };
    let year = match call.arg("year") {
        None => default.year,
        Some(ArgValue::Integer(y)) if (1900..=2999).contains(y) => *y as i16,
        Some(_) => return Err(CallError::WrongValue { argument: "year", expected: Expected::Year }),
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
            problems.push(Diagnostic::error(Code::Shortcode, at(e.line, e.column), e.message).with_hint(tr!(
                zh: "短代码的写法：`{{{{ name(arg=\"文字\", other=10) }}}}`，括号、等号、逗号和引号都用半角",
                en: "a shortcode is written `{{{{ name(arg=\"text\", other=10) }}}}`"
            )));
        }
        let default = default_scope(briefing, dataset);
        // Split once: finding each call's line anew took time growing with
        // the square of the number of calls (found by fuzzing).
        let lines: Vec<&str> = briefing.body.lines().collect();
        let mut blocks = 0;
        for piece in pieces {
            let markdown::Piece::Call(call) = piece else { continue };
            if matches!(call.name.as_str(), "chart" | "projects" | "facts") {
                blocks += 1;
                if blocks > MAX_BLOCKS {
                    problems.push(
                        Diagnostic::error(
                            Code::TooManyShortcodes,
                            at(call.line, call.column),
                            tr!(
                                zh: "一篇专题报道最多放 {MAX_BLOCKS} 个图表和表格，这是多出的一个",
                                en: "a briefing may place at most {MAX_BLOCKS} charts and tables; this is one more"
                            ),
                        )
                        .with_hint(
                            tr!(zh: "把专题报道分成几篇，或少放一些图表和表格", en: "split the briefing, or show fewer charts and tables"),
                        ),
                    );
                    break;
                }
            }
            match parse(&call, dataset, default) {
                Err(e) => problems.push(Diagnostic::error(Code::Shortcode, at(call.line, call.column), e.to_string())),
                Ok(Call::Figure { metric, part, scope }) if figure_value(figures, dataset, metric, part, scope).is_none() => {
                    let region = &dataset.regions.list[scope.region].id;
                    let year = scope.year;
                    problems.push(
                        Diagnostic::warning(
                            Code::FigureMissing,
                            at(call.line, call.column),
                            tr!(
                                zh: "这个数值在 `{region}` {year}年没有数据，页面上显示为 —",
                                en: "this figure has no value for `{region}` in {year} and shows as —"
                            ),
                        )
                        .with_hint(tr!(
                            zh: "核对区域和年份；同比需要上年的数据，完成率或进度需要 content/annual 中的年度目标",
                            en: "check the region and year; a growth rate needs last year's figure, a completion or pace a target in content/annual"
                        )),
                    );
                }
                Ok(Call::Chart { .. } | Call::Projects { .. } | Call::Facts { .. }) if !stands_alone(&lines, call.line) => {
                    problems.push(
                        Diagnostic::error(Code::Shortcode, at(call.line, call.column), {
                            let name = &call.name;
                            tr!(
                                zh: "`{name}` 是一个块（图表或表格），必须单独占一行",
                                en: "`{name}` is a block (a chart or a table) and must stand alone on its line"
                            )
                        })
                        .with_hint(tr!(
                            zh: "把它单独写在一行，前后各空一行",
                            en: "put it on a line of its own, with an empty line before and after"
                        )),
                    );
                }
                Ok(_) => {}
            }
        }
    }
    problems
}

/// Whether line `line` (1-based) of a body split into `lines` holds one
/// shortcode and nothing else, as a block shortcode's must.
fn stands_alone(lines: &[&str], line: usize) -> bool {
    let text = lines.get(line.saturating_sub(1)).copied().unwrap_or_default().trim();
    text.starts_with("{{") && text.ends_with("}}") && text.matches("{{").count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_stand_alone() {
        let body = "正文\n{{ chart(name=\"by_sector\") }}\n**{{ chart(name=\"pipeline\") }}**\n";
        let lines: Vec<&str> = body.lines().collect();
        assert!(stands_alone(&lines, 2));
        assert!(!stands_alone(&lines, 3));
        assert!(!stands_alone(&lines, 1));
        assert!(!stands_alone(&lines, 9));
    }

    #[test]
    fn every_block_call_is_checked_at_its_line() {
        // Found by fuzzing: each call's line was found by walking the body
        // from its start, which took time growing with the square of the
        // number of calls. The body is now split into lines once; this pins
        // that every call still gets its own line.
        let briefing = "---\ntitle: 综述\ndate: 2026-01-20\nyear: 2025\n---\n\n正文\n";
        let mut dataset = crate::testing::dataset(&[("content/briefings/review.md", briefing)]);
        let mut body = vec!["{{ facts() }}"; MAX_BLOCKS - 1].join("\n\n");
        body.push_str("\n\n正文{{ facts() }}\n");
        dataset.briefings[0].body = body;
        let figures = Figures::compute(&dataset);
        let problems = check(&dataset, &figures);
        let lines: Vec<u32> = problems.iter().filter_map(|d| d.location.span.map(|s| s.line)).collect();
        let offset = dataset.briefings[0].body_line_offset;
        assert_eq!(lines, [offset + 2 * MAX_BLOCKS as u32 - 1], "{:?}", problems.first());
    }

    #[test]
    fn reads_metric_parts() {
        assert_eq!(parse_metric("signed_amount"), Ok((Metric::SignedAmount, Part::Value)));
        assert_eq!(parse_metric("start_rate.vs_target"), Ok((Metric::StartRate, Part::VsTarget)));
        assert_eq!(parse_metric("协议投资额.yoy"), Ok((Metric::SignedAmount, Part::Yoy)));
        assert!(parse_metric("signed_amout").unwrap_err().to_string().contains("did you mean `signed_amount`"));
        assert!(parse_metric("signed_amount.growth").unwrap_err().to_string().starts_with("unknown figure `growth`"));
    }
}
