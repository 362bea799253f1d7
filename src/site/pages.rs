//! The views of the pages other than bulletins: a region across the years,
//! a sector, a project, the project list, briefings.

use serde::Serialize;

use super::bulletin::BriefingRef;
use super::urls;
use super::views::{Ctx, Link, ProjectRow};
use crate::model::{Briefing, Kind, Metric, Project, RegionId, SectorId};
use crate::output::Fingerprint;

/// One year of a region or sector, as a table row.
#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    pub year: i16,
    pub href: String,
    pub signed_count: String,
    pub signed_amount: String,
    pub signed_yoy: String,
    pub started_count: String,
    pub new_start_investment: String,
    pub funds: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionPage {
    pub name: String,
    pub id: String,
    pub kind: String,
    pub parent: Option<Link>,
    pub children: Vec<Link>,
    pub years: Vec<YearRow>,
    pub charts: Vec<String>,
    pub key_projects: Vec<ProjectRow>,
    pub key_projects_total: usize,
    pub project_count: usize,
    /// Where the list of all the projects starts.
    pub projects_href: String,
    pub briefings: Vec<BriefingRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectorPage {
    pub name: String,
    pub id: String,
    pub years: Vec<YearRow>,
    pub charts: Vec<String>,
    /// The latest year's signed amount of this sector by child region of the root.
    pub latest_year: Option<i16>,
    pub by_region: Vec<SectorRegionRow>,
    /// The sector's largest projects, at most `MOST_LISTED` of `projects_total`.
    pub projects: Vec<ProjectRow>,
    pub projects_total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectorRegionRow {
    pub region: Link,
    pub count: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectPage {
    pub row: ProjectRow,
    pub park: String,
    pub planned_investment: String,
    pub kind: String,
    pub scope: String,
    pub origin: String,
    pub summary: String,
    pub progress: String,
    /// Shown in internal builds: the progress notes are not public.
    pub progress_internal: bool,
    pub tags: Vec<String>,
    /// Each date of the project's life that is known, in order.
    pub timeline: Vec<TimelineEntry>,
    pub funds: Vec<FundsRow>,
    pub funds_total: String,
    pub expected: Vec<Fact>,
    pub charts: Vec<String>,
    pub bulletin: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub label: String,
    /// ISO, for `<time datetime>`.
    pub date: String,
    /// As prose reads it: 2024年3月26日签约.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FundsRow {
    pub year: i16,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectsPage {
    pub rows: Vec<ProjectRow>,
    pub regions: Vec<Link>,
    pub sectors: Vec<Link>,
    pub statuses: Vec<Link>,
    pub years: Vec<i16>,
    /// On a big site, the list is one page per year of signing: these.
    pub shards: Vec<Shard>,
}

/// One page of a big site's project list.
#[derive(Debug, Clone, Serialize)]
pub struct Shard {
    pub name: String,
    pub href: String,
    pub count: usize,
    pub current: bool,
}

/// Up to this many projects, the project list is one page; beyond, one
/// page per year of signing, so that no page grows past a few megabytes.
pub const PROJECTS_ON_ONE_PAGE: usize = 5_000;

/// Which page of a sharded project list a project is on: its signing year,
/// or `None` for projects not signed (internal builds only).
pub fn shard_of(project: &Project) -> Option<i16> {
    project.signed.map(|d| d.year)
}

/// The pages of the project list with their project counts, newest year
/// first; none for a site small enough for one page.
pub fn project_shards(dataset: &crate::model::Dataset) -> Vec<(Option<i16>, usize)> {
    if dataset.projects.len() <= PROJECTS_ON_ONE_PAGE {
        return Vec::new();
    }
    let mut counts: std::collections::BTreeMap<std::cmp::Reverse<Option<i16>>, usize> = Default::default();
    for p in &dataset.projects {
        *counts.entry(std::cmp::Reverse(shard_of(p))).or_default() += 1;
    }
    counts.into_iter().map(|(std::cmp::Reverse(key), count)| (key, count)).collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct BriefingPage {
    pub title: String,
    pub date: String,
    pub authors: String,
    pub source: String,
    pub summary: String,
    pub bulletin: Option<Link>,
    pub html: String,
    pub draft: bool,
}

impl Ctx<'_> {
    fn year_rows(&self, region: RegionId, sector: Option<SectorId>) -> Vec<YearRow> {
        let ds = self.dataset;
        self.figures
            .years
            .iter()
            .rev()
            .map(|&year| {
                let t = self.figures.tally(region, year);
                let (count, amount) = match (t, sector) {
                    (Some(t), Some(s)) => t.by_sector.get(s).map_or((0, Default::default()), |share| (share.count, share.amount)),
                    (Some(t), None) => (t.signed.count, t.signed.amount),
                    _ => (0, Default::default()),
                };
                let yoy = match sector {
                    None => self.figures.indicator(ds, region, year, Metric::SignedAmount).yoy.map(|y| self.fmt.growth(y)),
                    Some(_) => None,
                };
                let whole_region = sector.is_none();
                YearRow {
                    year,
                    href: self.bulletin_href(year, region),
                    signed_count: self.fmt.count(count.into()),
                    signed_amount: self.fmt.money(amount),
                    signed_yoy: yoy.unwrap_or_default(),
                    started_count: t.filter(|_| whole_region).map(|t| self.fmt.count(t.started.count.into())).unwrap_or_default(),
                    new_start_investment: t.filter(|_| whole_region).map(|t| self.fmt.money(t.started.amount)).unwrap_or_default(),
                    funds: t.filter(|_| whole_region).map(|t| self.fmt.money(t.funds)).unwrap_or_default(),
                }
            })
            .collect()
    }

    pub fn region_page(&self, region: RegionId, charts: Vec<String>) -> RegionPage {
        let ds = self.dataset;
        let r = &ds.regions.list[region];
        let key: Vec<&Project> = self.figures.years.iter().flat_map(|&year| self.key_projects_of(region, year)).collect();
        let key_projects_total = key.len();
        RegionPage {
            name: r.name.clone(),
            id: r.id.clone(),
            kind: r.kind_label.clone().or_else(|| r.kind.map(|k| self.t(&format!("region_kind.{}", k.key())))).unwrap_or_default(),
            parent: r.parent.map(|p| self.region_link(p)),
            children: r.children.iter().map(|&c| self.region_link(c)).collect(),
            years: self.year_rows(region, None),
            charts,
            key_projects: self.listed_key(key),
            key_projects_total,
            project_count: self.project_counts[region],
            projects_href: self.projects_href(),
            briefings: self
                .dataset
                .briefings
                .iter()
                .filter(|b| b.region == Some(region))
                .map(|b| BriefingRef {
                    title: b.title.clone(),
                    href: urls::briefing(&b.slug),
                    date: b.date.to_string(),
                    summary: b.summary.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }

    pub fn sector_page(&self, sector: SectorId, charts: Vec<String>) -> SectorPage {
        let ds = self.dataset;
        let root = ds.site.root_region;
        let s = &ds.site.sectors[sector];
        let latest_year = self.figures.years.last().copied();
        let by_region = latest_year
            .map(|year| {
                ds.regions.list[root]
                    .children
                    .iter()
                    .filter_map(|&c| {
                        let share = self.figures.tally(c, year)?.by_sector.get(sector)?;
                        (share.count > 0).then(|| SectorRegionRow {
                            region: Link { name: self.region_name(c).to_string(), href: self.bulletin_href(year, c) },
                            count: self.fmt.count(share.count.into()),
                            amount: self.fmt.money(share.amount),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let projects: Vec<&Project> = ds.projects.iter().filter(|p| p.sector == sector).collect();
        SectorPage {
            name: s.name.clone(),
            id: s.id.clone(),
            years: self.year_rows(root, Some(sector)),
            charts,
            latest_year,
            by_region,
            projects_total: projects.len(),
            projects: self.listed(projects),
        }
    }

    pub fn project_page(&self, p: &Project, charts: Vec<String>) -> ProjectPage {
        let mut by_year: std::collections::BTreeMap<i16, rust_decimal::Decimal> = Default::default();
        for f in &p.funds_in_place {
            *by_year.entry(f.year).or_default() += f.amount;
        }
        let funds = by_year.into_iter().map(|(year, amount)| FundsRow { year, amount: self.fmt.project_amount(amount) }).collect();
        let timeline =
            [("signed", p.signed), ("started", p.started), ("producing", p.producing), ("stalled", p.stalled), ("cancelled", p.cancelled)]
                .into_iter()
                .filter_map(|(key, date)| {
                    date.map(|d| {
                        let label = self.t(&format!("timeline.{key}"));
                        let text = self.strings.fill("timeline.entry", &[("date", &self.fmt.date(d)), ("label", &label)]);
                        TimelineEntry { label, date: d.to_string(), text }
                    })
                })
                .collect();
        let money = |m: Option<rust_decimal::Decimal>| m.map(|v| self.fmt.money_phrase(v));
        let expected = [
            ("expected.output_value", money(p.expected.output_value)),
            ("expected.tax", money(p.expected.tax)),
            ("expected.jobs", p.expected.jobs.map(|j| self.fmt.count(j.into()))),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.map(|value| Fact { label: self.t(key), value }))
        .collect();
        ProjectPage {
            row: self.project_row(p),
            park: p.park.clone().unwrap_or_default(),
            planned_investment: self.fmt.project_amount(p.planned_investment),
            kind: self.t(match p.kind {
                Kind::FixedAsset => "kind.fixed_asset",
                Kind::NonFixedAsset => "kind.non_fixed_asset",
            }),
            scope: self.scope_label(p.scope),
            origin: p.origin.clone().unwrap_or_default(),
            summary: p.summary.clone().unwrap_or_default(),
            progress: p.progress.clone().unwrap_or_default(),
            progress_internal: self.audience == crate::model::Audience::Internal && !p.progress_public,
            tags: p.tags.clone(),
            timeline,
            funds,
            funds_total: self.fmt.project_amount(p.total_funds()),
            expected,
            charts,
            bulletin: p
                .signed
                .filter(|d| self.figures.has_bulletin(d.year))
                .map(|d| Link { name: self.bulletin_title(p.region, d.year), href: self.bulletin_href(d.year, p.region) }),
        }
    }

    /// Where the list of a region's projects starts.
    pub fn projects_href(&self) -> String {
        match self.project_shards.first() {
            Some(&(shard, _)) => urls::projects_shard(shard),
            None => urls::projects(),
        }
    }

    /// The project list: everything on a small site; on a big one, the
    /// page of `shard` (`None` for the index of years).
    pub fn projects_page(&self, shard: Option<Option<i16>>) -> ProjectsPage {
        let ds = self.dataset;
        let shards = &self.project_shards;
        let mut projects: Vec<&Project> = self.projects_listed(shard).collect();
        projects.sort_by(|a, b| b.signed.cmp(&a.signed).then_with(|| a.id.cmp(&b.id)));
        let statuses =
            self.statuses_listed().into_iter().map(|s| Link { name: self.t(&format!("status.{s}")), href: s.to_string() }).collect();
        ProjectsPage {
            rows: projects.into_iter().map(|p| self.project_row(p)).collect(),
            regions: ds
                .regions
                .list
                .iter()
                .map(|r| Link { name: format!("{}{}", "　".repeat(r.depth), r.name), href: r.id.clone() })
                .collect(),
            sectors: ds.site.sectors.iter().map(|s| Link { name: s.name.clone(), href: s.id.clone() }).collect(),
            statuses,
            years: if shards.is_empty() { self.figures.years.iter().rev().copied().collect() } else { Vec::new() },
            shards: shards
                .iter()
                .map(|&(key, count)| Shard {
                    name: match key {
                        Some(year) => self.strings.fill("projects.shard", &[("year", &year.to_string())]),
                        None => self.t("projects.unsigned"),
                    },
                    href: urls::projects_shard(key),
                    count,
                    current: shard == Some(key),
                })
                .collect(),
        }
    }

    /// The projects on the list page of `shard` (see `projects_page`), in the ledger's order.
    fn projects_listed(&self, shard: Option<Option<i16>>) -> impl Iterator<Item = &Project> {
        let projects = &self.dataset.projects;
        let all = shard.is_some() || self.project_shards.is_empty();
        projects.iter().filter(move |p| all && shard.is_none_or(|key| shard_of(p) == key))
    }

    /// The statuses a project list can filter by: those some project has.
    fn statuses_listed(&self) -> Vec<&'static str> {
        let statuses = ["negotiating", "signed", "started", "producing", "stalled", "cancelled"];
        statuses.into_iter().filter(|s| self.dataset.projects.iter().any(|p| p.status.key() == *s)).collect()
    }

    /// The fingerprint of the list page of `shard` without its view: the
    /// rows of its projects, the filters and the pages of the list (names,
    /// words, regions and sectors are in `global`).
    pub fn projects_fingerprint(&self, global: u128, path: &str, shard: Option<Option<i16>>) -> u128 {
        use std::fmt::Write as _;
        let mut fingerprint = Fingerprint::default();
        fingerprint.add(&global.to_le_bytes());
        fingerprint.add(path.as_bytes());
        let _ = write!(fingerprint, "{shard:?} {:?} {:?}", self.statuses_listed(), self.project_shards);
        for p in self.projects_listed(shard) {
            self.row_fingerprint(&mut fingerprint, p);
        }
        fingerprint.finish()
    }

    pub fn briefing_page(&self, b: &Briefing, html: String) -> BriefingPage {
        BriefingPage {
            title: b.title.clone(),
            date: b.date.to_string(),
            authors: b.authors.join(self.strings.get("list.separator")),
            source: b.source.clone().unwrap_or_default(),
            summary: b.summary.clone().unwrap_or_default(),
            bulletin: b
                .region
                .filter(|_| self.figures.has_bulletin(b.year))
                .map(|r| Link { name: self.bulletin_title(r, b.year), href: self.bulletin_href(b.year, r) }),
            html,
            draft: b.draft,
        }
    }

    pub fn briefing_refs(&self) -> Vec<BriefingRef> {
        self.dataset
            .briefings
            .iter()
            .map(|b| BriefingRef {
                title: b.title.clone(),
                href: urls::briefing(&b.slug),
                date: b.date.to_string(),
                summary: b.summary.clone().unwrap_or_default(),
            })
            .collect()
    }
}
