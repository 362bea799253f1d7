//! The content model: a site's settings, region tree, projects, annual files
//! and briefings, checked and resolved (regions and sectors by index, money
//! in the site's unit), ready for the figures engine.

pub mod chart;
pub mod date;
pub mod furniture;
pub mod metric;
pub mod money;
pub mod present;
pub mod raw;
mod text;

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

pub use chart::BulletinChart;
pub use date::Date;
pub use metric::{Metric, MetricKind};
pub use money::Unit;
pub use present::{LedeItem, Precision};
pub use raw::{Kind, Lang, PeriodKind, RegionKind, Scope, Status};

use crate::diag::Location;

pub type RegionId = usize;
pub type SectorId = usize;

/// `Default` is for tests and benchmarks that make a site in code.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub title: String,
    pub base_url: String,
    pub language: Lang,
    pub editions: Vec<Lang>,
    pub root_region: RegionId,
    pub unit: Unit,
    pub min_project_amount: Decimal,
    pub funds_scopes: Vec<Scope>,
    /// The office's own names of scopes, where it gave them ("区外" in an
    /// autonomous region); the theme's words name the others.
    pub scope_labels: Vec<(Scope, String)>,
    /// The office that issues the bulletins, named in their notes.
    pub publisher: Option<String>,
    pub percent_decimals: u32,
    /// Decimal places shown per kind of figure (`precision:`).
    pub precision: Precision,
    /// The office's own words for `min_project_amount` (`threshold_label:`),
    /// else derived from it (see `format::threshold_label`).
    pub threshold_label: Option<String>,
    /// The lede's clauses, in order (`lede:`); an annual file may override.
    pub lede: Vec<LedeItem>,
    pub sectors: Vec<Sector>,
    /// `investor_categories`: the kinds of investor projects are counted by.
    pub investor_categories: Vec<InvestorCategory>,
    /// The industrial chains (产业链) sectors belong to, in the order first
    /// named; `Sector::chain` indexes it.
    pub chains: Vec<String>,
    /// `size_brackets`: the lower bounds of the size brackets after the
    /// first, in the site's unit, ascending; empty for the default (1, 10,
    /// 50 and 100 亿元). See `Site::brackets`.
    pub size_brackets: Vec<Decimal>,
    pub theme: String,
    /// The title on English pages (`title_en`), when given.
    pub title_en: Option<String>,
    /// Simplified phrases and the exact text Traditional pages show for
    /// them (`script_exceptions`), in written order.
    pub script_exceptions: Vec<(String, String)>,
    /// `ledger_starts`: a year the ledger starts after 1 January of (or
    /// before) is no base for growth.
    pub ledger_starts: Option<Date>,
    /// `hidden_in_totals`: signed projects marked `public: false` count in
    /// public totals, unnamed (the default).
    pub hidden_in_totals: bool,
    /// `publish_negotiating_totals`: a public build states the number and
    /// intended amount of the projects in negotiation, never their names.
    pub publish_negotiating_totals: bool,
    /// `rankings`: the ranking tables of a parent's children.
    pub rankings: Rankings,
    /// `periods`: the 1—N月 bulletins published besides the annual one.
    pub periods: Vec<PeriodKind>,
    /// Who runs the site, its 备案 marks, logo, contact and share picture.
    pub furniture: furniture::Furniture,
    /// `plausibility`: the thresholds of the checks against unit slips.
    pub plausibility: Plausibility,
}

/// `rankings:` of site.yaml: the children of a parent ranked per indicator
/// on its rankings page (`/YEAR/…/rankings/`).
#[derive(Debug, Clone, PartialEq)]
pub struct Rankings {
    /// The indicators that get a table, in the written order (default:
    /// every headline indicator, then the funds of each origin the site
    /// counts, in the registry's order).
    pub indicators: Vec<Metric>,
    /// The indicators a child's bulletin states its place for ("居全市第2位"),
    /// in the written order; none by default.
    pub place_in_parent: Vec<Metric>,
    /// The 红黑榜: the top and bottom this many per indicator; off (`None`)
    /// by default, as naming the last is the office's choice.
    pub red_black: Option<u32>,
}

impl Default for Rankings {
    fn default() -> Self {
        Rankings::of_scopes(&Scope::ALL)
    }
}

impl Rankings {
    /// The default: every headline indicator, and the funds of each origin
    /// within `funds_scopes` (省外、市外到位资金 are ranked as offices rank
    /// them, each against its own target).
    pub fn of_scopes(funds_scopes: &[Scope]) -> Rankings {
        let by_origin = Metric::ALL.into_iter().filter(|m| m.funds_scope().is_some_and(|s| funds_scopes.contains(&s)));
        Rankings { indicators: Metric::headlines().chain(by_origin).collect(), place_in_parent: Vec::new(), red_black: None }
    }
}

/// The default size brackets, in 亿元: below 1, 1–10, 10–50, 50–100, 100
/// and above.
pub const DEFAULT_BRACKETS_YI: [u32; 4] = [1, 10, 50, 100];

impl Site {
    /// The lower bounds of the size brackets after the first, in the site's
    /// unit, ascending: `size_brackets`, else the default.
    pub fn brackets(&self) -> Vec<Decimal> {
        if self.size_brackets.is_empty() {
            DEFAULT_BRACKETS_YI.iter().map(|&b| Unit::Yi.convert(Decimal::from(b), self.unit)).collect()
        } else {
            self.size_brackets.clone()
        }
    }

    /// The threshold of 亿元以上项目 (`signed_over_1`): the first bracket
    /// at or above 1亿元, else 1亿元, in the site's unit.
    pub fn over_1_threshold(&self) -> Decimal {
        let one = Unit::Yi.convert(Decimal::ONE, self.unit);
        self.brackets().into_iter().find(|b| *b >= one).unwrap_or(one)
    }

    /// Each chain's sectors' shares summed, in the order of `chains`, and
    /// last the sectors in no chain (`None` when every sector has one).
    pub fn chain_sums<T: Copy + std::ops::AddAssign + Default>(&self, by_sector: &[T]) -> (Vec<T>, Option<T>) {
        let mut chains = vec![T::default(); self.chains.len()];
        let mut rest: Option<T> = None;
        for (sector, value) in self.sectors.iter().zip(by_sector) {
            match sector.chain.and_then(|c| chains.get_mut(c)) {
                Some(sum) => *sum += *value,
                None => *rest.get_or_insert_with(T::default) += *value,
            }
        }
        (chains, rest)
    }
}

/// When `check` takes a figure for a slip of units (亿元 written for 万元):
/// see "Guards against unit slips" in docs/content.md. A factor of 0 turns
/// its check off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plausibility {
    /// An amount more than this many times the median project of its
    /// region and sector…
    pub median_factor: u32,
    /// …when the region and sector have at least this many projects.
    pub min_projects: u32,
    /// An amount larger than the whole annual target of its region.
    pub above_target: bool,
    /// A headline amount growing by more than this many percent.
    pub growth_above: u32,
    /// A funds entry above the project's amount that fits it once read in
    /// the unit 10,000 times smaller.
    pub funds_slip: bool,
}

impl Default for Plausibility {
    fn default() -> Self {
        Plausibility { median_factor: 1000, min_projects: 5, above_target: true, growth_above: 500, funds_slip: true }
    }
}

#[derive(Debug, Clone)]
pub struct Sector {
    pub id: String,
    pub name: String,
    /// The name on English pages, when given.
    pub name_en: Option<String>,
    /// Its industrial chain, an index into `Site::chains`.
    pub chain: Option<usize>,
}

/// A kind of investor the office counts signed projects by (世界500强,
/// 央企 …); a project may be of several.
#[derive(Debug, Clone)]
pub struct InvestorCategory {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    /// Stated in the lede: "引进世界500强企业项目12个、协议投资额…".
    pub lede: bool,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub id: String,
    pub name: String,
    /// What the region is: as written, else as its name implies.
    pub kind: Option<RegionKind>,
    /// The office's own word for the kind, shown instead of the theme's.
    pub kind_label: Option<String>,
    pub parent: Option<RegionId>,
    pub children: Vec<RegionId>,
    pub depth: usize,
    /// The name on English pages, when given.
    pub name_en: Option<String>,
}

/// The region tree, in written (pre-)order: a parent comes before its
/// children, so one backwards pass can roll figures up to the root.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    pub list: Vec<Region>,
    pub by_id: HashMap<String, RegionId>,
}

impl Regions {
    pub fn get(&self, id: &str) -> Option<RegionId> {
        self.by_id.get(id).copied()
    }

    /// The region and all its ancestors, nearest first.
    pub fn lineage(&self, region: RegionId) -> impl Iterator<Item = RegionId> + '_ {
        std::iter::successors(Some(region), |&r| self.list[r].parent)
    }

    /// Whether `region` is `ancestor` or lies below it.
    pub fn is_within(&self, region: RegionId, ancestor: RegionId) -> bool {
        self.lineage(region).any(|r| r == ancestor)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.list.iter().map(|r| r.id.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub investor: String,
    pub region: RegionId,
    pub park: Option<String>,
    pub sector: SectorId,
    /// Indices into `site.investor_categories`, each once.
    pub categories: Vec<usize>,
    pub amount: Decimal,
    pub planned_investment: Decimal,
    pub kind: Kind,
    pub scope: Scope,
    pub origin: Option<String>,
    pub status: Status,
    pub signed: Option<Date>,
    pub started: Option<Date>,
    pub producing: Option<Date>,
    pub stalled: Option<Date>,
    pub cancelled: Option<Date>,
    pub funds_in_place: Vec<Funds>,
    /// Funds in place written in US dollars, in 万美元: foreign capital,
    /// never added to `funds_in_place` nor converted.
    pub foreign_funds: Vec<Funds>,
    pub expected: Expected,
    pub key: bool,
    pub public: bool,
    pub investor_public: bool,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    /// Free-text progress notes; a public build keeps them only when
    /// `progress_public` (see `Dataset::for_audience`).
    pub progress: Option<String>,
    pub progress_public: bool,
    /// Problems raised and solved (项目服务); a public build clears their
    /// summaries (see `Dataset::for_audience`).
    pub problems: Vec<Problem>,
    /// Where the record starts, for messages about it.
    pub location: Location,
    /// Where its `amount` is written, for the checks against unit slips.
    pub amount_at: Location,
}

impl Project {
    /// Confidential projects never reach a public build: those still being
    /// negotiated, those marked `public: false`, and those cancelled before
    /// they were ever signed (naming them would reveal a negotiation).
    pub fn is_confidential(&self) -> bool {
        !self.public || self.status == Status::Negotiating || self.signed.is_none()
    }

    /// Stalled or cancelled: counted where the indicators say so, but a
    /// public bulletin does not hold it up by name as a key project.
    pub fn is_stalled_or_cancelled(&self) -> bool {
        matches!(self.status, Status::Stalled | Status::Cancelled) || self.cancelled.is_some()
    }

    /// Whether it was ever signed (a negotiation, or one cancelled before it
    /// was signed, was not): only signed projects count in any figure.
    pub fn was_signed(&self) -> bool {
        self.signed.is_some() && self.status != Status::Negotiating
    }

    /// The project with all that names or describes it cleared, keeping only
    /// what the figures count: amounts, dates, region, sector, kind, scope
    /// and origin (which the figures read only to its province).
    fn anonymised(self) -> Project {
        Project {
            id: String::new(),
            name: String::new(),
            investor: String::new(),
            park: None,
            expected: Expected::default(),
            key: false,
            investor_public: false,
            tags: Vec::new(),
            summary: None,
            problems: self.problems.into_iter().map(|q| Problem { summary: None, ..q }).collect(),
            location: Location { file: Arc::from(""), span: None },
            amount_at: Location { file: Arc::from(""), span: None },
            ..self
        }
    }

    pub fn total_funds(&self) -> Decimal {
        self.funds_in_place.iter().map(|f| f.amount).sum()
    }
}

/// A problem raised in serving a project, and when it was solved.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub raised: Date,
    pub solved: Option<Date>,
    /// Internal: it may name an investor's difficulties.
    pub summary: Option<String>,
}

/// Money received, dated by year or more precisely.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Funds {
    pub year: i16,
    pub date: Option<Date>,
    pub amount: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expected {
    pub output_value: Option<Decimal>,
    pub tax: Option<Decimal>,
    pub jobs: Option<u64>,
}

/// One region's annual file: targets, last year's figures, stated facts.
#[derive(Debug, Clone)]
pub struct Annual {
    pub region: RegionId,
    pub year: i16,
    pub as_of: Option<Date>,
    /// `published_months`: the 1—N月 bulletins released (1–11), when the
    /// office lists them; else every month complete at `as_of`.
    pub published_months: Vec<u8>,
    pub targets: MetricValues,
    pub baseline: MetricValues,
    /// Last year's figures over the same months, for a year still running.
    pub baseline_same_period: MetricValues,
    pub facts: Vec<Fact>,
    pub campaigns: Vec<Campaign>,
    /// Who issues this bulletin, when not the site's publisher.
    pub publisher: Option<String>,
    /// When the bulletin is published.
    pub published: Option<Date>,
    /// This bulletin's own lede clauses, over the site's.
    pub lede: Option<Vec<LedeItem>>,
    pub location: Location,
}

/// A value for some of the metrics: counts, money in the site's unit, and
/// rates in percent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricValues(pub Vec<(Metric, Decimal, crate::diag::Span)>);

impl MetricValues {
    pub fn get(&self, metric: Metric) -> Option<Decimal> {
        self.0.iter().find(|(m, _, _)| *m == metric).map(|(_, v, _)| *v)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub unit: String,
    /// The label and unit on English pages, when given.
    pub label_en: Option<String>,
    pub unit_en: Option<String>,
    /// `id`, else the label: what matches it across regions.
    pub key: String,
    /// Last year's value as written.
    pub previous: Option<String>,
    /// Sub-items ("其中").
    pub items: Vec<Fact>,
    /// Summed into a parent region that does not state it.
    pub summable: bool,
}

/// A campaign period (百日攻坚): ledger figures over its dates, and facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    pub name: String,
    pub from: Date,
    pub to: Date,
    pub facts: Vec<Fact>,
}

#[derive(Debug, Clone)]
pub struct Briefing {
    pub slug: String,
    pub title: String,
    pub date: Date,
    pub region: Option<RegionId>,
    pub year: i16,
    pub authors: Vec<String>,
    pub source: Option<String>,
    pub summary: Option<String>,
    pub draft: bool,
    /// The Markdown after the front matter.
    pub body: String,
    pub file: Arc<str>,
    /// Lines before the body in its file, to turn body lines into file lines.
    pub body_line_offset: u32,
    /// The folder of the file, which its images are addressed from.
    pub folder: std::path::PathBuf,
}

/// Everything a site holds, checked.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub site: Site,
    pub regions: Regions,
    pub projects: Vec<Project>,
    /// Sorted by region, then year.
    pub annuals: Vec<Annual>,
    pub briefings: Vec<Briefing>,
    /// In a public build, the signed projects marked `public: false`,
    /// stripped of all that names them: the figures engine counts them in
    /// totals, and nothing else reads them (see `for_audience`). Empty in an
    /// internal build, whose `projects` hold them.
    pub hidden: Vec<Project>,
    /// With `publish_negotiating_totals`, the projects in negotiation of
    /// each region with its descendants (indexed like `regions.list`),
    /// summed before a public build drops them: numbers only, nothing that
    /// names one. Empty when the setting is off.
    pub negotiating: Vec<Pipeline>,
}

/// The projects in negotiation of a region: how many, and the sum of their
/// intended `amount` in the site's unit.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pipeline {
    pub count: u32,
    pub amount: Decimal,
}

/// Who a build is for: the public sees no confidential project and no
/// private investor name; `--internal` builds show everything, marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    Internal,
}

impl Dataset {
    /// The projects in negotiation now (status `negotiating`, not
    /// cancelled, at or above `min_project_amount`) summed per region and
    /// into every region above it.
    fn negotiating_totals(&self) -> Vec<Pipeline> {
        let mut totals = vec![Pipeline::default(); self.regions.list.len()];
        let open = |p: &&Project| p.status == Status::Negotiating && p.cancelled.is_none() && p.amount >= self.site.min_project_amount;
        for p in self.projects.iter().filter(open) {
            let mut region = Some(p.region);
            while let Some(r) = region {
                let Some(total) = totals.get_mut(r) else { break };
                total.count += 1;
                total.amount += p.amount;
                region = self.regions.list.get(r).and_then(|r| r.parent);
            }
        }
        totals
    }

    /// The annual file of a region and year (`annuals` is sorted by both).
    pub fn annual(&self, region: RegionId, year: i16) -> Option<&Annual> {
        let index = self.annuals.binary_search_by_key(&(region, year), |a| (a.region, a.year)).ok()?;
        self.annuals.get(index)
    }

    /// The dataset as `audience` may see it. For the public, confidential
    /// projects are removed here, before any later stage can see them, and
    /// private investor names are blanked.
    pub fn for_audience(mut self, audience: Audience) -> Dataset {
        if self.site.publish_negotiating_totals {
            self.negotiating = self.negotiating_totals();
        }
        if audience == Audience::Public {
            // Signed projects marked `public: false` still count in totals
            // (unless the site says not), but only as anonymous amounts in a
            // list no page, data file or index reads.
            // Copied out (they are few) and removed in place, so that a
            // province's ledger is not held twice.
            let keep_hidden = self.site.hidden_in_totals;
            self.hidden = self
                .projects
                .iter()
                .filter(|p| keep_hidden && p.is_confidential() && p.was_signed())
                .cloned()
                .map(Project::anonymised)
                .collect();
            self.projects.retain(|p| !p.is_confidential());
            for p in &mut self.projects {
                if !p.investor_public {
                    p.investor.clear();
                }
                if !p.progress_public {
                    p.progress = None;
                }
                // What a problem was is internal, always: only the counts
                // and dates reach a public build.
                for q in &mut p.problems {
                    q.summary = None;
                }
            }
        }
        self
    }
}
