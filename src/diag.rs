//! Diagnostics: every problem found in a site's content, with the place it
//! was found, printed the way rustc and just print theirs (human), as
//! GitHub annotations (github) or as JSON lines (json).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::tr;
use serde::Serialize;
use unicode_width::UnicodeWidthChar;

mod code;
mod explain;
pub mod ledger;
pub use code::{CODES, Code, CodeInfo, Group, docs_tables};
pub use explain::explain;

/// A position in a source file: 1-based line, 1-based column counted in
/// characters, and the width of the offending text in characters (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Span {
    pub fn new(line: u32, col: u32, len: u32) -> Span {
        Span { line, col, len: len.max(1) }
    }

    /// This span moved down by `lines` (for a text embedded in a larger file,
    /// such as a briefing's front matter).
    pub fn shifted(self, lines: u32) -> Span {
        Span { line: self.line + lines, ..self }
    }
}

/// A file (relative to the site root, with `/` separators) and a place in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: Arc<str>,
    pub span: Option<Span>,
}

impl Location {
    pub fn new(file: &Arc<str>, span: Span) -> Location {
        Location { file: file.clone(), span: Some(span) }
    }

    pub fn file(file: &Arc<str>) -> Location {
        Location { file: file.clone(), span: None }
    }
}

impl Location {
    /// In a ledger: the file (without its sheet), the sheet, and the cell in
    /// A1 notation (`D14`, or a row's stretch `A14:H14`).
    pub fn ledger_cell(&self) -> Option<(&str, Option<&str>, Option<String>)> {
        let (file, sheet) = ledger::place(&self.file)?;
        Some((file, sheet, self.span.map(ledger::cell_name)))
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.span, self.ledger_cell()) {
            // `台账.xlsx › 签约项目!D14`, as Excel names a cell; a CSV has no sheet.
            (Some(_), Some((_, Some(_), Some(cell)))) => write!(f, "{}!{cell}", self.file),
            (Some(_), Some((_, None, Some(cell)))) => write!(f, "{}{}{cell}", self.file, ledger::SHEET_MARK),
            (Some(s), _) => write!(f, "{}:{}:{}", self.file, s.line, s.col),
            (None, _) => f.write_str(&self.file),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// A note: not a problem, never fatal (not even with `--strict`), but
    /// something an office should know, such as a figure a bulletin leaves out.
    Info,
}

/// One problem. `code` is a stable kebab-case name tools can match on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub location: Location,
    pub hint: Option<String>,
    /// Another place that explains this one ("first defined here"); boxed,
    /// as few diagnostics have one and a `Result<_, Diagnostic>` stays small.
    pub related: Option<Box<(Location, String)>>,
}

impl Diagnostic {
    pub fn error(code: Code, location: Location, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, location, message.into())
    }

    pub fn warning(code: Code, location: Location, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, location, message.into())
    }

    pub fn info(code: Code, location: Location, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Info, code, location, message.into())
    }

    fn new(severity: Severity, code: Code, location: Location, message: String) -> Self {
        // The docs list each code under the severities it is given with: a
        // new use with another severity needs its docs line (diag/code.rs).
        debug_assert!(code.documents(severity), "`{code}` is not documented as a {severity:?}");
        Diagnostic { severity, code, message, location, hint: None, related: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_related(mut self, location: Location, note: impl Into<String>) -> Self {
        self.related = Some(Box::new((location, note.into())));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// At most this many problems of one file are kept; the rest are counted
/// and summed up in one last diagnostic. A broken or hostile file (a list of
/// a million empty records) would otherwise print millions of lines and hold
/// them all in memory.
pub const MAX_PER_FILE: usize = 100;

/// The diagnostics of a run, kept in the order files and records were read.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
    /// Per file: problems kept, and those left out by severity (errors,
    /// warnings, notes).
    per_file: HashMap<Arc<str>, (usize, [usize; 3])>,
    /// Where a left-out diagnostic is built, so `push_mut` can still return one.
    spare: Option<Box<Diagnostic>>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.push_mut(diagnostic);
    }

    /// Adds a diagnostic and returns it, to add a hint or a note.
    pub fn push_mut(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic {
        let (kept, left_out) = self.per_file.entry(diagnostic.location.file.clone()).or_default();
        // A note that problems were left out (from loading) is always kept.
        if *kept >= MAX_PER_FILE && diagnostic.code != Code::TooManyProblems {
            left_out[diagnostic.severity as usize] += 1;
            return self.spare.insert(Box::new(diagnostic));
        }
        *kept += 1;
        self.list.push(diagnostic);
        self.list.last_mut().expect("just pushed")
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        for d in other {
            self.push(d);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// Sorted by file, then position, so that output does not depend on the
    /// order parallel loading finished in. A file whose problems were left
    /// out gets one more, after its others, saying how many.
    pub fn sort(&mut self) {
        // The files others are read against come first: an error there is
        // the root cause of what it sets off in the records.
        let rank = |file: &str| match file {
            "site.yaml" => 0,
            "content/regions.yaml" => 1,
            _ => 2,
        };
        self.list.sort_by(|a, b| {
            (rank(&a.location.file), &a.location.file, a.location.span, a.severity, &a.message).cmp(&(
                rank(&b.location.file),
                &b.location.file,
                b.location.span,
                b.severity,
                &b.message,
            ))
        });
        self.list.dedup();
        let mut notes: Vec<Diagnostic> = self
            .per_file
            .iter_mut()
            .filter_map(|(file, (_, left_out))| {
                let [errors, warnings, notes] = std::mem::take(left_out);
                let count = errors + warnings;
                let message = match (count, notes) {
                    (0, 0) => return None,
                    // Left-out notes are counted as notes, not as a problem.
                    (0, 1) => {
                        return Some(Diagnostic::info(
                            Code::TooManyProblems,
                            Location::file(file),
                            tr!(zh: "此文件还有 1 条说明未显示", en: "1 more note on this file is not shown"),
                        ));
                    }
                    (0, n) => {
                        return Some(Diagnostic::info(
                            Code::TooManyProblems,
                            Location::file(file),
                            tr!(zh: "此文件还有 {n} 条说明未显示", en: "{n} more notes on this file are not shown"),
                        ));
                    }
                    (1, _) => tr!(zh: "此文件还有 1 个问题未显示", en: "1 more problem in this file is not shown"),
                    (n, _) => tr!(zh: "此文件还有 {n} 个问题未显示", en: "{n} more problems in this file are not shown"),
                };
                let note = Diagnostic::error(Code::TooManyProblems, Location::file(file), message)
                    .with_hint(tr!(zh: "先改正上面的问题，再重新检查", en: "fix the problems above, then run the check again"));
                Some(if errors > 0 { note } else { Diagnostic { severity: Severity::Warning, ..note } })
            })
            .collect();
        notes.sort_by(|a, b| a.location.file.cmp(&b.location.file));
        for note in notes {
            let at = self.list.partition_point(|d| d.location.file <= note.location.file);
            self.list.insert(at, note);
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Gives the text of a source line, for the human format's excerpt.
pub trait SourceLines {
    fn line(&self, file: &str, line: u32) -> Option<&str>;
}

/// Renders all diagnostics in the given format, ending with a newline.
pub fn render(diagnostics: &Diagnostics, format: Format, sources: &dyn SourceLines) -> String {
    let mut out = String::new();
    for d in diagnostics.iter() {
        match format {
            Format::Human => render_human(&mut out, d, sources),
            Format::Github => render_github(&mut out, d),
            Format::Json => render_json(&mut out, d),
        }
    }
    out
}

/// Prints rendered diagnostics where their format belongs: the human text
/// on stderr, beside the other messages; JSON lines and GitHub annotations
/// on stdout, for the tool that reads them.
pub fn print(text: &str, format: Format) {
    match format {
        Format::Human => eprint!("{text}"),
        Format::Json | Format::Github => print!("{text}"),
    }
}

/// The severity as the machine-readable formats name it.
fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The severity as a person reads it, in the language of messages.
fn severity_label(severity: Severity) -> String {
    match severity {
        Severity::Error => tr!(zh: "错误", en: "error"),
        Severity::Warning => tr!(zh: "警告", en: "warning"),
        Severity::Info => tr!(zh: "说明", en: "info"),
    }
}

fn render_human(out: &mut String, d: &Diagnostic, sources: &dyn SourceLines) {
    // A message may quote a value, which may hold a control character
    // written as a YAML escape.
    let shown = |text: &str| text.chars().map(visible).collect::<String>();
    let (label, colon) = (severity_label(d.severity), tr!(zh: "：", en: ": "));
    let _ = writeln!(out, "{label}[{}]{colon}{}", d.code, shown(&d.message));
    render_excerpt(out, &d.location, sources);
    if let Some((location, note)) = d.related.as_deref() {
        let _ = writeln!(out, "   = {}{}", tr!(zh: "注：", en: "note: "), shown(note));
        render_excerpt(out, location, sources);
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "   = {}{}", tr!(zh: "提示：", en: "hint: "), shown(hint));
    }
    out.push('\n');
}

/// `  --> file:line:col`, the line itself and a caret under the problem.
fn render_excerpt(out: &mut String, location: &Location, sources: &dyn SourceLines) {
    let _ = writeln!(out, "  --> {location}");
    let Some(span) = location.span else { return };
    if let Some((_, _, cell)) = location.ledger_cell() {
        render_cell(out, cell.unwrap_or_default(), span, sources.line(&location.file, span.line));
        return;
    }
    let Some(text) = sources.line(&location.file, span.line) else { return };
    let number = span.line.to_string();
    let gutter = " ".repeat(number.len());
    let (shown, caret_start, caret_width) = excerpt_columns(text, span);
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {shown}");
    let _ = writeln!(out, "{gutter} | {}{}", " ".repeat(caret_start), "^".repeat(caret_width));
}

/// A ledger's cell has no line of text: its value is shown, under the
/// cell's name, with a caret under it. A row's stretch (a record as a whole)
/// or an empty cell shows nothing.
fn render_cell(out: &mut String, cell: String, span: Span, row: Option<&str>) {
    if span.len > 1 {
        return;
    }
    let Some(value) = row.and_then(|row| ledger::cell_text(row, span.col)) else { return };
    let gutter = " ".repeat(cell.chars().count());
    let (shown, _, _) = excerpt_columns(value, Span::new(1, 1, 1));
    let width: usize = shown.chars().map(cells_of).sum::<usize>().max(1);
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{cell} | {shown}");
    let _ = writeln!(out, "{gutter} | {}", "^".repeat(width.min(MAX_CELLS)));
}

/// A long line is shown in part: this many characters before the caret, and
/// at most this many terminal cells in all.
const CONTEXT_BEFORE: usize = 40;
const MAX_CELLS: usize = 100;

/// The line as shown (tabs expanded, a long line cut to the stretch around
/// the problem, `…` where cut) and where the caret goes, in terminal cells:
/// a CJK character takes two.
fn excerpt_columns(text: &str, span: Span) -> (String, usize, usize) {
    let text = text.trim_end_matches(['\r', '\n']);
    let first = span.col.saturating_sub(1) as usize;
    let last = first + span.len.max(1) as usize;
    let fits = text.chars().take(MAX_CELLS + 1).map(cells_of).sum::<usize>() <= MAX_CELLS;
    let skip = if fits { 0 } else { first.saturating_sub(CONTEXT_BEFORE) };
    let mut shown = String::new();
    let (mut start, mut width, mut cells) = (None, 0usize, 0usize);
    if skip > 0 {
        shown.push('…');
        cells += 1;
    }
    for (i, c) in text.chars().enumerate().skip(skip) {
        let c = visible(c);
        let w = cells_of(c);
        let glyph = if c == '\t' { "    ".to_string() } else { c.to_string() };
        if cells + w > MAX_CELLS && i > first {
            shown.push('…');
            break;
        }
        if i == first {
            start = Some(cells);
        }
        if i >= first && i < last {
            width += w;
        }
        shown.push_str(&glyph);
        cells += w;
    }
    (shown, start.unwrap_or(cells), width.max(1))
}

/// A control character of a quoted line as its picture (␇ for BEL, ␛ for
/// ESC): sent as it is, it would be invisible, or would command the
/// terminal.
fn visible(c: char) -> char {
    match c {
        '\t' | '\n' => c,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or(char::REPLACEMENT_CHARACTER),
        '\u{7f}' => '\u{2421}',
        c if c.is_control() => char::REPLACEMENT_CHARACTER,
        c => c,
    }
}

/// Terminal cells a character takes as shown: a tab is shown as four spaces.
fn cells_of(c: char) -> usize {
    if c == '\t' { 4 } else { c.width().unwrap_or(0) }
}

/// The site's folder inside its repository (`site/`, or empty), put before
/// every annotation's file: GitHub attaches an annotation only to a path
/// relative to the repository root. Chosen once per run, like the language.
static GITHUB_PREFIX: OnceLock<String> = OnceLock::new();

/// Makes GitHub annotations name files from the repository root that holds
/// `site_root`: the repository is `GITHUB_WORKSPACE` when the site lies
/// inside it, else the nearest folder above holding `.git`.
pub fn set_github_root(site_root: &Path) {
    let workspace = std::env::var_os("GITHUB_WORKSPACE").filter(|w| !w.is_empty());
    let _ = GITHUB_PREFIX.set(repository_prefix(site_root, workspace.as_deref().map(Path::new)));
}

/// The site's path inside its repository, with `/` between folders and a
/// trailing `/`; empty when the site is the repository root or none is found.
pub fn repository_prefix(site_root: &Path, workspace: Option<&Path>) -> String {
    let Ok(site) = std::fs::canonicalize(site_root) else { return String::new() };
    let from_workspace = workspace.and_then(|w| std::fs::canonicalize(w).ok()).filter(|w| site.starts_with(w));
    let repo = from_workspace.or_else(|| site.ancestors().find(|a| a.join(".git").exists()).map(Path::to_path_buf));
    let Some(inside) = repo.as_deref().and_then(|r| site.strip_prefix(r).ok()) else { return String::new() };
    let mut prefix = String::new();
    for part in inside.components() {
        prefix.push_str(&part.as_os_str().to_string_lossy());
        prefix.push('/');
    }
    prefix
}

fn github_file(file: &str) -> String {
    let prefix = GITHUB_PREFIX.get().map_or("", String::as_str);
    escape_github_property(&format!("{prefix}{file}"))
}

fn render_github(out: &mut String, d: &Diagnostic) {
    // GitHub calls a note a notice.
    let level = if d.severity == Severity::Info { "notice" } else { severity_word(d.severity) };
    let mut message = d.message.clone();
    if let Some((location, note)) = d.related.as_deref() {
        message.push_str(&format!(" ({note}: {location})"));
    }
    if let Some(hint) = &d.hint {
        message.push_str(" (hint: ");
        message.push_str(hint);
        message.push(')');
    }
    // A ledger is no text file: the annotation is on the file, and the
    // message says which cell.
    if let Some((file, sheet, cell)) = d.location.ledger_cell() {
        let place = match (sheet, cell) {
            (Some(sheet), Some(cell)) => format!("{sheet}!{cell}: "),
            (Some(sheet), None) => format!("{sheet}: "),
            (None, Some(cell)) => format!("{cell}: "),
            (None, None) => String::new(),
        };
        let _ = writeln!(out, "::{level} file={},title={}::{place}{}", github_file(file), d.code, escape_github_data(&message));
        return;
    }
    let _ = write!(out, "::{level} file={}", github_file(&d.location.file));
    if let Some(span) = d.location.span {
        let _ = write!(out, ",line={},col={}", span.line, span.col);
    }
    let _ = writeln!(out, ",title={}::{}", d.code, escape_github_data(&message));
}

/// GitHub workflow commands: `%`, CR and LF are escaped in data, and `:` and
/// `,` too in properties.
fn escape_github_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_github_property(s: &str) -> String {
    escape_github_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    /// In a ledger: the sheet (none in a CSV) and the cell (`D14`); `line`
    /// and `column` are then its row and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
    severity: Severity,
    code: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
    /// The other place a problem involves ("first used here").
    related: Option<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
}

fn render_json(out: &mut String, d: &Diagnostic) {
    let ledger = d.location.ledger_cell();
    let json = JsonDiagnostic {
        file: ledger.as_ref().map_or(&d.location.file, |(file, ..)| file),
        line: d.location.span.map(|s| s.line),
        column: d.location.span.map(|s| s.col),
        sheet: ledger.as_ref().and_then(|(_, sheet, _)| *sheet),
        cell: ledger.as_ref().and_then(|(.., cell)| cell.clone()),
        severity: d.severity,
        code: d.code.as_str(),
        message: &d.message,
        hint: d.hint.as_deref(),
        related: d.related.as_deref().map(|(location, note)| JsonRelated {
            file: &location.file,
            line: location.span.map(|s| s.line),
            column: location.span.map(|s| s.col),
            message: note,
        }),
    };
    // Serialising plain strings and numbers cannot fail.
    out.push_str(&serde_json::to_string(&json).unwrap_or_default());
    out.push('\n');
}

/// The closest of `candidates` to `word`, when it is close enough to be a
/// plausible typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct OneLine(&'static str);
    impl SourceLines for OneLine {
        fn line(&self, _: &str, _: u32) -> Option<&str> {
            Some(self.0)
        }
    }

    fn sample() -> Diagnostics {
        let file: Arc<str> = Arc::from("content/projects/a.yaml");
        let mut ds = Diagnostics::default();
        ds.push(
            Diagnostic::error(Code::UnknownKey, Location::new(&file, Span::new(3, 1, 5)), "unknown key `amout`")
                .with_hint("did you mean `amount`?"),
        );
        ds
    }

    #[test]
    fn human_format_shows_line_and_caret() {
        let out = render(&sample(), Format::Human, &OneLine("amout: 3"));
        assert_eq!(
            out,
            "error[unknown-key]: unknown key `amout`\n  --> content/projects/a.yaml:3:1\n  |\n3 | amout: 3\n  | ^^^^^\n   = hint: did you mean `amount`?\n\n"
        );
    }

    #[test]
    fn control_characters_are_shown_as_pictures_never_sent_to_the_terminal() {
        let file: Arc<str> = Arc::from("a.yaml");
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error(Code::UnknownKey, Location::new(&file, Span::new(1, 2, 1)), "unknown key `a\u{1b}[2J`"));
        let out = render(&ds, Format::Human, &OneLine("a\u{7}\u{1b}[2J: 1"));
        assert_eq!(out, "error[unknown-key]: unknown key `a\u{241b}[2J`\n  --> a.yaml:1:2\n  |\n1 | a\u{2407}\u{241b}[2J: 1\n  |  ^\n\n");
    }

    #[test]
    fn caret_counts_cjk_characters_as_two_cells() {
        let (_, start, width) = excerpt_columns("名称: 某项目", Span::new(1, 5, 3));
        assert_eq!((start, width), (6, 6));
    }

    #[test]
    fn long_lines_are_shown_around_the_caret() {
        let line = format!("{}x{}", "[".repeat(300), "]".repeat(300));
        let (shown, start, width) = excerpt_columns(&line, Span::new(1, 301, 1));
        assert_eq!(shown, format!("…{}x{}…", "[".repeat(40), "]".repeat(58)));
        assert_eq!((start, width), (41, 1));
        let line = format!("{}: 1", "k".repeat(90));
        let (shown, start, _) = excerpt_columns(&line, Span::new(1, 93, 1));
        assert_eq!((shown, start), (line, 92));
    }

    #[test]
    fn keeps_the_first_problems_of_a_file_and_counts_the_rest() {
        let file: Arc<str> = Arc::from("a.yaml");
        let mut ds = Diagnostics::default();
        for line in 1..=(MAX_PER_FILE as u32 + 5) {
            ds.push_mut(Diagnostic::warning(Code::FutureDate, Location::new(&file, Span::new(line, 1, 1)), "w")).hint = Some("h".into());
        }
        ds.push(Diagnostic::error(Code::WrongType, Location::new(&file, Span::new(1, 1, 1)), "e"));
        ds.sort();
        assert_eq!(ds.iter().count(), MAX_PER_FILE + 1);
        let last = ds.iter().last().unwrap();
        assert_eq!((last.code.as_str(), last.severity), ("too-many-problems", Severity::Error));
        assert_eq!(last.message, "6 more problems in this file are not shown");
        assert!(ds.has_errors());
    }

    #[test]
    fn github_format_escapes_properties() {
        let out = render(&sample(), Format::Github, &OneLine(""));
        assert_eq!(
            out,
            "::error file=content/projects/a.yaml,line=3,col=1,title=unknown-key::unknown key `amout` (hint: did you mean `amount`?)\n"
        );
    }

    #[test]
    fn json_format_is_one_object_per_line() {
        let out = render(&sample(), Format::Json, &OneLine(""));
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v["line"], 3);
        assert_eq!(v["column"], 1);
        assert_eq!(v["severity"], "error");
        assert_eq!(v["code"], "unknown-key");
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(did_you_mean("amout", ["amount", "name"]), Some("amount"));
        assert_eq!(did_you_mean("zzz", ["amount", "name"]), None);
    }
}
