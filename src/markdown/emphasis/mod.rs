//! CJK-friendly emphasis: pairs `*` and `_` again with the amended flanking rules.
//!
//! CommonMark decides whether `*` can open or close emphasis from the characters around it.
//! Next to punctuation it demands whitespace on the other side, which Chinese never has:
//! `**“招商”**引资` keeps its asterisks. The "CommonMark CJK-friendly amendments" relax those
//! flanking rules next to CJK characters. pulldown-cmark cannot be told to use them, so each
//! stretch of inline content with emphasis is paired again here: the delimiter runs are recovered
//! from the source (runs pulldown-cmark paired, from the ranges of its emphasis events; runs it
//! left, from its text), classified with the amended rules, and paired with CommonMark's
//! algorithm. Links, images and strikethrough keep their extent; emphasis pairs only within one
//! of them. Without CJK characters the result is pulldown-cmark's own (a test checks this).

mod flanking;
#[cfg(test)]
mod tests;
mod unicode;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::is_backslash_escaped;
use flanking::{After, Before, can_open_and_close};

/// A maximal run of `*` or `_` in the source, and what pairing made of it.
struct DelimiterRun {
    delimiter: u8,
    start: usize,
    len: usize,
    can_open: bool,
    can_close: bool,
    /// Delimiters not used by any pair: they stay as text.
    remaining: usize,
    /// The pairs this run closes, innermost first (recorded one after another).
    closes: Range<usize>,
    /// The outermost pair this run opens; each pair leads to the one inside it.
    outermost_open: Option<usize>,
}

/// Emphasis or strong emphasis made of an opening and a closing run.
struct Pair {
    strong: bool,
    /// The pair opened just inside this one by the same run.
    inner_open: Option<usize>,
}

enum Inline<'a> {
    Event(Event<'a>),
    Run(usize),
}

/// Runs that may open emphasis within one link, image or strikethrough (or the whole group):
/// emphasis never pairs across their edges.
#[derive(Default)]
struct Scope {
    /// Indices of runs that may still open, innermost last.
    openers: Vec<usize>,
    /// Per kind of closer: openers before this run index are known not to match it.
    openers_bottom: [usize; 12],
}

pub(super) fn apply_cjk_emphasis<'a>(source: &'a str, events: Vec<(Event<'a>, Range<usize>)>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len() + events.len() / 4);
    let mut pass = EmphasisPass::new(source);
    let mut group: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    let mut in_code_block = false;
    for (event, range) in events {
        if in_code_block || !is_inline(&event) {
            pass.flush(&mut group, &mut out);
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
                Event::End(TagEnd::CodeBlock) => in_code_block = false,
                _ => {}
            }
            out.push(event);
        } else {
            group.push((event, range));
        }
    }
    pass.flush(&mut group, &mut out);
    out
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(tag, Tag::Emphasis | Tag::Strong) || opens_scope(tag),
        Event::End(end) => matches!(end, TagEnd::Emphasis | TagEnd::Strong) || closes_scope(*end),
        Event::Html(_) | Event::Rule => false,
        _ => true,
    }
}

fn opens_scope(tag: &Tag<'_>) -> bool {
    matches!(tag, Tag::Link { .. } | Tag::Image { .. } | Tag::Strikethrough | Tag::Superscript | Tag::Subscript)
}

fn closes_scope(end: TagEnd) -> bool {
    matches!(end, TagEnd::Link | TagEnd::Image | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript)
}

/// Whether a group has emphasis or `*`/`_` left as text: only then is it paired again.
fn has_delimiters(group: &[(Event<'_>, Range<usize>)]) -> bool {
    group.iter().any(|(event, _)| match event {
        Event::Start(Tag::Emphasis | Tag::Strong) => true,
        Event::Text(text) => text.bytes().any(|b| b == b'*' || b == b'_'),
        _ => false,
    })
}

/// The source shows each delimiter that pulldown-cmark's emphasis events imply. Always so in
/// practice; if not, its pairing is kept rather than guessing.
fn paired_delimiters_match_source(source: &str, group: &[(Event<'_>, Range<usize>)]) -> bool {
    group.iter().all(|(event, range)| {
        let (start, len) = match event {
            Event::Start(Tag::Emphasis) => (Some(range.start), 1),
            Event::Start(Tag::Strong) => (Some(range.start), 2),
            Event::End(TagEnd::Emphasis) => (range.end.checked_sub(1), 1),
            Event::End(TagEnd::Strong) => (range.end.checked_sub(2), 2),
            _ => return true,
        };
        let delimiters = start.and_then(|start| source.as_bytes().get(start..start + len));
        delimiters.is_some_and(|delimiters| delimiters.iter().all(|&b| b == b'*') || delimiters.iter().all(|&b| b == b'_'))
    })
}

/// Pairs the emphasis of one group after another, reusing its buffers.
struct EmphasisPass<'a> {
    source: &'a str,
    items: Vec<Inline<'a>>,
    runs: Vec<DelimiterRun>,
    pairs: Vec<Pair>,
    scopes: Vec<Scope>,
    in_autolink: bool,
}

impl<'a> EmphasisPass<'a> {
    fn new(source: &'a str) -> Self {
        Self { source, items: Vec::new(), runs: Vec::new(), pairs: Vec::new(), scopes: Vec::new(), in_autolink: false }
    }

    /// Moves one stretch of inline content to `out`, its emphasis paired again if it has any.
    fn flush(&mut self, group: &mut Vec<(Event<'a>, Range<usize>)>, out: &mut Vec<Event<'a>>) {
        if !has_delimiters(group) || !paired_delimiters_match_source(self.source, group) {
            out.extend(group.drain(..).map(|(event, _)| event));
            return;
        }
        self.runs.clear();
        self.pairs.clear();
        self.in_autolink = false;
        for (event, range) in group.drain(..) {
            self.push(event, range);
        }
        self.classify_runs();
        self.pair_runs();
        self.rebuild_into(out);
    }

    /// Splits the group into plain events and delimiter runs, dropping pulldown-cmark's
    /// emphasis events: their delimiters become runs again.
    fn push(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Emphasis) => self.push_delimiters(range.start, 1),
            Event::Start(Tag::Strong) => self.push_delimiters(range.start, 2),
            Event::End(TagEnd::Emphasis) => self.push_delimiters(range.end.saturating_sub(1), 1),
            Event::End(TagEnd::Strong) => self.push_delimiters(range.end.saturating_sub(2), 2),
            Event::Text(text) if !self.in_autolink && self.source.get(range.clone()) == Some(&*text) => {
                self.push_text(range);
            }
            event => {
                match &event {
                    Event::Start(Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. }) => {
                        self.in_autolink = true;
                    }
                    Event::End(TagEnd::Link) => self.in_autolink = false,
                    _ => {}
                }
                self.items.push(Inline::Event(event));
            }
        }
    }

    /// Text that is the source as written: its unescaped `*` and `_` are delimiters.
    fn push_text(&mut self, range: Range<usize>) {
        let source = self.source;
        let text = source.get(range.clone()).unwrap_or("");
        let mut plain_start = range.start;
        for (offset, _) in text.match_indices(['*', '_']) {
            let at = range.start + offset;
            if !is_backslash_escaped(source, at) {
                self.push_plain(plain_start..at);
                self.push_delimiters(at, 1);
                plain_start = at + 1;
            }
        }
        self.push_plain(plain_start..range.end);
    }

    fn push_plain(&mut self, range: Range<usize>) {
        if let Some(text) = self.source.get(range).filter(|text| !text.is_empty()) {
            self.items.push(Inline::Event(Event::Text(CowStr::Borrowed(text))));
        }
    }

    /// Adds `len` delimiters at `start` to the run they continue, or starts a run.
    fn push_delimiters(&mut self, start: usize, len: usize) {
        let delimiter = self.source.as_bytes().get(start).copied().unwrap_or(b'*');
        let continued = match self.items.last() {
            Some(Inline::Run(last)) => self.runs.get_mut(*last),
            _ => None,
        };
        if let Some(run) = continued.filter(|run| run.delimiter == delimiter && run.start + run.len == start) {
            run.len += len;
            return;
        }
        self.items.push(Inline::Run(self.runs.len()));
        self.runs.push(DelimiterRun {
            delimiter,
            start,
            len,
            can_open: false,
            can_close: false,
            remaining: 0,
            closes: 0..0,
            outermost_open: None,
        });
    }

    /// Decides which runs can open and close, now that each is complete. The start and end of
    /// the group count as whitespace, as the start and end of a line do. So does a line break
    /// before a run: the source there may show a container's marker (`>`), not the text.
    fn classify_runs(&mut self) {
        let last = self.items.len().saturating_sub(1);
        for (position, item) in self.items.iter().enumerate() {
            let Inline::Run(index) = item else { continue };
            let Some(run) = self.runs.get_mut(*index) else {
                continue;
            };
            let at_line_start =
                position == 0 || matches!(self.items.get(position - 1), Some(Inline::Event(Event::SoftBreak | Event::HardBreak)));
            let before = if at_line_start { Before::default() } else { Before::at(self.source, run.start) };
            let after = if position == last { After::default() } else { After::at(self.source, run.start + run.len) };
            (run.can_open, run.can_close) = can_open_and_close(run.delimiter, &before, &after);
            run.remaining = run.len;
        }
    }

    /// CommonMark's "process emphasis", run by run in source order, each scope on its own.
    fn pair_runs(&mut self) {
        let Self { items, runs, pairs, scopes, .. } = self;
        scopes.clear();
        scopes.push(Scope::default());
        for item in items.iter() {
            match item {
                Inline::Event(Event::Start(tag)) if opens_scope(tag) => {
                    scopes.push(Scope::default());
                }
                Inline::Event(Event::End(end)) if closes_scope(*end) && scopes.len() > 1 => {
                    scopes.pop();
                }
                Inline::Run(run) => {
                    if let Some(scope) = scopes.last_mut() {
                        pair_run(runs, pairs, scope, *run);
                    }
                }
                Inline::Event(_) => {}
            }
        }
    }

    fn rebuild_into(&mut self, out: &mut Vec<Event<'a>>) {
        for item in self.items.drain(..) {
            let run = match item {
                Inline::Event(event) => {
                    out.push(event);
                    continue;
                }
                Inline::Run(index) => &self.runs[index],
            };
            for pair in &self.pairs[run.closes.clone()] {
                out.push(Event::End(if pair.strong { TagEnd::Strong } else { TagEnd::Emphasis }));
            }
            if let Some(text) = self.source.get(run.start..run.start + run.remaining).filter(|text| !text.is_empty()) {
                out.push(Event::Text(CowStr::Borrowed(text)));
            }
            let mut open = run.outermost_open;
            while let Some(index) = open {
                let pair = &self.pairs[index];
                out.push(Event::Start(if pair.strong { Tag::Strong } else { Tag::Emphasis }));
                open = pair.inner_open;
            }
        }
    }
}

/// Lets run `closer` close what it can, then keeps it as an opener if it may open.
fn pair_run(runs: &mut [DelimiterRun], pairs: &mut Vec<Pair>, scope: &mut Scope, closer: usize) {
    let run = &runs[closer];
    if run.can_close {
        let kind = usize::from(run.delimiter == b'_') * 6 + usize::from(run.can_open) * 3 + run.len % 3;
        while runs[closer].remaining > 0 {
            let Some(found) = find_opener(runs, &scope.openers, scope.openers_bottom[kind], closer) else {
                scope.openers_bottom[kind] = closer;
                break;
            };
            let opener = scope.openers[found];
            let strong = runs[opener].remaining >= 2 && runs[closer].remaining >= 2;
            let used = if strong { 2 } else { 1 };
            pairs.push(Pair { strong, inner_open: runs[opener].outermost_open });
            let pair = pairs.len() - 1;
            runs[opener].outermost_open = Some(pair);
            runs[opener].remaining -= used;
            let closed = &mut runs[closer].closes;
            if closed.start == closed.end {
                closed.start = pair;
            }
            closed.end = pair + 1;
            runs[closer].remaining -= used;
            // Openers between the two can no longer pair with anything after them.
            scope.openers.truncate(found + 1);
            if runs[opener].remaining == 0 {
                scope.openers.pop();
            }
        }
    }
    if runs[closer].can_open && runs[closer].remaining > 0 {
        scope.openers.push(closer);
    }
}

/// The innermost opener that can pair with `closer`, as an index into `openers`.
fn find_opener(runs: &[DelimiterRun], openers: &[usize], bottom: usize, closer: usize) -> Option<usize> {
    let closer = &runs[closer];
    for (index, &opener) in openers.iter().enumerate().rev() {
        if opener < bottom {
            return None;
        }
        let opener = &runs[opener];
        // The "rule of 3": `*foo**bar*` is one emphasis, not two.
        let odd_match =
            (opener.can_close || closer.can_open) && !closer.len.is_multiple_of(3) && (opener.len + closer.len).is_multiple_of(3);
        if opener.delimiter == closer.delimiter && !odd_match {
            return Some(index);
        }
    }
    None
}
