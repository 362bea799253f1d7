//! The command line: arguments, and running each command to an exit code
//! (0 success, 1 the content has errors, 2 bad usage or an I/O failure).

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::diag::{self, Code, Diagnostics, Format, Severity};
use crate::init::InitError;
use crate::load::LoadError;
use crate::model::Lang;
use crate::model::date::reference_date;
use crate::output::OutputError;
use crate::pipeline::{self, BuildError, BuildOptions, Destination, DiskTarget};
use crate::serve::ServeError;
use crate::source::Sources;

pub const EXIT_OK: u8 = 0;
pub const EXIT_CONTENT: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(name = "gongbao", version, about = "Annual investment-promotion bulletins (年度招商引资公报) from a project ledger")]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the content and write nothing.
    Check {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print problems: human, json (one object per line) or github (annotations).
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Validate, then build the whole site.
    Build {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The address the site is published at (overrides site.yaml's base_url).
        #[arg(long)]
        base_url: Option<String>,
        /// Also publish briefings marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Include confidential projects (negotiating, `public: false`) and private
        /// investors, marked as such. Never publish an internal build.
        #[arg(long)]
        internal: bool,
        /// Replace the output folder whatever it holds, files gongbao did not write included.
        #[arg(long)]
        clean: bool,
        /// Replace an output folder holding a build of the other kind (public or --internal).
        #[arg(long)]
        force: bool,
        /// How to print problems: human, json or github.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Start a new site in DIR from the example city, or an empty county site with --blank.
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
        /// Start an empty county site (one region, a ledger of commented examples, this year's annual file) instead of the example city.
        #[arg(long)]
        blank: bool,
        /// Add the example's files to a folder that is not empty (no file is ever overwritten).
        #[arg(long)]
        force: bool,
    },
    /// Build the site into memory, serve it, and rebuild and reload on every change.
    Serve {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The address to listen on; anything but loopback shows the site to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
    },
    /// Write one bulletin as a self-contained offline HTML file that prints on A4.
    Handout {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The region whose bulletin it is (its id in content/regions.yaml).
        #[arg(long)]
        region: String,
        /// The bulletin's year.
        #[arg(long)]
        year: i16,
        /// The file to write [default: REGION-YEAR.html].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The address the site is published at, named in the handout.
        #[arg(long)]
        base_url: Option<String>,
        /// Include confidential projects; never hand such a copy out.
        #[arg(long)]
        internal: bool,
    },
}

/// Why a command failed. `exit_code` is the one place where an error
/// becomes an exit code, and `report` the one where it is printed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `check` found errors (or, with `--strict`, warnings); it has printed them.
    #[error("the content has errors")]
    Checked,
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Init(#[from] InitError),
    #[error(transparent)]
    Serve(#[from] ServeError),
}

impl Error {
    /// 1 for problems in the content or the theme, which the user fixes in
    /// the site; 2 for bad usage and for reading or writing that failed
    /// (a full disk, a missing permission), which are not the content's.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Checked | Error::Build(BuildError::Content { .. } | BuildError::Theme { .. }) => EXIT_CONTENT,
            Error::Build(BuildError::Load(_) | BuildError::Output(_) | BuildError::Usage(_))
            | Error::Load(_)
            | Error::Output(_)
            | Error::Init(_)
            | Error::Serve(_) => EXIT_USAGE,
        }
    }
}

pub fn run(args: Args) -> u8 {
    let (format, strict) = match &args.command {
        Command::Check { format, strict, .. } | Command::Build { format, strict, .. } => (*format, *strict),
        Command::Init { .. } | Command::Serve { .. } | Command::Handout { .. } => (Format::Human, false),
    };
    match execute(args.command) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            report(&e, format, strict);
            e.exit_code()
        }
    }
}

fn execute(command: Command) -> Result<(), Error> {
    match command {
        Command::Check { root, format, strict } => check(&root, format, strict),
        Command::Build { root, output, base_url, drafts, strict, internal, clean, force, format } => {
            let folder = output.unwrap_or_else(|| pipeline::default_output(&root, internal));
            let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let options = BuildOptions { root, base_url, drafts, strict, internal };
            crate::output::clean_up_on_signals();
            build(&options, DiskTarget { folder, clean, force, progress }, format)
        }
        Command::Serve { root, port, bind, open } => Ok(crate::serve::serve(crate::serve::ServeOptions { root, bind, port, open })?),
        Command::Init { dir, blank, force } => init(&dir, blank, force),
        Command::Handout { root, region, year, output, base_url, internal } => {
            let file = output.unwrap_or_else(|| PathBuf::from(format!("{region}-{year}.html")));
            let options = BuildOptions { root, base_url, drafts: false, strict: false, internal };
            crate::output::clean_up_on_signals();
            handout(&options, &region, year, &file)
        }
    }
}

/// Prints why a command failed: a failed build's problems and what it
/// amounts to, or the error itself.
fn report(e: &Error, format: Format, strict: bool) {
    match e {
        // `check` has printed its problems and its summary.
        Error::Checked => {}
        Error::Build(failed) => {
            if let Some(text) = failed.render_diagnostics(format) {
                diag::print(&text, format);
            }
            match failed {
                BuildError::Content { diagnostics, .. } => {
                    if let Some(line) = unit_slips(diagnostics) {
                        eprintln!("{line}");
                    }
                    eprintln!("{}; nothing was written", summary(diagnostics, strict).replacen("check: ", "build failed: ", 1));
                }
                BuildError::Theme { .. } => eprintln!("build failed: the theme has errors; nothing was written"),
                BuildError::Load(_) | BuildError::Output(_) | BuildError::Usage(_) => eprintln!("error: {failed}"),
            }
        }
        Error::Load(_) | Error::Output(_) | Error::Init(_) | Error::Serve(_) => eprintln!("error: {e}"),
    }
}

fn build(options: &BuildOptions, target: DiskTarget, format: Format) -> Result<(), Error> {
    let folder = target.folder.clone();
    let report = pipeline::build(options, &Destination::Disk(target))?;
    print_diagnostics(&report.diagnostics, &report.sources, format);
    if let Some(line) = unit_slips(&report.diagnostics) {
        eprintln!("{line}");
    }
    eprintln!(
        "built {} pages, {} charts, {} handouts in {:.2} s → {} ({})",
        report.pages,
        report.charts,
        report.handouts,
        report.seconds,
        folder.display(),
        {
            let (written, removed, unchanged) = (report.written, report.removed, report.unchanged);
            crate::tr!(zh: "写入 {written} 个，删除 {removed} 个，未变 {unchanged} 个文件", en: "{written} written, {removed} removed, {unchanged} unchanged")
        }
    );
    Ok(())
}

fn init(dir: &Path, blank: bool, force: bool) -> Result<(), Error> {
    let template = if blank { crate::init::Template::Blank { today: reference_date() } } else { crate::init::Template::Example };
    let created = crate::init::init(dir, template, force)?;
    // Chinese first: the people who run a site are publicity staff.
    for kept in &created.kept {
        eprintln!("保留已有文件 {kept}（kept {kept}: it exists already）");
    }
    let root = shell_word(&dir.display().to_string());
    eprintln!("已在 {} 新建网站（{} 个文件）。接下来：", dir.display(), created.written);
    eprintln!("created a new site in {} ({} files). Next:", dir.display(), created.written);
    eprintln!("  gongbao check --root {root}           # 检查数据 / check the content");
    eprintln!("  gongbao serve --root {root} --open    # 在本机预览 / preview it, reloading as you edit");
    eprintln!("  gongbao build --root {root}           # 生成网站到 public/ 文件夹 / write the site to its public/ folder");
    eprintln!("使用说明见 {} / see the guide there", dir.join(crate::init::GUIDE).display());
    if !blank {
        eprintln!("这是示例城市（鹤川市）。要从空白的县级网站开始，请用 gongbao init --blank 文件夹名");
        eprintln!("This is the example city. For an empty county site instead, run `gongbao init --blank DIR`.");
    }
    Ok(())
}

/// `text` as one word for a shell: quoted when it holds anything but plain
/// path characters.
fn shell_word(text: &str) -> String {
    if text.chars().all(|c| c.is_alphanumeric() || "/._-~".contains(c)) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

fn handout(options: &BuildOptions, region: &str, year: i16, file: &Path) -> Result<(), Error> {
    // Refused before the build, so a wrong name costs no time; checked again on writing.
    crate::output::check_handout_file(&options.root, file)?;
    let (html, diagnostics, sources) = pipeline::handout(options, region, year)?;
    print_diagnostics(&diagnostics, &sources, Format::Human);
    crate::output::write_handout(&options.root, file, html)?;
    eprintln!("wrote the {year} handout of {region} → {}", file.display());
    Ok(())
}

fn print_diagnostics(diagnostics: &Diagnostics, sources: &Sources, format: Format) {
    diag::print(&diag::render(diagnostics, format, sources), format);
}

fn check(root: &Path, format: Format, strict: bool) -> Result<(), Error> {
    let mut checked = pipeline::check(root, reference_date())?;
    let notes = std::mem::take(&mut checked.notes);
    checked.diagnostics.extend(notes);
    checked.diagnostics.sort();
    print_diagnostics(&checked.diagnostics, &checked.sources, format);
    let failed = checked.diagnostics.has_errors() || (strict && checked.diagnostics.count(Severity::Warning) > 0);
    if format == Format::Human {
        if let Some(line) = unit_slips(&checked.diagnostics) {
            eprintln!("{line}");
        }
        eprintln!("{}", summary(&checked.diagnostics, strict));
    }
    if failed { Err(Error::Checked) } else { Ok(()) }
}

/// One line that counts the figures taken for slips of units: a warning
/// among others is easily scrolled past, and such a figure, published,
/// is absurd (a county's investment 10,000 times too large).
fn unit_slips(diagnostics: &Diagnostics) -> Option<String> {
    let slips = [Code::ImplausibleAmount, Code::ImplausibleGrowth, Code::ImplausibleFunds];
    let n = diagnostics.iter().filter(|d| slips.contains(&d.code)).count();
    let figures = if n == 1 { "1 figure looks" } else { &format!("{n} figures look") };
    (n > 0).then(|| {
        format!("warning: {figures} like a slip of units (疑似单位错误 {n} 处): check them before publishing; --strict refuses them")
    })
}

fn summary(diagnostics: &Diagnostics, strict: bool) -> String {
    let errors = diagnostics.count(Severity::Error);
    let warnings = diagnostics.count(Severity::Warning);
    let notes = diagnostics.count(Severity::Info);
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    let line = match (errors, warnings) {
        (0, 0) => "check: no problems found".to_string(),
        (0, w) if !strict => format!("check: {} (not fatal; --strict makes them errors)", plural(w, "warning")),
        (e, w) => format!("check: {}, {}", plural(e, "error"), plural(w, "warning")),
    };
    // Notes are never problems: they are counted apart.
    if notes == 0 { line } else { format!("{line}; {}", plural(notes, "note")) }
}

/// The language of messages for a run on the site at `root`: the `--lang`
/// given (or `GONGBAO_LANG`), else the site's `language`, else the system's.
pub fn choose_language(flag: Option<&str>, root: Option<&Path>) -> Lang {
    let from_env = std::env::var("GONGBAO_LANG").ok();
    flag.or(from_env.as_deref())
        .and_then(crate::locale::parse)
        .or_else(|| root.and_then(site_language))
        .or_else(|| sys_locale::get_locale().as_deref().and_then(crate::locale::parse))
        .unwrap_or(Lang::ZhHans)
}

/// The `language` (语言) written in the site's site.yaml, if it can be read;
/// any problem with the file is for `check` to report, not for this.
fn site_language(root: &Path) -> Option<Lang> {
    let text = std::fs::read_to_string(root.join("site.yaml")).ok()?;
    let file: std::sync::Arc<str> = std::sync::Arc::from("site.yaml");
    let (documents, _) = crate::yaml::parse(&text, &file);
    let crate::yaml::NodeKind::Map(entries) = &documents.first()?.kind else { return None };
    let (_, value) = entries.iter().find(|(k, _)| matches!(crate::yaml::scalar_text(k), Some("language" | "语言")))?;
    crate::yaml::from_node::<Lang>(value).ok()
}


/// Chooses the language of messages (`choose_language`) and sets it for
/// the run, with the converter zh-Hant messages need.
pub fn set_language(flag: Option<&str>, root: Option<&Path>) {
    let lang = choose_language(flag, root);
    let to_traditional = (lang == Lang::ZhHant)
        .then(|| crate::script::Converter::built_in_traditional().ok())
        .flatten()
        .map(|converter| Box::new(move |text: &str| converter.convert(text)) as crate::locale::ToTraditional);
    crate::locale::set(lang, to_traditional);
}
