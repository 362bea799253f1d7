//! YAML, in one place: a parser that keeps the line and column of every
//! value, refuses duplicate keys, bounds nesting and alias expansion, and a
//! serde deserializer over the result whose errors carry those positions.
//!
//! serde_yaml (the design card's first choice) reports positions only in its
//! own errors, keeps the last of two duplicate keys in a map, and is
//! deprecated; the content checks need the position of every field, so the
//! tree is built from saphyr-parser's positioned events instead.
//!
//! Here: the limits, the tree (`Node`) and the parse entry points. `tree`
//! builds the tree from the parser's events, `de` reads it with serde,
//! `spanned` holds the types that keep positions, `error` the error a
//! read gives back, and `messages` the plain words for what saphyr and
//! serde say.

mod de;
mod error;
mod flow;
mod keys;
mod messages;
mod spanned;
mod tree;

use std::sync::Arc;

use saphyr_parser::{Event, Parser};

use crate::diag::{Code, Diagnostic, Span};
use crate::tr;
use messages::explain_syntax_error;
use tree::TreeBuilder;

pub use de::from_node;
pub use error::{DeError, DeErrorKind, HINT, with_hint};
pub use keys::{as_written, chinese_name, has_chinese_keys, key_names};
pub use spanned::{Pairs, Spanned};

/// The documents of a YAML text, split at its `---` lines: each part's text
/// and the number of lines before it. After a syntax error each is read on
/// its own, so that one broken record does not hide the others' problems.
/// (A `---` line inside a block scalar is taken for a separator too: that
/// only costs a second message about the same broken document.)
pub fn documents(text: &str) -> Vec<(&str, u32)> {
    let mut parts = Vec::new();
    let (mut start, mut start_line, mut offset) = (0, 0u32, 0);
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end();
        if (bare == "---" || bare.starts_with("--- ")) && offset > start {
            parts.push((&text[start..offset], start_line));
            (start, start_line) = (offset, line_no as u32);
        }
        offset += line.len();
    }
    parts.push((&text[start..], start_line));
    parts
}

/// Deeper nesting than this is an error: no content file needs more than a
/// handful of levels, and the limit keeps recursion over the tree bounded.
pub(crate) const MAX_DEPTH: usize = 64;

/// A file may hold at most this many values, or one per two bytes of its
/// text when that is more (as many as plain text can hold): aliases that
/// expand it beyond that (an "alias bomb") stop here.
pub(crate) const MIN_NODE_BUDGET: usize = 100_000;

/// A longer scalar is an error: no field needs more (a summary is a few
/// sentences), and it keeps the work done per value (comparing, quoting,
/// suggesting a spelling) small.
pub(crate) const MAX_SCALAR_BYTES: usize = 64 * 1024;

/// One record (an item of a file that is a list, or a file that is one
/// mapping) may hold at most this many values: a project has a few dozen,
/// and the tree of the record being read is what a file's size would
/// otherwise turn into memory.
pub(crate) const MAX_RECORD_VALUES: usize = 100_000;

/// A longer `[…]` or `{…}` collection is an error: the parser holds a flow
/// collection whole before handing any of it on, about 170 bytes of memory
/// a byte. Lists that long are written one item a line.
pub(crate) const MAX_FLOW_BYTES: usize = 256 * 1024;

/// A value of a YAML document and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `plain` is false for quoted and block scalars: `"null"` is a string.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    fn count(&self) -> usize {
        1 + match &self.kind {
            NodeKind::Scalar { .. } => 0,
            NodeKind::Seq(items) => items.iter().map(Node::count).sum(),
            NodeKind::Map(entries) => entries.iter().map(|(k, v)| k.count() + v.count()).sum(),
        }
    }
}

/// Parses every document of `text`. Problems that do not stop parsing
/// (duplicate keys) come back beside the documents; a syntax error ends it.
pub fn parse(text: &str, file: &Arc<str>) -> (Vec<Node>, Vec<Diagnostic>) {
    parse_embedded(text, file, 0)
}

/// Parses YAML that starts `lines_before` lines into `file` (a briefing's
/// front matter), so positions name the lines of the whole file.
pub fn parse_embedded(text: &str, file: &Arc<str>, lines_before: u32) -> (Vec<Node>, Vec<Diagnostic>) {
    let mut builder = TreeBuilder::new(text, file);
    if run(&mut builder, text, lines_before, &mut |_| {}) {
        return (Vec::new(), builder.problems);
    }
    (builder.documents, builder.problems)
}

/// Parses every document of `text` and hands `on_item` its records one by
/// one, as each is complete: each item of a document that is a list, each
/// other document that is not null. Only one record's tree is held at a
/// time. `Ok` holds the problems that do not stop parsing (duplicate keys);
/// `Err` means a syntax error or a limit ended it, and what was handed out
/// is to be dropped, as `parse` would have given no documents.
pub fn parse_items(text: &str, file: &Arc<str>, on_item: impl FnMut(Node)) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    parse_items_at(text, file, 0, on_item)
}

/// As `parse_items`, for text that starts `lines_before` lines into `file`
/// (one document of it, read again on its own after a syntax error).
pub fn parse_items_at(
    text: &str,
    file: &Arc<str>,
    lines_before: u32,
    mut on_item: impl FnMut(Node),
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let mut builder = TreeBuilder::streaming(text, file);
    let failed = run(&mut builder, text, lines_before, &mut |builder| {
        for item in builder.items.drain(..) {
            on_item(item);
        }
    });
    if failed { Err(builder.problems) } else { Ok(builder.problems) }
}

/// Feeds saphyr's events to `builder`, calling `after_event` after each;
/// true when a syntax error or a limit stopped it (the problem is pushed).
fn run(builder: &mut TreeBuilder<'_>, text: &str, lines_before: u32, after_event: &mut dyn FnMut(&mut TreeBuilder<'_>)) -> bool {
    if let Some(start) = flow::oversized_flow(text, MAX_FLOW_BYTES) {
        let before = &text[..start];
        let line = before.matches('\n').count() as u32 + 1 + lines_before;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
        let kb = MAX_FLOW_BYTES / 1024;
        let message = tr!(zh: "这个 `[…]` 或 `{{…}}` 超过了 {kb} KB", en: "this `[…]` or `{{…}}` runs over {kb} KB");
        let problem = builder.error(Code::YamlTooLarge, Span::new(line, col, 1), message).with_hint(tr!(
            zh: "长列表请每行写一项（`- …`），长映射请每行写一个键",
            en: "write a long list one item a line (`- …`), and a long mapping one key a line"
        ));
        builder.problems.push(problem);
        return true;
    }
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        match event {
            Ok((event, span)) => {
                let at = Span::new(span.start.line() as u32 + lines_before, span.start.col() as u32 + 1, span.len() as u32);
                if let Event::Scalar(text, ..) = &event {
                    let problem = control_character(text, builder.file, at);
                    builder.problems.extend(problem);
                }
                if let Err(d) = builder.on_event(event, at) {
                    builder.problems.push(d);
                    return true;
                }
                after_event(builder);
            }
            Err(e) => {
                let m = e.marker();
                let at = Span::new(m.line() as u32 + lines_before, m.col() as u32 + 1, 1);
                let problem = if e.info().contains("recursion limit") {
                    builder.too_deep(at)
                } else {
                    let (at, message, hint) = explain_syntax_error(e.info(), at, text, lines_before, builder.open_flow(text, lines_before));
                    builder
                        .error(Code::YamlSyntax, at, tr!(zh: "YAML 语法错误：{message}", en: "YAML syntax error: {message}"))
                        .with_hint(hint)
                };
                builder.problems.push(problem);
                return true;
            }
        }
    }
    false
}

/// A control character in a value. The file itself holds none (the source
/// check refuses them), so it was written as an escape (`"\a"`, `"\x1b"`,
/// `"\u0000"`), which output must not carry either.
fn control_character(text: &str, file: &Arc<str>, at: Span) -> Option<Diagnostic> {
    let (_, c) = crate::source::find_forbidden(text, crate::source::CarriageReturn::Never)?;
    let what = crate::source::describe_char(c);
    let message = tr!(zh: "这个值里有{what}", en: "this value contains {what}");
    Some(Diagnostic::error(Code::ControlCharacter, crate::diag::Location::new(file, at), message).with_hint(tr!(
        zh: "删去写出它的转义（`\\a`、`\\x1b`、`\\u0007` 等）；只允许制表符和换行",
        en: "remove the escape that writes it (`\\a`, `\\x1b`, `\\u0007` …); only tabs and line breaks are allowed"
    )))
}

/// The text of a scalar (a key, usually).
pub fn scalar_text(node: &Node) -> Option<&str> {
    match &node.kind {
        NodeKind::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn file() -> Arc<str> {
        Arc::from("t.yaml")
    }

    pub(super) fn one(text: &str) -> Node {
        let (mut docs, problems) = parse(text, &file());
        assert!(problems.is_empty(), "{problems:?}");
        docs.remove(0)
    }

    #[test]
    fn syntax_error_has_a_position() {
        let (_, problems) = parse("a: 1\n b: [\n", &file());
        assert_eq!(problems[0].code.as_str(), "yaml-syntax");
        assert!(problems[0].location.span.is_some());
    }
}
