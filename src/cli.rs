//! The command line: arguments, and running each command to an exit code
//! (0 success, 1 the content has errors, 2 bad usage or an I/O failure).

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::diag::{self, Diagnostics, Format, Severity};
use crate::model::date::reference_date;
use crate::validate::{self, Checked};

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
}

pub fn run(args: Args) -> u8 {
    match args.command {
        Command::Check { root, format, strict } => check(&root, format, strict),
    }
}

fn check(root: &Path, format: Format, strict: bool) -> u8 {
    let checked = match validate::check_site(root, reference_date()) {
        Ok(checked) => checked,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    report(&checked, format);
    let failed = checked.diagnostics.has_errors() || (strict && checked.diagnostics.count(Severity::Warning) > 0);
    if format == Format::Human {
        eprintln!("{}", summary(&checked.diagnostics, strict));
    }
    if failed { EXIT_CONTENT } else { EXIT_OK }
}

/// Prints the diagnostics: human text on stderr, machine formats on stdout.
fn report(checked: &Checked, format: Format) {
    let text = diag::render(&checked.diagnostics, format, &checked.sources);
    match format {
        Format::Human => eprint!("{text}"),
        Format::Json | Format::Github => print!("{text}"),
    }
}

fn summary(diagnostics: &Diagnostics, strict: bool) -> String {
    let errors = diagnostics.count(Severity::Error);
    let warnings = diagnostics.count(Severity::Warning);
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    match (errors, warnings) {
        (0, 0) => "check: no problems found".to_string(),
        (0, w) if !strict => format!("check: {} (not fatal; --strict makes them errors)", plural(w, "warning")),
        (e, w) => format!("check: {}, {}", plural(e, "error"), plural(w, "warning")),
    }
}
