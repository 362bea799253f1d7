//! The rankings page of a parent region and year (`/YEAR/…/rankings/`):
//! its children ranked by each indicator of `rankings:` (one table per
//! indicator, each sorted by it, so that no script is needed to sort), the
//! optional 红黑榜, and a child's place in its parent ("居全市第2位").

use rust_decimal::Decimal;
use serde::Serialize;

use super::views::{Ctx, Link};
use crate::model::{Metric, RegionId};
use crate::stats::{Placed, competition_ranks};

/// The rankings page of a region with children.
#[derive(Debug, Clone, Serialize)]
pub struct RankingsPage {
    pub title: String,
    pub region: Link,
    pub year: i16,
    pub as_of: String,
    /// The region's bulletin of the year, which this page details.
    pub bulletin: Link,
    /// From the root down to the region itself.
    pub breadcrumbs: Vec<Link>,
    pub tables: Vec<RankingTable>,
    /// Whether the 红黑榜 is on (`rankings.red_black`).
    pub red_black: Option<u32>,
}

/// The children ranked by one indicator.
#[derive(Debug, Clone, Serialize)]
pub struct RankingTable {
    /// The metric's id: the table's anchor on the page.
    pub metric: &'static str,
    pub label: String,
    pub unit: String,
    /// A rate: growth and the target are in percentage points, there is no
    /// completion or pace.
    pub rate: bool,
    pub columns: RankingTableColumns,
    pub rows: Vec<RankingTableRow>,
    /// The 红榜 and 黑榜 (top and bottom `red_black`), when on.
    pub red: Vec<RankingTableRow>,
    pub black: Vec<RankingTableRow>,
}

/// Which optional columns a table has: those no child publishes are left
/// out, as the bulletin leaves out untracked figures.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RankingTableColumns {
    pub growth: bool,
    pub target: bool,
    pub completion: bool,
    pub pace: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankingTableRow {
    /// The rank, or "—" for a child whose figure is not published.
    pub rank: String,
    pub region: Link,
    pub value: String,
    pub growth: String,
    pub target: String,
    /// Completion of the target; for a rate, its distance to the target in
    /// points.
    pub completion: String,
    pub pace: String,
}

/// A child's place in its parent's ranking of one indicator.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub metric: &'static str,
    pub rank: usize,
    /// How many children of the parent are ranked.
    pub of: usize,
    /// "协议投资额居全市第2位".
    pub text: String,
    /// The table on the parent's rankings page (site-relative), when the
    /// page has one for the metric.
    pub href: Option<String>,
}

/// The 红榜 and 黑榜 of a ranking table (indices into `placed`): the
/// children ranked `n` or better, and those ranked `n` or better from the
/// bottom by the same rule (equal values share a place), none on both.
/// Unranked children are on neither.
pub(super) fn red_and_black(placed: &[Placed], n: u32) -> (Vec<usize>, Vec<usize>) {
    let n = n as usize;
    let ranked: Vec<usize> = (0..placed.len()).filter(|&i| placed[i].rank.is_some()).collect();
    let red: Vec<usize> = ranked.iter().copied().filter(|&i| placed[i].rank.is_some_and(|r| r <= n)).collect();
    let lowest: Vec<Option<Decimal>> = ranked.iter().map(|&i| placed[i].indicator.value.map(|v| -v)).collect();
    let mut black: Vec<usize> = competition_ranks(&lowest)
        .into_iter()
        .filter(|&(_, rank)| rank.is_some_and(|r| r <= n))
        .map(|(k, _)| ranked[k])
        .filter(|i| !red.contains(i))
        .collect();
    black.sort_unstable();
    (red, black)
}

impl Ctx<'_> {
    /// Whether `region` has a rankings page in `year`: it has two children or more and
    /// some indicator of `rankings:` has a table.
    pub fn has_rankings(&self, region: RegionId, year: i16) -> bool {
        // One child alone is no ranking.
        self.dataset.regions.list[region].children.len() >= 2
            && self.dataset.site.rankings.indicators.iter().any(|&m| self.ranked_children(region, year, m).is_some())
    }

    pub fn rankings_href(&self, year: i16, region: RegionId) -> String {
        format!("{}rankings/", self.bulletin_href(year, region))
    }

    /// The children of `region` ranked by `metric`, or `None` when no child
    /// publishes it (no table then).
    pub fn ranked_children(&self, region: RegionId, year: i16, metric: Metric) -> Option<Vec<Placed>> {
        let rows = self.figures.ranking_table(self.dataset, region, year, metric);
        rows.iter().any(|p| p.rank.is_some()).then_some(rows)
    }

    pub fn rankings_page(&self, region: RegionId, year: i16) -> RankingsPage {
        let ds = self.dataset;
        let name = self.region_name(region).to_string();
        let year_text = year.to_string();
        let settings = &ds.site.rankings;
        let tables = settings
            .indicators
            .iter()
            .filter_map(|&m| self.ranked_children(region, year, m).map(|rows| self.ranking_table(m, year, &rows, settings.red_black)))
            .collect();
        let mut breadcrumbs: Vec<Link> =
            ds.regions.lineage(region).map(|a| Link { name: self.region_name(a).to_string(), href: self.bulletin_href(year, a) }).collect();
        breadcrumbs.reverse();
        RankingsPage {
            // A running year's ranking is of 1—N月, as its bulletin is.
            title: match self.figures.as_of(year).map(crate::stats::months_complete).filter(|&n| n > 0) {
                Some(n) => {
                    let (month, month_name) = (n.to_string(), self.t(&format!("month.{n}")));
                    let fill = [("region", name.as_str()), ("year", &year_text), ("month", &month), ("month_name", &month_name)];
                    self.strings.fill("rankings.title_partial", &fill)
                }
                None => self.strings.fill("rankings.title", &[("region", &name), ("year", &year_text)]),
            },
            region: self.region_link(region),
            year,
            as_of: self.fmt.date(self.figures.stands_at(year)),
            bulletin: Link { name: self.bulletin_title(region, year), href: self.bulletin_href(year, region) },
            breadcrumbs,
            tables,
            red_black: settings.red_black,
        }
    }

    fn ranking_table(&self, metric: Metric, year: i16, placed: &[Placed], red_black: Option<u32>) -> RankingTable {
        let year_running = placed.iter().any(|p| p.indicator.pace.is_some());
        let rows: Vec<RankingTableRow> = placed.iter().map(|p| self.ranking_row(p, year)).collect();
        let some = |f: fn(&crate::stats::Indicator) -> bool| placed.iter().any(|p| f(&p.indicator));
        let columns = RankingTableColumns {
            growth: some(|i| i.yoy.is_some() || i.yoy_points.is_some() || i.previous.is_some()),
            target: some(|i| i.target.is_some()),
            completion: some(|i| i.completion.is_some() || i.vs_target.is_some()),
            pace: year_running,
        };
        let (red, black) = match red_black {
            Some(n) => {
                let (red, black) = red_and_black(placed, n);
                (red.into_iter().map(|i| rows[i].clone()).collect(), black.into_iter().map(|i| rows[i].clone()).collect())
            }
            None => (Vec::new(), Vec::new()),
        };
        let (label, unit) = self.metric_label(metric);
        RankingTable {
            metric: metric.name(),
            label: self.scoped_label(metric, label),
            unit,
            rate: metric.kind().in_points(),
            columns,
            rows,
            red,
            black,
        }
    }

    fn ranking_row(&self, placed: &Placed, year: i16) -> RankingTableRow {
        let i = &placed.indicator;
        let h = self.headline(i);
        let dash = || "—".to_string();
        RankingTableRow {
            rank: placed.rank.map(|r| r.to_string()).unwrap_or_else(dash),
            region: Link { name: self.region_name(placed.region).to_string(), href: self.bulletin_href(year, placed.region) },
            // One unit down a column: the header's (a card picks its own
            // per value).
            value: match (i.value, placed.indicator.metric.kind()) {
                (Some(v), crate::model::MetricKind::Money) => self.fmt.money(v),
                _ => h.value,
            },
            growth: h.yoy.unwrap_or_else(dash),
            target: match (i.target, placed.indicator.metric.kind()) {
                (Some(t), crate::model::MetricKind::Money) => self.fmt.money(t),
                _ => h.target.unwrap_or_else(dash),
            },
            completion: match i.vs_target {
                Some(points) => self.fmt.vs_target(points),
                None => h.completion.unwrap_or_else(dash),
            },
            pace: i.pace.map(|p| self.fmt.pace(p)).unwrap_or_else(dash),
        }
    }

    /// The places `region` holds among its parent's children, for the
    /// indicators of `rankings.place_in_parent` it is ranked by.
    pub fn places_in_parent(&self, region: RegionId, year: i16) -> Vec<Place> {
        let ds = self.dataset;
        let Some(parent) = ds.regions.list[region].parent.filter(|&p| ds.regions.list[p].children.len() >= 2) else {
            return Vec::new();
        };
        let scope = self.parent_scope(parent);
        ds.site
            .rankings
            .place_in_parent
            .iter()
            .filter_map(|&metric| {
                let rows = self.figures.ranking_table(ds, parent, year, metric);
                let rank = rows.iter().find(|p| p.region == region)?.rank?;
                let of = rows.iter().filter(|p| p.rank.is_some()).count();
                let (label, _) = self.metric_label(metric);
                let label = self.scoped_label(metric, label);
                let (rank_text, of_text) = (rank.to_string(), of.to_string());
                let fill = [("metric", label.as_str()), ("rank", &rank_text), ("of", &of_text), ("parent", self.region_name(parent))];
                let text = match &scope {
                    Some(scope) => self.strings.fill("rankings.place", &[&fill[..], &[("scope", scope.as_str())]].concat()),
                    None => self.strings.fill("rankings.place_named", &fill),
                };
                let href = ds
                    .site
                    .rankings
                    .indicators
                    .contains(&metric)
                    .then(|| format!("{}#rank-{}", self.rankings_href(year, parent), metric.name()));
                Some(Place { metric: metric.name(), rank, of, text, href })
            })
            .collect()
    }

    /// The word "全__" takes for the parent (市 in 居全市第2位): the office's
    /// own kind label, else its kind's; `None` when neither is known.
    fn parent_scope(&self, parent: RegionId) -> Option<String> {
        let r = &self.dataset.regions.list[parent];
        r.kind_label.clone().or_else(|| r.kind.map(|k| self.t(&format!("rankings.scope.{}", k.key()))))
    }
}
