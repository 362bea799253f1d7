//! The site stage: prepared content and figures → page views, charts →
//! HTML, written through one `Output` (`crate::pipeline` runs the stages
//! before it). Pages are rendered in parallel; every list that reaches the
//! output is sorted, so two builds give the same bytes.

mod briefing;
mod bulletin;
mod charts;
mod data;
mod edition;
mod handout;
mod page_kind;
mod pages;
mod period;
mod rankings;
mod render;
pub mod urls;
mod views;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::charts::ChartStyle;
use crate::contain::Root;
use crate::diag::{self, Diagnostic, Diagnostics, Format};
use crate::format::NumberFormat;
use crate::i18n::Strings;
use crate::load::LoadError;
use crate::model::{Audience, Dataset};
use crate::output::{Fingerprint, Folder, Output, OutputError};
use crate::source::Sources;
use crate::stats::Figures;
use crate::theme::Theme;
use page_kind::Page;
use render::{Globals, Nav, PageMeta, RenderError, Renderer, SiteInfo};
use views::{Ctx, Link};

pub use render::escape;

/// What to build: the site, and which of its content. Where the files go
/// is a `Destination` for a build; a handout is written by its caller.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    pub internal: bool,
}

/// Where a build's files go.
#[derive(Debug, Clone)]
pub enum Destination {
    /// A folder (`gongbao build`).
    Disk(DiskTarget),
    /// Memory, for `serve`, which adds its live-reload script to every page.
    Memory { live_reload: String },
}

/// The folder a build writes, and how.
#[derive(Debug, Clone)]
pub struct DiskTarget {
    pub folder: PathBuf,
    /// Replace the folder whatever it holds.
    pub clean: bool,
    /// Replace a folder that holds a build of the other kind (public or
    /// internal).
    pub force: bool,
    /// Show a progress bar (on a terminal, for builds long enough to need one).
    pub progress: bool,
}

/// What a successful build made.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub charts: usize,
    pub handouts: usize,
    pub files: usize,
    pub seconds: f64,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
    /// The files, for an in-memory build.
    pub memory: Option<std::collections::BTreeMap<String, Vec<u8>>>,
    /// Files written, removed, and left as they were (a rebuild writes
    /// only what changed).
    pub written: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// The site paths written or removed.
    pub changed: Vec<String>,
    /// The output already held the build of the same inputs: nothing was
    /// rendered (the counts are those of that build).
    pub up_to_date: bool,
}

impl BuildReport {
    /// Adds an edition's counts.
    fn add(&mut self, edition: BuildReport) {
        self.pages += edition.pages;
        self.charts += edition.charts;
        self.handouts += edition.handouts;
        self.files += edition.files;
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{}", crate::tr!(zh: "数据有错误", en: "the content has errors"))]
    Content { diagnostics: Diagnostics, sources: Sources },
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("{}", crate::tr!(zh: "主题无法生成网站", en: "the theme cannot render the site"))]
    Theme { diagnostics: Diagnostics },
    #[error("{0}")]
    Usage(String),
}

impl BuildError {
    /// The problems of a build that failed on its content or theme, in
    /// `format`, quoting the content's lines; other failures have none.
    /// `cli` prints them, `serve` also shows them in the browser.
    pub fn render_diagnostics(&self, format: Format) -> Option<String> {
        match self {
            BuildError::Content { diagnostics, sources } => Some(diag::render(diagnostics, format, sources)),
            BuildError::Theme { diagnostics } => Some(diag::render(diagnostics, format, &Sources::default())),
            BuildError::Load(_) | BuildError::Output(_) | BuildError::Usage(_) => None,
        }
    }
}

/// Why one page could not be made: the theme's templates failed (the site
/// has errors, exit 1), or writing a file did (exit 2, with the
/// path and the system's reason; a full disk is not the theme's fault).
#[derive(Debug)]
enum JobError {
    Render(RenderError),
    Output(OutputError),
}

impl From<RenderError> for JobError {
    fn from(e: RenderError) -> Self {
        JobError::Render(e)
    }
}

impl From<OutputError> for JobError {
    fn from(e: OutputError) -> Self {
        JobError::Output(e)
    }
}

impl BuildError {
    /// The theme's problems, as one error.
    pub fn theme(problems: impl IntoIterator<Item = Diagnostic>) -> BuildError {
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(problems);
        BuildError::Theme { diagnostics }
    }
}

/// Everything pages are rendered from, prepared once per run (by
/// `crate::pipeline`).
pub struct Prepared {
    /// The site in its own language first, then each script edition.
    pub editions: Vec<Edition>,
    pub figures: Figures,
    pub theme: Theme,
    pub style: ChartStyle,
    pub audience: Audience,
    /// The site folder, which images must not leave.
    pub root: Root,
}

/// The site in one language, written under `prefix` (`""` or `zh-Hant/`).
pub struct Edition {
    lang: crate::model::Lang,
    prefix: String,
    dataset: Dataset,
    strings: Strings,
    /// The conversion the data went through for this edition, for the few
    /// texts that come from the figures rather than the data (origins).
    script: Option<crate::script::Converter>,
}

/// The site in its own language, then in each script edition of
/// `editions:` in site.yaml, each with its UI strings. Every Traditional
/// page is converted from the Simplified data, the site's own pages too;
/// English pages use the English names given.
pub fn editions(dataset: Dataset, theme: &Theme) -> Result<Vec<Edition>, BuildError> {
    let main = dataset.site.language;
    let others: Vec<crate::model::Lang> = dataset.site.editions.iter().copied().filter(|l| *l != main).collect();
    // The others first, converted from the data; the site's own edition
    // then takes the data itself, not a copy of a province's ledger.
    let mut editions = Vec::new();
    for lang in others {
        editions.push(edition_of(Cow::Borrowed(&dataset), lang, theme)?);
    }
    editions.insert(0, edition_of(Cow::Owned(dataset), main, theme)?);
    Ok(editions)
}

/// The edition of `dataset` in `lang` (see `editions`).
fn edition_of(dataset: Cow<'_, Dataset>, lang: crate::model::Lang, theme: &Theme) -> Result<Edition, BuildError> {
    let main = dataset.site.language;
    let unavailable = |e: crate::script::Unavailable| BuildError::Usage(e.to_string());
    let script = edition::converter(&dataset, lang).map_err(unavailable)?;
    let strings =
        theme.try_strings_with(lang, script.as_ref().filter(|_| lang == crate::model::Lang::ZhHant)).map_err(BuildError::theme)?;
    let mut edition = match &script {
        Some(script) => edition::convert(&dataset, script),
        None => dataset.into_owned(),
    };
    if lang == crate::model::Lang::En {
        edition = edition::english(edition);
    }
    let prefix = if lang == main { String::new() } else { format!("{}/", lang.code()) };
    edition.site.base_url.push_str(&prefix);
    edition.site.language = lang;
    Ok(Edition { lang, prefix, dataset: edition, strings, script })
}

/// Each bulletin's lede (region, year, text) in the site's own language,
/// as its pages show it: what `gongbao diff` compares.
pub fn ledes(dataset: &Dataset, figures: &Figures, theme: &Theme) -> Result<Vec<(crate::model::RegionId, i16, String)>, BuildError> {
    let lang = dataset.site.language;
    let script = edition::converter(dataset, lang).map_err(|e| BuildError::Usage(e.to_string()))?;
    let strings =
        theme.try_strings_with(lang, script.as_ref().filter(|_| lang == crate::model::Lang::ZhHant)).map_err(BuildError::theme)?;
    let converted = script.as_ref().map(|script| edition::convert(dataset, script));
    let ds = converted.as_ref().unwrap_or(dataset);
    let fmt = NumberFormat::new(&strings, &ds.site);
    let bulletins = figures.years.iter().flat_map(|&year| (0..ds.regions.list.len()).map(move |region| (region, year)));
    Ok(bulletins.map(|(region, year)| (region, year, crate::lede::lede(ds, figures, region, year, &fmt))).collect())
}

/// Renders every edition into `output`; stops at the first failure.
/// `live_reload` is the script serve adds to every page; `progress` shows a
/// bar on a terminal.
pub fn write(
    prepared: &Prepared,
    options: &BuildOptions,
    output: &Output,
    live_reload: &str,
    progress: bool,
) -> Result<BuildReport, BuildError> {
    let mut report = BuildReport::default();
    for edition in &prepared.editions {
        let folder = output.folder(&edition.prefix);
        let made = prepared.paint(edition, options, live_reload, |painter| write_site(painter, &prepared.theme, &folder, progress))?;
        report.add(made);
    }
    Ok(report)
}

/// The offline handout of one bulletin, in the site's own language.
pub fn handout(prepared: &Prepared, options: &BuildOptions, region: &str, year: i16) -> Result<String, BuildError> {
    let main = &prepared.editions[0];
    let ds = &main.dataset;
    let Some(region) = ds.regions.get(region) else {
        let known: Vec<&str> = ds.regions.ids().collect();
        let known = known.join(", ");
        return Err(BuildError::Usage(crate::tr!(
            zh: "没有区域 `{region}`；区域有：{known}",
            en: "there is no region `{region}`; the regions are {known}"
        )));
    };
    if !prepared.figures.has_bulletin(year) {
        let years: Vec<String> = prepared.figures.years.iter().map(|y| y.to_string()).collect();
        let years = years.join(", ");
        return Err(BuildError::Usage(crate::tr!(
            zh: "没有 {year} 年的公报；有公报的年份：{years}",
            en: "there is no bulletin for {year}; the years are {years}"
        )));
    }
    prepared.paint(main, options, "", |painter| painter.handout(region, year).map_err(render_error))
}

impl Prepared {
    /// Runs `work` with a painter over one edition's views and templates;
    /// `live_reload` is `serve`'s script for every page, or empty.
    fn paint<T>(
        &self,
        edition: &Edition,
        options: &BuildOptions,
        live_reload: &str,
        work: impl FnOnce(&Painter) -> Result<T, BuildError>,
    ) -> Result<T, BuildError> {
        let ds = &edition.dataset;
        let fmt = NumberFormat::new(&edition.strings, &ds.site);
        let ctx = Ctx {
            dataset: ds,
            figures: &self.figures,
            strings: &edition.strings,
            fmt,
            audience: self.audience,
            data_language: if edition.lang == crate::model::Lang::En { self.editions[0].lang } else { edition.lang },
            project_counts: views::project_counts(ds),
            project_shards: pages::project_shards(ds),
            script: edition.script.as_ref(),
        };
        let globals = globals(&ctx, options, live_reload);
        let renderer = Renderer::new(&self.theme, &edition.strings, &globals).map_err(|d| BuildError::theme([d]))?;
        let editions: Vec<(crate::model::Lang, &str)> = self.editions.iter().map(|e| (e.lang, e.prefix.as_str())).collect();
        // Everything a page is made from besides its own view: a page whose
        // view and this are as in the previous build is not rendered again.
        let mut global = Fingerprint::default();
        {
            use std::fmt::Write as _;
            let _ = write!(
                global,
                "{}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
                env!("CARGO_PKG_VERSION"),
                self.theme,
                edition.strings,
                globals,
                ds.site,
                ds.regions.list,
                self.style,
                editions,
                edition.prefix,
                self.audience,
                options,
                ctx.data_language,
            );
        }
        work(&Painter {
            global: global.finish(),
            ctx: &ctx,
            renderer: &renderer,
            style: &self.style,
            prefix: &edition.prefix,
            editions: &editions,
            root: &self.root,
            sketches: ds.briefings.iter().map(|_| std::sync::OnceLock::new()).collect(),
        })
    }
}

fn render_error(e: RenderError) -> BuildError {
    BuildError::theme([e.into_diagnostic()])
}

fn globals(ctx: &Ctx, options: &BuildOptions, live_reload: &str) -> Globals {
    let ds = ctx.dataset;
    let root = ds.site.root_region;
    Globals {
        site: SiteInfo {
            title: ds.site.title.clone(),
            lang: ds.site.language.code().to_string(),
            base_url: ds.site.base_url.clone(),
            unit: ctx.fmt.unit_label().to_string(),
            internal: options.internal,
            live_reload: live_reload.to_string(),
            data_lang: if ds.site.language == ctx.data_language { String::new() } else { ctx.data_language.code().to_string() },
            logo: ds.site.furniture.logo.as_ref().map(|l| l.output_path("logo")).unwrap_or_default(),
            share_image: match &ds.site.furniture.share_image {
                Some(image) if is_absolute(&ds.site.base_url) => format!("{}{}", ds.site.base_url, image.output_path("share")),
                _ => String::new(),
            },
            furniture: furniture_view(&ds.site.furniture),
        },
        nav: Nav {
            years: ctx.figures.years.iter().rev().map(|&y| Link { name: y.to_string(), href: urls::bulletin(y, "", true) }).collect(),
            regions: ds.regions.list.iter().map(|r| Link { name: r.name.clone(), href: urls::region(&r.id) }).collect(),
            sectors: ds.site.sectors.iter().map(|s| Link { name: s.name.clone(), href: urls::sector(&s.id) }).collect(),
            latest: ctx.figures.years.last().map(|&y| Link { name: ctx.bulletin_title(root, y), href: urls::bulletin(y, "", true) }),
        },
    }
}

/// Whether an address is a full web address, which a shared link needs.
fn is_absolute(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

fn furniture_view(f: &crate::model::furniture::Furniture) -> render::FurnitureView {
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    render::FurnitureView {
        organizer: text(&f.organizer),
        operator: text(&f.operator),
        icp: text(&f.icp),
        police_record: f.police_record.as_ref().map(|p| p.text.clone()).unwrap_or_default(),
        police_href: f
            .police_record
            .as_ref()
            .map(|p| format!("https://beian.mps.gov.cn/#/query/webSearch?code={}", p.code))
            .unwrap_or_default(),
        site_code: text(&f.site_code),
        address: text(&f.contact.address),
        phone: text(&f.contact.phone),
        email: text(&f.contact.email),
        footer: f.footer.clone(),
    }
}

/// One page to render, or one file beside the pages. A bulletin's job also
/// writes its handout and data files, drawing its charts once for both.
#[derive(Debug, Clone, Copy)]
enum Job {
    Page(Page),
    Feed,
    Sitemap,
    SearchIndex,
}

/// Every page of the page table, then the files beside them.
fn jobs(ctx: &Ctx) -> Vec<Job> {
    let mut jobs: Vec<Job> = page_kind::all_pages(ctx).map(Job::Page).collect();
    jobs.extend([Job::Feed, Job::Sitemap, Job::SearchIndex]);
    jobs
}

/// What one page contributed to the report.
#[derive(Default)]
struct Made {
    pages: usize,
    charts: usize,
    handouts: usize,
    /// Files other than pages and handouts (data, feed, sitemaps).
    files: usize,
}

/// Everything rendering a page needs.
struct Painter<'a> {
    /// The fingerprint of what every page is made from (theme, strings,
    /// settings, regions, options, gongbao's version).
    global: u128,
    ctx: &'a Ctx<'a>,
    renderer: &'a Renderer,
    style: &'a ChartStyle,
    /// Where this edition lives in the site (`""` or `zh-Hant/`).
    prefix: &'a str,
    /// Every edition's language and prefix, for the switch between them.
    editions: &'a [(crate::model::Lang, &'a str)],
    /// The site folder, which images must not leave.
    root: &'a Root,
    /// Each briefing sketched once, when a bulletin or its own page first
    /// needs it (see `Painter::sketch`).
    sketches: Vec<std::sync::OnceLock<Sketch>>,
}

/// A briefing as its pages show it, for fingerprints: the hash of its HTML
/// sketched (charts as what they show, images as the hash of their bytes)
/// with markers where the links of a page go, so that one sketch serves
/// its own page and every handout that prints it.
struct Sketch {
    digest: u128,
    charts: usize,
    /// The images to copy beside its page.
    images: Vec<String>,
}

/// Where a sketch puts the prefix back to the site root and before chart
/// ids: each page's own is part of its fingerprint.
const SKETCH_ROOT: &str = "\u{1}root/";
const SKETCH_IDS: &str = "\u{1}id-";

/// Builds with more pages than this show a progress bar on a terminal.
const PROGRESS_FROM: usize = 5_000;

fn write_site(painter: &Painter, theme: &Theme, output: &Folder, progress: bool) -> Result<BuildReport, BuildError> {
    let ctx = painter.ctx;
    let jobs = jobs(ctx);
    let bar = if progress && jobs.len() >= PROGRESS_FROM {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages  {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    // Small slices of jobs: a kept page costs a thousandth of a bulletin, so
    // a slice of many pages can keep one core busy while the other idles.
    let made: Vec<Result<Made, JobError>> = jobs
        .par_iter()
        .with_max_len(8)
        .map(|job| {
            let made = painter.render_job(output, *job);
            bar.inc(1);
            made
        })
        .collect();
    bar.finish_and_clear();
    let mut report = BuildReport::default();
    let mut problems = Vec::new();
    for m in made {
        match m {
            Ok(m) => {
                report.pages += m.pages;
                report.charts += m.charts;
                report.handouts += m.handouts;
                report.files += m.pages + m.handouts + m.files;
            }
            Err(JobError::Render(e)) => problems.push(e),
            // The first in the order of the jobs: the same failure reads the same each time.
            Err(JobError::Output(e)) => return Err(BuildError::Output(e)),
        }
    }
    if !problems.is_empty() {
        // In the order of the messages, as they read.
        problems.sort_by_cached_key(ToString::to_string);
        problems.dedup();
        return Err(BuildError::theme(problems.into_iter().map(RenderError::into_diagnostic)));
    }
    for (path, bytes) in theme.static_files() {
        output.write(path, bytes)?;
        report.files += 1;
    }
    // site.yaml's pictures, checked with the content; read again here so
    // that the bytes published are the ones checked now.
    let furniture = &ctx.dataset.site.furniture;
    for (image, role) in [(&furniture.logo, "logo"), (&furniture.share_image, "share")] {
        let Some(image) = image else { continue };
        let Ok(read) = crate::images::site_image(painter.root, image) else {
            // Changed since the check: say what is wrong with it now.
            let mut diagnostics = Diagnostics::default();
            diagnostics.extend(crate::images::check_site(&ctx.dataset.site, painter.root));
            return Err(BuildError::Content { diagnostics, sources: Sources::default() });
        };
        output.write(&image.output_path(role), &read.bytes)?;
        report.files += 1;
    }
    Ok(report)
}

impl Painter<'_> {
    /// Writes `page` with its kind's template and section.
    fn page<V: Serialize>(&self, output: &Folder, page: Page, title: String, view: &V) -> Result<(), JobError> {
        self.page_as(output, page, page.kind().declaration().template, title, "", view)
    }

    /// `description` empty: the site's title describes the page.
    fn page_as<V: Serialize>(
        &self,
        output: &Folder,
        page: Page,
        template: &str,
        title: String,
        description: &str,
        view: &V,
    ) -> Result<(), JobError> {
        // A listing whose view is as in the previous build is kept as it is.
        let path = page.path(self.ctx);
        let fingerprint = self.fingerprinter(&path, view, &[]).map(|mut f| {
            use std::fmt::Write as _;
            let _ = write!(f, "\n{template}\n{title}\n{description}");
            f.finish()
        });
        if fingerprint.is_some_and(|f| output.keep(&urls::file_of(&path), f)) {
            return Ok(());
        }
        self.page_fingerprinted(output, page, template, title, description, view, fingerprint)
    }

    /// As `page_as`; `fingerprint`, if any, is recorded for the page (see `Output::keep`).
    #[allow(clippy::too_many_arguments)]
    fn page_fingerprinted<V: Serialize>(
        &self,
        output: &Folder,
        page: Page,
        template: &str,
        title: String,
        description: &str,
        view: &V,
        fingerprint: Option<u128>,
    ) -> Result<(), JobError> {
        let path = page.path(self.ctx);
        let section = page.kind().declaration().section;
        let site = &self.ctx.dataset.site;
        let canonical = format!("{}{}", site.base_url, path);
        // One line: a lede or summary written over several lines reads as one.
        let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
        let meta = PageMeta {
            root: urls::root_prefix(&path),
            og_url: if is_absolute(&canonical) { canonical.clone() } else { String::new() },
            canonical,
            alternates: self.alternates(&path),
            path: path.clone(),
            title,
            section,
            description: if description.is_empty() { site.title.clone() } else { description },
            og_type: if matches!(page, Page::Bulletin(..) | Page::Briefing(_)) { "article" } else { "website" },
        };
        let html = self.renderer.render(template, &meta, view)?;
        match fingerprint {
            Some(fingerprint) => output.write_page(&urls::file_of(&path), fingerprint, html.as_bytes())?,
            None => output.write(&urls::file_of(&path), html.as_bytes())?,
        }
        Ok(())
    }

    /// This page in every other edition, by relative links.
    fn alternates(&self, path: &str) -> Vec<render::Alternate> {
        if self.editions.len() < 2 {
            return Vec::new();
        }
        let to_site_root = urls::root_prefix(&format!("{}{path}", self.prefix));
        self.editions
            .iter()
            .filter(|(_, prefix)| *prefix != self.prefix)
            .map(|(lang, prefix)| render::Alternate {
                name: lang.autonym(),
                lang: lang.code(),
                href: format!("{to_site_root}{prefix}{path}"),
            })
            .collect()
    }

    fn draw_all(&self, charts: impl IntoIterator<Item = crate::charts::Chart>) -> Vec<String> {
        charts.into_iter().map(|c| self.ctx.draw(&c, self.style)).collect()
    }

    fn bulletin_charts(&self, region: usize, year: i16) -> Vec<String> {
        self.draw_all(crate::model::BulletinChart::ALL.into_iter().filter_map(|which| self.ctx.bulletin_chart(which, region, year)))
    }

    /// The fingerprint of a bulletin's page and handout: everything every
    /// page is made from, its view (charts left out), what its charts show,
    /// and its briefings as the handout prints them (sketched: their
    /// shortcodes read the figures of any region and year).
    fn bulletin_fingerprint(&self, path: &str, view: &bulletin::Bulletin, specs: &[crate::charts::Chart]) -> Option<u128> {
        use std::fmt::Write as _;
        let ds = self.ctx.dataset;
        let (region, year) = (view.region_index, view.year);
        let mut fingerprint = self.fingerprinter(path, view, specs)?;
        let shown = ds.briefings.iter().enumerate().filter(|(_, b)| b.region == Some(region) && b.year == year);
        for (i, (index, b)) in shown.enumerate() {
            // The handout prints it unlinked, its chart ids numbered.
            let _ = writeln!(fingerprint, "briefing-{}- unlinked", i + 1);
            let _ = write!(fingerprint, "{:?}\n{:?}\n{:?}\n{:?}\n", b.title, b.date, b.source, b.authors);
            fingerprint.add(&self.sketch(index).digest.to_le_bytes());
        }
        Some(fingerprint.finish())
    }

    /// The briefing at `index` sketched (see `Sketch`), once a build.
    fn sketch(&self, index: usize) -> &Sketch {
        self.sketches[index].get_or_init(|| {
            let b = &self.ctx.dataset.briefings[index];
            let links = briefing::Links { root: SKETCH_ROOT, linked: true, id_prefix: SKETCH_IDS, sketch: true };
            let (html, charts, images) = self.briefing_html(b, links);
            let images = images.into_iter().map(|(address, _)| address).collect();
            Sketch { digest: crate::output::hash128(html.as_bytes()), charts, images }
        })
    }

    /// A page drawn from its view alone: kept from the previous build when
    /// its fingerprint is unchanged, else rendered.
    fn page_kept_or_rendered<V: Serialize>(&self, output: &Folder, page: Page, title: String, view: &V) -> Result<(), JobError> {
        let path = page.path(self.ctx);
        let fingerprint = self.fingerprint(&path, view, &[]);
        if fingerprint.is_some_and(|f| output.keep(&urls::file_of(&path), f)) {
            return Ok(());
        }
        self.page_fingerprinted(output, page, page.kind().declaration().template, title, "", view, fingerprint)
    }

    /// The fingerprint of a page made from `view` (charts left out) and
    /// the charts `specs` describe, with everything every page is made from.
    fn fingerprint<V: Serialize>(&self, path: &str, view: &V, specs: &[crate::charts::Chart]) -> Option<u128> {
        Some(self.fingerprinter(path, view, specs)?.finish())
    }

    fn fingerprinter<V: Serialize>(&self, path: &str, view: &V, specs: &[crate::charts::Chart]) -> Option<Fingerprint> {
        let mut fingerprint = Fingerprint::default();
        fingerprint.add(&self.global.to_le_bytes());
        fingerprint.add(path.as_bytes());
        std::hash::Hash::hash(specs, &mut fingerprint);
        serde_json::to_writer(&mut fingerprint, view).ok()?;
        Some(fingerprint)
    }

    /// The fingerprint of a project's page, taken from what it is made of
    /// rather than from its view, which costs about as much to build as
    /// the page to render: every field of the record (a field added to
    /// `Project` fails to compile here until it is hashed or said not to
    /// show), and what the page reads of the figures, whether its year
    /// has a bulletin and the month that bulletin stands at (its title).
    /// Names, words and settings are in `global`.
    fn project_fingerprint(&self, path: &str, p: &crate::model::Project) -> u128 {
        use std::fmt::Write as _;
        let crate::model::Project {
            id,
            name,
            investor,
            region,
            park,
            sector,
            categories,
            amount,
            planned_investment,
            kind,
            scope,
            origin,
            status,
            signed,
            started,
            producing,
            stalled,
            cancelled,
            funds_in_place,
            foreign_funds,
            expected,
            key,
            public,
            investor_public,
            tags,
            summary,
            progress,
            progress_public,
            problems,
            // Where the record is written: moving it shows nothing new.
            location: _,
            amount_at: _,
        } = p;
        let figures = self.ctx.figures;
        let bulletin = signed.map(|d| (figures.has_bulletin(d.year), figures.as_of(d.year)));
        let mut fingerprint = Fingerprint::default();
        fingerprint.add(&self.global.to_le_bytes());
        fingerprint.add(path.as_bytes());
        // Texts as their bytes (each closed by a byte UTF-8 never has):
        // `{:?}` of Chinese text costs a look-up per character.
        let summaries = problems.iter().map(|problem| problem.summary.as_deref());
        let texts =
            [Some(id.as_str()), Some(name), Some(investor), park.as_deref(), origin.as_deref(), summary.as_deref(), progress.as_deref()];
        for text in texts.into_iter().chain(tags.iter().map(|t| Some(t.as_str()))).chain(summaries) {
            fingerprint.add(text.map_or(b"\xfe".as_slice(), str::as_bytes));
        }
        let problems: Vec<_> = problems.iter().map(|problem| (problem.raised, problem.solved)).collect();
        let _ = write!(
            fingerprint,
            "{} {region} {sector} {categories:?} {amount:?} {planned_investment:?} {kind:?} {scope:?} {status:?} \
             {signed:?} {started:?} {producing:?} {stalled:?} {cancelled:?} {funds_in_place:?} {foreign_funds:?} \
             {expected:?} {key} {public} {investor_public} {progress_public} {problems:?} {bulletin:?}",
            tags.len()
        );
        fingerprint.finish()
    }

    fn render_job(&self, output: &Folder, job: Job) -> Result<Made, JobError> {
        let ctx = self.ctx;
        match job {
            Job::Page(page) => self.render_page(output, page),
            Job::Feed => {
                data::write_feed(ctx, self.renderer, output)?;
                Ok(Made { files: 1, ..Made::default() })
            }
            Job::Sitemap => Ok(Made { files: data::write_sitemaps(ctx, self.renderer, output, self.global)?, ..Made::default() }),
            Job::SearchIndex => {
                data::write_search_index(ctx, output)?;
                Ok(Made { files: 1, ..Made::default() })
            }
        }
    }

    fn render_page(&self, output: &Folder, page: Page) -> Result<Made, JobError> {
        let ctx = self.ctx;
        let ds = ctx.dataset;
        let root = ds.site.root_region;
        let made = |charts: &[String]| Made { pages: 1, charts: charts.len(), ..Made::default() };
        match page {
            Page::Home => {
                let Some(&year) = ctx.figures.years.last() else {
                    self.page_as(output, page, "empty.html", ds.site.title.clone(), "", &())?;
                    return Ok(made(&[]));
                };
                // Kept as it was when its view and charts are (see `Page::Bulletin`).
                let specs: Vec<crate::charts::Chart> =
                    crate::model::BulletinChart::ALL.into_iter().filter_map(|which| ctx.bulletin_chart(which, root, year)).collect();
                let mut view = ctx.bulletin(root, year, Vec::new());
                let path = page.path(ctx);
                let fingerprint = self.fingerprinter(&path, &view, &specs).map(|mut f| {
                    f.add(ds.site.title.as_bytes());
                    f.finish()
                });
                let charts = specs.len();
                if fingerprint.is_some_and(|f| output.keep(&urls::file_of(&path), f)) {
                    return Ok(Made { pages: 1, charts, ..Made::default() });
                }
                view.charts = self.draw_all(specs);
                let (template, lede) = (page.kind().declaration().template, view.lede.clone());
                self.page_fingerprinted(output, page, template, ds.site.title.clone(), &lede, &view, fingerprint)?;
                Ok(made(&view.charts))
            }
            Page::Bulletin(region, year) => {
                // The page and handout of a bulletin whose view (its charts
                // as what they show) and briefings are as in the previous
                // build are kept: neither charts drawn nor pages rendered.
                let specs: Vec<crate::charts::Chart> =
                    crate::model::BulletinChart::ALL.into_iter().filter_map(|which| ctx.bulletin_chart(which, region, year)).collect();
                let mut view = ctx.bulletin(region, year, Vec::new());
                let path = page.path(ctx);
                let handout_path = urls::handout(year, &ds.regions.list[region].id);
                let fingerprint = self.bulletin_fingerprint(&path, &view, &specs);
                let charts = specs.len();
                if fingerprint.is_some_and(|f| output.keep(&urls::file_of(&path), f) && output.keep(&handout_path, f)) {
                    data::write_bulletin_data(ctx, output, self.global, region, year)?;
                    return Ok(Made { pages: 1, charts, handouts: 1, files: 2 });
                }
                view.charts = self.draw_all(specs);
                let (template, title) = (page.kind().declaration().template, view.title.clone());
                let lede = view.lede.clone();
                self.page_fingerprinted(output, page, template, title, &lede, &view, fingerprint)?;
                let handout = self.handout_of(view)?;
                match fingerprint {
                    Some(fingerprint) => output.write_page(&handout_path, fingerprint, handout.as_bytes())?,
                    None => output.write(&handout_path, handout.as_bytes())?,
                }
                data::write_bulletin_data(ctx, output, self.global, region, year)?;
                Ok(Made { pages: 1, charts, handouts: 1, files: 2 })
            }
            Page::Rankings(region, year) => {
                let view = ctx.rankings_page(region, year);
                self.page_kept_or_rendered(output, page, view.title.clone(), &view)?;
                Ok(made(&[]))
            }
            Page::Periods(region, year) => {
                let view = ctx.period_index(region, year);
                self.page_kept_or_rendered(output, page, view.title.clone(), &view)?;
                Ok(made(&[]))
            }
            Page::Period(region, year, months) => {
                let view = ctx.period_page(region, year, months);
                self.page_kept_or_rendered(output, page, view.title.clone(), &view)?;
                let id = &ds.regions.list[region].id;
                let handout = self.period_handout(&view)?;
                output.write(&urls::period_handout(year, id, months), handout.as_bytes())?;
                output.write(&urls::period_data(year, id, months), &period::period_json(ctx, region, year, months))?;
                Ok(Made { pages: 1, handouts: 1, files: 2, ..Made::default() })
            }
            // Kept as they were when their view and chart are (see `Page::Project`).
            Page::Region(region) => {
                let specs: Vec<crate::charts::Chart> = ctx.region_trend(region).into_iter().collect();
                let mut view = ctx.region_page(region, Vec::new());
                let path = page.path(ctx);
                let fingerprint = self.fingerprint(&path, &view, &specs);
                if fingerprint.is_some_and(|f| output.keep(&urls::file_of(&path), f)) {
                    return Ok(Made { pages: 1, charts: specs.len(), ..Made::default() });
                }
                view.charts = self.draw_all(specs);
                let title = view.name.clone();
                self.page_fingerprinted(output, page, page.kind().declaration().template, title, "", &view, fingerprint)?;
                Ok(made(&view.charts))
            }
            Page::Sector(sector) => {
                let specs: Vec<crate::charts::Chart> = ctx.sector_trend(sector).into_iter().collect();
                let mut view = ctx.sector_page(sector, Vec::new());
                let path = page.path(ctx);
                let fingerprint = self.fingerprint(&path, &view, &specs);
                if fingerprint.is_some_and(|f| output.keep(&urls::file_of(&path), f)) {
                    return Ok(Made { pages: 1, charts: specs.len(), ..Made::default() });
                }
                view.charts = self.draw_all(specs);
                let title = view.name.clone();
                self.page_fingerprinted(output, page, page.kind().declaration().template, title, "", &view, fingerprint)?;
                Ok(made(&view.charts))
            }
            Page::Project(index) => {
                // The bulk of a big site: a page made from the same inputs
                // as in the previous build is kept, its view not even built.
                let p = &ds.projects[index];
                let path = page.path(ctx);
                let fingerprint = self.project_fingerprint(&path, p);
                if output.keep(&urls::file_of(&path), fingerprint) {
                    return Ok(Made { pages: 1, charts: usize::from(charts::has_funds_chart(p)), ..Made::default() });
                }
                let view = ctx.project_page(p, self.draw_all(ctx.project_funds(p)));
                let description = p.summary.as_deref().unwrap_or_default();
                let (template, title) = (page.kind().declaration().template, view.row.name.clone());
                self.page_fingerprinted(output, page, template, title, description, &view, Some(fingerprint))?;
                Ok(made(&view.charts))
            }
            Page::Projects | Page::ProjectsShard(_) => {
                // Kept when its rows are as before, their views not built (see `Page::Project`).
                let shard = match page {
                    Page::ProjectsShard(shard) => Some(shard),
                    _ => None,
                };
                let path = page.path(ctx);
                let fingerprint = ctx.projects_fingerprint(self.global, &path, shard);
                if output.keep(&urls::file_of(&path), fingerprint) {
                    return Ok(made(&[]));
                }
                let view = ctx.projects_page(shard);
                let title = match shard {
                    Some(_) => view.shards.iter().find(|s| s.current).map(|s| s.name.clone()).unwrap_or_default(),
                    None => ctx.t("projects.title"),
                };
                let template = page.kind().declaration().template;
                self.page_fingerprinted(output, page, template, title, "", &view, Some(fingerprint))?;
                Ok(made(&[]))
            }
            Page::Briefing(index) => {
                let b = &ds.briefings[index];
                let path = page.path(ctx);
                let root = urls::root_prefix(&path);
                // Sketched first (charts as what they show): a briefing
                // whose page would be the same as before is kept, its charts
                // not drawn; its images are copied either way.
                let sketch = self.sketch(index);
                for address in &sketch.images {
                    // Read again for the copy: `check` found it; one gone since is left out, as when rendering.
                    if let Ok(image) = crate::images::read(self.root, &b.folder, address) {
                        output.write(&format!("{path}{address}"), &image.bytes)?;
                    }
                }
                // Its own page: linked, chart ids as they are; the path gives the root.
                let mut view = ctx.briefing_page(b, String::new());
                view.html = format!("{:032x} linked", sketch.digest);
                let fingerprint = self.fingerprint(&path, &view, &[]);
                if fingerprint.is_some_and(|f| output.keep(&urls::file_of(&path), f)) {
                    return Ok(Made { pages: 1, charts: sketch.charts, ..Made::default() });
                }
                let links = briefing::Links { root: &root, linked: true, id_prefix: "", sketch: false };
                let (html, charts, _) = self.briefing_html(b, links);
                let view = ctx.briefing_page(b, html);
                let (template, title) = (page.kind().declaration().template, view.title.clone());
                self.page_fingerprinted(output, page, template, title, &view.summary, &view, fingerprint)?;
                Ok(Made { pages: 1, charts, ..Made::default() })
            }
            Page::Briefings => {
                let view = ctx.briefing_refs();
                self.page(output, page, ctx.t("briefings.title"), &view)?;
                Ok(made(&[]))
            }
            Page::Search => {
                self.page(output, page, ctx.t("search.title"), &())?;
                Ok(made(&[]))
            }
            Page::NotFound => {
                self.page(output, page, ctx.t("not_found.title"), &())?;
                Ok(made(&[]))
            }
        }
    }
}

/// Where a build goes unless told: `public/` under the root; an internal
/// build goes to `public-internal/`, so that it never lands in the folder
/// that is published.
pub fn default_output(root: &Path, internal: bool) -> PathBuf {
    root.join(if internal { "public-internal" } else { "public" })
}
