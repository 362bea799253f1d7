//! The pipeline, in the order of the README: load → validate → figures →
//! charts → site → output. `check` runs it up to the checks that need the
//! figures and the theme; `build` runs it all; `handout` renders one
//! bulletin instead of the site. Each stage lives in its own module; this
//! one only calls them in turn.

use std::path::Path;
use std::time::Instant;

use crate::contain::Root;
use crate::diag::{Diagnostics, Severity};
use crate::load::{self, LoadError};
use crate::model::date::reference_date;
use crate::model::{Audience, Dataset, Date};
use crate::output::{Counts, DiskOptions, Output, Survey};
use crate::site::{self, Prepared};
use crate::source::Sources;
use crate::stats::{self, Figures};
use crate::theme::{self, Theme};
use crate::validate;

pub use crate::site::{BuildError, BuildOptions, BuildReport, Destination, DiskTarget, default_output};

/// A site's content after checking: the dataset when it has no errors,
/// every problem found, and the source texts the problems quote.
pub struct Checked {
    pub dataset: Option<Dataset>,
    /// The figures as the public sees them, computed for the checks; a
    /// public build uses them as they are.
    pub public_figures: Option<Figures>,
    pub diagnostics: Diagnostics,
    /// What `check` prints besides the problems (see `notes`); a build
    /// prints problems only.
    pub notes: Vec<crate::diag::Diagnostic>,
    pub sources: Sources,
}

/// Loads and checks the site at `root`; `today` is the date future dates are
/// measured against.
pub fn check(root: &Path, today: Date) -> Result<Checked, LoadError> {
    // load
    let mut raw = load::load(root)?;
    let sources = std::mem::take(&mut raw.sources);
    // validate
    let (dataset, mut diagnostics) = validate::validate(raw, today);
    let mut public_figures = None;
    let mut notes = Vec::new();
    if let Some(dataset) = &dataset {
        // figures, as the public sees them, and what only they can show
        let public = dataset.clone().for_audience(Audience::Public);
        let figures = public_figures.insert(Figures::compute(&public));
        diagnostics.extend(stats::checks::baseline_warnings(&public, figures));
        diagnostics.extend(stats::checks::running_year_warnings(dataset, figures, today));
        diagnostics.extend(stats::checks::full_year_baseline_warnings(&public, figures));
        diagnostics.extend(stats::plausible::unit_slip_warnings(dataset, &public, figures));
        // Notes only for `check`: figures bulletins leave out and why, growth
        // they cannot give, a mid-month `as_of`, hidden amounts that can be
        // worked out.
        let (hidden_notes, hidden_warnings): (Vec<_>, Vec<_>) =
            stats::checks::hidden_project_warnings(dataset).into_iter().partition(|d| d.severity == Severity::Info);
        diagnostics.extend(hidden_warnings);
        // A ledger with no record at all is a site being set up (`init
        // --blank`): every note would only say that the ledger is empty.
        if !dataset.projects.is_empty() {
            notes = stats::checks::bulletin_notes(&public, figures);
        }
        notes.extend(stats::checks::as_of_notes(dataset, figures));
        notes.extend(hidden_notes);
        diagnostics.extend(crate::shortcodes::check(dataset, figures));
        // what the site stage will read: images and the theme
        let boundary = Root::new(root).map_err(|source| LoadError::Io { path: root.to_path_buf(), source })?;
        diagnostics.extend(crate::images::check(dataset, &boundary));
        diagnostics.extend(crate::images::check_site(&dataset.site, &boundary));
        diagnostics.extend(theme::check(root, &dataset.site));
        diagnostics.sort();
    }
    let dataset = dataset.filter(|_| !diagnostics.has_errors());
    if dataset.is_none() {
        notes.clear();
    }
    Ok(Checked { dataset, public_figures, diagnostics, notes, sources })
}

/// Builds the site of `options.root`, and its script editions, into `destination`.
pub fn build(options: &BuildOptions, destination: &Destination) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let today = reference_date();
    // The check runs whatever the output holds: its warnings print each
    // time. The output folder is looked over meanwhile (a walk of every
    // file of the previous build, which only reads): the check leaves a
    // core idle.
    let (checked, output, live_reload, progress) = match destination {
        Destination::Disk(target) => {
            let (checked, survey) = std::thread::scope(|scope| {
                let survey = scope.spawn(|| {
                    let inputs = inputs_fingerprint(options, &target.folder, today);
                    let disk =
                        DiskOptions { internal: options.internal, clean: target.clean, force: target.force, incremental: true, inputs };
                    Survey::take(&options.root, &target.folder, disk)
                });
                let checked = checked(options, today);
                (checked, survey.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            });
            // The content's errors come first, as when one ran after the other.
            let checked = checked?;
            (checked, Output::prepare(survey?)?, "", target.progress)
        }
        Destination::Memory { live_reload } => (checked(options, today)?, Output::memory(), live_reload.as_str(), false),
    };
    // The folder holds the build of these very inputs: nothing is rendered.
    if let Some(up_to_date) = output.up_to_date() {
        output.abandon();
        let counts = up_to_date.counts;
        return Ok(BuildReport {
            pages: counts.pages,
            charts: counts.charts,
            handouts: counts.handouts,
            files: counts.files,
            unchanged: up_to_date.files,
            up_to_date: true,
            diagnostics: checked.diagnostics,
            sources: checked.sources,
            seconds: started.elapsed().as_secs_f64(),
            ..BuildReport::default()
        });
    }
    let ready = match ready(checked, options) {
        Ok(ready) => ready,
        Err(e) => {
            output.abandon();
            return Err(e);
        }
    };
    // site (its charts drawn as its pages need them), into the output
    let mut report = match site::write(&ready.site, options, &output, live_reload, progress) {
        Ok(report) => report,
        Err(e) => {
            output.abandon();
            return Err(e);
        }
    };
    output.record(Counts { pages: report.pages, charts: report.charts, handouts: report.handouts, files: report.files });
    let finished = output.finish()?;
    report.memory = finished.memory;
    report.written = finished.written;
    report.removed = finished.removed;
    report.unchanged = finished.unchanged;
    report.changed = finished.changed;
    report.diagnostics = ready.diagnostics;
    report.sources = ready.sources;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Writes the offline handout of one bulletin; returns its HTML and the
/// content's warnings.
pub fn handout(options: &BuildOptions, region: &str, year: i16) -> Result<(String, Diagnostics, Sources), BuildError> {
    let ready = prepare(options)?;
    let html = site::handout(&ready.site, options, region, year)?;
    Ok((html, ready.diagnostics, ready.sources))
}

/// The content checked and readied for one build, with the warnings the
/// build reports.
struct Ready {
    site: Prepared,
    diagnostics: Diagnostics,
    sources: Sources,
}

/// Checks the content (refusing errors, and warnings with `--strict`), then
/// readies the dataset for the build's audience, the figures, the theme and
/// the editions.
fn prepare(options: &BuildOptions) -> Result<Ready, BuildError> {
    ready(checked(options, reference_date())?, options)
}

/// The content checked, refused on errors (and warnings with `--strict`).
fn checked(options: &BuildOptions, today: Date) -> Result<Checked, BuildError> {
    let checked = check(&options.root, today)?;
    let failed = checked.diagnostics.has_errors() || (options.strict && checked.diagnostics.count(Severity::Warning) > 0);
    if failed || checked.dataset.is_none() {
        return Err(BuildError::Content { diagnostics: checked.diagnostics, sources: checked.sources });
    }
    Ok(checked)
}

/// Readies checked content for the build (see `prepare`).
fn ready(checked: Checked, options: &BuildOptions) -> Result<Ready, BuildError> {
    let Some(dataset) = checked.dataset else {
        return Err(BuildError::Content { diagnostics: checked.diagnostics, sources: checked.sources });
    };
    let audience = if options.internal { Audience::Internal } else { Audience::Public };
    let mut dataset = dataset.for_audience(audience);
    if !options.drafts {
        dataset.briefings.retain(|b| !b.draft);
    }
    if let Some(base_url) = &options.base_url {
        if !validate::is_site_address(base_url) {
            return Err(BuildError::Usage(crate::tr!(
                zh: "`{base_url}` 不是网站地址；请写完整地址，如 `https://tzcj.example.gov.cn/`，或写 `/`",
                en: "`{base_url}` is not a site address; give the full address, e.g. `https://tzcj.example.gov.cn/`, or `/`"
            )));
        }
        dataset.site.base_url = if base_url.ends_with('/') { base_url.clone() } else { format!("{base_url}/") };
    }
    let theme = Theme::load(&options.root, &dataset.site.theme).map_err(BuildError::theme)?;
    let style = theme.chart_style().map_err(|d| BuildError::theme([d]))?;
    // Drafts and the address change no figure: the public ones are reused.
    let figures = match (audience, checked.public_figures) {
        (Audience::Public, Some(figures)) => figures,
        _ => Figures::compute(&dataset),
    };
    let editions = site::editions(dataset, &theme)?;
    let root = Root::new(&options.root).map_err(|source| LoadError::Io { path: options.root.clone(), source })?;
    let site = Prepared { editions, figures, theme, style, audience, root };
    Ok(Ready { site, diagnostics: checked.diagnostics, sources: checked.sources })
}

/// The fingerprint of everything a build of `options.root` into `output`
/// reads: every file under the site folder (paths and bytes; `.git` and
/// output folders left out), the options, the date future dates and
/// `as_of` are measured against, and gongbao itself (its version and the
/// bytes of the program, which hold the built-in theme). When the output
/// was made from the same, the build has nothing to do. None when
/// something could not be read: the build then renders as usual.
pub fn inputs_fingerprint(options: &BuildOptions, output: &Path, today: Date) -> Option<u128> {
    use rayon::prelude::*;
    use std::fmt::Write as _;
    let output = std::path::absolute(output).ok()?;
    let mut files = Vec::new();
    walk_inputs(&options.root, "", &output, &mut files)?;
    let hashed: Vec<Option<u128>> = files
        .par_iter()
        .map(|(_, path, link)| match link {
            Some(target) => Some(crate::output::hash128(target.as_os_str().as_encoded_bytes())),
            None => std::fs::read(path).ok().map(|bytes| crate::output::hash128(&bytes)),
        })
        .collect();
    let program = std::env::current_exe().and_then(std::fs::read).ok()?;
    let mut fingerprint = crate::output::Fingerprint::default();
    let _ = write!(
        fingerprint,
        "gongbao {}\n{:032x}\n{today:?}\n{:?} {:?} {} {} {}\n",
        env!("CARGO_PKG_VERSION"),
        crate::output::hash128(&program),
        std::path::absolute(&options.root).ok()?,
        options.base_url,
        options.drafts,
        options.strict,
        options.internal,
    );
    for ((name, _, link), hash) in files.iter().zip(hashed) {
        let _ = writeln!(fingerprint, "{name} {} {:032x}", link.is_some(), hash?);
    }
    Some(fingerprint.finish())
}

/// What a build reads in the site folder; nothing else in it counts.
const SITE_INPUTS: [&str; 3] = ["content", "site.yaml", "themes"];

/// The files under `dir` (at `prefix` in the site folder), sorted by name:
/// their site path, full path, and a link's target (the files a link
/// inside the site leads to are read where they lie; one leading out is
/// an error of the content). At the top only what a build reads
/// (`SITE_INPUTS`): a site that is also a repository holds much else (a
/// `target/` folder of gigabytes). Leaves out `.git`, the output and any
/// other folder a build wrote (it holds a marker).
fn walk_inputs(
    dir: &Path,
    prefix: &str,
    output: &Path,
    files: &mut Vec<(String, std::path::PathBuf, Option<std::path::PathBuf>)>,
) -> Option<()> {
    let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir).ok()?.collect::<Result<_, _>>().ok()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        if prefix.is_empty() && !SITE_INPUTS.iter().any(|input| entry.file_name() == *input) {
            continue;
        }
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let path = entry.path();
        let kind = entry.file_type().ok()?;
        if kind.is_symlink() {
            let target = std::fs::read_link(&path).ok()?;
            files.push((name, path, Some(target)));
        } else if kind.is_dir() {
            let skip = entry.file_name() == ".git"
                || path.join(crate::output::MARKER).exists()
                || std::path::absolute(&path).is_ok_and(|p| p == output);
            if !skip {
                walk_inputs(&path, &format!("{name}/"), output, files)?;
            }
        } else {
            files.push((name, path, None));
        }
    }
    Some(())
}
