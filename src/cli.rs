//! The command line: arguments, and running each command to an exit code
//! (0 success, 1 the content has errors, 2 bad usage or an I/O failure).

use std::path::{Path, PathBuf};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::diag::{self, Code, Diagnostics, Format, Severity};
use crate::init::InitError;
use crate::load::LoadError;
use crate::model::Lang;
use crate::model::date::reference_date;
use crate::output::OutputError;
use crate::pipeline::{self, BuildError, BuildOptions, Destination, DiskTarget};
use crate::serve::ServeError;
use crate::source::Sources;
use crate::tr;

pub const EXIT_OK: u8 = 0;
pub const EXIT_CONTENT: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(name = "gongbao", version, about = "Annual investment-promotion bulletins (年度招商引资公报) from a project ledger")]
pub struct Args {
    /// The language of messages: zh-Hans, zh-Hant or en [default: the site's language, else the system's].
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
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
    /// Explain a diagnostic code (as printed in brackets, e.g. unknown-key); without one, list every code.
    Explain {
        /// The code to explain.
        code: Option<String>,
    },
    /// Show what the content changes in what is published, compared with a git revision or another folder.
    #[command(group = clap::ArgGroup::new("against").required(true).args(["base", "base_root"]))]
    Diff {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The git revision to compare with (a branch, tag or commit, e.g. origin/main or HEAD~1).
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        /// Another site folder to compare with.
        #[arg(long, value_name = "DIR")]
        base_root: Option<PathBuf>,
        /// How to print the changes: human, markdown (a pull-request comment) or json.
        #[arg(long, value_enum, default_value = "human")]
        format: crate::diff::DiffFormat,
        /// Include confidential projects (negotiating, `public: false`) and private investors.
        /// Never post an internal diff where the public can read it.
        #[arg(long)]
        internal: bool,
        /// Exit with 1 when anything changed (a publish gate).
        #[arg(long)]
        fail_on_change: bool,
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
    /// Excel ledgers: an empty one to fill in, or the current ledger in another format.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Write an empty ledger (.xlsx): Chinese headers, dropdowns of the site's regions, sectors, statuses and scopes, and a notes sheet.
    Template {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The file to write [default: 项目台账模板.xlsx]; an existing file is never overwritten.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Write every project record, from YAML files and ledgers, as xlsx, csv or yaml. Confidential projects are included: the file is internal, never publish it.
    Export {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The format to write: xlsx, csv (UTF-8 with BOM, for Excel) or yaml.
        #[arg(long, value_enum)]
        format: crate::ledger_tools::ExportFormat,
        /// The file to write [default: 项目台账导出.FORMAT]; an existing file is never overwritten, nor one in the site's public folder.
        #[arg(long, short)]
        output: Option<PathBuf>,
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
    #[error(transparent)]
    Diff(#[from] crate::diff::DiffError),
    /// `explain` was given a name that is no code; it has said so.
    #[error("unknown code")]
    UnknownCode,
    #[error(transparent)]
    Ledger(#[from] crate::ledger_tools::ToolError),
}

impl Error {
    /// 1 for problems in the content or the theme, which the user fixes in
    /// the site; 2 for bad usage and for reading or writing that failed
    /// (a full disk, a missing permission), which are not the content's.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Checked
            | Error::Build(BuildError::Content { .. } | BuildError::Theme { .. })
            | Error::Diff(crate::diff::DiffError::Content | crate::diff::DiffError::Changed) => EXIT_CONTENT,
            Error::Build(BuildError::Load(_) | BuildError::Output(_) | BuildError::Usage(_))
            | Error::Load(_)
            | Error::Output(_)
            | Error::Init(_)
            | Error::Serve(_)
            | Error::Diff(crate::diff::DiffError::Usage(_) | crate::diff::DiffError::Load(_))
            | Error::Ledger(_)
            | Error::UnknownCode => EXIT_USAGE,
        }
    }
}

/// The Chinese help of the command, its subcommands and their arguments:
/// (subcommand or "" for the command itself, argument or "" for the
/// subcommand's about, text). The English is the doc comments above.
const ZH_HELP: &[(&str, &str, &str)] = &[
    ("", "", "从项目台账生成年度招商引资公报网站"),
    ("", "lang", "提示信息的语言：zh-Hans（简体）、zh-Hant（繁体）或 en（英文）［默认：网站的 `language`，否则为系统语言］"),
    ("check", "", "检查数据，不写任何文件"),
    ("check", "root", "网站文件夹（含 site.yaml 的那个）"),
    ("check", "format", "问题的输出格式：human（给人看）、json（每行一个对象）或 github（GitHub 注释）"),
    ("check", "strict", "把警告也当作错误"),
    ("build", "", "检查数据，然后生成整个网站"),
    ("build", "root", "网站文件夹（含 site.yaml 的那个）"),
    ("build", "output", "网站写到哪个文件夹［默认：ROOT/public］"),
    ("build", "base_url", "网站发布的地址（代替 site.yaml 的 `base_url`）"),
    ("build", "drafts", "同时发布标为 `draft: true` 的简报"),
    ("build", "strict", "把警告也当作错误"),
    ("build", "internal", "包括保密项目（在谈、`public: false`）和不公开的投资方，并加标注。内部版切勿发布"),
    ("build", "clean", "替换输出文件夹及其中一切文件，包括不是 gongbao 写的"),
    ("build", "force", "替换存有另一种版本（公开版或 --internal 内部版）的输出文件夹"),
    ("build", "format", "问题的输出格式：human、json 或 github"),
    ("init", "", "在文件夹 DIR 新建网站：示例城市，或加 --blank 为空白的县级网站"),
    ("init", "dir", "新建网站的文件夹"),
    ("init", "blank", "新建空白的县级网站（一个区域、带注释示例的台账、今年的年度文件），不用示例城市"),
    ("init", "force", "向非空文件夹添加示例文件（不覆盖任何已有文件）"),
    ("serve", "", "在内存中生成网站并提供预览，每次修改后自动重新生成并刷新"),
    ("serve", "root", "网站文件夹（含 site.yaml 的那个）"),
    ("serve", "port", "监听的端口（0 表示任选一个空闲端口）"),
    ("serve", "bind", "监听的地址；除本机地址（127.0.0.1）外，网络上的其他人也能看到网站"),
    ("serve", "open", "在浏览器中打开网站"),
    ("explain", "", "说明一个问题代码（方括号里的，如 unknown-key）；不给代码时列出全部代码"),
    ("explain", "code", "要说明的代码"),
    ("diff", "", "显示数据修改后公布内容的变化：与 git 中的某个版本或另一个文件夹对比"),
    ("diff", "root", "网站文件夹（含 site.yaml 的那个）"),
    ("diff", "base", "要对比的 git 版本（分支、标签或提交号，如 origin/main 或 HEAD~1）"),
    ("diff", "base_root", "要对比的另一个网站文件夹"),
    ("diff", "format", "变化的输出格式：human（给人看）、markdown（拉取请求评论）或 json"),
    ("diff", "internal", "包括保密项目（在谈、`public: false`）和不公开的投资方。内部对比结果切勿公开发布"),
    ("diff", "fail_on_change", "有任何变化时以 1 退出（用于发布把关）"),
    ("handout", "", "把一份公报写成可离线查看、可用 A4 纸打印的单个 HTML 文件"),
    ("handout", "root", "网站文件夹（含 site.yaml 的那个）"),
    ("handout", "region", "公报所属的区域（content/regions.yaml 中的 id）"),
    ("handout", "year", "公报的年份"),
    ("handout", "output", "写入的文件［默认：REGION-YEAR.html］"),
    ("handout", "base_url", "网站发布的地址，写在印发稿中"),
    ("handout", "internal", "包括保密项目；这样的稿件切勿外发"),
    ("ledger", "", "Excel 台账：生成空白台账，或把现有台账导出为其他格式"),
    ("ledger template", "", "生成空白台账（.xlsx）：中文表头，区域、产业、状态、资金来源的下拉列表，另有“填表说明”页"),
    ("ledger template", "root", "网站文件夹（含 site.yaml 的那个）"),
    ("ledger template", "output", "写入的文件［默认：项目台账模板.xlsx］；已有的文件不会被覆盖"),
    ("ledger export", "", "把全部项目记录（YAML 文件和台账里的）导出为 xlsx、csv 或 yaml。含保密项目：导出的文件仅供内部使用，切勿公开"),
    ("ledger export", "root", "网站文件夹（含 site.yaml 的那个）"),
    ("ledger export", "format", "导出格式：xlsx、csv（带 BOM 的 UTF-8，Excel 可直接打开）或 yaml"),
    ("ledger export", "output", "写入的文件［默认：项目台账导出.格式］；已有的文件和网站发布文件夹里的文件不会被写"),
];

/// The command line's definition, its help in the language of messages.
pub fn command() -> clap::Command {
    let chinese = crate::locale::is_chinese();
    let zh = |text: &str| crate::locale::pick(|| text.to_string(), String::new);
    let mut command = Args::command();
    if chinese {
        for (sub, arg, text) in ZH_HELP {
            let text = zh(text);
            // `ledger template`: a subcommand of a subcommand.
            if let Some((outer, inner)) = sub.split_once(' ') {
                let inner = inner.to_string();
                command = command.mut_subcommand(outer, |c| {
                    c.mut_subcommand(inner, |c| if arg.is_empty() { c.about(text) } else { c.mut_arg(*arg, |a| a.help(text)) })
                });
                continue;
            }
            command = match (*sub, *arg) {
                ("", "") => command.about(text),
                ("", arg) => command.mut_arg(arg, |a| a.help(text)),
                (sub, "") => command.mut_subcommand(sub, |c| c.about(text)),
                (sub, arg) => command.mut_subcommand(sub, |c| c.mut_arg(arg, |a| a.help(text))),
            };
        }
    }
    let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
    command = localize_furniture(command, true);
    for name in names {
        command = command.mut_subcommand(name, |c| {
            let inner: Vec<String> = c.get_subcommands().map(|c| c.get_name().to_string()).collect();
            let mut c = localize_furniture(c, false);
            for name in inner {
                c = c.mut_subcommand(name, |c| localize_furniture(c, false));
            }
            c
        });
    }
    command
}

/// The headings, the -h and -V flags and the usage line of one command, in
/// the language of messages.
fn localize_furniture(command: clap::Command, top: bool) -> clap::Command {
    use clap::{Arg, ArgAction};
    let help = tr!(zh: "显示帮助", en: "Print help");
    let mut command = command.disable_help_flag(true).arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help(help));
    if top {
        let version = tr!(zh: "显示版本", en: "Print version");
        command = command
            .disable_version_flag(true)
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help(version))
            .disable_help_subcommand(true);
    }
    if !crate::locale::is_chinese() {
        return command;
    }
    let heading = |text: &str| crate::locale::pick(|| text.to_string(), || text.to_string());
    let (options, arguments) = (heading("选项"), heading("参数"));
    let ids: Vec<(String, bool)> = command.get_arguments().map(|a| (a.get_id().to_string(), a.is_positional())).collect();
    for (id, positional) in ids {
        let name = if positional { arguments.clone() } else { options.clone() };
        command = command.mut_arg(id, |a| {
            // clap's "[default: …]" and "[possible values: …]" stay English:
            // the default is said in Chinese instead, and the values are in the help.
            let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            let help =
                if defaults.is_empty() { help } else { format!("{help}{}", heading(&format!("［默认：{}］", defaults.join(", ")))) };
            let a = a.help_heading(name).help(help);
            let takes_value = a.get_action().takes_values();
            if defaults.is_empty() || !takes_value { a } else { a.hide_default_value(true).hide_possible_values(true) }
        });
    }
    command
        .subcommand_help_heading(heading("命令"))
        .subcommand_value_name(heading("命令"))
        .help_template(format!("{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}", heading("用法：")))
}

/// The arguments of a run, parsed with the help and errors in the language
/// of messages; `Err` holds the exit code once help, the version or a usage
/// error is printed.
pub fn parse(mut raw: Vec<std::ffi::OsString>) -> Result<Args, u8> {
    // clap's own `help` subcommand would list itself in English: `help`
    // and `help CMD` are read as `--help` and `CMD --help` instead.
    let is_command = |i: usize| !(raw[i].to_string_lossy().starts_with('-') || (i > 1 && raw[i - 1] == "--lang"));
    if let Some(at) = (1..raw.len()).find(|&i| is_command(i))
        && raw[at] == "help"
    {
        raw.remove(at);
        raw.push("--help".into());
    }
    let parsed = command().try_get_matches_from(raw).and_then(|matches| Args::from_arg_matches(&matches));
    parsed.map_err(|e| {
        use clap::error::{ContextKind, ErrorKind};
        let code = match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = e.print();
                return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { EXIT_USAGE } else { EXIT_OK };
            }
            _ => EXIT_USAGE,
        };
        if crate::locale::is_chinese() {
            // clap's own words stay English below; the first line says what
            // went wrong, for those who do not read them.
            let what =
                e.get(ContextKind::InvalidArg).or_else(|| e.get(ContextKind::InvalidSubcommand)).map(|v| v.to_string()).unwrap_or_default();
            let zh = |text: String| crate::locale::pick(move || text, String::new);
            let line = match e.kind() {
                ErrorKind::UnknownArgument => Some(format!("错误：未知的选项 `{what}`")),
                ErrorKind::InvalidSubcommand => Some(format!("错误：未知的命令 `{what}`")),
                ErrorKind::InvalidValue => Some(format!("错误：`{what}` 的值不对")),
                ErrorKind::MissingRequiredArgument => Some(format!("错误：缺少必需的选项 {what}")),
                ErrorKind::ValueValidation => Some(format!("错误：`{what}` 的值无效")),
                ErrorKind::NoEquals | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
                    Some(format!("错误：选项 `{what}` 缺少值"))
                }
                ErrorKind::ArgumentConflict => Some(format!("错误：`{what}` 不能与其他选项同时使用")),
                ErrorKind::MissingSubcommand => {
                    Some("错误：缺少命令（check、build、serve、init、handout、diff、ledger 或 explain）".to_string())
                }
                _ => None,
            }
            .map(zh);
            if let Some(line) = line {
                eprintln!("{line}");
            }
        }
        let _ = e.print();
        code
    })
}

pub fn run(args: Args) -> u8 {
    let (format, strict) = match &args.command {
        Command::Check { format, strict, .. } | Command::Build { format, strict, .. } => (*format, *strict),
        Command::Init { .. }
        | Command::Serve { .. }
        | Command::Handout { .. }
        | Command::Explain { .. }
        | Command::Diff { .. }
        | Command::Ledger { .. } => (Format::Human, false),
    };
    if let Command::Check { root, format: Format::Github, .. } | Command::Build { root, format: Format::Github, .. } = &args.command {
        diag::set_github_root(root);
    }
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
        Command::Explain { code } => explain(code.as_deref()),
        Command::Diff { root, base, base_root, format, internal, fail_on_change } => {
            let base = match (base, base_root) {
                (_, Some(folder)) => crate::diff::Base::Folder(folder),
                (Some(rev), None) => crate::diff::Base::Revision(rev),
                // clap's group requires one of them.
                (None, None) => crate::diff::Base::Revision("HEAD".to_string()),
            };
            Ok(crate::diff::run(&crate::diff::DiffOptions { root, base, format, internal, fail_on_change })?)
        }
        Command::Handout { root, region, year, output, base_url, internal } => {
            let file = output.unwrap_or_else(|| PathBuf::from(format!("{region}-{year}.html")));
            let options = BuildOptions { root, base_url, drafts: false, strict: false, internal };
            crate::output::clean_up_on_signals();
            handout(&options, &region, year, &file)
        }
        Command::Ledger { command } => ledger(command),
    }
}

/// `gongbao ledger template` and `gongbao ledger export`.
fn ledger(command: LedgerCommand) -> Result<(), Error> {
    use crate::ledger_tools::{self, SiteLists};
    match command {
        LedgerCommand::Template { root, output } => {
            let content = crate::load::load(&root)?;
            let file = output.unwrap_or_else(|| PathBuf::from("项目台账模板.xlsx"));
            ledger_tools::template(&root, &file, &SiteLists::from_content(&content), reference_date().year)?;
            let file = file.display();
            eprintln!("{}", tr!(zh: "已写入空白台账 → {file}", en: "wrote an empty ledger → {file}"));
            Ok(())
        }
        LedgerCommand::Export { root, format, output } => {
            // A ledger with errors would not read back as it is: it is
            // corrected first.
            let checked = pipeline::check(&root, reference_date())?;
            if checked.diagnostics.has_errors() {
                print_diagnostics(&checked.diagnostics, &checked.sources, Format::Human);
                let counts = counts(&checked.diagnostics, false);
                eprintln!(
                    "{}",
                    tr!(zh: "没有导出：数据有错误（{counts}），请先改正", en: "nothing exported: the content has errors ({counts}); correct them first")
                );
                return Err(Error::Checked);
            }
            let content = crate::load::load(&root)?;
            let pairs = content.site.as_ref().and_then(|s| s.record.ledger_columns.as_ref());
            let (columns, _) = crate::ledger::Columns::new(pairs, &std::sync::Arc::from("site.yaml"));
            let file = output.unwrap_or_else(|| PathBuf::from(format!("项目台账导出.{}", format.extension())));
            let rows = ledger_tools::read_rows(&root, &columns)?;
            ledger_tools::export(&root, &file, format, &rows)?;
            let (n, file) = (rows.len(), file.display());
            eprintln!(
                "{}",
                tr!(
                    zh: "已导出 {n} 个项目 → {file}（含保密项目，仅供内部使用）",
                    en: "exported {n} projects → {file} (confidential ones included: internal only)"
                )
            );
            Ok(())
        }
    }
}

/// Prints why a command failed: a failed build's problems and what it
/// amounts to, or the error itself.
fn report(e: &Error, format: Format, strict: bool) {
    match e {
        // `check` has printed its problems and its summary.
        Error::Checked | Error::UnknownCode => {}
        // The diff has printed its content errors, or the changes.
        Error::Diff(crate::diff::DiffError::Content | crate::diff::DiffError::Changed) => {}
        Error::Build(failed) => {
            if let Some(text) = failed.render_diagnostics(format) {
                diag::print(&text, format);
            }
            match failed {
                BuildError::Content { diagnostics, .. } => {
                    if let Some(line) = unit_slips(diagnostics) {
                        eprintln!("{line}");
                    }
                    if format == Format::Human {
                        eprintln!("{}", explain_hint());
                    }
                    let counts = counts(diagnostics, strict);
                    eprintln!("{}", tr!(zh: "生成失败：{counts}；没有写入任何文件", en: "build failed: {counts}; nothing was written"));
                }
                BuildError::Theme { .. } => {
                    eprintln!(
                        "{}",
                        tr!(zh: "生成失败：主题有错误；没有写入任何文件", en: "build failed: the theme has errors; nothing was written")
                    );
                }
                BuildError::Load(_) | BuildError::Output(_) | BuildError::Usage(_) => eprintln!("{}", error_line(failed)),
            }
        }
        Error::Load(_) | Error::Output(_) | Error::Init(_) | Error::Serve(_) | Error::Diff(_) | Error::Ledger(_) => {
            eprintln!("{}", error_line(e))
        }
    }
}

fn build(options: &BuildOptions, target: DiskTarget, format: Format) -> Result<(), Error> {
    let folder = target.folder.clone();
    let report = pipeline::build(options, &Destination::Disk(target))?;
    print_diagnostics(&report.diagnostics, &report.sources, format);
    if let Some(line) = unit_slips(&report.diagnostics) {
        eprintln!("{line}");
    }
    let (pages, charts, handouts, folder) = (report.pages, report.charts, report.handouts, folder.display());
    let seconds = format!("{:.2}", report.seconds);
    let (written, removed, unchanged) = (report.written, report.removed, report.unchanged);
    if format == Format::Human && has_problems(&report.diagnostics) {
        eprintln!("{}", explain_hint());
    }
    eprintln!(
        "{}",
        tr!(
            zh: "已生成 {pages} 个页面、{charts} 张图表、{handouts} 份印发稿，用时 {seconds} 秒 → {folder}（写入 {written} 个文件，删除 {removed} 个，未变 {unchanged} 个）",
            en: "built {pages} pages, {charts} charts, {handouts} handouts in {seconds} s → {folder} ({written} written, {removed} removed, {unchanged} unchanged)"
        )
    );
    if report.up_to_date {
        eprintln!(
            "{}",
            tr!(
                zh: "内容、设置和主题与上次生成时相同，页面没有重新生成",
                en: "the content, settings and theme are those of the last build: no page was rendered again"
            )
        );
    }
    Ok(())
}

/// `gongbao explain CODE`: the code as a heading, then its explanation; no
/// code lists every code with the first line of its explanation.
fn explain(code: Option<&str>) -> Result<(), Error> {
    let lang = crate::locale::current();
    let Some(name) = code else {
        println!(
            "{}",
            tr!(zh: "全部问题代码（运行 `gongbao explain 代码` 查看详细说明）：", en: "Every diagnostic code (run `gongbao explain CODE` for its explanation):")
        );
        println!();
        let width = diag::CODES.iter().map(|i| i.name.len()).max().unwrap_or(0);
        for info in diag::CODES {
            let text = diag::explain(info.name, lang).unwrap_or_default();
            let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
            println!("  {:width$}  {first}", info.name);
        }
        return Ok(());
    };
    let name = name.trim();
    match diag::explain(name, lang) {
        Some(text) => {
            println!("{name}");
            println!("{}", "=".repeat(name.len()));
            println!();
            println!("{text}");
            Ok(())
        }
        None => {
            eprintln!("{}", tr!(zh: "错误：没有叫 `{name}` 的问题代码", en: "error: there is no diagnostic code `{name}`"));
            if let Some(close) = diag::did_you_mean(name, diag::CODES.iter().map(|i| i.name)) {
                eprintln!("{}", tr!(zh: "   = 提示：是不是 `{close}`？", en: "   = hint: did you mean `{close}`?"));
            }
            eprintln!(
                "{}",
                tr!(zh: "   = 提示：运行 `gongbao explain` 列出全部代码", en: "   = hint: run `gongbao explain` to list every code")
            );
            Err(Error::UnknownCode)
        }
    }
}

fn init(dir: &Path, blank: bool, force: bool) -> Result<(), Error> {
    let template = if blank { crate::init::Template::Blank { today: reference_date() } } else { crate::init::Template::Example };
    let created = crate::init::init(dir, template, force)?;
    for kept in &created.kept {
        eprintln!("{}", tr!(zh: "保留已有文件 {kept}", en: "kept {kept}: it exists already"));
    }
    let root = shell_word(&dir.display().to_string());
    let (folder, written) = (dir.display(), created.written);
    eprintln!(
        "{}",
        tr!(zh: "已在 {folder} 新建网站（{written} 个文件）。接下来：", en: "created a new site in {folder} ({written} files). Next:")
    );
    eprintln!("  gongbao check --root {root}           # {}", tr!(zh: "检查数据", en: "check the content"));
    eprintln!(
        "  gongbao serve --root {root} --open    # {}",
        tr!(zh: "在本机预览，修改后自动刷新", en: "preview it, reloading as you edit")
    );
    eprintln!(
        "  gongbao build --root {root}           # {}",
        tr!(zh: "生成网站到 public/ 文件夹", en: "write the site to its public/ folder")
    );
    let guide = dir.join(crate::init::GUIDE);
    let guide = guide.display();
    eprintln!("{}", tr!(zh: "使用说明见 {guide}", en: "see the guide in {guide}"));
    if !blank {
        eprintln!(
            "{}",
            tr!(
                zh: "这是示例城市（鹤川市）。要从空白的县级网站开始，请用 `gongbao init --blank 文件夹名`",
                en: "This is the example city. For an empty county site instead, run `gongbao init --blank DIR`."
            )
        );
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
    let file = file.display();
    eprintln!("{}", tr!(zh: "已写入 {region} {year} 年的印发稿 → {file}", en: "wrote the {year} handout of {region} → {file}"));
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
        // Before the count, which stays the last line for scripts and eyes.
        if has_problems(&checked.diagnostics) {
            eprintln!("{}", explain_hint());
        }
        let counts = counts(&checked.diagnostics, strict);
        eprintln!("{}", tr!(zh: "检查：{counts}", en: "check: {counts}"));
    }
    if failed { Err(Error::Checked) } else { Ok(()) }
}

/// One line that counts the figures taken for slips of units: a warning
/// among others is easily scrolled past, and such a figure, published,
/// is absurd (a county's investment 10,000 times too large).
fn unit_slips(diagnostics: &Diagnostics) -> Option<String> {
    let slips = [Code::ImplausibleAmount, Code::ImplausibleGrowth, Code::ImplausibleFunds];
    let n = diagnostics.iter().filter(|d| slips.contains(&d.code)).count();
    let figures = if n == 1 { "1 figure looks".to_string() } else { format!("{n} figures look") };
    (n > 0).then(|| {
        tr!(
            zh: "警告：疑似单位错误 {n} 处：发布前请逐一核对；加 `--strict` 时不予通过",
            en: "warning: {figures} like a slip of units: check them before publishing; `--strict` refuses them"
        )
    })
}

/// What a check found, counted: "1 error, 2 warnings; 1 note".
fn counts(diagnostics: &Diagnostics, strict: bool) -> String {
    let errors = diagnostics.count(Severity::Error);
    let warnings = diagnostics.count(Severity::Warning);
    let notes = diagnostics.count(Severity::Info);
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    let (e, w) = (plural(errors, "error"), plural(warnings, "warning"));
    let line = match (errors, warnings) {
        (0, 0) => tr!(zh: "没有发现问题", en: "no problems found"),
        (0, _) if !strict => {
            tr!(zh: "{warnings} 个警告（不影响生成；加 `--strict` 时按错误处理）", en: "{w} (not fatal; `--strict` makes them errors)")
        }
        _ => tr!(zh: "{errors} 个错误，{warnings} 个警告", en: "{e}, {w}"),
    };
    // Notes are never problems: they are counted apart.
    let n = plural(notes, "note");
    if notes == 0 { line } else { tr!(zh: "{line}；{notes} 条说明", en: "{line}; {n}") }
}

/// Whether there are errors or warnings (notes are not problems).
fn has_problems(diagnostics: &Diagnostics) -> bool {
    diagnostics.count(Severity::Error) + diagnostics.count(Severity::Warning) > 0
}

/// The last line of a human report with problems: where to read more.
fn explain_hint() -> String {
    tr!(
        zh: "要查看某个问题的详细说明，请运行 `gongbao explain 代码`（如 `gongbao explain unknown-key`）",
        en: "For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)"
    )
}

/// An error that stops a command, as printed.
fn error_line(e: &dyn std::fmt::Display) -> String {
    tr!(zh: "错误：{e}", en: "error: {e}")
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
