//! YAML, in one place: a parser that keeps the line and column of every
//! value, refuses duplicate keys, bounds nesting and alias expansion, and a
//! serde deserializer over the result whose errors carry those positions.
//!
//! serde_yaml (the design card's first choice) reports positions only in its
//! own errors, keeps the last of two duplicate keys in a map, and is
//! deprecated; the content checks need the position of every field, so the
//! tree is built from saphyr-parser's positioned events instead.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use crate::diag::{Diagnostic, Location, Span};

/// Deeper nesting than this is an error: no content file needs more than a
/// handful of levels, and the limit keeps recursion over the tree bounded.
pub const MAX_DEPTH: usize = 64;

/// A file may hold at most this many values, or one per two bytes of its
/// text when that is more (as many as plain text can hold): aliases that
/// expand it beyond that (an "alias bomb") stop here.
pub const MIN_NODE_BUDGET: usize = 100_000;

/// A value of a YAML document and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `plain` is false for quoted and block scalars: `"null"` is a string.
    Scalar { text: String, plain: bool },
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
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        match event {
            Ok((event, span)) => {
                let at = Span::new(span.start.line() as u32 + lines_before, span.start.col() as u32 + 1, span.len() as u32);
                if let Err(d) = builder.on_event(event, at) {
                    builder.problems.push(d);
                    return (Vec::new(), builder.problems);
                }
            }
            Err(e) => {
                let m = e.marker();
                let at = Span::new(m.line() as u32 + lines_before, m.col() as u32 + 1, 1);
                let problem = if e.info().contains("recursion limit") {
                    builder.too_deep(at)
                } else {
                    let (at, message, hint) = explain_syntax_error(e.info(), at, text, lines_before, builder.open_flow(text, lines_before));
                    builder.error("yaml-syntax", at, format!("YAML syntax error: {message}")).with_hint(hint)
                };
                builder.problems.push(problem);
                return (Vec::new(), builder.problems);
            }
        }
    }
    (builder.documents, builder.problems)
}

/// The parser's words turned into what to fix, and where: the line a tab
/// indents rather than the value before it, the `[` left open rather than
/// the end of the file.
fn explain_syntax_error(
    info: &str,
    at: Span,
    text: &str,
    lines_before: u32,
    open_flow: Option<(Span, char)>,
) -> (Span, String, &'static str) {
    let general = "check the indentation (spaces, lined up with the keys above) and put values holding `: ` or ` #` in quotes";
    if info.contains("tab") {
        // The parser stops on the tab's line or at the value before it.
        let from = at.line.saturating_sub(lines_before).max(1);
        let tab = text.split('\n').enumerate().skip(from as usize - 1).take(2).find_map(|(i, line)| {
            let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
            indent.chars().position(|c| c == '\t').map(|col| Span::new(i as u32 + 1 + lines_before, col as u32 + 1, 1))
        });
        let hint = "YAML indents with spaces only; replace the tab with spaces";
        return (tab.unwrap_or(at), "a tab is used to indent".into(), hint);
    }
    if let Some((open, bracket)) = open_flow.filter(|(open, _)| open.line < at.line) {
        let (what, hint) = if bracket == '[' {
            ("list", "close it with `]`, or put a value starting with `[` in quotes")
        } else {
            ("mapping", "close it with `}`, or put a value starting with `{` in quotes")
        };
        return (open, format!("the {what} opened with `{bracket}` here is not closed"), hint);
    }
    let line = text.split('\n').nth(at.line.saturating_sub(lines_before + 1) as usize).unwrap_or("");
    let before: String = line.chars().take(at.col.saturating_sub(1) as usize).collect();
    let (message, hint) = if info.contains("mapping values are not allowed") && before.contains(": ") {
        ("a value holds `: `, which YAML reads as the start of another key", "put the whole value in quotes, e.g. `key: \"text: more text\"`")
    } else if info.contains("mapping values are not allowed") {
        ("this line is indented more than the key above it", "line keys up with the ones above; indent with spaces")
    } else if info.contains("did not find expected key") || info.contains("expected '-' indicator") {
        ("this line is not lined up with the lines above it", "line keys, and `-` list items, up with the ones above; indent with spaces")
    } else if info.contains("quoted scalar") {
        ("a quoted value is not closed", "end the value with the quote it starts with")
    } else if info.contains("unknown anchor") {
        ("`*` starts a reference to an anchor, and there is no such anchor", "put a value starting with `*` in quotes")
    } else {
        return (at, info.to_string(), general);
    };
    (at, message.to_string(), hint)
}

enum Frame {
    Seq { span: Span, anchor: usize, items: Vec<Node> },
    /// `seen` holds the keys so far, so that a duplicate is found without
    /// comparing every pair (a mapping may have a million keys).
    Map { span: Span, anchor: usize, entries: Vec<(Node, Node)>, key: Option<Node>, seen: HashMap<String, Span> },
}

struct TreeBuilder<'a> {
    file: &'a Arc<str>,
    stack: Vec<Frame>,
    documents: Vec<Node>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    budget: usize,
    problems: Vec<Diagnostic>,
}

impl<'a> TreeBuilder<'a> {
    fn new(text: &str, file: &'a Arc<str>) -> Self {
        TreeBuilder {
            file,
            stack: Vec::new(),
            documents: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            budget: MIN_NODE_BUDGET.max(text.len() / 2),
            problems: Vec::new(),
        }
    }

    /// The innermost `[…]` or `{…}` still open, and its bracket.
    fn open_flow(&self, text: &str, lines_before: u32) -> Option<(Span, char)> {
        let span = match self.stack.last()? {
            Frame::Seq { span, .. } | Frame::Map { span, .. } => *span,
        };
        let line = text.split('\n').nth(span.line.checked_sub(lines_before + 1)? as usize)?;
        let bracket = line.chars().nth(span.col.checked_sub(1)? as usize)?;
        matches!(bracket, '[' | '{').then_some((span, bracket))
    }

    fn error(&self, code: &'static str, span: Span, message: String) -> Diagnostic {
        Diagnostic::error(code, Location::new(self.file, span), message)
    }

    fn too_deep(&self, span: Span) -> Diagnostic {
        self.error("yaml-too-deep", span, format!("values are nested more than {MAX_DEPTH} levels deep"))
            .with_hint("content needs only a few levels; check the brackets and the indentation")
    }

    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), Diagnostic> {
        match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(self.too_deep(span));
                }
                self.stack.push(match event {
                    Event::SequenceStart(..) => Frame::Seq { span, anchor, items: Vec::new() },
                    _ => Frame::Map { span, anchor, entries: Vec::new(), key: None, seen: HashMap::new() },
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Seq { span, anchor, items }) => (Node { span, kind: NodeKind::Seq(items) }, anchor),
                    Some(Frame::Map { span, anchor, entries, .. }) => (Node { span, kind: NodeKind::Map(entries) }, anchor),
                    None => return Ok(()),
                };
                self.finish(node.0, node.1, 1)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let forced_string = tag.is_some_and(|t| t.suffix == "str");
                let plain = style == ScalarStyle::Plain && !forced_string;
                let node = Node { span, kind: NodeKind::Scalar { text: Cow::into_owned(text), plain } };
                self.finish(node, anchor, 1)?;
            }
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id) else {
                    return Err(self.error(
                        "yaml-syntax",
                        span,
                        "YAML syntax error: `*` starts a reference to an anchor, and there is no such anchor".into(),
                    )
                    .with_hint("put a value starting with `*` in quotes"));
                };
                // Checked before the copy is made: the copy is what a bomb
                // would exhaust memory with.
                let count = node.count();
                if self.nodes + count > self.budget {
                    return Err(self
                        .error("yaml-too-large", span, format!("aliases expand this file to more than {} values", self.budget))
                        .with_hint("an alias (`*name`) repeats the value of its anchor (`&name`); write the values out instead"));
                }
                let node = node.clone();
                self.finish(node, 0, count)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// A complete value, holding `values` values in all (more than one for
    /// a copy made by an alias): remember it when anchored, attach it to its
    /// parent.
    fn finish(&mut self, node: Node, anchor: usize, values: usize) -> Result<(), Diagnostic> {
        self.nodes += values;
        if self.nodes > self.budget {
            return Err(self.error("yaml-too-large", node.span, format!("the file holds more than {} values", self.budget)));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { key, .. }) if key.is_none() => {
                if !matches!(node.kind, NodeKind::Scalar { .. }) {
                    let span = node.span;
                    return Err(self.error("yaml-complex-key", span, "a key must be a single value, not a list or mapping".into()));
                }
                *key = Some(node);
            }
            Some(Frame::Map { entries, key, seen, .. }) => {
                let k = key.take().unwrap_or_else(|| node.clone());
                let name = scalar_text(&k).unwrap_or_default();
                if let Some(&first) = seen.get(name) {
                    let d = Diagnostic::error(
                        "duplicate-key",
                        Location::new(self.file, k.span),
                        format!("the key `{name}` appears twice in this mapping"),
                    )
                    .with_related(Location::new(self.file, first), "first given here")
                    .with_hint("remove one of them; only one value can count");
                    self.problems.push(d);
                } else {
                    seen.insert(name.to_string(), k.span);
                    entries.push((k, node));
                }
            }
        }
        Ok(())
    }
}

/// The text of a scalar (a key, usually).
pub fn scalar_text(node: &Node) -> Option<&str> {
    match &node.kind {
        NodeKind::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Values with their position.

/// A value with the position it was written at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Spanned<T> {
    pub span: Span,
    pub value: T,
}

const SPANNED: &str = "$gongbao::Spanned";

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for Spanned<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpannedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: de::Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Spanned<T>, A::Error> {
                let missing = || de::Error::custom("a positioned value needs its position");
                let line = seq.next_element()?.ok_or_else(missing)?;
                let col = seq.next_element()?.ok_or_else(missing)?;
                let len = seq.next_element()?.ok_or_else(missing)?;
                let value = seq.next_element()?.ok_or_else(missing)?;
                Ok(Spanned { span: Span { line, col, len }, value })
            }
        }
        deserializer.deserialize_newtype_struct(SPANNED, SpannedVisitor(std::marker::PhantomData))
    }
}

/// A mapping read as its pairs in written order, keys with their positions:
/// for maps such as `funds_in_place` whose keys need checking one by one.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairs<V>(pub Vec<(Spanned<String>, Spanned<V>)>);

impl<V> Default for Pairs<V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<'de, V: de::Deserialize<'de>> de::Deserialize<'de> for Pairs<V> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: de::Deserialize<'de>> Visitor<'de> for PairsVisitor<V> {
            type Value = Pairs<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Pairs<V>, A::Error> {
                let mut pairs = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    pairs.push(entry);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor(std::marker::PhantomData))
    }
}

// ---------------------------------------------------------------------------
// Deserialization from the tree.

/// Why a value could not be read, where, and under which key.
#[derive(Debug, Clone, PartialEq)]
pub struct DeError {
    pub span: Option<Span>,
    /// The key whose value was wrong, as written (`amount`, `协议投资额`).
    pub key: Option<String>,
    pub kind: DeErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeErrorKind {
    UnknownField { field: String, expected: &'static [&'static str] },
    UnknownVariant { variant: String, expected: &'static [&'static str] },
    MissingField(&'static str),
    /// A key given twice under two of its names (`name` and `名称`).
    DuplicateField(&'static str),
    /// `expected` and `found` in plain words.
    InvalidType { expected: String, found: String },
    /// Said by the type itself (a money or date parser); may carry a hint
    /// after `HINT`.
    Message(String),
}

/// Separates a message from its hint in the one string a `Deserialize`
/// impl can give serde. A YAML text cannot hold this control character, so
/// no value the user wrote can contain it.
pub const HINT: char = '\u{1f}';

/// A message and a hint as one serde error string (see `HINT`).
pub fn with_hint(message: impl std::fmt::Display, hint: impl std::fmt::Display) -> String {
    format!("{message}{HINT}{hint}")
}

impl DeError {
    fn new(kind: DeErrorKind) -> Self {
        DeError { span: None, key: None, kind }
    }

    fn at(mut self, span: Span) -> Self {
        self.span.get_or_insert(span);
        self
    }

    /// The innermost key is the one to name: the caret shows the rest.
    fn under(mut self, key: &Node) -> Self {
        if self.key.is_none() {
            self.key = scalar_text(key).map(str::to_string);
        }
        self
    }

    /// As a diagnostic of `file`, naming the key and with a hint where one helps.
    pub fn into_diagnostic(self, file: &Arc<str>, fallback: Span) -> Diagnostic {
        let location = Location::new(file, self.span.unwrap_or(fallback));
        let key = self.key.as_deref();
        match self.kind {
            DeErrorKind::UnknownField { field, expected } => {
                let d = Diagnostic::error("unknown-key", location, format!("unknown key `{field}`"));
                d.with_hint(match crate::diag::did_you_mean(&field, expected.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known keys: {} (or their Chinese names)", english(expected).join(", ")),
                })
            }
            DeErrorKind::UnknownVariant { variant, expected } => {
                let message = match key {
                    Some(key) => format!("unknown value `{variant}` for `{key}`"),
                    None => format!("unknown value `{variant}`"),
                };
                Diagnostic::error("unknown-value", location, message).with_hint(
                    match crate::diag::did_you_mean(&variant, expected.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("one of: {}", english(expected).join(", ")),
                    },
                )
            }
            DeErrorKind::MissingField(field) => {
                Diagnostic::error("missing-field", location, format!("missing required key `{field}`"))
            }
            DeErrorKind::DuplicateField(field) => {
                Diagnostic::error("duplicate-key", location, format!("the key `{field}` is given twice, under two of its names"))
                    .with_hint("a key's English and Chinese names are the same key; keep one")
            }
            DeErrorKind::InvalidType { expected, found } => {
                let message = match key {
                    Some(key) => format!("`{key}` should be {expected}, not {found}"),
                    None => format!("expected {expected}, found {found}"),
                };
                Diagnostic::error("wrong-type", location, message)
            }
            DeErrorKind::Message(m) => {
                let (message, hint) = m.split_once(HINT).map_or((m.as_str(), None), |(m, h)| (m, Some(h)));
                let message = match key {
                    Some(key) => format!("`{key}`: {message}"),
                    None => message.to_string(),
                };
                let d = Diagnostic::error("wrong-type", location, message);
                match hint {
                    Some(hint) => d.with_hint(hint),
                    None => d,
                }
            }
        }
    }
}

/// The names to list in a hint: the English ones when there are any (the
/// Chinese aliases would double the list), else all.
fn english(names: &'static [&'static str]) -> Vec<&'static str> {
    let ascii: Vec<&str> = names.iter().copied().filter(|n| n.is_ascii()).collect();
    if ascii.is_empty() { names.to_vec() } else { ascii }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DeErrorKind::UnknownField { field, .. } => write!(f, "unknown key `{field}`"),
            DeErrorKind::UnknownVariant { variant, .. } => write!(f, "unknown value `{variant}`"),
            DeErrorKind::MissingField(field) => write!(f, "missing required key `{field}`"),
            DeErrorKind::DuplicateField(field) => write!(f, "the key `{field}` is given twice"),
            DeErrorKind::InvalidType { expected, found } => write!(f, "expected {expected}, found {found}"),
            DeErrorKind::Message(m) => f.write_str(m.split(HINT).next().unwrap_or_default()),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(DeErrorKind::Message(msg.to_string()))
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(DeErrorKind::UnknownField { field: field.to_string(), expected })
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(DeErrorKind::UnknownVariant { variant: variant.to_string(), expected })
    }
    fn missing_field(field: &'static str) -> Self {
        DeError::new(DeErrorKind::MissingField(field))
    }
    fn duplicate_field(field: &'static str) -> Self {
        DeError::new(DeErrorKind::DuplicateField(field))
    }
    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::new(DeErrorKind::InvalidType { expected: plain_expected(exp), found: plain_unexpected(&unexp) })
    }
    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        let expected = exp.to_string();
        match (integer_range(&expected), unexp) {
            (Some((min, max)), de::Unexpected::Signed(_) | de::Unexpected::Unsigned(_)) => Self::custom(format!(
                "{} is out of range: it should be a whole number from {min} to {max}",
                plain_unexpected(&unexp)
            )),
            _ => Self::invalid_type(unexp, exp),
        }
    }
}

/// The range of an integer type as serde names it (`u32`, `i16`).
fn integer_range(name: &str) -> Option<(i128, u128)> {
    Some(match name {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX.into()),
        "i8" => (i8::MIN.into(), i8::MAX as u128),
        "i16" => (i16::MIN.into(), i16::MAX as u128),
        "i32" => (i32::MIN.into(), i32::MAX as u128),
        "i64" => (i64::MIN.into(), i64::MAX as u128),
        _ => return None,
    })
}

/// serde's words for what it wanted, said the way an office clerk would.
fn plain_expected(exp: &dyn de::Expected) -> String {
    let s = exp.to_string();
    if s.starts_with("struct ") || s.starts_with("a map") {
        "a mapping (`key: value` lines)".into()
    } else if s.starts_with("a sequence") || s.starts_with("tuple") {
        "a list".into()
    } else if integer_range(&s).is_some() {
        "a whole number".into()
    } else if s == "a string" || s == "a borrowed string" {
        "text".into()
    } else if s == "a boolean" {
        "true or false".into()
    } else if s.starts_with("variant identifier") || s.starts_with("enum ") {
        "one of the known values".into()
    } else {
        s
    }
}

fn plain_unexpected(unexp: &de::Unexpected) -> String {
    match unexp {
        de::Unexpected::Seq => "a list".into(),
        de::Unexpected::Map => "a mapping".into(),
        de::Unexpected::Unit => "nothing".into(),
        de::Unexpected::Str(s) => format!("`{s}`"),
        de::Unexpected::Bool(b) => format!("`{b}`"),
        de::Unexpected::Signed(n) => format!("`{n}`"),
        de::Unexpected::Unsigned(n) => format!("`{n}`"),
        de::Unexpected::Float(n) => format!("`{n}`"),
        other => other.to_string(),
    }
}

/// Reads a `T` from a parsed node.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, DeError> {
    T::deserialize(NodeDeserializer(node))
}

#[derive(Clone, Copy)]
struct NodeDeserializer<'de>(&'de Node);

impl<'de> NodeDeserializer<'de> {
    fn scalar(&self) -> Option<(&'de str, bool)> {
        match &self.0.kind {
            NodeKind::Scalar { text, plain } => Some((text.as_str(), *plain)),
            _ => None,
        }
    }

    fn unexpected(&self) -> de::Unexpected<'de> {
        match &self.0.kind {
            _ if self.0.is_null() => de::Unexpected::Unit,
            NodeKind::Scalar { text, .. } => de::Unexpected::Str(text),
            NodeKind::Seq(_) => de::Unexpected::Seq,
            NodeKind::Map(_) => de::Unexpected::Map,
        }
    }

    fn number<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let Some((text, _)) = self.scalar().filter(|_| !self.0.is_null()) else {
            return Err(de::Error::invalid_type(self.unexpected(), &visitor));
        };
        let clean = text.trim();
        if let Ok(n) = clean.parse::<u64>() {
            visitor.visit_u64(n)
        } else if let Ok(n) = clean.parse::<i64>() {
            visitor.visit_i64(n)
        } else if looks_numeric(clean)
            && let Ok(n) = clean.parse::<f64>()
        {
            visitor.visit_f64(n)
        } else {
            Err(de::Error::invalid_type(de::Unexpected::Str(text), &visitor))
        }
    }
}

fn looks_numeric(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.')
        && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
}

macro_rules! forward_numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            self.number(visitor).map_err(|e| e.at(self.0.span))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.0.span;
        let result = match &self.0.kind {
            _ if self.0.is_null() => visitor.visit_unit(),
            NodeKind::Scalar { text, plain: true } if text == "true" || text == "false" => visitor.visit_bool(text == "true"),
            NodeKind::Scalar { text, plain: true } if looks_numeric(text) && text.parse::<f64>().is_ok() => self.number(visitor),
            NodeKind::Scalar { text, .. } => visitor.visit_borrowed_str(text),
            NodeKind::Seq(_) => return self.deserialize_seq(visitor),
            NodeKind::Map(_) => return self.deserialize_map(visitor),
        };
        result.map_err(|e| e.at(span))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match self.scalar() {
            Some(("true", _)) => visitor.visit_bool(true),
            Some(("false", _)) => visitor.visit_bool(false),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        result.map_err(|e: DeError| e.at(self.0.span))
    }

    forward_numbers!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64);

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match self.scalar() {
            Some((text, _)) if !self.0.is_null() => visitor.visit_borrowed_str(text),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        result.map_err(|e: DeError| e.at(self.0.span))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.0.is_null() { visitor.visit_none() } else { visitor.visit_some(self) }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result =
            if self.0.is_null() { visitor.visit_unit() } else { Err(de::Error::invalid_type(self.unexpected(), &visitor)) };
        result.map_err(|e: DeError| e.at(self.0.span))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, DeError> {
        if name == SPANNED {
            let span = self.0.span;
            visitor.visit_seq(SpannedAccess { node: self, step: 0, span })
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.0.kind {
            NodeKind::Seq(items) => visitor.visit_seq(SeqDeserializer { items: items.iter() }),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        result.map_err(|e: DeError| e.at(self.0.span))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let NodeKind::Map(entries) = &self.0.kind else {
            return Err(DeError::at(de::Error::invalid_type(self.unexpected(), &visitor), self.0.span));
        };
        // An error raised by the visitor itself (a field given twice) is
        // best shown at the last key it read.
        let last_key = Cell::new(None);
        let result = visitor.visit_map(MapDeserializer { entries: entries.iter(), value: None, last_key: &last_key });
        result.map_err(|e| match e.kind {
            DeErrorKind::MissingField(_) => e.at(self.0.span),
            _ => e.at(last_key.get().unwrap_or(self.0.span)),
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let result = match self.scalar() {
            Some((text, _)) if !self.0.is_null() => visitor.visit_enum(text.into_deserializer()),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        result.map_err(|e: DeError| e.at(self.0.span))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

struct SeqDeserializer<'de> {
    items: std::slice::Iter<'de, Node>,
}

impl<'de> de::SeqAccess<'de> for SeqDeserializer<'de> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(node) => seed.deserialize(NodeDeserializer(node)).map(Some),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDeserializer<'de, 'c> {
    entries: std::slice::Iter<'de, (Node, Node)>,
    /// The entry whose key was read and whose value is next.
    value: Option<(&'de Node, &'de Node)>,
    last_key: &'c Cell<Option<Span>>,
}

impl<'de> de::MapAccess<'de> for MapDeserializer<'de, '_> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some((key, value));
                self.last_key.set(Some(key.span));
                seed.deserialize(NodeDeserializer(key)).map(Some).map_err(|e| e.at(key.span))
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some((key, node)) => seed.deserialize(NodeDeserializer(node)).map_err(|e| e.under(key)),
            None => Err(de::Error::custom("a value was read before its key")),
        }
    }
}

/// Hands a `Spanned<T>` its line, column, length and then the value.
struct SpannedAccess<'de> {
    node: NodeDeserializer<'de>,
    step: u8,
    span: Span,
}

impl<'de> de::SeqAccess<'de> for SpannedAccess<'de> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        self.step += 1;
        let number = |n: u32| seed_u32(n);
        match self.step {
            1 => seed.deserialize(number(self.span.line)).map(Some),
            2 => seed.deserialize(number(self.span.col)).map(Some),
            3 => seed.deserialize(number(self.span.len)).map(Some),
            4 => seed.deserialize(self.node).map(Some),
            _ => Ok(None),
        }
    }
}

fn seed_u32(n: u32) -> de::value::U32Deserializer<DeError> {
    n.into_deserializer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn file() -> Arc<str> {
        Arc::from("t.yaml")
    }

    fn one(text: &str) -> Node {
        let (mut docs, problems) = parse(text, &file());
        assert!(problems.is_empty(), "{problems:?}");
        docs.remove(0)
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Record {
        id: Spanned<String>,
        #[serde(alias = "名称")]
        name: String,
        count: Option<u32>,
        tags: Option<Vec<String>>,
    }

    #[test]
    fn keeps_positions_of_values() {
        let node = one("id: a-1\n名称: 园区\ncount: 3\n");
        let r: Record = from_node(&node).unwrap();
        assert_eq!(r.id.span, Span::new(1, 5, 3));
        assert_eq!(r.name, "园区");
        assert_eq!(r.count, Some(3));
    }

    #[test]
    fn reports_unknown_key_at_the_key() {
        let node = one("id: a\nname: b\ncont: 3\n");
        let e = from_node::<Record>(&node).unwrap_err();
        assert_eq!(e.span.map(|s| (s.line, s.col)), Some((3, 1)));
        assert!(matches!(e.kind, DeErrorKind::UnknownField { ref field, .. } if field == "cont"));
    }

    #[test]
    fn reports_missing_key_at_the_mapping() {
        let node = one("- id: a\n  count: 2\n");
        let NodeKind::Seq(items) = &node.kind else { panic!() };
        let e = from_node::<Record>(&items[0]).unwrap_err();
        assert_eq!(e.kind, DeErrorKind::MissingField("name"));
        assert_eq!(e.span.map(|s| (s.line, s.col)), Some((1, 3)));
    }

    #[test]
    fn reports_wrong_type_at_the_value() {
        let node = one("id: a\nname: b\ncount: [1, 2]\n");
        let e = from_node::<Record>(&node).unwrap_err();
        assert_eq!(e.span.map(|s| (s.line, s.col)), Some((3, 8)));
        assert_eq!(e.to_string(), "expected a whole number, found a list");
    }

    #[test]
    fn refuses_duplicate_keys_naming_both() {
        let (_, problems) = parse("a: 1\nb: 2\na: 3\n", &file());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location.span.map(|s| s.line), Some(3));
        assert_eq!(problems[0].related.as_ref().and_then(|r| r.0.span).map(|s| s.line), Some(1));
    }

    #[test]
    fn quoted_numbers_stay_text_and_crlf_is_fine() {
        let node = one("id: \"007\"\r\nname: x\r\ncount: 12\r\n");
        let r: Record = from_node(&node).unwrap();
        assert_eq!(r.id.value, "007");
        assert_eq!(r.count, Some(12));
    }

    #[test]
    fn stops_an_alias_bomb() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
            text.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let (docs, problems) = parse(&text, &file());
        assert!(docs.is_empty());
        assert_eq!(problems[0].code, "yaml-too-large");
    }

    #[test]
    fn counts_every_value_an_alias_repeats() {
        // Each alias alone is within the budget; all of them are not.
        let mut text = format!("x: &x [{}]\n", vec!["a"; 9_000].join(", "));
        text.push_str(&format!("y: [{}]\n", vec!["*x"; 100].join(", ")));
        let (docs, problems) = parse(&text, &file());
        assert!(docs.is_empty());
        assert_eq!(problems[0].code, "yaml-too-large");
    }

    #[test]
    fn stops_deep_nesting() {
        let flow = "[".repeat(10_000) + &"]".repeat(10_000);
        let block: String = (0..10_000).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        for text in [flow, block] {
            let (_, problems) = parse(&text, &file());
            assert_eq!(problems[0].code, "yaml-too-deep", "{}", problems[0].message);
        }
    }

    #[test]
    fn syntax_errors_say_what_to_fix_where() {
        let cases = [
            ("a: 1\n\tb: 2\n", (2, 1), "a tab is used to indent"),
            ("a: [1, 2\nb: 3\n", (1, 4), "the list opened with `[` here is not closed"),
            ("a: {x: 1\n", (1, 4), "the mapping opened with `{` here is not closed"),
            ("a: 建设内容: 年产\n", (1, 8), "a value holds `: `, which YAML reads as the start of another key"),
            ("a: 1\n b: 2\n", (2, 3), "this line is indented more than the key above it"),
            ("a: \"年产\n", (1, 4), "a quoted value is not closed"),
            ("a: *nope\n", (1, 4), "`*` starts a reference to an anchor, and there is no such anchor"),
        ];
        for (text, (line, col), message) in cases {
            let (_, problems) = parse(text, &file());
            let p = &problems[0];
            assert_eq!(p.message, format!("YAML syntax error: {message}"), "{text:?}");
            assert_eq!(p.location.span.map(|s| (s.line, s.col)), Some((line, col)), "{text:?}");
        }
    }

    #[test]
    fn errors_name_the_key_as_written() {
        let node = one("id: a\n名称: [x]\n");
        let e = from_node::<Record>(&node).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("名称"));
        let d = e.into_diagnostic(&file(), Span::default());
        assert_eq!(d.message, "`名称` should be text, not a list");
    }

    #[test]
    fn syntax_error_has_a_position() {
        let (_, problems) = parse("a: 1\n b: [\n", &file());
        assert_eq!(problems[0].code, "yaml-syntax");
        assert!(problems[0].location.span.is_some());
    }
}
