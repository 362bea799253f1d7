//! The 1—N月 bulletins (`periods:`): a page and a JSON file for each
//! published period of each region and year, and a page per region and
//! year that lists them (`/YEAR/periods/`).

use serde::Serialize;

use super::urls;
use super::views::{Ctx, Headline, Link};
use crate::model::{MetricKind, PeriodKind, RegionId};
use crate::stats::period::{PERIOD_METRICS, PeriodIndicator};

#[derive(Debug, Clone, Serialize)]
pub struct PeriodPage {
    pub title: String,
    pub region: Link,
    pub year: i16,
    pub months: u8,
    /// The date the figures stand at: the last day of month N.
    pub as_of: String,
    /// The heading of the period's own column: 本月, or 本季度.
    pub this_column: String,
    pub rows: Vec<PeriodRow>,
    pub index_href: String,
    pub annual_href: String,
    pub json_href: String,
    pub handout_href: String,
    /// Its own address in the site.
    pub href: String,
    /// Every published period of the year, this one marked.
    pub periods: Vec<PeriodLink>,
    /// From the root down to the parent: their bulletins of this period.
    pub breadcrumbs: Vec<Link>,
    pub children: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodRow {
    #[serde(flatten)]
    pub headline: Headline,
    /// The period's own months, in the row's unit.
    pub this_period: String,
    /// Last year's same months, in the row's unit.
    pub previous: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodIndex {
    pub title: String,
    pub region: Link,
    pub year: i16,
    pub periods: Vec<PeriodLink>,
    /// The annual bulletin, which is 1—12月.
    pub annual: Link,
}

impl Ctx<'_> {
    /// Whether the period bulletins of this site have a quarter's column.
    fn span(&self) -> u8 {
        if self.dataset.site.periods.contains(&PeriodKind::Month) { 1 } else { 3 }
    }

    /// "某县2025年1—6月招商引资工作情况通报" ("1月" for January).
    pub fn period_title(&self, region: RegionId, year: i16, months: u8) -> String {
        let month = months.to_string();
        let month_name = self.t(&format!("month.{month}"));
        let key = if months == 1 { "bulletin.title_january" } else { "bulletin.title_partial" };
        let year = year.to_string();
        self.strings.fill(key, &[("region", self.region_name(region)), ("year", &year), ("month", &month), ("month_name", &month_name)])
    }

    fn period_label(&self, months: u8) -> String {
        let month = months.to_string();
        let month_name = self.t(&format!("month.{month}"));
        let key = if months == 1 { "period.label_january" } else { "period.label" };
        self.strings.fill(key, &[("month", &month), ("month_name", &month_name)])
    }

    pub fn period_href(&self, year: i16, region: RegionId, months: u8) -> String {
        urls::period(&self.bulletin_href(year, region), months)
    }

    /// The page of the year's 1—N月 bulletins, when it has any.
    pub fn periods_href(&self, year: i16, region: RegionId) -> Option<String> {
        let any = !self.figures.published_periods(self.dataset, year).is_empty();
        any.then(|| urls::periods(&self.bulletin_href(year, region)))
    }

    fn period_links(&self, region: RegionId, year: i16, current: u8) -> Vec<PeriodLink> {
        self.figures
            .published_periods(self.dataset, year)
            .into_iter()
            .map(|n| PeriodLink { label: self.period_label(n), href: self.period_href(year, region, n), current: n == current })
            .collect()
    }

    pub fn period_indicators(&self, region: RegionId, year: i16, months: u8) -> Vec<PeriodIndicator> {
        let span = self.span();
        PERIOD_METRICS.iter().map(|&m| self.figures.period_indicator(self.dataset, region, year, months, span, m)).collect()
    }

    pub fn period_page(&self, region: RegionId, year: i16, months: u8) -> PeriodPage {
        let ds = self.dataset;
        let r = &ds.regions.list[region];
        let rows = self
            .period_indicators(region, year, months)
            .into_iter()
            .filter(|i| i.value.is_some())
            .map(|i| {
                // Figures beside the cumulative one stand in its unit.
                let in_row = |d: rust_decimal::Decimal| match (i.metric.kind(), i.value) {
                    (MetricKind::Money, Some(v)) => self.fmt.money_like(d, v),
                    _ => self.fmt.value(i.metric, d),
                };
                PeriodRow {
                    headline: self.headline(&i),
                    this_period: i.this_period.map_or_else(|| "—".to_string(), in_row),
                    previous: i.previous.map(in_row),
                }
            })
            .collect();
        let last_day = month_end(year, months);
        let mut lineage: Vec<RegionId> = ds.regions.lineage(region).skip(1).collect();
        lineage.reverse();
        PeriodPage {
            title: self.period_title(region, year, months),
            region: self.region_link(region),
            year,
            months,
            as_of: self.fmt.date(last_day),
            this_column: self.t(if self.span() == 1 { "period.this_month" } else { "period.this_quarter" }),
            rows,
            index_href: urls::periods(&self.bulletin_href(year, region)),
            annual_href: self.bulletin_href(year, region),
            json_href: urls::period_data(year, &r.id, months),
            handout_href: urls::period_handout(year, &r.id, months),
            href: self.period_href(year, region, months),
            periods: self.period_links(region, year, months),
            breadcrumbs: lineage
                .into_iter()
                .map(|a| Link { name: self.region_name(a).to_string(), href: self.period_href(year, a, months) })
                .collect(),
            children: r
                .children
                .iter()
                .map(|&c| Link { name: self.region_name(c).to_string(), href: self.period_href(year, c, months) })
                .collect(),
        }
    }

    pub fn period_index(&self, region: RegionId, year: i16) -> PeriodIndex {
        let year_text = year.to_string();
        PeriodIndex {
            title: self.strings.fill("period.index_title", &[("region", self.region_name(region)), ("year", &year_text)]),
            region: self.region_link(region),
            year,
            periods: self.period_links(region, year, 0),
            annual: Link { name: self.bulletin_title(region, year), href: self.bulletin_href(year, region) },
        }
    }
}

/// The JSON of a period bulletin: like the annual one's figures, with the
/// period's own months (`this_period`). Exact decimals as strings; a
/// figure not published is `null`, never 0.
#[derive(Serialize)]
struct PeriodData<'a> {
    region: &'a str,
    region_name: &'a str,
    year: i16,
    /// January through this month.
    months: u8,
    unit: &'static str,
    as_of: String,
    figures: Vec<PeriodFigure>,
}

#[derive(Serialize)]
struct PeriodFigure {
    metric: &'static str,
    label: String,
    value: Option<String>,
    this_period: Option<String>,
    previous: Option<String>,
    yoy_percent: Option<String>,
    yoy_points: Option<String>,
    target: Option<String>,
    completion_percent: Option<String>,
    pace_points: Option<String>,
}

pub(super) fn period_json(ctx: &Ctx, region: RegionId, year: i16, months: u8) -> Vec<u8> {
    let ds = ctx.dataset;
    let text = |d: rust_decimal::Decimal| crate::format::trimmed(d);
    let exact = |d: rust_decimal::Decimal| crate::format::trimmed(d.round_dp(10));
    let figures = ctx
        .period_indicators(region, year, months)
        .into_iter()
        .map(|i| PeriodFigure {
            metric: i.metric.name(),
            label: ctx.metric_label(i.metric).0,
            value: i.value.map(text),
            this_period: i.this_period.map(text),
            previous: i.previous.map(text),
            yoy_percent: i.yoy.map(exact),
            yoy_points: i.yoy_points.map(exact),
            target: i.target.map(text),
            completion_percent: i.completion.map(exact),
            pace_points: i.pace.map(exact),
        })
        .collect();
    let r = &ds.regions.list[region];
    let data = PeriodData {
        region: &r.id,
        region_name: &r.name,
        year,
        months,
        unit: ds.site.unit.symbol(),
        as_of: month_end(year, months).to_string(),
        figures,
    };
    serde_json::to_vec(&data).unwrap_or_default()
}

/// The last day of month `months` of `year`.
fn month_end(year: i16, months: u8) -> crate::model::Date {
    crate::model::Date::from_civil(crate::model::Date { year, month: months, day: None }.latest_day())
}
