//! The bulletin of a region and year: the view behind `/YEAR/REGION/`, the
//! home page and the offline handout.

use rust_decimal::Decimal;
use serde::Serialize;

use super::urls;
use super::views::{Ctx, Headline, Link, ProjectRow};
use crate::lede::lede;
use crate::model::{Audience, Metric, Project, RegionId, Unit};

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
    /// Which of the ranking's optional columns the region records at all.
    pub ranking_columns: RankingColumns,
    /// The rankings page of the children, by every indicator, if any.
    pub rankings_href: Option<String>,
    /// The region's place among its parent's children ("居全市第2位"),
    /// for the indicators of `rankings.place_in_parent`.
    pub places: Vec<super::rankings::Place>,
    /// Signed projects by province (or country) of origin, largest first.
    pub origins: Vec<OriginRow>,
    /// Signed projects by investor category (世界500强 …), when the
    /// site lists categories and some signed project of the year has one.
    pub categories: Vec<OriginRow>,
    pub facts: Vec<FactRow>,
    pub campaigns: Vec<CampaignView>,
    /// "问题收集N个，已解决M个，办结率X%；在建项目K个", when a problem was
    /// raised in the year; empty otherwise.
    pub service: String,
    /// Signed projects by industrial chain (`chain:` of the sectors), then
    /// the sectors in none; empty when the site names no chain.
    pub chains: Vec<ChainRow>,
    /// With `publish_negotiating_totals`, on the latest year's bulletin:
    /// "截至…，在谈项目12个，意向投资额85.00亿元", numbers only.
    pub negotiating: Option<String>,
    pub briefings: Vec<BriefingRef>,
    pub handout_href: String,
    pub csv_href: String,
    pub json_href: String,
    /// The year's 1—N月 bulletins (`periods:`), when the site publishes any.
    pub periods_href: Option<String>,
    /// The notes (注释) that end the bulletin: what is counted, as of when,
    /// and who issues it.
    pub notes: Notes,
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
    /// "—" where the region records no start dates or no funds: an
    /// untracked figure is not a zero.
    pub started_count: String,
    pub funds: String,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct RankingColumns {
    pub started: bool,
    pub funds: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct OriginRow {
    pub origin: String,
    pub count: String,
    pub amount: String,
    pub share: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChainRow {
    pub chain: String,
    /// Its sectors' names (新能源、储能).
    pub sectors: String,
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
    /// "同比增长12.00%", or "上年8" on a tiny base; empty without last year.
    pub change: String,
    /// Sub-items ("其中：主要领导带队12次").
    pub items: Vec<FactRow>,
    /// The sum of the child regions' values, not stated by the region.
    pub summed: bool,
}

/// A campaign period (百日攻坚) of the annual file: its dates, its ledger
/// figures as a sentence, and its stated facts.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignView {
    pub name: String,
    pub period: String,
    pub figures: String,
    pub facts: Vec<FactRow>,
}

/// What a statistics reviewer asks of every bulletin: what is counted (the
/// threshold, the scopes of funds), the date the figures stand at, why
/// parts may not add up, and who issues it when.
#[derive(Debug, Clone, Serialize)]
pub struct Notes {
    pub lines: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
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
    /// "某县2024年招商引资公报", or for a year still running
    /// "某县2025年1—6月招商引资工作情况通报": a running year is reported on,
    /// not yet the subject of the annual 公报.
    pub fn bulletin_title(&self, region: RegionId, year: i16) -> String {
        let (region, year_text) = (self.region_name(region), year.to_string());
        match self.figures.as_of(year) {
            Some(as_of) => {
                let month = as_of.month.to_string();
                let month_name = self.t(&format!("month.{month}"));
                let key = if as_of.month == 1 { "bulletin.title_january" } else { "bulletin.title_partial" };
                self.strings.fill(key, &[("region", region), ("year", &year_text), ("month", &month), ("month_name", &month_name)])
            }
            None => self.strings.fill("bulletin.title", &[("region", region), ("year", &year_text)]),
        }
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
            headlines: Metric::headlines().map(indicator).filter(|i| i.value.is_some()).map(|i| self.headline(&i)).collect(),
            indicators: Metric::indicators().map(indicator).filter(|i| i.value.is_some()).map(|i| self.headline(&i)).collect(),
            charts,
            key_projects_total: self.key_projects_of(region, year).len(),
            key_projects: self.listed_key(self.key_projects_of(region, year)),
            ranking: self.ranking(region, year),
            ranking_columns: {
                let tracked = self.figures.tracked(region);
                RankingColumns { started: tracked.started, funds: tracked.funds }
            },
            rankings_href: self.has_rankings(region, year).then(|| self.rankings_href(year, region)),
            places: self.places_in_parent(region, year),
            origins: self.origins(region, year),
            categories: self.categories(region, year),
            facts: self.fact_rows(&crate::stats::service::facts(ds, region, year)),
            service: self.service(region, year),
            campaigns: annual.map(|a| a.campaigns.iter().map(|c| self.campaign(region, c)).collect()).unwrap_or_default(),
            chains: self.chains(region, year),
            negotiating: self.negotiating(region, year),
            briefings: self.briefings_of(region, year),
            notes: self.notes(region, year),
            handout_href: urls::handout(year, &r.id),
            csv_href: urls::data(year, &r.id, "csv"),
            json_href: urls::data(year, &r.id, "json"),
            periods_href: self.periods_href(year, region),
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

    /// The projects in negotiation of `region`, as a sentence. The ledger's
    /// statuses describe the present, so only the latest year's bulletin
    /// states them, as of the date its figures stand at; and only when the
    /// ledger records some negotiation at all (a ledger that keeps none
    /// would otherwise claim 在谈项目0个).
    pub fn negotiating(&self, region: RegionId, year: i16) -> Option<String> {
        let ds = self.dataset;
        let latest = self.figures.years.last().is_some_and(|&y| y == year);
        let recorded = ds.negotiating.get(ds.site.root_region).is_some_and(|p| p.count > 0);
        let pipeline = ds.negotiating.get(region).filter(|_| latest && recorded)?;
        let date = self.fmt.date(self.figures.stands_at(year));
        let count = self.fmt.count(Decimal::from(pipeline.count));
        let amount = self.fmt.money_phrase(pipeline.amount);
        Some(self.strings.fill("bulletin.negotiating_text", &[("date", &date), ("count", &count), ("amount", &amount)]))
    }

    /// Projects signed this year of at least 10亿元 or marked `key`. A
    /// public bulletin holds up no stalled or cancelled project by name;
    /// an internal one lists them, marked.
    pub fn key_projects_of(&self, region: RegionId, year: i16) -> Vec<&'_ Project> {
        let ds = self.dataset;
        let threshold = Unit::Yi.convert(Decimal::from(KEY_PROJECT_YI), ds.site.unit);
        let Some(tally) = self.figures.tally(region, year) else { return Vec::new() };
        tally
            .signed_projects
            .iter()
            .map(|&i| &ds.projects[i as usize])
            .filter(|p| p.key || p.amount >= threshold)
            .filter(|p| self.audience == Audience::Internal || !p.is_stalled_or_cancelled())
            .collect()
    }

    /// The largest of `projects` as table rows, at most `MOST_LISTED`.
    pub fn listed(&self, mut projects: Vec<&Project>) -> Vec<ProjectRow> {
        projects.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.id.cmp(&b.id)));
        projects.into_iter().take(MOST_LISTED).map(|p| self.project_row(p)).collect()
    }

    /// Key projects as table rows: in an internal build, those a public
    /// build leaves out carry a mark.
    pub fn listed_key(&self, projects: Vec<&Project>) -> Vec<ProjectRow> {
        let withheld: std::collections::HashSet<&str> =
            projects.iter().filter(|p| p.is_stalled_or_cancelled()).map(|p| p.id.as_str()).collect();
        let mut rows = self.listed(projects);
        for row in &mut rows {
            row.withheld = withheld.contains(row.id.as_str());
        }
        rows
    }

    /// A figure as a table cell, or "—" when it is not published.
    fn published(&self, region: RegionId, year: i16, metric: Metric) -> String {
        let value = self.figures.indicator(self.dataset, region, year, metric).value;
        value.map(|v| self.fmt.value(metric, v)).unwrap_or_else(|| "—".into())
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
                    started_count: self.published(ranked.region, year, Metric::StartedCount),
                    funds: self.published(ranked.region, year, Metric::FundsInPlace),
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
            .map(|(name, share)| {
                row(if name.is_empty() { self.t("origin.unknown") } else { self.data_text(name) }, share.count, share.amount)
            })
            .collect();
        // Origins nobody recorded ("未注明" alone) tell the reader nothing.
        if places.iter().all(|(name, _)| name.is_empty()) {
            return Vec::new();
        }
        let rest = &places[places.len().min(ORIGINS_LISTED)..];
        if !rest.is_empty() {
            let (count, amount) = rest.iter().fold((0, Decimal::ZERO), |(c, a), (_, s)| (c + s.count, a + s.amount));
            rows.push(row(self.t("origin.others"), count, amount));
        }
        rows
    }

    /// Every category of the site, in its order, with the count, amount and
    /// share of the signed amount. A project of two categories is in both
    /// rows, so the rows need not add up to the total. Left out when no
    /// signed project of the year carries a category: a table of zeros
    /// would say the office counted none, when it recorded none.
    fn categories(&self, region: RegionId, year: i16) -> Vec<OriginRow> {
        let Some(tally) = self.figures.tally(region, year) else { return Vec::new() };
        if tally.by_category.iter().all(|c| c.count == 0) {
            return Vec::new();
        }
        self.dataset
            .site
            .investor_categories
            .iter()
            .zip(&tally.by_category)
            .map(|(c, share)| OriginRow {
                origin: c.name.clone(),
                count: self.fmt.count(share.count.into()),
                amount: self.fmt.money(share.amount),
                share: crate::stats::percent(share.amount, tally.signed.amount).map(|p| self.fmt.percent(p)).unwrap_or_else(|| "—".into()),
            })
            .collect()
    }

    /// Facts as rows, with their change on last year and their sub-items.
    pub fn fact_rows(&self, facts: &[crate::stats::FactFigure]) -> Vec<FactRow> {
        let s = self.strings;
        facts
            .iter()
            .map(|f| FactRow {
                label: f.label.clone(),
                value: f.value.clone(),
                unit: f.unit.clone(),
                change: match (f.growth, f.previous, f.number) {
                    (Some(g), _, _) => s.fill("lede.yoy", &[("growth", &self.fmt.growth(g))]),
                    (None, Some(p), Some(_)) if p.is_zero() => s.get("growth.from_zero").to_string(),
                    (None, Some(p), Some(_)) => {
                        s.fill("growth.withheld", &[("value", &format!("{}{}", crate::format::trimmed(p), f.unit))])
                    }
                    _ => String::new(),
                },
                items: self.fact_rows(&f.items),
                summed: f.summed,
            })
            .collect()
    }

    /// Project service in one sentence; empty when no problem was raised.
    fn service(&self, region: RegionId, year: i16) -> String {
        let s = self.strings;
        let service = crate::stats::service::service(self.figures, region, year);
        if service.raised == 0 {
            return String::new();
        }
        let mut parts = vec![s.fill(
            "service.problems",
            &[
                ("raised", &self.fmt.count(service.raised.into())),
                ("solved", &self.fmt.count(service.solved.into())),
                ("rate", &service.rate.map(|r| self.fmt.percent(r)).unwrap_or_default()),
            ],
        )];
        if let Some(n) = service.under_construction {
            parts.push(s.fill("service.under_construction", &[("count", &self.fmt.count(n.into()))]));
        }
        format!("{}{}", parts.join(s.get("lede.clause_separator")), s.get("lede.end"))
    }

    /// A campaign: "签约项目5个，协议投资额42.00亿元，开工项目2个" over its
    /// dates, with its facts.
    fn campaign(&self, region: RegionId, c: &crate::model::Campaign) -> CampaignView {
        let s = self.strings;
        let figures = crate::stats::service::campaign(self.dataset, self.figures, region, c.from, c.to);
        let mut parts = vec![s.fill(
            "campaign.signed",
            &[("count", &self.fmt.count(figures.signed.count.into())), ("amount", &self.fmt.money_phrase(figures.signed.amount))],
        )];
        if let Some(started) = figures.started {
            parts.push(s.fill("campaign.started", &[("count", &self.fmt.count(started.count.into()))]));
        }
        CampaignView {
            name: c.name.clone(),
            period: s.fill("campaign.period", &[("from", &self.fmt.date(c.from)), ("to", &self.fmt.date(c.to))]),
            figures: parts.join(s.get("lede.part_separator")),
            facts: self.fact_rows(&crate::stats::service::fact_figures(&c.facts)),
        }
    }

    /// The chain table: each chain's sectors summed (`Site::chain_sums`).
    fn chains(&self, region: RegionId, year: i16) -> Vec<ChainRow> {
        let site = &self.dataset.site;
        let Some(tally) = self.figures.tally(region, year).filter(|_| !site.chains.is_empty()) else { return Vec::new() };
        let (chains, rest) = site.chain_sums(&tally.by_sector);
        let sectors_of = |chain: Option<usize>| {
            let names: Vec<&str> = site.sectors.iter().filter(|s| s.chain == chain).map(|s| s.name.as_str()).collect();
            names.join(&self.t("list.separator"))
        };
        let row = |chain: String, sectors: String, share: crate::stats::Share| ChainRow {
            chain,
            sectors,
            count: self.fmt.count(share.count.into()),
            amount: self.fmt.money(share.amount),
            share: crate::stats::percent(share.amount, tally.signed.amount).map(|p| self.fmt.percent(p)).unwrap_or_else(|| "—".into()),
        };
        let mut rows: Vec<ChainRow> = site
            .chains
            .iter()
            .zip(chains)
            .enumerate()
            .map(|(i, (name, share))| row(self.data_text(name), sectors_of(Some(i)), share))
            .collect();
        rows.extend(rest.map(|share| row(self.t("bulletin.chain_other"), sectors_of(None), share)));
        rows
    }

    fn notes(&self, region: RegionId, year: i16) -> Notes {
        let ds = self.dataset;
        let s = self.strings;
        let mut lines = Vec::new();
        lines.push(match crate::format::threshold_label(&ds.site, s) {
            Some(threshold) => s.fill("notes.signed_threshold", &[("threshold", &threshold)]),
            None => self.t("notes.signed"),
        });
        lines.push(self.t("notes.dates"));
        let scopes: Vec<String> = crate::model::Scope::ALL
            .iter()
            .filter(|scope| ds.site.funds_scopes.contains(scope))
            .map(|scope| self.scope_label(*scope))
            .collect();
        let all_scopes = scopes.len() == crate::model::Scope::ALL.len();
        if !all_scopes {
            lines.push(s.fill("notes.funds", &[("scopes", &scopes.join(s.get("notes.and")))]));
        }
        let as_of = self.fmt.date(self.figures.stands_at(year));
        lines.push(match self.figures.as_of(year) {
            Some(d) => s.fill("notes.as_of_running", &[("date", &as_of), ("month", &d.month.to_string())]),
            None => s.fill("notes.as_of", &[("date", &as_of)]),
        });
        lines.push(self.t("notes.rounding"));
        if !ds.site.hidden_in_totals {
            lines.push(self.t("notes.hidden_excluded"));
        }
        // Each from the region's own file, else the root region's (which
        // publishes every region's bulletin at once), else the site's.
        let files = [ds.annual(region, year), ds.annual(ds.site.root_region, year)];
        let publisher = files.iter().flatten().find_map(|a| a.publisher.clone());
        let published = files.iter().flatten().find_map(|a| a.published);
        Notes {
            lines,
            publisher: publisher.or_else(|| ds.site.publisher.clone()).or_else(|| ds.site.furniture.organizer.clone()),
            published: published.map(|d| self.fmt.date(d)),
        }
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
