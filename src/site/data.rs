//! The files beside the pages: open data behind each bulletin (CSV and
//! JSON), the client-side search index, the Atom feed and the sitemap.

use serde::Serialize;

use super::JobError;
use super::page_kind;
use super::render::Renderer;
use super::urls;
use super::views::Ctx;
use crate::model::Metric;
use crate::output::{Folder, OutputError};

/// Writes the CSV and JSON behind a bulletin; both are kept as they are
/// when what they print is as in the previous build (`global`: the
/// fingerprint of what every page is made from).
pub(super) fn write_bulletin_data(ctx: &Ctx, output: &Folder, global: u128, region: usize, year: i16) -> Result<(), OutputError> {
    let id = &ctx.dataset.regions.list[region].id;
    let (csv, json) = (urls::data(year, id, "csv"), urls::data(year, id, "json"));
    let fingerprint = bulletin_data_fingerprint(ctx, global, region, year);
    if output.keep(&csv, fingerprint) && output.keep(&json, fingerprint) {
        return Ok(());
    }
    output.write_page(&csv, fingerprint, &bulletin_csv(ctx, region, year))?;
    output.write_page(&json, fingerprint, &bulletin_json(ctx, region, year))
}

/// The fingerprint of a bulletin's data files: the raw values of every
/// field they print, hashed without building the CSV or JSON text (names,
/// labels and words come from the site, regions and strings, which
/// `global` covers). A value written differently but printed the same
/// (1.0 and 1.00) only costs a rewrite.
fn bulletin_data_fingerprint(ctx: &Ctx, global: u128, region: usize, year: i16) -> u128 {
    use crate::output::Fingerprint;
    fn text(f: &mut Fingerprint, s: &str) {
        f.add(&(s.len() as u64).to_le_bytes());
        f.add(s.as_bytes());
    }
    fn number(f: &mut Fingerprint, d: rust_decimal::Decimal) {
        f.add(&d.serialize());
    }
    fn maybe(f: &mut Fingerprint, d: Option<rust_decimal::Decimal>) {
        match d {
            Some(d) => {
                f.add(&[1]);
                number(f, d);
            }
            None => f.add(&[0]),
        }
    }
    fn date(f: &mut Fingerprint, d: Option<crate::model::Date>) {
        match d {
            Some(d) => {
                f.add(&d.year.to_le_bytes());
                f.add(&[1, d.month, d.day.map_or(0, |d| d + 1)]);
            }
            None => f.add(&[0]),
        }
    }
    fn share(f: &mut Fingerprint, s: &crate::stats::Share) {
        f.add(&s.count.to_le_bytes());
        number(f, s.amount);
    }
    let ds = ctx.dataset;
    let mut f = Fingerprint::default();
    f.add(&global.to_le_bytes());
    text(&mut f, "bulletin data");
    f.add(&(region as u64).to_le_bytes());
    f.add(&year.to_le_bytes());
    f.add(&[u8::from(ctx.figures.tracked(region).funds)]);
    date(&mut f, Some(ctx.figures.stands_at(year)));
    for m in Metric::in_data() {
        let i = ctx.figures.indicator(ds, region, year, m);
        for d in [i.value, i.previous, i.yoy, i.yoy_points, i.target, i.completion, i.pace] {
            maybe(&mut f, d);
        }
        maybe(&mut f, i.numerator.map(rust_decimal::Decimal::from));
    }
    if let Some(p) = ctx.negotiating(region, year).and(ds.negotiating.get(region)) {
        f.add(&p.count.to_le_bytes());
        number(&mut f, p.amount);
    }
    match ctx.figures.tally(region, year) {
        Some(t) => {
            f.add(&[1]);
            t.by_sector.iter().chain(&t.by_scope).chain(&t.by_bracket).for_each(|s| share(&mut f, s));
            t.by_category.iter().for_each(|s| share(&mut f, s));
            t.funds_by_scope.iter().chain(&t.by_month).for_each(|&d| number(&mut f, d));
            f.add(&(t.by_origin.len() as u64).to_le_bytes());
            for (origin, s) in &t.by_origin {
                text(&mut f, origin);
                share(&mut f, s);
            }
        }
        None => f.add(&[0]),
    }
    // Facts, campaigns and service come from annual files and a few sums:
    // hashed as the data file prints them.
    let (facts, campaigns) = (facts_data(ctx, region, year), campaigns_data(ctx, region, year));
    let service = service_data(ctx, region, year);
    text(&mut f, &serde_json::to_string(&(&facts, &campaigns, &service)).unwrap_or_default());
    // The rankings and places read other regions' figures.
    let _ = serde_json::to_writer(&mut f, &rankings_data(ctx, region, year));
    let _ = serde_json::to_writer(&mut f, &ctx.places_in_parent(region, year));
    for p in projects_of(ctx, region, year) {
        for s in [&p.id, &p.name, &p.investor] {
            text(&mut f, s);
        }
        text(&mut f, p.origin.as_deref().unwrap_or_default());
        f.add(&(p.region as u64).to_le_bytes());
        f.add(&(p.sector as u64).to_le_bytes());
        number(&mut f, p.amount);
        number(&mut f, p.planned_investment);
        number(&mut f, p.total_funds());
        for key in [p.kind.key(), p.scope.key(), p.status.key()] {
            text(&mut f, key);
        }
        for d in [p.signed, p.started, p.producing] {
            date(&mut f, d);
        }
        f.add(&[u8::from(p.is_confidential())]);
    }
    f.finish()
}

/// Writes the search index.
pub(super) fn write_search_index(ctx: &Ctx, output: &Folder) -> Result<(), OutputError> {
    output.write("search-index.json", &search_index(ctx))
}

/// Writes the Atom feed.
pub(super) fn write_feed(ctx: &Ctx, renderer: &Renderer, output: &Folder) -> Result<(), JobError> {
    let feed = renderer.render_fragment("feed.xml", &feed(ctx))?;
    Ok(output.write("feed.xml", feed.as_bytes())?)
}

/// The columns of the CSV: the English name, and its label's key in the
/// theme's strings for a Chinese site.
const CSV_COLUMNS: [(&str, &str); 17] = [
    ("id", "data.id"),
    ("name", "project.name"),
    ("investor", "project.investor"),
    ("region", "project.region"),
    ("sector", "project.sector"),
    ("amount", "project.amount"),
    ("planned_investment", "project.planned_investment"),
    ("unit", "data.unit"),
    ("kind", "project.kind"),
    ("scope", "project.scope"),
    ("origin", "data.origin"),
    ("status", "project.status"),
    ("signed", "project.signed"),
    ("started", "data.started"),
    ("producing", "data.producing"),
    ("funds_in_place_total", "data.funds_total"),
    ("confidential", "project.confidential"),
];

/// The projects behind a bulletin (signed that year in the region), one row
/// each, with a byte-order mark so spreadsheet programs read it as UTF-8.
/// A Chinese site's file reads as its office's ledger does: Chinese column
/// names, region and sector names, status and scope words (已开工, 省外资金);
/// an English site's keeps the codes. The JSON has both.
fn bulletin_csv(ctx: &Ctx, region: usize, year: i16) -> Vec<u8> {
    let words = ctx.strings.lang != crate::model::Lang::En;
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut bytes);
        let header = CSV_COLUMNS.map(|(code, label)| if words { ctx.t(label) } else { code.to_string() });
        let _ = writer.write_record(header);
        // Where no record of the region carries funds, a project's total is
        // not zero but untracked: the cell stays empty.
        let funds_tracked = ctx.figures.tracked(region).funds;
        for p in projects_of(ctx, region, year) {
            let sector = &ctx.dataset.site.sectors[p.sector];
            let date = |d: Option<crate::model::Date>| d.map(|d| d.to_string()).unwrap_or_default();
            let word = |code: &str, label: String| if words { label } else { code.to_string() };
            let row = [
                p.id.clone(),
                cell(&p.name),
                cell(&ctx.investor(p)),
                word(&ctx.dataset.regions.list[p.region].id, cell(ctx.region_name(p.region))),
                word(&sector.id, cell(&sector.name)),
                crate::format::trimmed(p.amount),
                crate::format::trimmed(p.planned_investment),
                ctx.dataset.site.unit.symbol().to_string(),
                word(p.kind.key(), ctx.t(&format!("kind.{}", p.kind.key()))),
                word(p.scope.key(), cell(&ctx.scope_label(p.scope))),
                cell(p.origin.as_deref().unwrap_or_default()),
                word(p.status.key(), ctx.t(&format!("status.{}", p.status.key()))),
                date(p.signed),
                date(p.started),
                date(p.producing),
                if funds_tracked { crate::format::trimmed(p.total_funds()) } else { String::new() },
                // Only internal builds hold confidential projects.
                if !p.is_confidential() {
                    String::new()
                } else if words {
                    ctx.t("project.confidential")
                } else {
                    "true".to_string()
                },
            ];
            let _ = writer.write_record(row);
        }
        let _ = writer.flush();
    }
    bytes
}

fn projects_of<'a>(ctx: &'a Ctx, region: usize, year: i16) -> impl Iterator<Item = &'a crate::model::Project> {
    ctx.figures
        .tally(region, year)
        .map(|t| t.signed_projects.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|&i| &ctx.dataset.projects[i as usize])
}

/// A text for a spreadsheet cell: one that starts like a formula (`=`, `+`,
/// `-`, `@`) gets a leading `'`, so a spreadsheet shows it rather than runs it.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() }
}

#[derive(Serialize)]
struct BulletinData<'a> {
    region: &'a str,
    region_name: &'a str,
    year: i16,
    unit: &'static str,
    as_of: String,
    figures: Vec<FigureData>,
    breakdowns: Breakdowns,
    /// Stated facts (and sums of the child regions'), when there are any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    facts: Vec<FactData>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    campaigns: Vec<CampaignData>,
    /// Project service: counts only, never what a problem was.
    #[serde(skip_serializing_if = "Option::is_none")]
    service: Option<ServiceData>,
    /// With `publish_negotiating_totals`, on the latest year: the projects in
    /// negotiation, as a count and an amount (never a name).
    #[serde(skip_serializing_if = "Option::is_none")]
    negotiating: Option<Negotiating>,
    /// For a region with children: each ranked by every indicator of
    /// `rankings:`, as on its rankings page.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rankings: Vec<RankingData>,
    /// The region's place among its parent's children, for the indicators
    /// of `rankings.place_in_parent`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    place_in_parent: Vec<super::rankings::Place>,
    projects: Vec<ProjectData<'a>>,
}

#[derive(Serialize)]
struct ServiceData {
    problems_raised: u32,
    problems_solved: u32,
    solved_rate_percent: Option<String>,
    under_construction: Option<u32>,
}

fn service_data(ctx: &Ctx, region: usize, year: i16) -> Option<ServiceData> {
    let s = crate::stats::service::service(ctx.figures, region, year);
    (s.raised > 0).then(|| ServiceData {
        problems_raised: s.raised,
        problems_solved: s.solved,
        solved_rate_percent: s.rate.map(|r| crate::format::trimmed(r.round_dp(10))),
        under_construction: s.under_construction,
    })
}

#[derive(Serialize)]
struct FactData {
    key: String,
    label: String,
    /// As written, or the sum of the child regions' values.
    value: String,
    unit: String,
    previous: Option<String>,
    growth_percent: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    summed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    items: Vec<FactData>,
}

/// A campaign period with its ledger figures (both ends included).
#[derive(Serialize)]
struct CampaignData {
    name: String,
    from: String,
    to: String,
    signed_count: u32,
    signed_amount: String,
    /// `null` when the region records no start dates.
    started_count: Option<u32>,
    facts: Vec<FactData>,
}

fn fact_data(facts: &[crate::stats::FactFigure]) -> Vec<FactData> {
    facts
        .iter()
        .map(|f| FactData {
            key: f.key.clone(),
            label: f.label.clone(),
            value: f.value.clone(),
            unit: f.unit.clone(),
            previous: f.previous.map(crate::format::trimmed),
            growth_percent: f.growth.map(|g| crate::format::trimmed(g.round_dp(10))),
            summed: f.summed,
            items: fact_data(&f.items),
        })
        .collect()
}

/// The children of a region ranked by one indicator, exact as `figures`.
#[derive(Serialize)]
struct RankingData {
    metric: &'static str,
    label: String,
    rows: Vec<RankedData>,
    /// The 红黑榜's region ids, when `rankings.red_black` is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    red: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    black: Option<Vec<String>>,
}

#[derive(Serialize)]
struct RankedData {
    region: String,
    region_name: String,
    /// Competition ranking (1, 2, 2, 4); `null` when the value is not
    /// published (listed last).
    rank: Option<usize>,
    value: Option<String>,
    yoy_percent: Option<String>,
    yoy_points: Option<String>,
    target: Option<String>,
    completion_percent: Option<String>,
    /// For rates: value − target, in points.
    vs_target_points: Option<String>,
    pace_points: Option<String>,
}

/// The rankings of `region`'s children in its data file.
fn rankings_data(ctx: &Ctx, region: usize, year: i16) -> Vec<RankingData> {
    if !ctx.has_rankings(region, year) {
        return Vec::new();
    }
    let ds = ctx.dataset;
    let text = |d: rust_decimal::Decimal| crate::format::trimmed(d);
    let exact = |d: rust_decimal::Decimal| crate::format::trimmed(d.round_dp(10));
    let settings = &ds.site.rankings;
    settings
        .indicators
        .iter()
        .filter_map(|&m| {
            let placed = ctx.ranked_children(region, year, m)?;
            let id = |i: usize| ds.regions.list[placed[i].region].id.clone();
            let lists = settings.red_black.map(|n| super::rankings::red_and_black(&placed, n));
            let rows = placed
                .iter()
                .map(|p| {
                    let i = &p.indicator;
                    RankedData {
                        region: ds.regions.list[p.region].id.clone(),
                        region_name: ctx.region_name(p.region).to_string(),
                        rank: p.rank,
                        value: i.value.map(text),
                        yoy_percent: i.yoy.map(exact),
                        yoy_points: i.yoy_points.map(exact),
                        target: i.target.map(text),
                        completion_percent: i.completion.map(exact),
                        vs_target_points: i.vs_target.map(exact),
                        pace_points: i.pace.map(exact),
                    }
                })
                .collect();
            Some(RankingData {
                metric: m.name(),
                label: ctx.metric_label(m).0,
                rows,
                red: lists.as_ref().map(|(red, _)| red.iter().map(|&i| id(i)).collect()),
                black: lists.as_ref().map(|(_, black)| black.iter().map(|&i| id(i)).collect()),
            })
        })
        .collect()
}

fn facts_data(ctx: &Ctx, region: usize, year: i16) -> Vec<FactData> {
    fact_data(&crate::stats::service::facts(ctx.dataset, region, year))
}

fn campaigns_data(ctx: &Ctx, region: usize, year: i16) -> Vec<CampaignData> {
    let Some(annual) = ctx.dataset.annual(region, year) else { return Vec::new() };
    annual
        .campaigns
        .iter()
        .map(|c| {
            let figures = crate::stats::service::campaign(ctx.dataset, ctx.figures, region, c.from, c.to);
            CampaignData {
                name: c.name.clone(),
                from: c.from.to_string(),
                to: c.to.to_string(),
                signed_count: figures.signed.count,
                signed_amount: crate::format::trimmed(figures.signed.amount),
                started_count: figures.started.map(|s| s.count),
                facts: fact_data(&crate::stats::service::fact_figures(&c.facts)),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Negotiating {
    count: u32,
    amount: String,
}

/// The year's signed projects broken down, and funds in place by scope.
#[derive(Serialize, Default)]
struct Breakdowns {
    by_sector: Vec<Part>,
    by_scope: Vec<Part>,
    funds_by_scope: Vec<Part>,
    by_origin: Vec<Part>,
    /// By size bracket (`size_brackets`; by default below 1, 1–10, 10–50,
    /// 50–100 and from 100 亿元), keyed by the bounds in 亿元.
    by_size: Vec<Part>,
    /// Signed amount by month of signing, January first.
    by_month: Vec<Part>,
    /// Signed projects by investor category, in the site's order; absent
    /// when the site lists none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    by_category: Vec<Part>,
    /// Signed projects by industrial chain (`chain:` of the sectors), then
    /// the sectors in none (key ""); absent when the site names no chain.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    by_chain: Vec<Part>,
}

#[derive(Serialize)]
struct Part {
    key: String,
    /// The key's name in the site's language (a sector's or scope's name).
    label: String,
    count: Option<u32>,
    amount: String,
}

/// A metric with its derived figures, as exact decimal strings (percentages
/// unrounded, so users can round as they need). A figure not published
/// (untracked, or a rate over nothing) has `value: null`, never 0.
#[derive(Serialize)]
struct FigureData {
    metric: &'static str,
    /// The metric's name in the site's language.
    label: String,
    value: Option<String>,
    previous: Option<String>,
    yoy_percent: Option<String>,
    yoy_points: Option<String>,
    target: Option<String>,
    completion_percent: Option<String>,
    /// For a year still running: completion − N/12 × 100 for 1—N月.
    pace_points: Option<String>,
    /// Only for a figure not in the file's `unit`: its currency (`USD`)
    /// and unit (`万美元`), which value and target are in.
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'static str>,
    /// For a rate of projects: the projects it counts (开工项目497个).
    #[serde(skip_serializing_if = "Option::is_none")]
    numerator: Option<u32>,
}

#[derive(Serialize)]
struct ProjectData<'a> {
    id: &'a str,
    name: &'a str,
    investor: String,
    region: &'a str,
    region_name: &'a str,
    sector: &'a str,
    sector_name: &'a str,
    amount: String,
    status: String,
    /// The status in the site's language (已开工).
    status_label: String,
    signed: Option<String>,
    started: Option<String>,
    producing: Option<String>,
    /// Only in internal builds: the project is not public.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    confidential: bool,
}

fn bulletin_json(ctx: &Ctx, region: usize, year: i16) -> Vec<u8> {
    let ds = ctx.dataset;
    let text = |d: rust_decimal::Decimal| crate::format::trimmed(d);
    let exact = |d: rust_decimal::Decimal| crate::format::trimmed(d.round_dp(10));
    let figures = Metric::in_data()
        .map(|m| {
            let i = ctx.figures.indicator(ds, region, year, m);
            FigureData {
                metric: m.name(),
                label: ctx.metric_label(m).0,
                value: i.value.map(text),
                previous: i.previous.map(text),
                yoy_percent: i.yoy.map(exact),
                yoy_points: i.yoy_points.map(exact),
                target: i.target.map(text),
                completion_percent: i.completion.map(exact),
                pace_points: i.pace.map(exact),
                currency: (m.kind() == crate::model::MetricKind::MoneyUsd).then_some("USD"),
                unit: (m.kind() == crate::model::MetricKind::MoneyUsd).then_some("万美元"),
                numerator: i.numerator,
            }
        })
        .collect();
    let projects = projects_of(ctx, region, year)
        .map(|p| ProjectData {
            id: &p.id,
            name: &p.name,
            investor: ctx.investor(p),
            region: &ds.regions.list[p.region].id,
            region_name: ctx.region_name(p.region),
            sector: &ds.site.sectors[p.sector].id,
            sector_name: &ds.site.sectors[p.sector].name,
            amount: text(p.amount),
            status: p.status.key().to_string(),
            status_label: ctx.t(&format!("status.{}", p.status.key())),
            signed: p.signed.map(|d| d.to_string()),
            started: p.started.map(|d| d.to_string()),
            producing: p.producing.map(|d| d.to_string()),
            confidential: p.is_confidential(),
        })
        .collect();
    let breakdowns = ctx.figures.tally(region, year).map_or_else(Breakdowns::default, |t| {
        let part = |key: &str, label: String, count: Option<u32>, amount: rust_decimal::Decimal| Part {
            key: key.to_string(),
            label,
            count,
            amount: text(amount),
        };
        let scope = |s: &crate::model::Scope| ctx.scope_label(*s);
        Breakdowns {
            by_sector: ds
                .site
                .sectors
                .iter()
                .zip(&t.by_sector)
                .map(|(s, share)| part(&s.id, s.name.clone(), Some(share.count), share.amount))
                .collect(),
            by_scope: crate::model::Scope::ALL
                .iter()
                .zip(&t.by_scope)
                .map(|(s, share)| part(s.key(), scope(s), Some(share.count), share.amount))
                .collect(),
            // Untracked funds are no list of zeros: an empty list.
            funds_by_scope: if ctx.figures.tracked(region).funds {
                crate::model::Scope::ALL.iter().zip(&t.funds_by_scope).map(|(s, amount)| part(s.key(), scope(s), None, *amount)).collect()
            } else {
                Vec::new()
            },
            by_origin: t
                .by_origin
                .iter()
                .map(|(origin, share)| {
                    let name = ctx.data_text(origin);
                    part(&name, name.clone(), Some(share.count), share.amount)
                })
                .collect(),
            by_size: ctx
                .brackets()
                .iter()
                .zip(&t.by_bracket)
                .map(|((k, _), share)| part(k, String::new(), Some(share.count), share.amount))
                .collect(),
            by_chain: {
                let (chains, rest) = ds.site.chain_sums(&t.by_sector);
                let mut parts: Vec<Part> = ds
                    .site
                    .chains
                    .iter()
                    .zip(chains)
                    .map(|(name, share)| part(name, name.clone(), Some(share.count), share.amount))
                    .collect();
                if let Some(rest) = rest.filter(|_| !parts.is_empty()) {
                    parts.push(part("", ctx.t("bulletin.chain_other"), Some(rest.count), rest.amount));
                }
                parts
            },
            by_month: t.by_month.iter().enumerate().map(|(m, amount)| part(&(m + 1).to_string(), String::new(), None, *amount)).collect(),
            by_category: ds
                .site
                .investor_categories
                .iter()
                .zip(&t.by_category)
                .map(|(c, share)| part(&c.id, c.name.clone(), Some(share.count), share.amount))
                .collect(),
        }
    });
    let r = &ds.regions.list[region];
    let data = BulletinData {
        region: &r.id,
        region_name: &r.name,
        year,
        unit: ds.site.unit.symbol(),
        as_of: ctx.figures.stands_at(year).to_string(),
        figures,
        breakdowns,
        facts: facts_data(ctx, region, year),
        campaigns: campaigns_data(ctx, region, year),
        service: service_data(ctx, region, year),
        negotiating: ctx
            .negotiating(region, year)
            .and(ds.negotiating.get(region))
            .map(|p| Negotiating { count: p.count, amount: text(p.amount) }),
        rankings: rankings_data(ctx, region, year),
        place_in_parent: ctx.places_in_parent(region, year),
        projects,
    };
    serde_json::to_vec(&data).unwrap_or_default()
}

#[derive(Serialize)]
struct SearchEntry {
    /// Title.
    t: String,
    /// Site-relative URL.
    u: String,
    /// Kind: bulletin, region, sector, project, briefing.
    k: &'static str,
    /// A few words more to match on.
    d: String,
}

/// Every page a reader might look for, public only (the dataset is already
/// filtered for the build's audience).
fn search_index(ctx: &Ctx) -> Vec<u8> {
    let ds = ctx.dataset;
    let mut entries = Vec::new();
    for &year in &ctx.figures.years {
        for region in 0..ds.regions.list.len() {
            entries.push(SearchEntry {
                t: ctx.bulletin_title(region, year),
                u: ctx.bulletin_href(year, region),
                k: "bulletin",
                d: String::new(),
            });
        }
    }
    for r in &ds.regions.list {
        entries.push(SearchEntry { t: r.name.clone(), u: urls::region(&r.id), k: "region", d: String::new() });
    }
    for s in &ds.site.sectors {
        entries.push(SearchEntry { t: s.name.clone(), u: urls::sector(&s.id), k: "sector", d: String::new() });
    }
    for p in &ds.projects {
        let investor = if p.investor_public { p.investor.clone() } else { String::new() };
        entries.push(SearchEntry { t: p.name.clone(), u: urls::project(&p.id), k: "project", d: investor });
    }
    for b in &ds.briefings {
        entries.push(SearchEntry {
            t: b.title.clone(),
            u: urls::briefing(&b.slug),
            k: "briefing",
            d: b.summary.clone().unwrap_or_default(),
        });
    }
    serde_json::to_vec(&entries).unwrap_or_default()
}

#[derive(Serialize)]
struct Feed {
    id: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    updated: String,
    summary: String,
}

/// A feed carries the newest entries only, as feed readers expect.
const FEED_ENTRIES: usize = 50;

/// Bulletins of the root region and briefings, newest first. Dates come
/// from the content (never the clock), so the feed is reproducible.
fn feed(ctx: &Ctx) -> Feed {
    let ds = ctx.dataset;
    let base = &ds.site.base_url;
    let root = ds.site.root_region;
    let mut entries: Vec<FeedEntry> = Vec::new();
    for &year in &ctx.figures.years {
        let stands_at = ctx.figures.stands_at(year).latest_day().to_string();
        entries.push(FeedEntry {
            title: ctx.bulletin_title(root, year),
            url: format!("{base}{}", ctx.bulletin_href(year, root)),
            updated: format!("{stands_at}T00:00:00Z"),
            summary: crate::lede::lede(ds, ctx.figures, root, year, &ctx.fmt),
        });
    }
    for b in &ds.briefings {
        entries.push(FeedEntry {
            title: b.title.clone(),
            url: format!("{base}{}", urls::briefing(&b.slug)),
            updated: format!("{}T00:00:00Z", b.date.latest_day()),
            summary: b.summary.clone().unwrap_or_default(),
        });
    }
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.url.cmp(&b.url)));
    entries.truncate(FEED_ENTRIES);
    let updated = entries.first().map(|e| e.updated.clone()).unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    Feed { id: base.clone(), updated, entries }
}

/// The sitemap protocol allows 50,000 addresses a file.
const SITEMAP_LIMIT: usize = 50_000;

#[derive(Serialize)]
struct Sitemap {
    urls: Vec<String>,
}

/// `sitemap.xml`, or for a big site `sitemap.xml` as an index of
/// `sitemap-1.xml`, `sitemap-2.xml` …; returns how many files.
/// A file whose addresses are as in the previous build is kept as it is.
pub(super) fn write_sitemaps(ctx: &Ctx, renderer: &Renderer, output: &Folder, global: u128) -> Result<usize, JobError> {
    let urls = sitemap_urls(ctx);
    let write = |name: &str, template: &str, urls: &[String]| -> Result<(), JobError> {
        let mut fingerprint = crate::output::Fingerprint::default();
        fingerprint.add(&global.to_le_bytes());
        text(&mut fingerprint, name);
        text(&mut fingerprint, template);
        for url in urls {
            text(&mut fingerprint, url);
        }
        let fingerprint = fingerprint.finish();
        if !output.keep(name, fingerprint) {
            let xml = renderer.render_fragment(template, &Sitemap { urls: urls.to_vec() })?;
            output.write_page(name, fingerprint, xml.as_bytes())?;
        }
        Ok(())
    };
    if urls.len() <= SITEMAP_LIMIT {
        write("sitemap.xml", "sitemap.xml", &urls)?;
        return Ok(1);
    }
    let base = &ctx.dataset.site.base_url;
    let mut parts = Vec::new();
    for (i, chunk) in urls.chunks(SITEMAP_LIMIT).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        write(&name, "sitemap.xml", chunk)?;
        parts.push(format!("{base}{name}"));
    }
    write("sitemap.xml", "sitemap-index.xml", &parts)?;
    Ok(parts.len() + 1)
}

/// A text in a fingerprint, its length first so that texts cannot run together.
fn text(f: &mut crate::output::Fingerprint, s: &str) {
    f.add(&(s.len() as u64).to_le_bytes());
    f.add(s.as_bytes());
}

/// The pages the page table lists in the sitemap, as full addresses.
pub(super) fn sitemap_urls(ctx: &Ctx) -> Vec<String> {
    let base = &ctx.dataset.site.base_url;
    page_kind::sitemap_paths(ctx).into_iter().map(|p| format!("{base}{p}")).collect()
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn spreadsheet_formulas_stay_text() {
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("新材料产业园"), "新材料产业园");
    }
}
