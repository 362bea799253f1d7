//! The bulletin of a region and year: the view behind `/YEAR/REGION/`, the
//! home page and the offline handout.

use rust_decimal::Decimal;
use serde::Serialize;

use super::urls;
use super::views::{Ctx, Headline, Link, ProjectRow};
use crate::lede::lede;
use crate::model::{Metric, Project, RegionId, Unit};

/// Key projects: signed this year and at least this many 亿元, or marked `key`.
const KEY_PROJECT_YI: u32 = 10;

/// At most this many projects are listed on a page (the largest); the rest
/// are in the project list and the data downloads. A province's bulletin
/// would otherwise list thousands.
pub const MOST_LISTED: usize = 100;

#[derive(Debug, Clone, Serialize)]
pub struct Bulletin {
    pub title: String,
    pub region: Link,
    #[serde(skip)]
    pub region_index: RegionId,
    pub year: i16,
    /// The date the figures stand at: `as_of` of a running year, else the
    /// year's last day.
    pub as_of: String,
    pub lede: String,
    pub headlines: Vec<Headline>,
    /// Every metric, for the full table under the cards.
    pub indicators: Vec<Headline>,
    pub charts: Vec<String>,
    pub key_projects: Vec<ProjectRow>,
    /// How many key projects there are (more than listed on a big site).
    pub key_projects_total: usize,
    pub ranking: Vec<RankRow>,
    /// Signed projects by province (or country) of origin, largest first.
    pub origins: Vec<OriginRow>,
    pub facts: Vec<FactRow>,
    pub briefings: Vec<BriefingRef>,
    pub handout_href: String,
    pub csv_href: String,
    pub json_href: String,
    /// This region's bulletins of every year.
    pub years: Vec<YearLink>,
    /// From the root down to the parent.
    pub breadcrumbs: Vec<Link>,
    /// The bulletins of the child regions, same year.
    pub children: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    pub rank: usize,
    pub region: Link,
    pub signed_count: String,
    pub signed_amount: String,
    /// Share of the parent's signed amount.
    pub share: String,
    pub started_count: String,
    pub funds: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OriginRow {
    pub origin: String,
    pub count: String,
    pub amount: String,
    pub share: String,
}

/// The origin table lists this many places; the rest are summed as one row.
const ORIGINS_LISTED: usize = 10;

#[derive(Debug, Clone, Serialize)]
pub struct FactRow {
    pub label: String,
    pub value: String,
    pub unit: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BriefingRef {
    pub title: String,
    pub href: String,
    pub date: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearLink {
    pub year: i16,
    pub href: String,
    pub current: bool,
}

impl Ctx<'_> {
    pub fn bulletin_title(&self, region: RegionId, year: i16) -> String {
        self.strings.fill("bulletin.title", &[("region", self.region_name(region)), ("year", &year.to_string())])
    }

    pub fn bulletin(&self, region: RegionId, year: i16, charts: Vec<String>) -> Bulletin {
        let ds = self.dataset;
        let r = &ds.regions.list[region];
        let indicator = |m| self.figures.indicator(ds, region, year, m);
        let annual = ds.annual(region, year);
        Bulletin {
            title: self.bulletin_title(region, year),
            region: self.region_link(region),
            region_index: region,
            year,
            as_of: self.fmt.date(self.figures.stands_at(year)),
            lede: lede(ds, self.figures, region, year, &self.fmt),
            headlines: Metric::headlines().map(|m| self.headline(&indicator(m))).collect(),
            indicators: Metric::indicators().map(|m| self.headline(&indicator(m))).collect(),
            charts,
            key_projects_total: self.key_projects_of(region, year).len(),
            key_projects: self.listed(self.key_projects_of(region, year)),
            ranking: self.ranking(region, year),
            origins: self.origins(region, year),
            facts: annual
                .map(|a| a.facts.iter().map(|f| FactRow { label: f.label.clone(), value: f.value.clone(), unit: f.unit.clone() }).collect())
                .unwrap_or_default(),
            briefings: self.briefings_of(region, year),
            handout_href: urls::handout(year, &r.id),
            csv_href: urls::data(year, &r.id, "csv"),
            json_href: urls::data(year, &r.id, "json"),
            years: self
                .figures
                .years
                .iter()
                .map(|&y| YearLink { year: y, href: self.bulletin_href(y, region), current: y == year })
                .collect(),
            breadcrumbs: {
                let mut lineage: Vec<RegionId> = ds.regions.lineage(region).skip(1).collect();
                lineage.reverse();
                lineage.into_iter().map(|a| Link { name: self.region_name(a).to_string(), href: self.bulletin_href(year, a) }).collect()
            },
            children: r
                .children
                .iter()
                .map(|&c| Link { name: self.region_name(c).to_string(), href: self.bulletin_href(year, c) })
                .collect(),
        }
    }

    /// Projects signed this year of at least 10亿元 or marked `key`.
    pub fn key_projects_of(&self, region: RegionId, year: i16) -> Vec<&'_ Project> {
        let ds = self.dataset;
        let threshold = Unit::Yi.convert(Decimal::from(KEY_PROJECT_YI), ds.site.unit);
        let Some(tally) = self.figures.tally(region, year) else { return Vec::new() };
        tally.signed_projects.iter().map(|&i| &ds.projects[i as usize]).filter(|p| p.key || p.amount >= threshold).collect()
    }

    /// The largest of `projects` as table rows, at most `MOST_LISTED`.
    pub fn listed(&self, mut projects: Vec<&Project>) -> Vec<ProjectRow> {
        projects.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.id.cmp(&b.id)));
        projects.into_iter().take(MOST_LISTED).map(|p| self.project_row(p)).collect()
    }

    fn ranking(&self, region: RegionId, year: i16) -> Vec<RankRow> {
        let ds = self.dataset;
        let total = self.figures.tally(region, year).map(|t| t.signed.amount).unwrap_or_default();
        self.figures
            .ranking(ds, region, year, Metric::SignedAmount)
            .into_iter()
            .map(|ranked| {
                let empty = crate::stats::Tally::default();
                let t = self.figures.tally(ranked.region, year).unwrap_or(&empty);
                RankRow {
                    rank: ranked.rank,
                    region: Link { name: self.region_name(ranked.region).to_string(), href: self.bulletin_href(year, ranked.region) },
                    signed_count: self.fmt.count(t.signed.count.into()),
                    signed_amount: self.fmt.money(t.signed.amount),
                    share: crate::stats::percent(t.signed.amount, total).map(|p| self.fmt.percent(p)).unwrap_or_else(|| "—".into()),
                    started_count: self.fmt.count(t.started.count.into()),
                    funds: self.fmt.money(t.funds),
                }
            })
            .collect()
    }

    /// Where the year's signed projects come from: the largest places, then
    /// the rest together; "not given" for records without an origin.
    fn origins(&self, region: RegionId, year: i16) -> Vec<OriginRow> {
        let Some(tally) = self.figures.tally(region, year) else { return Vec::new() };
        let mut places: Vec<(&String, &crate::stats::Share)> = tally.by_origin.iter().collect();
        places.sort_by(|a, b| b.1.amount.cmp(&a.1.amount).then_with(|| a.0.cmp(b.0)));
        let row = |origin: String, count: u32, amount: Decimal| OriginRow {
            origin,
            count: self.fmt.count(count.into()),
            amount: self.fmt.money(amount),
            share: crate::stats::percent(amount, tally.signed.amount).map(|p| self.fmt.percent(p)).unwrap_or_else(|| "—".into()),
        };
        let mut rows: Vec<OriginRow> = places
            .iter()
            .take(ORIGINS_LISTED)
            .map(|(name, share)| row(if name.is_empty() { self.t("origin.unknown") } else { self.data_text(name) }, share.count, share.amount))
            .collect();
        let rest = &places[places.len().min(ORIGINS_LISTED)..];
        if !rest.is_empty() {
            let (count, amount) = rest.iter().fold((0, Decimal::ZERO), |(c, a), (_, s)| (c + s.count, a + s.amount));
            rows.push(row(self.t("origin.others"), count, amount));
        }
        rows
    }

    /// The published briefings tied to this region and year.
    pub fn briefings_of(&self, region: RegionId, year: i16) -> Vec<BriefingRef> {
        self.dataset
            .briefings
            .iter()
            .filter(|b| b.region == Some(region) && b.year == year)
            .map(|b| BriefingRef {
                title: b.title.clone(),
                href: urls::briefing(&b.slug),
                date: b.date.to_string(),
                summary: b.summary.clone().unwrap_or_default(),
            })
            .collect()
    }
}
