//! Every kind of page of the site in one table: its template, its section
//! of the navigation and whether the sitemap lists it (and if not, why).
//! The build renders, and the sitemap lists, the pages this table declares;
//! `Page::path` says where each one lives. CONTRIBUTING.md says how to add
//! a kind.

use super::urls;
use super::views::Ctx;
use crate::model::{RegionId, SectorId};
use InSitemap::{LeftOut, Listed};

/// Whether the sitemap lists a kind's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InSitemap {
    Listed,
    /// Left out, for the reason given.
    LeftOut(&'static str),
}

/// What the table says of one kind of page.
#[derive(Debug, Clone, Copy)]
pub(super) struct Declaration {
    /// The theme's template for it, under `templates/`.
    pub template: &'static str,
    /// The part of the navigation it belongs to (`page.section` in templates).
    pub section: &'static str,
    pub sitemap: InSitemap,
}

/// Declares `PageKind` and its table from one list, so that a kind cannot
/// exist without its template, section and sitemap entry. The order is
/// the sitemap's.
macro_rules! page_kinds {
    ($($kind:ident { template: $template:literal, section: $section:literal, sitemap: $sitemap:expr $(,)? }),* $(,)?) => {
        /// One kind of page.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(super) enum PageKind {
            $($kind),*
        }

        impl PageKind {
            /// Every kind, in the sitemap's order.
            pub const ALL: [PageKind; [$($template),*].len()] = [$(PageKind::$kind),*];

            pub fn declaration(self) -> Declaration {
                match self {
                    $(PageKind::$kind => Declaration { template: $template, section: $section, sitemap: $sitemap }),*
                }
            }
        }
    };
}

page_kinds! {
    // An empty site (no year of figures yet) shows `empty.html` instead.
    Home { template: "home.html", section: "home", sitemap: Listed },
    Projects { template: "projects.html", section: "projects", sitemap: Listed },
    Briefings { template: "briefings.html", section: "briefings", sitemap: Listed },
    Search { template: "search.html", section: "search", sitemap: LeftOut("a search form with no content of its own for a search engine") },
    NotFound { template: "404.html", section: "404", sitemap: LeftOut("the page a server shows for a wrong address, not a page of the site") },
    Bulletin { template: "bulletin.html", section: "bulletin", sitemap: Listed },
    Rankings { template: "rankings.html", section: "bulletin", sitemap: Listed },
    Periods { template: "periods.html", section: "bulletin", sitemap: Listed },
    Period { template: "period.html", section: "bulletin", sitemap: Listed },
    ProjectsShard { template: "projects.html", section: "projects", sitemap: Listed },
    Region { template: "region.html", section: "regions", sitemap: Listed },
    Sector { template: "sector.html", section: "sectors", sitemap: Listed },
    Project { template: "project.html", section: "projects", sitemap: Listed },
    Briefing { template: "briefing.html", section: "briefings", sitemap: Listed },
}

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Page {
    Home,
    Projects,
    Briefings,
    Search,
    NotFound,
    /// A region's bulletin of a year.
    Bulletin(RegionId, i16),
    /// The rankings page of a region with children, of a year.
    Rankings(RegionId, i16),
    /// The list of a region's 1—N月 bulletins of a year.
    Periods(RegionId, i16),
    /// A region's 1—N月 bulletin: region, year, N.
    Period(RegionId, i16, u8),
    /// A page of a big site's project list: a year of signing, or unsigned.
    ProjectsShard(Option<i16>),
    Region(RegionId),
    Sector(SectorId),
    /// A project, by its index in the dataset.
    Project(usize),
    /// A briefing, by its index in the dataset.
    Briefing(usize),
}

impl PageKind {
    /// Every page of this kind on the site, in order.
    pub fn pages(self, ctx: &Ctx) -> Vec<Page> {
        let ds = ctx.dataset;
        match self {
            PageKind::Home => vec![Page::Home],
            PageKind::Projects => vec![Page::Projects],
            PageKind::Briefings => vec![Page::Briefings],
            PageKind::Search => vec![Page::Search],
            PageKind::NotFound => vec![Page::NotFound],
            PageKind::Bulletin => {
                let regions = ds.regions.list.len();
                ctx.figures.years.iter().flat_map(|&year| (0..regions).map(move |r| Page::Bulletin(r, year))).collect()
            }
            PageKind::Rankings => {
                let regions = ds.regions.list.len();
                ctx.figures
                    .years
                    .iter()
                    .flat_map(|&year| (0..regions).filter(move |&r| ctx.has_rankings(r, year)).map(move |r| Page::Rankings(r, year)))
                    .collect()
            }
            PageKind::Periods => {
                let regions = ds.regions.list.len();
                let years = ctx.figures.years.iter().filter(|&&y| !ctx.figures.published_periods(ds, y).is_empty());
                years.flat_map(|&year| (0..regions).map(move |r| Page::Periods(r, year))).collect()
            }
            PageKind::Period => {
                let regions = ds.regions.list.len();
                let periods = ctx.figures.years.iter().flat_map(|&y| ctx.figures.published_periods(ds, y).into_iter().map(move |n| (y, n)));
                periods.flat_map(|(year, n)| (0..regions).map(move |r| Page::Period(r, year, n))).collect()
            }
            PageKind::ProjectsShard => ctx.project_shards.iter().map(|&(shard, _)| Page::ProjectsShard(shard)).collect(),
            PageKind::Region => (0..ds.regions.list.len()).map(Page::Region).collect(),
            PageKind::Sector => (0..ds.site.sectors.len()).map(Page::Sector).collect(),
            PageKind::Project => (0..ds.projects.len()).map(Page::Project).collect(),
            PageKind::Briefing => (0..ds.briefings.len()).map(Page::Briefing).collect(),
        }
    }
}

impl Page {
    pub fn kind(self) -> PageKind {
        match self {
            Page::Home => PageKind::Home,
            Page::Projects => PageKind::Projects,
            Page::Briefings => PageKind::Briefings,
            Page::Search => PageKind::Search,
            Page::NotFound => PageKind::NotFound,
            Page::Bulletin(..) => PageKind::Bulletin,
            Page::Rankings(..) => PageKind::Rankings,
            Page::Periods(..) => PageKind::Periods,
            Page::Period(..) => PageKind::Period,
            Page::ProjectsShard(_) => PageKind::ProjectsShard,
            Page::Region(_) => PageKind::Region,
            Page::Sector(_) => PageKind::Sector,
            Page::Project(_) => PageKind::Project,
            Page::Briefing(_) => PageKind::Briefing,
        }
    }

    /// Where it lives, relative to the site (`2024/xishan/`).
    pub fn path(self, ctx: &Ctx) -> String {
        let ds = ctx.dataset;
        match self {
            Page::Home => urls::home(),
            Page::Projects => urls::projects(),
            Page::Briefings => urls::briefings(),
            Page::Search => urls::search(),
            Page::NotFound => urls::not_found(),
            Page::Bulletin(region, year) => ctx.bulletin_href(year, region),
            Page::Rankings(region, year) => ctx.rankings_href(year, region),
            Page::Periods(region, year) => urls::periods(&ctx.bulletin_href(year, region)),
            Page::Period(region, year, months) => ctx.period_href(year, region, months),
            Page::ProjectsShard(shard) => urls::projects_shard(shard),
            Page::Region(region) => urls::region(&ds.regions.list[region].id),
            Page::Sector(sector) => urls::sector(&ds.site.sectors[sector].id),
            Page::Project(index) => urls::project(&ds.projects[index].id),
            Page::Briefing(index) => urls::briefing(&ds.briefings[index].slug),
        }
    }
}

/// Every page of the site, kind by kind.
pub(super) fn all_pages<'a>(ctx: &'a Ctx) -> impl Iterator<Item = Page> + 'a {
    PageKind::ALL.into_iter().flat_map(|kind| kind.pages(ctx))
}

/// The paths of the pages the sitemap lists, in order.
pub(super) fn sitemap_paths(ctx: &Ctx) -> Vec<String> {
    PageKind::ALL
        .into_iter()
        .filter(|kind| kind.declaration().sitemap == Listed)
        .flat_map(|kind| kind.pages(ctx))
        .map(|page| page.path(ctx))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::NumberFormat;
    use crate::model::{Audience, Lang};
    use crate::stats::Figures;
    use crate::theme::Theme;

    /// A site with a page of every kind: a project, a year of figures, a
    /// briefing.
    fn site() -> crate::model::Dataset {
        // `periods` so that the 1—N月 pages and their archive are there too.
        let site = format!("{}periods: [month]\n", crate::testing::SITE);
        crate::testing::dataset(&[
            ("site.yaml", &site),
            (
                "content/projects/p.yaml",
                "- {id: a, name: 甲项目, investor: 甲公司, region: jia, sector: new-materials, amount: 12.5, scope: local, status: signed, signed: 2024-02-01}\n",
            ),
            ("content/annual/2024.yaml", "region: mouxian\nyear: 2024\n"),
            ("content/briefings/b.md", "---\ntitle: 简报\ndate: 2024-12-01\nregion: mouxian\nyear: 2024\n---\n\n正文\n"),
        ])
    }

    #[test]
    fn every_kind_of_page_is_in_the_sitemap_or_left_out_with_a_reason() {
        let ds = site();
        let figures = Figures::compute(&ds);
        let strings = Theme::built_in().strings(Lang::ZhHans);
        let ctx = Ctx {
            dataset: &ds,
            figures: &figures,
            strings: &strings,
            fmt: NumberFormat::new(&strings, &ds.site),
            audience: Audience::Public,
            data_language: Lang::ZhHans,
            project_counts: super::super::views::project_counts(&ds),
            // The pages of a big site's project list, without 5,000 projects.
            project_shards: vec![(Some(2024), 1)],
            script: None,
        };
        let base = &ds.site.base_url;
        let sitemap = super::super::data::sitemap_urls(&ctx);
        let mut listed = 0;
        for kind in PageKind::ALL {
            let pages = kind.pages(&ctx);
            assert!(!pages.is_empty(), "the fixture has no page of kind {kind:?}: add one, so that this test covers it");
            for page in pages {
                assert_eq!(page.kind(), kind);
                let url = format!("{base}{}", page.path(&ctx));
                match kind.declaration().sitemap {
                    Listed => {
                        assert!(sitemap.contains(&url), "{kind:?} page {url} is missing from the sitemap");
                        listed += 1;
                    }
                    LeftOut(reason) => {
                        assert!(!reason.trim().is_empty(), "{kind:?} is left out of the sitemap without a reason");
                        assert!(!sitemap.contains(&url), "{kind:?} page {url} is in the sitemap though left out");
                    }
                }
            }
        }
        assert_eq!(sitemap.len(), listed, "the sitemap lists a page of no kind, or one twice: {sitemap:#?}");
    }
}
