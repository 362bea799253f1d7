//! Page views: exactly what each template needs, as display-ready text.
//! Numbers are formatted here (templates never format), links are
//! site-relative paths that templates prefix with `root`.

use serde::Serialize;

use super::urls;
use crate::format::NumberFormat;
use crate::i18n::Strings;
use crate::model::{Audience, Dataset, Date, Metric, MetricKind, Project, RegionId};
use crate::output::Fingerprint;
use crate::stats::{Figures, Indicator};

/// What every view is built from.
pub struct Ctx<'a> {
    pub dataset: &'a Dataset,
    pub figures: &'a Figures,
    pub strings: &'a Strings,
    pub fmt: NumberFormat<'a>,
    pub audience: Audience,
    /// The language the data's texts are in (an English edition keeps them
    /// in the site's own language).
    pub data_language: crate::model::Lang,
    /// Projects by region, with their subregions' (indexed like regions).
    pub project_counts: Vec<usize>,
    /// The pages of a big site's project list (see `pages::project_shards`).
    pub project_shards: Vec<(Option<i16>, usize)>,
    /// The conversion the data went through for these pages
    /// (`super::edition`), for texts taken from the figures.
    pub script: Option<&'a crate::script::Converter>,
}

/// How many projects each region has, counting its subregions': one pass
/// up the tree per project.
pub fn project_counts(dataset: &Dataset) -> Vec<usize> {
    let mut counts = vec![0; dataset.regions.list.len()];
    for p in &dataset.projects {
        for r in dataset.regions.lineage(p.region) {
            counts[r] += 1;
        }
    }
    counts
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    pub name: String,
    pub href: String,
}

/// A project as a row of a table.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    pub id: String,
    pub href: String,
    pub name: String,
    pub investor: String,
    pub region: Link,
    /// The ids of the project's region and of every region above it,
    /// space-separated: filtering by a region finds its subregions' projects.
    pub lineage: String,
    pub sector: Link,
    /// With its own unit: 1500万元 under 1亿元, else 12.00亿元.
    pub amount: String,
    pub status: String,
    pub status_key: &'static str,
    pub signed: String,
    pub year: String,
    pub key: bool,
    /// Shown only in internal builds: this row is not public.
    pub confidential: bool,
    /// Shown only in internal builds: a key project (stalled or cancelled)
    /// that the public bulletin does not list.
    pub withheld: bool,
}

/// A headline figure with its growth and target.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    pub metric: &'static str,
    pub label: String,
    pub value: String,
    pub unit: String,
    pub yoy: Option<String>,
    /// Whether `yoy` is a change on last year (read after 同比) rather than
    /// last year's figure, given where a base is too small for a percentage.
    pub growth_shown: bool,
    /// "up", "down" or "flat", for the arrow next to the growth.
    pub trend: &'static str,
    /// In the unit of `value`: 850.00, 600.
    pub target: Option<String>,
    pub completion: Option<String>,
    /// Completion with its target, as a card states it:
    /// 完成年度目标（850.00亿元）的95.69%.
    pub completion_text: Option<String>,
    /// Against the target in points (rates) or against the year elapsed (pace).
    pub note: Option<String>,
    /// The projects a rate counts ("497个"), shown with it.
    pub numerator: Option<String>,
}

impl Ctx<'_> {
    pub fn t(&self, key: &str) -> String {
        self.strings.get(key).to_string()
    }

    /// The size brackets' keys (`below_1`, `1_to_10`, `from_100`, bounds in
    /// 亿元) and labels: the theme's own words for the default brackets,
    /// else worded from the bounds (`charts.bracket.below` …).
    pub fn brackets(&self) -> Vec<(String, String)> {
        let site = &self.dataset.site;
        let yi: Vec<rust_decimal::Decimal> = site.brackets().into_iter().map(|b| site.unit.convert(b, crate::model::Unit::Yi)).collect();
        let text = |d: rust_decimal::Decimal| crate::format::trimmed(d);
        let million = |d: rust_decimal::Decimal| crate::format::trimmed(d * rust_decimal::Decimal::ONE_HUNDRED);
        let mut out = Vec::with_capacity(yi.len() + 1);
        for i in 0..=yi.len() {
            let (from, to) = (i.checked_sub(1).and_then(|j| yi.get(j)).copied(), yi.get(i).copied());
            let key = match (from, to) {
                (None, Some(to)) => format!("below_{}", text(to)),
                (Some(from), Some(to)) => format!("{}_to_{}", text(from), text(to)),
                (Some(from), None) => format!("from_{}", text(from)),
                (None, None) => "all".to_string(),
            };
            let label = if site.size_brackets.is_empty() {
                self.t(&format!("charts.bracket.{i}"))
            } else {
                let args = |d: Option<rust_decimal::Decimal>| d.map(|d| (text(d), million(d))).unwrap_or_default();
                let ((from, from_million), (to, to_million)) = (args(from), args(to));
                let key = match (i, i == yi.len()) {
                    (0, _) => "charts.bracket.below",
                    (_, true) => "charts.bracket.above",
                    _ => "charts.bracket.between",
                };
                self.strings.fill(key, &[("from", &from), ("to", &to), ("from_million", &from_million), ("to_million", &to_million)])
            };
            out.push((key, label));
        }
        out
    }

    /// A scope's name: the office's own (`scope_labels`) where it gave one,
    /// else the theme's. An English page keeps the theme's words, since the
    /// office's labels are Chinese.
    pub fn scope_label(&self, scope: crate::model::Scope) -> String {
        let own = self.dataset.site.scope_labels.iter().find(|(s, _)| *s == scope).map(|(_, label)| label.clone());
        match own {
            Some(label) if self.strings.lang != crate::model::Lang::En => label,
            _ => self.t(&format!("scope.{}", scope.key())),
        }
    }

    /// A text of the data that comes through the figures (an origin), in
    /// the script of these pages.
    pub fn data_text(&self, text: &str) -> String {
        match self.script {
            Some(script) => script.convert(text),
            None => text.to_string(),
        }
    }

    pub fn region_name(&self, region: RegionId) -> &str {
        &self.dataset.regions.list[region].name
    }

    pub fn is_root(&self, region: RegionId) -> bool {
        region == self.dataset.site.root_region
    }

    pub fn bulletin_href(&self, year: i16, region: RegionId) -> String {
        urls::bulletin(year, &self.dataset.regions.list[region].id, self.is_root(region))
    }

    pub fn region_link(&self, region: RegionId) -> Link {
        let r = &self.dataset.regions.list[region];
        Link { name: r.name.clone(), href: urls::region(&r.id) }
    }

    pub fn date(&self, date: Option<Date>) -> String {
        date.map(|d| d.to_string()).unwrap_or_default()
    }

    /// The investor as the audience may see it.
    pub fn investor(&self, p: &Project) -> String {
        if p.investor.is_empty() { self.t("project.investor_private") } else { p.investor.clone() }
    }

    pub fn project_row(&self, p: &Project) -> ProjectRow {
        let sector = &self.dataset.site.sectors[p.sector];
        let status_key = p.status.key();
        ProjectRow {
            id: p.id.clone(),
            href: urls::project(&p.id),
            name: p.name.clone(),
            investor: self.investor(p),
            region: self.region_link(p.region),
            lineage: self.dataset.regions.lineage(p.region).map(|r| self.dataset.regions.list[r].id.as_str()).collect::<Vec<_>>().join(" "),
            sector: Link { name: sector.name.clone(), href: urls::sector(&sector.id) },
            amount: self.fmt.project_amount(p.amount),
            status: self.t(&format!("status.{status_key}")),
            status_key,
            signed: self.date(p.signed),
            year: p.signed.map(|d| d.year.to_string()).unwrap_or_default(),
            key: p.key,
            confidential: self.audience == Audience::Internal && p.is_confidential(),
            withheld: false,
        }
    }

    /// Feeds `fingerprint` with all that `project_row` shows of `p` (the
    /// names and words it looks up are in every page's fingerprint): the
    /// lists of projects are fingerprinted without building their rows.
    /// Keep the two in step.
    pub fn row_fingerprint(&self, fingerprint: &mut Fingerprint, p: &Project) {
        use std::fmt::Write as _;
        for text in [&p.id, &p.name, &p.investor] {
            fingerprint.add(text.as_bytes());
        }
        let _ =
            write!(fingerprint, "{} {} {:?} {:?} {:?} {} {}", p.region, p.sector, p.amount, p.status, p.signed, p.key, p.is_confidential());
    }

    /// The label of a metric (`metric.signed_amount`) and its unit.
    pub fn metric_label(&self, metric: Metric) -> (String, String) {
        let unit = match metric.kind() {
            MetricKind::Money => self.fmt.unit_label().to_string(),
            MetricKind::MoneyUsd => self.fmt.usd_unit_label().to_string(),
            MetricKind::Rate => String::new(),
            MetricKind::Count(_) => self.t(&format!("unit.{}", metric.name())),
        };
        // Funds by origin take the office's own name of their scope, where
        // it gives one (区外到位资金 in an autonomous region).
        let own = metric.funds_scope().and_then(|scope| self.dataset.site.scope_labels.iter().find(|(s, _)| *s == scope));
        if let Some((_, name)) = own
            && self.strings.lang != crate::model::Lang::En
        {
            let scope = name.strip_suffix("资金").unwrap_or(name);
            return (self.strings.fill("metric.funds_by_scope", &[("scope", scope)]), unit);
        }
        (self.t(&format!("metric.{}", metric.name())), unit)
    }

    /// A metric's label on a card or a row, naming the counting threshold
    /// for the counts of new projects: 新签约千万元以上项目.
    pub fn scoped_label(&self, metric: Metric, label: String) -> String {
        let key = format!("metric_scoped.{}", metric.name());
        match crate::format::threshold_label(&self.dataset.site, self.strings) {
            Some(threshold) if self.strings.all().contains_key(&key) => {
                let inline = self.strings.fill("threshold.inline", &[("label", &threshold)]);
                self.strings.fill(&key, &[("threshold", &inline)])
            }
            _ => label,
        }
    }

    /// A published figure as a card or a row of the table (the bulletin
    /// leaves out those with no value: not published is not zero).
    pub fn headline(&self, indicator: &Indicator) -> Headline {
        let metric = indicator.metric;
        let (label, unit) = self.metric_label(metric);
        let label = self.scoped_label(metric, label);
        let (value, unit) = match (indicator.value, metric.kind()) {
            (Some(v), MetricKind::Money) => self.fmt.money_parts(v),
            (Some(v), MetricKind::MoneyUsd) => self.fmt.usd_parts(v),
            (Some(v), _) => (self.fmt.value(metric, v), unit),
            (None, _) => ("—".into(), unit),
        };
        let precision = self.fmt.precision;
        let rounded_yoy = match (indicator.yoy, indicator.yoy_points) {
            (Some(y), _) => Some(crate::format::round_half_away(y, precision.growth)),
            (None, Some(p)) => Some(crate::format::round_half_away(p, precision.points)),
            _ => None,
        };
        let trend = match rounded_yoy {
            Some(y) if y.is_sign_positive() && !y.is_zero() => "up",
            Some(y) if y.is_sign_negative() => "down",
            _ => "flat",
        };
        let note = match (indicator.vs_target, indicator.pace) {
            (Some(points), _) => Some(self.fmt.vs_target(points)),
            (None, Some(pace)) => Some(self.fmt.pace(pace)),
            _ => None,
        };
        // In the table the target stands in its row's unit; a card states
        // it with its unit, as the office set it.
        let target = indicator.target.map(|t| match (metric.kind(), indicator.value) {
            (MetricKind::Money, Some(v)) => self.fmt.money_like(t, v),
            (MetricKind::MoneyUsd, Some(v)) => self.fmt.usd_like(t, v),
            _ => self.fmt.value(metric, t),
        });
        let completion = indicator.completion.map(|c| self.fmt.completion(c));
        let completion_text = match (indicator.target, &completion) {
            (Some(t), Some(percent)) => {
                Some(self.strings.fill("bulletin.completion", &[("target", &self.fmt.target_phrase(metric, t)), ("percent", percent)]))
            }
            _ => None,
        };
        Headline {
            metric: metric.name(),
            label,
            value,
            unit,
            yoy: crate::lede::change(&self.fmt, indicator),
            growth_shown: rounded_yoy.is_some(),
            trend,
            target,
            completion,
            completion_text,
            note,
            numerator: indicator
                .numerator
                .map(|n| self.strings.fill("bulletin.rate_numerator", &[("count", &self.fmt.count(rust_decimal::Decimal::from(n)))])),
        }
    }
}
