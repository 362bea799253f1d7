//! The charts of each page, described from the figures and drawn by the
//! chart module: a bulletin's seven, a region's and a sector's trend, a
//! project's funds by year.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::views::Ctx;
use crate::charts::{self, Chart, ChartKind, ChartStyle, Series, Value};
use crate::model::{BulletinChart, Metric, Project, RegionId, SectorId};

impl Ctx<'_> {
    fn value(&self, number: Decimal, text: String) -> Option<Value> {
        Some(Value::new(number.to_f64().unwrap_or(f64::NAN), text))
    }

    /// Money on the scale of the chart's unit (`unit_label`: billion yuan
    /// in English), so the bars, the ticks and the labels agree.
    fn money_value(&self, amount: Decimal) -> Option<Value> {
        self.value(self.fmt.in_column_unit(amount), self.fmt.money(amount))
    }

    fn count_value(&self, count: u32) -> Option<Value> {
        self.value(count.into(), self.fmt.count(count.into()))
    }

    fn chart(&self, id: &str, kind: ChartKind, title_key: &str, unit: String, category_key: &str) -> Chart {
        Chart { id: id.replace('_', "-"), kind, title: self.t(title_key), unit, category_label: self.t(category_key), ..Chart::default() }
    }

    /// A bulletin chart's frame: its id and its title, the theme's
    /// `charts.<name>`, come from its name.
    fn frame(&self, which: BulletinChart, kind: ChartKind, unit: String, category_key: &str) -> Chart {
        let name = which.name();
        self.chart(name, kind, &format!("charts.{name}"), unit, category_key)
    }

    fn count_unit(&self) -> String {
        self.t("unit.signed_count")
    }

    /// One of a bulletin's charts, or `None` when it does not apply (a
    /// region without children has no ranking; one year has no trend) or
    /// would show nothing but zeros: an empty chart says nothing a reader
    /// needs, and a row of zero bars reads as a result.
    pub fn bulletin_chart(&self, which: BulletinChart, region: RegionId, year: i16) -> Option<Chart> {
        self.describe_bulletin_chart(which, region, year)
            .filter(|c| c.series.iter().flat_map(|s| &s.values).flatten().any(|v| v.number != 0.0 && v.number.is_finite()))
    }

    fn describe_bulletin_chart(&self, which: BulletinChart, region: RegionId, year: i16) -> Option<Chart> {
        let ds = self.dataset;
        let empty = crate::stats::Tally::default();
        let tally = self.figures.tally(region, year).unwrap_or(&empty);
        let money_unit = self.fmt.unit_label().to_string();
        match which {
            BulletinChart::BySector => {
                let mut c = self.frame(which, ChartKind::Bars, money_unit, "charts.sector");
                let mut rows: Vec<(usize, Decimal)> =
                    tally.by_sector.iter().enumerate().filter(|(_, s)| s.count > 0).map(|(i, s)| (i, s.amount)).collect();
                rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                c.categories = rows.iter().map(|(i, _)| ds.site.sectors[*i].name.clone()).collect();
                c.series = vec![Series { name: String::new(), values: rows.iter().map(|(_, a)| self.money_value(*a)).collect() }];
                Some(c)
            }
            BulletinChart::ByRegion => {
                if ds.regions.list[region].children.is_empty() {
                    return None;
                }
                let ranking = self.figures.ranking(ds, region, year, Metric::SignedAmount);
                let mut c = self.frame(which, ChartKind::Bars, money_unit, "bulletin.region");
                c.categories = ranking.iter().map(|r| self.region_name(r.region).to_string()).collect();
                c.series = vec![Series { name: String::new(), values: ranking.iter().map(|r| self.money_value(r.value)).collect() }];
                Some(c)
            }
            BulletinChart::BySize => {
                // Bars: the brackets' labels (1亿—10亿元) are too long to stand under columns.
                let mut c = self.frame(which, ChartKind::Bars, self.count_unit(), "charts.bracket");
                c.categories = self.brackets().into_iter().map(|(_, label)| label).collect();
                c.series =
                    vec![Series { name: String::new(), values: tally.by_bracket.iter().map(|s| self.count_value(s.count)).collect() }];
                Some(c)
            }
            BulletinChart::ByMonth => {
                let mut c = self.frame(which, ChartKind::Line, money_unit, "charts.month");
                let last_month = self.figures.as_of(year).map_or(12, |d| d.month as usize);
                c.categories = (1..=12).map(|m| self.t(&format!("charts.month.{m}"))).collect();
                let mut running = Decimal::ZERO;
                let values = tally
                    .by_month
                    .iter()
                    .enumerate()
                    .map(|(i, amount)| {
                        running += *amount;
                        if i < last_month { self.money_value(running) } else { None }
                    })
                    .collect();
                c.series = vec![Series { name: self.t("charts.cumulative"), values }];
                // Cumulative against the year's target: without a target
                // the line adds nothing to the monthly figures.
                c.target = Some(self.money_value(self.figures.indicator(ds, region, year, Metric::SignedAmount).target?)?);
                Some(c)
            }
            BulletinChart::Pipeline => {
                let mut c = self.frame(which, ChartKind::Columns, self.count_unit(), "charts.stage");
                // A stage nobody records (no start or production dates) is
                // left out rather than drawn as zero.
                let tracked = self.figures.tracked(region);
                let stages = [
                    ("signed", tally.signed.count, true),
                    ("started", tally.started.count, tracked.started),
                    ("producing", tally.producing_count, tracked.producing),
                ];
                let shown: Vec<_> = stages.iter().filter(|(_, _, recorded)| *recorded).collect();
                if shown.len() < 2 {
                    return None;
                }
                c.categories = shown.iter().map(|(s, _, _)| self.t(&format!("timeline.{s}"))).collect();
                c.series = vec![Series { name: String::new(), values: shown.iter().map(|(_, n, _)| self.count_value(*n)).collect() }];
                Some(c)
            }
            BulletinChart::ByScope => {
                let mut c = self.frame(which, ChartKind::Bars, money_unit, "project.scope");
                c.categories = crate::model::Scope::ALL.iter().map(|s| self.scope_label(*s)).collect();
                c.series =
                    vec![Series { name: String::new(), values: tally.funds_by_scope.iter().map(|a| self.money_value(*a)).collect() }];
                Some(c)
            }
            BulletinChart::Trend => self.region_trend(region),
        }
    }

    /// Signed amount, new-start investment and funds in place over the years.
    pub fn region_trend(&self, region: RegionId) -> Option<Chart> {
        let years = &self.figures.years;
        if years.len() < 2 {
            return None;
        }
        let mut c = self.frame(BulletinChart::Trend, ChartKind::Line, self.fmt.unit_label().to_string(), "region.year");
        c.categories = years.iter().map(|y| self.strings.fill("charts.year", &[("year", &y.to_string())])).collect();
        c.series = [Metric::SignedAmount, Metric::NewStartInvestment, Metric::FundsInPlace]
            .iter()
            .map(|&m| Series {
                name: self.t(&format!("metric.{}", m.name())),
                values: years
                    .iter()
                    .map(|&y| self.figures.indicator(self.dataset, region, y, m).value.and_then(|v| self.money_value(v)))
                    .collect(),
            })
            .collect();
        Some(c)
    }

    /// A sector's signed amount over the years (the whole site).
    pub fn sector_trend(&self, sector: SectorId) -> Option<Chart> {
        let years = &self.figures.years;
        let root = self.dataset.site.root_region;
        if years.is_empty() {
            return None;
        }
        let mut c = self.chart("trend", ChartKind::Columns, "charts.sector_trend", self.fmt.unit_label().to_string(), "region.year");
        c.categories = years.iter().map(|y| self.strings.fill("charts.year", &[("year", &y.to_string())])).collect();
        let values = years
            .iter()
            .map(|&y| self.figures.tally(root, y).and_then(|t| t.by_sector.get(sector)).and_then(|s| self.money_value(s.amount)))
            .collect();
        c.series = vec![Series { name: self.t("metric.signed_amount"), values }];
        Some(c)
    }

    /// A project's funds in place by year, when there are two years or more
    /// (one bar says no more than the table beside it).
    pub fn project_funds(&self, p: &Project) -> Option<Chart> {
        if !has_funds_chart(p) {
            return None;
        }
        let mut by_year: std::collections::BTreeMap<i16, Decimal> = Default::default();
        for f in &p.funds_in_place {
            *by_year.entry(f.year).or_default() += f.amount;
        }
        let mut c = self.chart("funds", ChartKind::Columns, "charts.project_funds", self.fmt.unit_label().to_string(), "region.year");
        c.categories = by_year.keys().map(|y| self.strings.fill("charts.year", &[("year", &y.to_string())])).collect();
        c.series = vec![Series { name: String::new(), values: by_year.values().map(|a| self.money_value(*a)).collect() }];
        Some(c)
    }

    pub fn draw(&self, chart: &Chart, style: &ChartStyle) -> String {
        charts::render_figure(chart, style, self.strings)
    }
}

/// Whether a project's page has the chart of its funds: funds in two years
/// or more.
pub fn has_funds_chart(p: &Project) -> bool {
    let mut years = p.funds_in_place.iter().map(|f| f.year);
    years.next().is_some_and(|first| years.any(|year| year != first))
}
