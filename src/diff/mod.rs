//! `gongbao diff`: what a change to the content changes in what is
//! published. The current site is compared with a git revision of it (read
//! through `git ls-tree` and `git cat-file`, without a second checkout) or
//! with another folder: the bulletins' figures, the projects field by
//! field, and the ledes. Each side is checked and filtered for its audience
//! exactly as a build would, so a public diff names nothing a public build
//! would not show.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::{self, Format};
use crate::load::LoadError;
use crate::model::date::reference_date;
use crate::model::{Audience, Dataset, Kind, Metric, MetricKind, Project, Scope, Status, Unit};
use crate::pipeline::{self, BuildError};
use crate::stats::Figures;
use crate::theme::Theme;
use crate::tr;

/// At most this many rows of each table in Markdown: a pull-request comment
/// on a year's ledger import stays readable, and says how many it leaves out.
const MARKDOWN_ROWS: usize = 50;
/// At most this many lede changes in Markdown.
const MARKDOWN_LEDES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
}

/// What the current site is compared with.
#[derive(Debug, Clone)]
pub enum Base {
    /// A git revision of the same site folder.
    Revision(String),
    /// Another site folder.
    Folder(PathBuf),
}

#[derive(Debug, Clone)]
pub struct DiffOptions {
    pub root: PathBuf,
    pub base: Base,
    pub format: DiffFormat,
    pub internal: bool,
    pub fail_on_change: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// Bad usage or a failure of git or of reading (exit 2).
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Load(#[from] LoadError),
    /// One side has content errors; they are printed (exit 1).
    #[error("the content has errors")]
    Content,
    /// `--fail-on-change` and something changed; the diff is printed (exit 1).
    #[error("the content changed")]
    Changed,
}

/// Runs `gongbao diff` and prints the changes to standard output.
pub fn run(options: &DiffOptions) -> Result<(), DiffError> {
    let audience = if options.internal { Audience::Internal } else { Audience::Public };
    let (base, label) = match &options.base {
        Base::Folder(folder) => {
            (Some(read_side(folder, audience, &tr!(zh: "对比的网站", en: "the base site"))?), folder.display().to_string())
        }
        Base::Revision(rev) => match extract_revision(&options.root, rev)? {
            Some(checkout) => {
                let side = read_side(checkout.path(), audience, &tr!(zh: "版本 `{rev}` 的网站", en: "the site at `{rev}`"))?;
                (Some(side), rev.clone())
            }
            // The site folder came later: everything in it is added.
            None => (None, rev.clone()),
        },
    };
    let current = read_side(&options.root, audience, &tr!(zh: "当前网站", en: "the current site"))?;
    let base = base.unwrap_or_else(|| Side::empty(current.unit));
    let changes = compare(&base, &current, label, audience);
    let text = match options.format {
        DiffFormat::Human => human(&changes),
        DiffFormat::Markdown => markdown(&changes),
        DiffFormat::Json => serde_json::to_string_pretty(&changes).map(|t| t + "\n").unwrap_or_default(),
    };
    print!("{text}");
    if options.fail_on_change && changes.changed { Err(DiffError::Changed) } else { Ok(()) }
}

mod changes;
mod git;
mod print;
mod side;

use changes::*;
use git::*;
use print::*;
use side::*;

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(i: usize) -> FigureChange {
        FigureChange {
            region: format!("r{i}"),
            region_name: format!("Region | {i}"),
            year: 2025,
            metric: "signed_count",
            label: "New projects signed".to_string(),
            kind: MetricKind::Count("个"),
            old: Some("1".to_string()),
            new: Some("2".to_string()),
            difference: Some("+1".to_string()),
        }
    }

    #[test]
    fn markdown_caps_long_tables_and_escapes_cells() {
        let changes = Changes {
            base: "HEAD~1".to_string(),
            audience: "public",
            unit: "亿元",
            changed: true,
            figures: (0..MARKDOWN_ROWS + 10).map(figure).collect(),
            projects: ProjectChanges::default(),
            ledes: Vec::new(),
        };
        let text = markdown(&changes);
        assert_eq!(text.lines().filter(|l| l.starts_with("| Region \\|")).count(), MARKDOWN_ROWS, "{text}");
        assert!(text.contains("…and 10 more"), "{text}");
        assert_eq!(md("<b>a|b</b> *x*"), "&lt;b&gt;a\\|b&lt;/b&gt; \\*x\\*");
    }
}
