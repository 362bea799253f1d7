//! Diagnostics: every problem found in a site's content, with the place it
//! was found, printed the way rustc and just print theirs (human), as
//! GitHub annotations (github) or as JSON lines (json).

use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;
use unicode_width::UnicodeWidthChar;

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

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.span {
            Some(s) => write!(f, "{}:{}:{}", self.file, s.line, s.col),
            None => f.write_str(&self.file),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem. `code` is a stable kebab-case name tools can match on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub location: Location,
    pub hint: Option<String>,
    /// Another place that explains this one ("first defined here").
    pub related: Option<(Location, String)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location,
            hint: None,
            related: None,
        }
    }

    pub fn warning(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, location, message) }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_related(mut self, location: Location, note: impl Into<String>) -> Self {
        self.related = Some((location, note.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The diagnostics of a run, kept in the order files and records were read.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds a diagnostic and returns it, to add a hint or a note.
    pub fn push_mut(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic {
        let index = self.0.len();
        self.0.push(diagnostic);
        &mut self.0[index]
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorted by file, then position, so that output does not depend on the
    /// order parallel loading finished in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.location.file, a.location.span, a.severity, &a.message).cmp(&(
                &b.location.file,
                b.location.span,
                b.severity,
                &b.message,
            ))
        });
        self.0.dedup();
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
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

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn render_human(out: &mut String, d: &Diagnostic, sources: &dyn SourceLines) {
    let _ = writeln!(out, "{}[{}]: {}", severity_word(d.severity), d.code, d.message);
    render_excerpt(out, &d.location, sources);
    if let Some((location, note)) = &d.related {
        let _ = writeln!(out, "   = note: {note}");
        render_excerpt(out, location, sources);
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "   = hint: {hint}");
    }
    out.push('\n');
}

/// `  --> file:line:col`, the line itself and a caret under the problem.
fn render_excerpt(out: &mut String, location: &Location, sources: &dyn SourceLines) {
    let _ = writeln!(out, "  --> {location}");
    let Some(span) = location.span else { return };
    let Some(text) = sources.line(&location.file, span.line) else { return };
    let number = span.line.to_string();
    let gutter = " ".repeat(number.len());
    let (shown, caret_start, caret_width) = excerpt_columns(text, span);
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {shown}");
    let _ = writeln!(out, "{gutter} | {}{}", " ".repeat(caret_start), "^".repeat(caret_width));
}

/// The line as shown (tabs expanded) and where the caret goes, in terminal
/// cells: a CJK character takes two.
fn excerpt_columns(text: &str, span: Span) -> (String, usize, usize) {
    let mut shown = String::with_capacity(text.len());
    let (mut start, mut width, mut cells) = (None, 0usize, 0usize);
    let first = span.col.saturating_sub(1) as usize;
    let last = first + span.len.max(1) as usize;
    for (i, c) in text.trim_end_matches(['\r', '\n']).chars().enumerate() {
        let (glyph, w) = match c {
            '\t' => ("    ".to_string(), 4),
            c => (c.to_string(), c.width().unwrap_or(0)),
        };
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

fn render_github(out: &mut String, d: &Diagnostic) {
    let level = severity_word(d.severity);
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str(" (hint: ");
        message.push_str(hint);
        message.push(')');
    }
    let _ = write!(out, "::{level} file={}", escape_github_property(&d.location.file));
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
    severity: Severity,
    code: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
}

fn render_json(out: &mut String, d: &Diagnostic) {
    let json = JsonDiagnostic {
        file: &d.location.file,
        line: d.location.span.map(|s| s.line),
        column: d.location.span.map(|s| s.col),
        severity: d.severity,
        code: d.code,
        message: &d.message,
        hint: d.hint.as_deref(),
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
            Diagnostic::error("unknown-key", Location::new(&file, Span::new(3, 1, 5)), "unknown key `amout`")
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
    fn caret_counts_cjk_characters_as_two_cells() {
        let (_, start, width) = excerpt_columns("名称: 某项目", Span::new(1, 5, 3));
        assert_eq!((start, width), (6, 6));
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
