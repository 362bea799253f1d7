//! The tree builder: saphyr-parser's events to `Node`s, with duplicate keys,
//! nesting and alias expansion checked on the way.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use saphyr_parser::{Event, ScalarStyle};

use super::{MAX_DEPTH, MIN_NODE_BUDGET, Node, NodeKind, scalar_text};
use crate::diag::{Code, Diagnostic, Location, Span};
use crate::tr;

/// A mapping with more keys than this also indexes them in `seen`; a
/// smaller one (every record) finds a duplicate by comparing its few keys,
/// which costs less than a hash map per mapping.
const INDEX_KEYS_FROM: usize = 16;

enum Frame {
    Seq {
        span: Span,
        anchor: usize,
        items: Vec<Node>,
    },
    /// `seen` holds the keys once there are many, so that a duplicate is
    /// found without comparing every pair (a mapping may have a million keys).
    Map {
        span: Span,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        seen: HashMap<String, Span>,
    },
}

pub(super) struct TreeBuilder<'a> {
    pub(super) file: &'a Arc<str>,
    stack: Vec<Frame>,
    pub(super) documents: Vec<Node>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    budget: usize,
    pub(super) problems: Vec<Diagnostic>,
    /// When set, the items of a document that is a list are handed out one
    /// by one as they are complete (in `items`) instead of kept in the list:
    /// a file of 40,000 records then never holds more than one record's tree.
    stream: bool,
    /// The items handed out and not yet taken: records of a streamed list,
    /// and documents that are not lists.
    pub(super) items: Vec<Node>,
    /// `nodes` when the current record started, to bound one record's size.
    record_start: usize,
}

impl<'a> TreeBuilder<'a> {
    pub(super) fn new(text: &str, file: &'a Arc<str>) -> Self {
        TreeBuilder {
            file,
            stack: Vec::new(),
            documents: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            budget: MIN_NODE_BUDGET.max(text.len() / 2),
            problems: Vec::new(),
            stream: false,
            items: Vec::new(),
            record_start: 0,
        }
    }

    /// A builder that hands out records as they are complete (see `stream`).
    pub(super) fn streaming(text: &str, file: &'a Arc<str>) -> Self {
        TreeBuilder { stream: true, ..TreeBuilder::new(text, file) }
    }

    /// Whether a value completed now is a record of a streamed list: an item
    /// of a document that is a list without an anchor (an alias to it would
    /// need its items kept).
    fn is_streamed_item(&self) -> bool {
        self.stream && matches!(self.stack.as_slice(), [Frame::Seq { anchor: 0, .. }])
    }

    /// The innermost `[…]` or `{…}` still open, and its bracket.
    pub(super) fn open_flow(&self, text: &str, lines_before: u32) -> Option<(Span, char)> {
        let span = match self.stack.last()? {
            Frame::Seq { span, .. } | Frame::Map { span, .. } => *span,
        };
        let line = text.split('\n').nth(span.line.checked_sub(lines_before + 1)? as usize)?;
        let bracket = line.chars().nth(span.col.checked_sub(1)? as usize)?;
        matches!(bracket, '[' | '{').then_some((span, bracket))
    }

    pub(super) fn error(&self, code: Code, span: Span, message: String) -> Diagnostic {
        Diagnostic::error(code, Location::new(self.file, span), message)
    }

    pub(super) fn too_deep(&self, span: Span) -> Diagnostic {
        self.error(
            Code::YamlTooDeep,
            span,
            tr!(zh: "值嵌套超过了 {MAX_DEPTH} 层", en: "values are nested more than {MAX_DEPTH} levels deep"),
        )
        .with_hint(tr!(zh: "内容只需要几层；检查括号和缩进", en: "content needs only a few levels; check the brackets and the indentation"))
    }

    pub(super) fn too_long(&self, span: Span, bytes: usize) -> Diagnostic {
        const KB: usize = 1024;
        let size = format!("{:.1}", bytes as f64 / KB as f64);
        let limit = super::MAX_SCALAR_BYTES / KB;
        self.error(
            Code::YamlTooLong,
            span,
            tr!(zh: "这个值有 {size} KB，超过了 {limit} KB 的上限", en: "this value is {size} KB, more than the limit of {limit} KB"),
        )
        .with_hint(tr!(
            zh: "一个值最多写几句话（上限约两万个汉字）；长文请写成专题文章（briefing）",
            en: "a value needs a few sentences at most (the limit is about 20,000 Chinese characters); long texts belong in a briefing"
        ))
    }

    pub(super) fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), Diagnostic> {
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
                // Lists grow by doubling: trimmed, a finished one holds no
                // room it will never use.
                let node = match self.stack.pop() {
                    Some(Frame::Seq { span, anchor, mut items }) => {
                        items.shrink_to_fit();
                        (Node { span, kind: NodeKind::Seq(items) }, anchor)
                    }
                    Some(Frame::Map { span, anchor, mut entries, .. }) => {
                        entries.shrink_to_fit();
                        (Node { span, kind: NodeKind::Map(entries) }, anchor)
                    }
                    None => return Ok(()),
                };
                self.finish(node.0, node.1, 1)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                if text.len() > super::MAX_SCALAR_BYTES {
                    return Err(self.too_long(span, text.len()));
                }
                let forced_string = tag.is_some_and(|t| t.suffix == "str");
                let plain = style == ScalarStyle::Plain && !forced_string;
                let node = Node { span, kind: NodeKind::Scalar { text: Cow::into_owned(text), plain } };
                self.finish(node, anchor, 1)?;
            }
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id) else {
                    return Err(self
                        .error(
                            Code::YamlSyntax,
                            span,
                            tr!(
                                zh: "YAML 语法错误：`*` 表示引用一个锚点，但没有这个锚点",
                                en: "YAML syntax error: `*` starts a reference to an anchor, and there is no such anchor"
                            ),
                        )
                        .with_hint(tr!(zh: "以 `*` 开头的值要放进半角引号", en: "put a value starting with `*` in quotes")));
                };
                // Checked before the copy is made: the copy is what a bomb
                // would exhaust memory with.
                let count = node.count();
                if self.nodes + count > self.budget {
                    let budget = self.budget;
                    return Err(self
                        .error(
                            Code::YamlTooLarge,
                            span,
                            tr!(zh: "别名展开后，这个文件超过了 {budget} 个值", en: "aliases expand this file to more than {budget} values"),
                        )
                        .with_hint(tr!(
                            zh: "别名（`*name`）会重复锚点（`&name`）的值；请把值直接写出来",
                            en: "an alias (`*name`) repeats the value of its anchor (`&name`); write the values out instead"
                        )));
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
            let budget = self.budget;
            return Err(self.error(
                Code::YamlTooLarge,
                node.span,
                tr!(zh: "这个文件超过了 {budget} 个值", en: "the file holds more than {budget} values"),
            ));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        if self.stream && self.nodes - self.record_start > super::MAX_RECORD_VALUES {
            return Err(self
                .error(Code::YamlTooLarge, node.span, {
                    let max = super::MAX_RECORD_VALUES;
                    tr!(zh: "一条记录超过了 {max} 个值", en: "one record holds more than {max} values")
                })
                .with_hint(tr!(
                    zh: "一条记录只需几十个值；检查缩进，或把列表拆开",
                    en: "a record needs a few dozen values; check the indentation, or split the list"
                )));
        }
        if self.is_streamed_item() {
            self.record_start = self.nodes;
            self.items.push(node);
            return Ok(());
        }
        match self.stack.last_mut() {
            None if self.stream => {
                self.record_start = self.nodes;
                match node.kind {
                    // Its items were handed out already, unless it has an anchor.
                    NodeKind::Seq(items) => self.items.extend(items),
                    _ if node.is_null() => {}
                    _ => self.items.push(node),
                }
            }
            None => self.documents.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { key, .. }) if key.is_none() => {
                if !matches!(node.kind, NodeKind::Scalar { .. }) {
                    let span = node.span;
                    return Err(self.error(
                        Code::YamlComplexKey,
                        span,
                        tr!(zh: "键只能是单个值，不能是列表或映射", en: "a key must be a single value, not a list or mapping"),
                    ));
                }
                *key = Some(node);
            }
            Some(Frame::Map { entries, key, seen, .. }) => {
                let k = key.take().unwrap_or_else(|| node.clone());
                let name = scalar_text(&k).unwrap_or_default();
                let first = if entries.len() < INDEX_KEYS_FROM {
                    entries.iter().find(|(key, _)| scalar_text(key) == Some(name)).map(|(key, _)| key.span)
                } else {
                    if seen.is_empty() {
                        seen.extend(entries.iter().map(|(key, _)| (scalar_text(key).unwrap_or_default().to_string(), key.span)));
                    }
                    seen.get(name).copied()
                };
                if let Some(first) = first {
                    let d = Diagnostic::error(
                        Code::DuplicateKey,
                        Location::new(self.file, k.span),
                        tr!(zh: "键 `{name}` 在这里写了两次", en: "the key `{name}` appears twice in this mapping"),
                    )
                    .with_related(Location::new(self.file, first), tr!(zh: "第一次写在这里", en: "first given here"))
                    .with_hint(tr!(zh: "删去其中一个：只有一个值能算数", en: "remove one of them; only one value can count"));
                    self.problems.push(d);
                } else {
                    if !seen.is_empty() {
                        seen.insert(name.to_string(), k.span);
                    }
                    entries.push((k, node));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::yaml::parse;
    use crate::yaml::tests::file;

    #[test]
    fn refuses_duplicate_keys_naming_both() {
        let (_, problems) = parse("a: 1\nb: 2\na: 3\n", &file());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location.span.map(|s| s.line), Some(3));
        assert_eq!(problems[0].related.as_ref().and_then(|r| r.0.span).map(|s| s.line), Some(1));
    }

    #[test]
    fn stops_an_alias_bomb() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
            text.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let (docs, problems) = parse(&text, &file());
        assert!(docs.is_empty());
        assert_eq!(problems[0].code.as_str(), "yaml-too-large");
    }

    #[test]
    fn counts_every_value_an_alias_repeats() {
        // Each alias alone is within the budget; all of them are not.
        let mut text = format!("x: &x [{}]\n", vec!["a"; 9_000].join(", "));
        text.push_str(&format!("y: [{}]\n", vec!["*x"; 100].join(", ")));
        let (docs, problems) = parse(&text, &file());
        assert!(docs.is_empty());
        assert_eq!(problems[0].code.as_str(), "yaml-too-large");
    }

    #[test]
    fn stops_deep_nesting() {
        let flow = "[".repeat(10_000) + &"]".repeat(10_000);
        let block: String = (0..10_000).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        for text in [flow, block] {
            let (_, problems) = parse(&text, &file());
            assert_eq!(problems[0].code.as_str(), "yaml-too-deep", "{}", problems[0].message);
        }
    }
}
