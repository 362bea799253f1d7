//! Briefing Markdown to HTML: CJK-friendly emphasis, escaped raw HTML, safe links, heading ids, shortcodes.
//!
//! Three entry points:
//! - [`render`] turns Markdown into HTML;
//! - [`split_shortcodes`] finds the `{{ shortcode() }}` calls of a text, with line and column,
//!   and reports malformed ones;
//! - [`render_with_shortcodes`] renders Markdown whose shortcodes the caller expands into HTML.
//!
//! pulldown-cmark does the parsing. Three passes over its events then make the output fit for a
//! publicity office's briefings:
//! - emphasis is paired again with the "CommonMark CJK-friendly amendments" flanking rules, so
//!   `**“招商”**引资` is bold although CommonMark leaves its asterisks alone;
//! - raw HTML is shown as text, links other than web, relative and `mailto:` ones lose their link,
//!   heading attributes other than id and classes are dropped;
//! - headings get ids (a slug keeping CJK characters) and shortcodes become the caller's HTML.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// A stretch of briefing text: Markdown, or a shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece<'a> {
    /// Markdown as written, including any malformed `{{` (reported as a [`ShortcodeError`]).
    Text(&'a str),
    Call(Shortcode),
}

/// `{{ name(arg=value, …) }}` as written in a briefing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shortcode {
    pub name: String,
    /// In the order written; names are unique.
    pub args: Vec<(String, ArgValue)>,
    /// 1-based line of the `{{` in the text given.
    pub line: usize,
    /// 1-based column of the `{{`, counted in characters.
    pub column: usize,
}

impl Shortcode {
    /// The value of the argument called `name`, if it was given.
    pub(crate) fn arg(&self, name: &str) -> Option<&ArgValue> {
        self.args
            .iter()
            .find(|(arg, _)| arg == name)
            .map(|(_, value)| value)
    }
}

/// The value of a shortcode argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ArgValue {
    /// `"…"`, with `\"` and `\\` unescaped.
    String(String),
    /// `10`, `-3`.
    Integer(i64),
    /// `0.5`, kept as written so that the caller can read it exactly (as a decimal, not a float).
    Decimal(String),
    /// `true` or `false`.
    Bool(bool),
}

/// A `{{` that does not start a well-formed shortcode call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub(crate) struct ShortcodeError {
    /// 1-based line of the problem in the text given.
    pub line: usize,
    /// 1-based column of the problem, counted in characters.
    pub column: usize,
    pub message: String,
}

/// What a shortcode call becomes. The HTML is used as it is: escape what needs escaping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expansion {
    /// HTML that belongs in the running text, such as a figure: `协议投资额<b>52.8</b>亿元`.
    Inline(String),
    /// An HTML block (a chart's `<figure>`, a `<table>`). It replaces the paragraph that holds
    /// nothing else; in a longer paragraph it closes the paragraph before it and opens a new one
    /// after it. Where no paragraph can be split (a tight list item, inside emphasis) it stays
    /// where it stands.
    Block(String),
}

/// The HTML of a briefing, and the `{{` that did not parse (left in the text as written).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub(crate) struct Rendered {
    pub html: String,
    pub errors: Vec<ShortcodeError>,
}

/// Renders Markdown to HTML. `{{ … }}` is plain text here.
pub(crate) fn render(markdown: &str) -> String {
    render_source(markdown, &Substitutions::default())
}

/// Finds the shortcode calls in `text`, outside code blocks and code spans.
///
/// `\{{` is not a call (Markdown renders it as `{{`). Malformed calls stay in the text pieces and
/// are reported, located at the problem, so one error does not hide the calls after it.
pub(crate) fn split_shortcodes(text: &str) -> (Vec<Piece<'_>>, Vec<ShortcodeError>) {
    if !text.contains("{{") {
        let pieces = if text.is_empty() {
            Vec::new()
        } else {
            vec![Piece::Text(text)]
        };
        return (pieces, Vec::new());
    }
    let scan = scan_shortcodes(text);
    let mut pieces = Vec::with_capacity(scan.calls.len() * 2 + 1);
    let mut written = 0;
    for (span, call) in scan.calls {
        if let Some(before) = text
            .get(written..span.start)
            .filter(|before| !before.is_empty())
        {
            pieces.push(Piece::Text(before));
        }
        pieces.push(Piece::Call(call));
        written = span.end;
    }
    if let Some(rest) = text.get(written..).filter(|rest| !rest.is_empty()) {
        pieces.push(Piece::Text(rest));
    }
    (pieces, scan.errors)
}

/// Renders Markdown whose shortcode calls `expand` turns into HTML, called once per call in
/// document order.
///
/// Calls are swapped for placeholder characters before parsing, so neither Markdown nor the
/// expansion can disturb the other; the expansions are put in after parsing and never read as
/// Markdown. In places HTML cannot go (an image's alt text, a link's address or title) the call
/// is left as written. Characters of the placeholders' private-use range already in the text
/// become U+FFFD, so that they cannot pass for a call.
pub(crate) fn render_with_shortcodes(
    markdown: &str,
    mut expand: impl FnMut(&Shortcode) -> Expansion,
) -> Rendered {
    if !markdown.contains("{{") {
        return Rendered {
            html: render(markdown),
            errors: Vec::new(),
        };
    }
    let Substituted {
        source,
        substitutions,
        errors,
    } = substitute_shortcodes(markdown, &mut expand);
    Rendered {
        html: render_source(&source, &substitutions),
        errors,
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering pipeline
// ---------------------------------------------------------------------------------------------

/// Tables, footnotes, strikethrough and `{#id .class}` on headings. Smart punctuation stays off:
/// it turns `"招商引资"` into `“招商引资“`.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn render_source(source: &str, substitutions: &Substitutions<'_>) -> String {
    let mut html = String::with_capacity(source.len() + source.len() / 2);
    html::push_html(&mut html, html_events(source, substitutions).into_iter());
    html
}

fn html_events<'a>(source: &'a str, substitutions: &'a Substitutions<'_>) -> Vec<Event<'a>> {
    // About one event per eight bytes of Chinese prose: sized once, not regrown.
    let mut parsed = Vec::with_capacity(source.len() / 8 + 16);
    parsed.extend(Parser::new_ext(source, options()).into_offset_iter());
    let mut events = apply_cjk_emphasis(source, parsed);
    assign_heading_ids(&mut events);
    let events = sanitize_and_expand(events, substitutions);
    lift_blocks_out_of_paragraphs(events)
}

/// Raw HTML becomes text, unsafe links and images lose their link (their text stays),
/// placeholders become their expansion.
fn sanitize_and_expand<'a>(
    events: Vec<Event<'a>>,
    substitutions: &'a Substitutions<'_>,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    // One entry per open link or image: whether its tags were dropped.
    let mut neutralised: Vec<bool> = Vec::new();
    let mut alt_text_depth = 0usize;
    for event in events {
        match event {
            Event::Start(Tag::HtmlBlock) => out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => {
                trim_trailing_newline(&mut out);
                out.push(Event::End(TagEnd::Paragraph));
            }
            Event::Html(text) | Event::InlineHtml(text) | Event::Text(text) => {
                push_text(&mut out, text, substitutions, alt_text_depth > 0);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let safe = is_safe_url(&dest_url);
                neutralised.push(!safe);
                if safe {
                    let dest_url = substitutions.restore(dest_url);
                    let title = substitutions.restore(title);
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let safe = is_safe_url(&dest_url);
                neutralised.push(!safe);
                if safe {
                    alt_text_depth += 1;
                    let dest_url = substitutions.restore(dest_url);
                    let title = substitutions.restore(title);
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if !neutralised.pop().unwrap_or(false) {
                    if event == Event::End(TagEnd::Image) {
                        alt_text_depth = alt_text_depth.saturating_sub(1);
                    }
                    out.push(event);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Pushes text (raw HTML included: it is shown, escaped), with its placeholders expanded.
fn push_text<'a>(
    out: &mut Vec<Event<'a>>,
    text: CowStr<'a>,
    substitutions: &'a Substitutions<'_>,
    in_alt_text: bool,
) {
    if !substitutions.may_occur_in(&text) {
        out.push(Event::Text(text));
        return;
    }
    let mut plain_start = 0;
    let mut after_block = false;
    for (at, c) in text.char_indices() {
        let Some(index) = substitutions.lookup(c) else {
            continue;
        };
        let mut before = text.get(plain_start..at).unwrap_or("");
        if after_block {
            before = before.trim_start();
        }
        after_block = false;
        match (&substitutions.expansions[index], in_alt_text) {
            (_, true) => {
                push_owned_text(out, before);
                push_owned_text(out, substitutions.originals[index]);
            }
            (Expansion::Inline(html), false) => {
                push_owned_text(out, before);
                out.push(Event::InlineHtml(CowStr::Borrowed(html)));
            }
            (Expansion::Block(html), false) => {
                push_owned_text(out, before.trim_end());
                out.push(Event::Html(CowStr::Borrowed(html)));
                after_block = true;
            }
        }
        plain_start = at + c.len_utf8();
    }
    let rest = text.get(plain_start..).unwrap_or("");
    push_owned_text(out, if after_block { rest.trim_start() } else { rest });
}

fn push_owned_text(out: &mut Vec<Event<'_>>, text: &str) {
    if !text.is_empty() {
        out.push(Event::Text(CowStr::from(text.to_owned())));
    }
}

/// An HTML block shown as a paragraph of text should not end in a stray line break.
fn trim_trailing_newline(out: &mut [Event<'_>]) {
    if let Some(Event::Text(text)) = out.last_mut() {
        if text.ends_with('\n') {
            *text = CowStr::from(text.trim_end_matches(['\n', '\r']).to_owned());
        }
    }
}

/// Web links, `mailto:` and relative links pass; `javascript:`, `data:` and any other scheme do
/// not. Browsers ignore leading spaces and control characters and tabs or line breaks inside
/// the scheme, so they are ignored here too.
fn is_safe_url(url: &str) -> bool {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let Some(end) = url.find([':', '/', '?', '#']) else {
        return true;
    };
    if !url[end..].starts_with(':') {
        return true;
    }
    let scheme: String = url[..end]
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    matches!(scheme.as_str(), "http" | "https" | "mailto")
}

/// A block expansion cannot sit inside `<p>`: the paragraph is closed before it and reopened
/// after it, and a paragraph left with only line breaks and spaces disappears.
fn lift_blocks_out_of_paragraphs(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events.iter().any(|event| matches!(event, Event::Html(_))) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 4);
    let mut in_paragraph = false;
    let mut paragraph_open = false;
    let mut depth = 0usize;
    // Breaks and blank text at the top level, held until we know whether a block follows.
    let mut pending: Vec<Event<'_>> = Vec::new();
    for event in events {
        if !in_paragraph {
            in_paragraph = event == Event::Start(Tag::Paragraph);
            if !in_paragraph {
                out.push(event);
            }
            continue;
        }
        match event {
            Event::End(TagEnd::Paragraph) if depth == 0 => {
                pending.clear();
                if paragraph_open {
                    out.push(event);
                }
                in_paragraph = false;
                paragraph_open = false;
            }
            Event::Html(_) if depth == 0 => {
                pending.clear();
                if paragraph_open {
                    out.push(Event::End(TagEnd::Paragraph));
                    paragraph_open = false;
                }
                out.push(event);
            }
            _ if depth == 0 && is_blank(&event) => pending.push(event),
            _ => {
                if paragraph_open {
                    out.append(&mut pending);
                } else {
                    pending.clear();
                    out.push(Event::Start(Tag::Paragraph));
                    paragraph_open = true;
                }
                match &event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth = depth.saturating_sub(1),
                    _ => {}
                }
                out.push(event);
            }
        }
    }
    out
}

fn is_blank(event: &Event<'_>) -> bool {
    match event {
        Event::SoftBreak | Event::HardBreak => true,
        Event::Text(text) => text.trim().is_empty(),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Heading ids
// ---------------------------------------------------------------------------------------------

/// Gives every heading without `{#id}` the slug of its text, made unique within the document
/// with `-1`, `-2`… Written ids and footnote ids are taken first, so a slug never repeats them.
/// Heading attributes other than id and classes are dropped: `{onclick=…}` must not reach the
/// page.
fn assign_heading_ids(events: &mut [Event<'_>]) {
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            Event::Start(Tag::FootnoteDefinition(label)) => Some(label.to_string()),
            _ => None,
        })
        .collect();
    for index in 0..events.len() {
        let (before, after) = events.split_at_mut(index + 1);
        if let Some(Event::Start(Tag::Heading { id, attrs, .. })) = before.last_mut() {
            attrs.clear();
            if id.is_none() {
                *id = Some(CowStr::from(unique_id(&heading_slug(after), &mut used)));
            }
        }
    }
}

/// The heading's text, lowercased, with letters, digits (CJK included) and `_` kept and every
/// other stretch of characters turned into one `-`.
fn heading_slug(heading_content: &[Event<'_>]) -> String {
    let mut slug = String::new();
    for event in heading_content {
        let text = match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(text) | Event::Code(text) | Event::InlineHtml(text) => text,
            _ => continue,
        };
        for c in text.chars() {
            if c.is_alphanumeric() || c == '_' {
                slug.extend(c.to_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
    }
    if slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug
    }
}

fn unique_id(slug: &str, used: &mut HashSet<String>) -> String {
    let mut id = slug.to_owned();
    let mut suffix = 0;
    while used.contains(&id) {
        suffix += 1;
        id = format!("{slug}-{suffix}");
    }
    used.insert(id.clone());
    id
}

// ---------------------------------------------------------------------------------------------
// CJK-friendly emphasis
// ---------------------------------------------------------------------------------------------
//
// CommonMark decides whether `*` can open or close emphasis from the characters around it.
// Next to punctuation it demands whitespace on the other side, which Chinese never has:
// `**“招商”**引资` keeps its asterisks. The "CommonMark CJK-friendly amendments" relax those
// flanking rules next to CJK characters. pulldown-cmark cannot be told to use them, so each
// stretch of inline content with emphasis is paired again here: the delimiter runs are recovered
// from the source (runs pulldown-cmark paired, from the ranges of its emphasis events; runs it
// left, from its text), classified with the amended rules, and paired with CommonMark's
// algorithm. Links, images and strikethrough keep their extent; emphasis pairs only within one
// of them. Without CJK characters the result is pulldown-cmark's own (a test checks this).

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

fn apply_cjk_emphasis<'a>(
    source: &'a str,
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<Event<'a>> {
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
    matches!(
        tag,
        Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn closes_scope(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Link
            | TagEnd::Image
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
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
        delimiters.is_some_and(|delimiters| {
            delimiters.iter().all(|&b| b == b'*') || delimiters.iter().all(|&b| b == b'_')
        })
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
        Self {
            source,
            items: Vec::new(),
            runs: Vec::new(),
            pairs: Vec::new(),
            scopes: Vec::new(),
            in_autolink: false,
        }
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
            Event::Text(text)
                if !self.in_autolink && self.source.get(range.clone()) == Some(&*text) =>
            {
                self.push_text(range);
            }
            event => {
                match &event {
                    Event::Start(Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    }) => {
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
            self.items
                .push(Inline::Event(Event::Text(CowStr::Borrowed(text))));
        }
    }

    /// Adds `len` delimiters at `start` to the run they continue, or starts a run.
    fn push_delimiters(&mut self, start: usize, len: usize) {
        let delimiter = self.source.as_bytes().get(start).copied().unwrap_or(b'*');
        let continued = match self.items.last() {
            Some(Inline::Run(last)) => self.runs.get_mut(*last),
            _ => None,
        };
        if let Some(run) =
            continued.filter(|run| run.delimiter == delimiter && run.start + run.len == start)
        {
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
            let at_line_start = position == 0
                || matches!(
                    self.items.get(position - 1),
                    Some(Inline::Event(Event::SoftBreak | Event::HardBreak))
                );
            let before = if at_line_start {
                Before::default()
            } else {
                Before::at(self.source, run.start)
            };
            let after = if position == last {
                After::default()
            } else {
                After::at(self.source, run.start + run.len)
            };
            (run.can_open, run.can_close) = can_open_and_close(run.delimiter, &before, &after);
            run.remaining = run.len;
        }
    }

    /// CommonMark's "process emphasis", run by run in source order, each scope on its own.
    fn pair_runs(&mut self) {
        let Self {
            items,
            runs,
            pairs,
            scopes,
            ..
        } = self;
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
                out.push(Event::End(if pair.strong {
                    TagEnd::Strong
                } else {
                    TagEnd::Emphasis
                }));
            }
            if let Some(text) = self
                .source
                .get(run.start..run.start + run.remaining)
                .filter(|text| !text.is_empty())
            {
                out.push(Event::Text(CowStr::Borrowed(text)));
            }
            let mut open = run.outermost_open;
            while let Some(index) = open {
                let pair = &self.pairs[index];
                out.push(Event::Start(if pair.strong {
                    Tag::Strong
                } else {
                    Tag::Emphasis
                }));
                open = pair.inner_open;
            }
        }
    }
}

/// Lets run `closer` close what it can, then keeps it as an opener if it may open.
fn pair_run(runs: &mut [DelimiterRun], pairs: &mut Vec<Pair>, scope: &mut Scope, closer: usize) {
    let run = &runs[closer];
    if run.can_close {
        let kind =
            usize::from(run.delimiter == b'_') * 6 + usize::from(run.can_open) * 3 + run.len % 3;
        while runs[closer].remaining > 0 {
            let Some(found) = find_opener(runs, &scope.openers, scope.openers_bottom[kind], closer)
            else {
                scope.openers_bottom[kind] = closer;
                break;
            };
            let opener = scope.openers[found];
            let strong = runs[opener].remaining >= 2 && runs[closer].remaining >= 2;
            let used = if strong { 2 } else { 1 };
            pairs.push(Pair {
                strong,
                inner_open: runs[opener].outermost_open,
            });
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
fn find_opener(
    runs: &[DelimiterRun],
    openers: &[usize],
    bottom: usize,
    closer: usize,
) -> Option<usize> {
    let closer = &runs[closer];
    for (index, &opener) in openers.iter().enumerate().rev() {
        if opener < bottom {
            return None;
        }
        let opener = &runs[opener];
        // The "rule of 3": `*foo**bar*` is one emphasis, not two.
        let odd_match = (opener.can_close || closer.can_open)
            && closer.len % 3 != 0
            && (opener.len + closer.len) % 3 == 0;
        if opener.delimiter == closer.delimiter && !odd_match {
            return Some(index);
        }
    }
    None
}

fn is_backslash_escaped(source: &str, at: usize) -> bool {
    let before = source.as_bytes().get(..at).unwrap_or_default();
    before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// What precedes a delimiter run, in the terms of the CJK-friendly flanking rules. A variation
/// selector after a character counts as part of it.
struct Before {
    whitespace: bool,
    punctuation: bool,
    non_cjk_punctuation: bool,
    cjk: bool,
    ideographic_variation_selector: bool,
    ascii_digit: bool,
}

impl Default for Before {
    /// The start of a line.
    fn default() -> Self {
        Self {
            whitespace: true,
            punctuation: false,
            non_cjk_punctuation: false,
            cjk: false,
            ideographic_variation_selector: false,
            ascii_digit: false,
        }
    }
}

impl Before {
    fn at(source: &str, run_start: usize) -> Self {
        let mut chars = source.get(..run_start).unwrap_or("").chars().rev();
        let Some(last) = chars.next().filter(|&c| !unicode::is_whitespace(c)) else {
            return Self::default();
        };
        let selector = unicode::is_general_variation_selector(last).then_some(last);
        let base = if selector.is_some() {
            chars.next()
        } else {
            Some(last)
        };
        let punctuation = base.is_some_and(unicode::is_punctuation);
        let cjk = base.is_some_and(unicode::is_cjk);
        // `“︁` (a quotation mark asking for its full-width form) counts as CJK punctuation.
        let cjk_quotation = selector == Some('\u{FE01}')
            && base.is_some_and(|c| matches!(c, '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}'));
        Self {
            whitespace: false,
            punctuation,
            non_cjk_punctuation: punctuation && !cjk && !cjk_quotation,
            cjk,
            ideographic_variation_selector: unicode::is_ideographic_variation_selector(last),
            ascii_digit: last.is_ascii_digit(),
        }
    }
}

/// What follows a delimiter run, in the terms of the CJK-friendly flanking rules.
struct After {
    whitespace: bool,
    punctuation: bool,
    non_cjk_punctuation: bool,
    cjk: bool,
    ascii_digit: bool,
}

impl Default for After {
    /// The end of a line.
    fn default() -> Self {
        Self {
            whitespace: true,
            punctuation: false,
            non_cjk_punctuation: false,
            cjk: false,
            ascii_digit: false,
        }
    }
}

impl After {
    fn at(source: &str, run_end: usize) -> Self {
        let Some(next) = source.get(run_end..).and_then(|rest| rest.chars().next()) else {
            return Self::default();
        };
        if unicode::is_whitespace(next) {
            return Self::default();
        }
        let punctuation = unicode::is_punctuation(next);
        let cjk = unicode::is_cjk(next);
        Self {
            whitespace: false,
            punctuation,
            non_cjk_punctuation: punctuation && !cjk,
            cjk,
            ascii_digit: next.is_ascii_digit(),
        }
    }
}

/// Left- and right-flanking as amended for CJK, then CommonMark's rules for `*` and `_`.
/// `*` between two ASCII digits (`2*3*4`, `1200*600`) is multiplication, never emphasis.
fn can_open_and_close(delimiter: u8, before: &Before, after: &After) -> (bool, bool) {
    let left_flanking = !after.whitespace
        && (!after.non_cjk_punctuation
            || before.whitespace
            || before.non_cjk_punctuation
            || before.cjk
            || before.ideographic_variation_selector);
    let right_flanking = !before.whitespace
        && (!before.non_cjk_punctuation
            || after.whitespace
            || after.non_cjk_punctuation
            || after.cjk);
    if delimiter == b'_' {
        (
            left_flanking && (!right_flanking || before.punctuation),
            right_flanking && (!left_flanking || after.punctuation),
        )
    } else if before.ascii_digit && after.ascii_digit {
        (false, false)
    } else {
        (left_flanking, right_flanking)
    }
}

// ---------------------------------------------------------------------------------------------
// Shortcodes
// ---------------------------------------------------------------------------------------------

/// Placeholders are characters of Supplementary Private Use Area-A: pulldown-cmark treats them
/// as ordinary text (neither punctuation nor whitespace), one character per call.
const PLACEHOLDER_BASE: u32 = 0xF_0000;
const PLACEHOLDER_COUNT: u32 = 0xFFFE;

fn placeholder(index: usize) -> Option<char> {
    let index = u32::try_from(index)
        .ok()
        .filter(|&index| index < PLACEHOLDER_COUNT)?;
    char::from_u32(PLACEHOLDER_BASE + index)
}

fn is_placeholder_range(c: char) -> bool {
    (PLACEHOLDER_BASE..PLACEHOLDER_BASE + PLACEHOLDER_COUNT).contains(&u32::from(c))
}

/// Copies text, replacing characters of the placeholder range that were already there, so that
/// they cannot be taken for a call.
fn push_without_placeholders(out: &mut String, text: &str) {
    if text.chars().any(is_placeholder_range) {
        out.extend(text.chars().map(|c| {
            if is_placeholder_range(c) {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        }));
    } else {
        out.push_str(text);
    }
}

/// The calls of one document, by placeholder index.
#[derive(Default)]
struct Substitutions<'a> {
    expansions: Vec<Expansion>,
    /// Each call as written, for places where HTML cannot go.
    originals: Vec<&'a str>,
}

impl Substitutions<'_> {
    /// A quick test before looking character by character: every placeholder is encoded in
    /// UTF-8 starting with the byte 0xF3.
    fn may_occur_in(&self, text: &str) -> bool {
        !self.expansions.is_empty() && text.as_bytes().contains(&0xF3)
    }

    fn lookup(&self, c: char) -> Option<usize> {
        let index = (c as u32).checked_sub(PLACEHOLDER_BASE)? as usize;
        (index < self.expansions.len()).then_some(index)
    }

    /// The text with its placeholders turned back into the calls as written.
    fn restore<'e>(&self, text: CowStr<'e>) -> CowStr<'e> {
        if !self.may_occur_in(&text) {
            return text;
        }
        let mut restored = String::with_capacity(text.len());
        for c in text.chars() {
            match self.lookup(c) {
                Some(index) => restored.push_str(self.originals[index]),
                None => restored.push(c),
            }
        }
        CowStr::from(restored)
    }
}

/// Markdown with each well-formed call swapped for a placeholder character.
struct Substituted<'a> {
    source: String,
    substitutions: Substitutions<'a>,
    errors: Vec<ShortcodeError>,
}

fn substitute_shortcodes<'a>(
    markdown: &'a str,
    expand: &mut impl FnMut(&Shortcode) -> Expansion,
) -> Substituted<'a> {
    let scan = scan_shortcodes(markdown);
    let mut errors = scan.errors;
    let mut substitutions = Substitutions::default();
    let mut source = String::with_capacity(markdown.len());
    let mut written = 0;
    for (span, call) in scan.calls {
        push_without_placeholders(&mut source, markdown.get(written..span.start).unwrap_or(""));
        let written_call = markdown.get(span.clone()).unwrap_or("");
        match placeholder(substitutions.expansions.len()) {
            Some(placeholder) => {
                source.push(placeholder);
                substitutions.originals.push(written_call);
                substitutions.expansions.push(expand(&call));
            }
            None => {
                push_without_placeholders(&mut source, written_call);
                errors.push(ShortcodeError {
                    line: call.line,
                    column: call.column,
                    message: format!(
                        "too many shortcodes in one text (at most {PLACEHOLDER_COUNT})"
                    ),
                });
            }
        }
        written = span.end;
    }
    push_without_placeholders(&mut source, markdown.get(written..).unwrap_or(""));
    Substituted {
        source,
        substitutions,
        errors,
    }
}

#[derive(Default)]
struct ShortcodeScan {
    /// Each well-formed call with its byte range in the text, `{{` to `}}`.
    calls: Vec<(Range<usize>, Shortcode)>,
    errors: Vec<ShortcodeError>,
}

fn scan_shortcodes(text: &str) -> ShortcodeScan {
    let (calls, failures) = find_calls(text);
    // Lines and columns come last, from one walk through the text: a failure can lie after a
    // `{{` found later (`{{ a(x="{{", y=z) }}` fails at `z`, after the second `{{`).
    let mut offsets: Vec<usize> = calls
        .iter()
        .map(|(span, _)| span.start)
        .chain(failures.iter().map(|failure| failure.at))
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    let positions = line_columns(text, &offsets);
    let locate = |offset: usize| {
        let index = offsets.binary_search(&offset).ok();
        index
            .and_then(|index| positions.get(index))
            .copied()
            .unwrap_or((1, 1))
    };
    let calls = calls
        .into_iter()
        .map(|(span, (name, args))| {
            let (line, column) = locate(span.start);
            (
                span,
                Shortcode {
                    name,
                    args,
                    line,
                    column,
                },
            )
        })
        .collect();
    let mut errors: Vec<ShortcodeError> = failures
        .into_iter()
        .map(|Failure { at, message }| {
            let (line, column) = locate(at);
            ShortcodeError {
                line,
                column,
                message,
            }
        })
        .collect();
    errors.sort_by_key(|error| (error.line, error.column));
    ShortcodeScan { calls, errors }
}

/// Every `{{` outside code and not escaped: the calls that parse, with their byte ranges, and
/// the failures of those that do not. After a failure the search goes on right after its `{{`,
/// so that one mistake does not hide the calls behind it.
fn find_calls(text: &str) -> (Vec<(Range<usize>, CallParts)>, Vec<Failure>) {
    let code = if may_contain_code(text) {
        code_ranges(text)
    } else {
        Vec::new()
    };
    let mut code = code.iter().peekable();
    let mut calls = Vec::new();
    let mut failures = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find("{{")) {
        let open = from + found;
        while code.next_if(|range| range.end <= open).is_some() {}
        if let Some(range) = code.peek().filter(|range| range.start <= open) {
            from = range.end;
            continue;
        }
        if is_backslash_escaped(text, open) {
            from = open + 2;
            continue;
        }
        match CallParser::new(text, open).call() {
            Ok((parts, end)) => {
                calls.push((open..end, parts));
                from = end;
            }
            Err(failure) => {
                failures.push(failure);
                from = open + 2;
            }
        }
    }
    (calls, failures)
}

/// Code needs a backtick or tilde fence, or an indent of four spaces or a tab; prose without
/// them need not be parsed to find it.
fn may_contain_code(text: &str) -> bool {
    text.contains(['`', '~', '\t']) || text.contains("    ")
}

/// Byte ranges of code blocks and code spans, in order: shortcodes there are shown, not called.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    Parser::new_ext(text, options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)))
        .map(|(_, range)| range)
        .collect()
}

/// The 1-based line and character column of each offset, given sorted, in one walk.
/// `\r\n`, `\n` and a lone `\r` all end a line.
fn line_columns(text: &str, sorted_offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut positions = Vec::with_capacity(sorted_offsets.len());
    let mut wanted = sorted_offsets.iter().peekable();
    let (mut line, mut column) = (1, 1);
    let bytes = text.as_bytes();
    for (offset, c) in text.char_indices() {
        while wanted.next_if(|&&wanted| wanted <= offset).is_some() {
            positions.push((line, column));
        }
        if wanted.peek().is_none() {
            break;
        }
        match c {
            '\r' if bytes.get(offset + 1) == Some(&b'\n') => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
    }
    positions.extend(wanted.map(|_| (line, column)));
    positions
}

/// Where a call stops parsing (byte offset), and why.
struct Failure {
    at: usize,
    message: String,
}

/// Recursive descent over one call, from its `{{`:
/// `{{ name ( [arg = value {, arg = value} [,]] ) }}`, whitespace (line breaks too) between
/// tokens, values `"string"`, `10`, `-0.5`, `true`, `false`.
struct CallParser<'t> {
    text: &'t str,
    open: usize,
    pos: usize,
}

/// A call's name and arguments.
type CallParts = (String, Vec<(String, ArgValue)>);

impl<'t> CallParser<'t> {
    fn new(text: &'t str, open: usize) -> Self {
        Self {
            text,
            open,
            pos: open + 2,
        }
    }

    /// The call's parts and the offset just after its `}}`.
    fn call(mut self) -> Result<(CallParts, usize), Failure> {
        self.skip_whitespace();
        let Some(name) = self.identifier() else {
            return Err(self
                .unexpected("a shortcode name after `{{` (write `\\{{` for two literal braces)"));
        };
        self.skip_whitespace();
        if !self.eat('(') {
            return Err(self.unexpected(&format!("`(` after `{name}`")));
        }
        let args = self.arguments()?;
        self.skip_whitespace();
        if !self.rest().starts_with("}}") {
            let found = self
                .peek()
                .map_or_else(|| "the end of the text".to_owned(), describe);
            return Err(Failure {
                at: self.open,
                message: format!(
                    "unclosed `{{{{`: expected `}}}}` after `{name}(…)`, found {found}"
                ),
            });
        }
        Ok(((name.to_owned(), args), self.pos + 2))
    }

    fn arguments(&mut self) -> Result<Vec<(String, ArgValue)>, Failure> {
        let mut args: Vec<(String, ArgValue)> = Vec::new();
        loop {
            self.skip_whitespace();
            if self.eat(')') {
                return Ok(args);
            }
            let at = self.pos;
            let Some(name) = self.identifier() else {
                return Err(self.unexpected("an argument name or `)`"));
            };
            if args.iter().any(|(written, _)| written == name) {
                return Err(Failure {
                    at,
                    message: format!("duplicate argument `{name}`"),
                });
            }
            self.skip_whitespace();
            if !self.eat('=') {
                return Err(self.unexpected(&format!("`=` after argument `{name}`")));
            }
            self.skip_whitespace();
            let value = self.value(name)?;
            args.push((name.to_owned(), value));
            self.skip_whitespace();
            if !self.eat(',') && self.peek() != Some(')') {
                return Err(self.unexpected(&format!("`,` or `)` after the value of `{name}`")));
            }
        }
    }

    fn value(&mut self, arg: &str) -> Result<ArgValue, Failure> {
        match self.peek() {
            Some('"') => self.string().map(ArgValue::String),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            _ => {
                let at = self.pos;
                match self.identifier() {
                    Some("true") => Ok(ArgValue::Bool(true)),
                    Some("false") => Ok(ArgValue::Bool(false)),
                    Some(word) => Err(Failure {
                        at,
                        message: format!(
                            "the value of `{arg}` must be a \"quoted string\", a number, true or false: did you mean \"{word}\"?"
                        ),
                    }),
                    None => Err(self.unexpected(&format!(
                        "a value for `{arg}` (a \"quoted string\", a number, true or false)"
                    ))),
                }
            }
        }
    }

    /// `"…"` on one line; `\"` and `\\` stand for `"` and `\`, other backslashes are kept.
    fn string(&mut self) -> Result<String, Failure> {
        let at = self.pos;
        self.bump();
        let mut value = String::new();
        loop {
            match self.bump() {
                Some('"') => return Ok(value),
                Some('\\') => match self.peek() {
                    Some(c @ ('"' | '\\')) => {
                        self.bump();
                        value.push(c);
                    }
                    _ => value.push('\\'),
                },
                Some('\n' | '\r') | None => {
                    return Err(Failure {
                        at,
                        message: "unterminated string: the closing `\"` is missing on this line"
                            .to_owned(),
                    });
                }
                Some(c) => value.push(c),
            }
        }
    }

    /// `10`, `-3`, `0.5`: digits with an optional sign and fraction, nothing glued to them.
    fn number(&mut self) -> Result<ArgValue, Failure> {
        let at = self.pos;
        let rest = self.rest();
        let sign = usize::from(rest.starts_with('-'));
        let digits = |from: usize| {
            rest.as_bytes()
                .iter()
                .skip(from)
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let whole = digits(sign);
        let mut len = sign + whole;
        let fraction = if whole > 0 && rest.as_bytes().get(len) == Some(&b'.') {
            digits(len + 1)
        } else {
            0
        };
        if fraction > 0 {
            len += 1 + fraction;
        }
        let literal = rest.get(..len).unwrap_or("");
        self.pos += len;
        if whole == 0
            || self
                .peek()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
        {
            let token: String = rest
                .chars()
                .take_while(|&c| !c.is_whitespace() && !matches!(c, ',' | ')' | '}'))
                .collect();
            return Err(Failure {
                at,
                message: format!("`{token}` is not a number: write digits only, as in 10 or 0.5"),
            });
        }
        if fraction > 0 {
            return Ok(ArgValue::Decimal(literal.to_owned()));
        }
        literal.parse().map(ArgValue::Integer).map_err(|_| Failure {
            at,
            message: format!("`{literal}` is too large for a whole number"),
        })
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`
    fn identifier(&mut self) -> Option<&'t str> {
        let rest = self.rest();
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return None;
        }
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        self.pos += len;
        rest.get(..len)
    }

    fn unexpected(&self, expected: &str) -> Failure {
        match self.peek() {
            None => Failure {
                at: self.open,
                message: format!("unclosed `{{{{`: expected {expected}, but the text ends"),
            },
            Some(c) => Failure {
                at: self.pos,
                message: format!("expected {expected}, found {}", describe(c)),
            },
        }
    }

    fn rest(&self) -> &'t str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, expected: char) -> bool {
        let matched = self.peek() == Some(expected);
        if matched {
            self.pos += expected.len_utf8();
        }
        matched
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }
}

/// Names a character for an error message, pointing out full-width look-alikes that a Chinese
/// input method types in place of `(`, `=`, `,` or `"`.
fn describe(c: char) -> String {
    match c {
        '\u{FF01}'..='\u{FF5E}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => {
            format!("full-width `{c}` (switch the input method to half-width)")
        }
        _ => format!("`{c}`"),
    }
}

// ---------------------------------------------------------------------------------------------
// Unicode classes for the flanking rules
// ---------------------------------------------------------------------------------------------

mod unicode {
    /// Rust's White_Space, as pulldown-cmark uses, so that both passes judge a run alike.
    /// (CommonMark's Unicode whitespace is slightly narrower: it leaves out U+2028 and the like.)
    pub(super) fn is_whitespace(c: char) -> bool {
        c.is_whitespace()
    }

    /// CommonMark's Unicode punctuation: general categories P and S.
    pub(super) fn is_punctuation(c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_punctuation()
        } else {
            !is_common_ideograph_or_hangul(c) && in_ranges(c, PUNCTUATION)
        }
    }

    /// A CJK character of the CJK-friendly amendments: East Asian Width W, F or H and not an
    /// emoji by default, or Hangul.
    pub(super) fn is_cjk(c: char) -> bool {
        !c.is_ascii() && (is_common_ideograph_or_hangul(c) || in_ranges(c, CJK))
    }

    /// Most characters next to a delimiter in Chinese text: answered without a table search.
    fn is_common_ideograph_or_hangul(c: char) -> bool {
        matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}')
    }

    /// U+FE00..U+FE0E: variation selectors other than the emoji one; they may follow a CJK
    /// character.
    pub(super) fn is_general_variation_selector(c: char) -> bool {
        matches!(c, '\u{FE00}'..='\u{FE0E}')
    }

    pub(super) fn is_ideographic_variation_selector(c: char) -> bool {
        matches!(c, '\u{E0100}'..='\u{E01EF}')
    }

    fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
        let c = c as u32;
        ranges
            .binary_search_by(|&(first, last)| {
                if last < c {
                    std::cmp::Ordering::Less
                } else if first > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    /// Unicode 16 ranges of the amendments' "CJK character".
    #[rustfmt::skip]
    const CJK: &[(u32, u32)] = &[
        (0x1100, 0x11FF), (0x20A9, 0x20A9), (0x2329, 0x232A), (0x2630, 0x2637), (0x268A, 0x268F), (0x2E80, 0x2E99),
        (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x2FF0, 0x303E), (0x3041, 0x3096), (0x3099, 0x30FF), (0x3105, 0x312F),
        (0x3131, 0x318E), (0x3190, 0x31E5), (0x31EF, 0x321E), (0x3220, 0x3247), (0x3250, 0xA48C), (0xA490, 0xA4C6),
        (0xA960, 0xA97C), (0xAC00, 0xD7A3), (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0xF900, 0xFAFF), (0xFE10, 0xFE19),
        (0xFE30, 0xFE52), (0xFE54, 0xFE66), (0xFE68, 0xFE6B), (0xFF01, 0xFFBE), (0xFFC2, 0xFFC7), (0xFFCA, 0xFFCF),
        (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC), (0xFFE0, 0xFFE6), (0xFFE8, 0xFFEE), (0x16FE0, 0x16FE4), (0x16FF0, 0x16FF6),
        (0x17000, 0x18CD5), (0x18CFF, 0x18D1E), (0x18D80, 0x18DF2), (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE),
        (0x1B000, 0x1B122), (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167), (0x1B170, 0x1B2FB),
        (0x1D300, 0x1D356), (0x1D360, 0x1D376), (0x1F200, 0x1F200), (0x1F202, 0x1F202), (0x1F210, 0x1F219), (0x1F21B, 0x1F22E),
        (0x1F230, 0x1F231), (0x1F237, 0x1F237), (0x1F23B, 0x1F23B), (0x1F240, 0x1F248), (0x1F260, 0x1F265), (0x20000, 0x3FFFD),
    ];

    /// Non-ASCII characters of general category P or S (Unicode 15, the set pulldown-cmark uses).
    #[rustfmt::skip]
    const PUNCTUATION: &[(u32, u32)] = &[
        (0x00A1, 0x00A9), (0x00AB, 0x00AC), (0x00AE, 0x00B1), (0x00B4, 0x00B4), (0x00B6, 0x00B8), (0x00BB, 0x00BB),
        (0x00BF, 0x00BF), (0x00D7, 0x00D7), (0x00F7, 0x00F7), (0x02C2, 0x02C5), (0x02D2, 0x02DF), (0x02E5, 0x02EB),
        (0x02ED, 0x02ED), (0x02EF, 0x02FF), (0x0375, 0x0375), (0x037E, 0x037E), (0x0384, 0x0385), (0x0387, 0x0387),
        (0x03F6, 0x03F6), (0x0482, 0x0482), (0x055A, 0x055F), (0x0589, 0x058A), (0x058D, 0x058F), (0x05BE, 0x05BE),
        (0x05C0, 0x05C0), (0x05C3, 0x05C3), (0x05C6, 0x05C6), (0x05F3, 0x05F4), (0x0606, 0x060F), (0x061B, 0x061B),
        (0x061D, 0x061F), (0x066A, 0x066D), (0x06D4, 0x06D4), (0x06DE, 0x06DE), (0x06E9, 0x06E9), (0x06FD, 0x06FE),
        (0x0700, 0x070D), (0x07F6, 0x07F9), (0x07FE, 0x07FF), (0x0830, 0x083E), (0x085E, 0x085E), (0x0888, 0x0888),
        (0x0964, 0x0965), (0x0970, 0x0970), (0x09F2, 0x09F3), (0x09FA, 0x09FB), (0x09FD, 0x09FD), (0x0A76, 0x0A76),
        (0x0AF0, 0x0AF1), (0x0B70, 0x0B70), (0x0BF3, 0x0BFA), (0x0C77, 0x0C77), (0x0C7F, 0x0C7F), (0x0C84, 0x0C84),
        (0x0D4F, 0x0D4F), (0x0D79, 0x0D79), (0x0DF4, 0x0DF4), (0x0E3F, 0x0E3F), (0x0E4F, 0x0E4F), (0x0E5A, 0x0E5B),
        (0x0F01, 0x0F17), (0x0F1A, 0x0F1F), (0x0F34, 0x0F34), (0x0F36, 0x0F36), (0x0F38, 0x0F38), (0x0F3A, 0x0F3D),
        (0x0F85, 0x0F85), (0x0FBE, 0x0FC5), (0x0FC7, 0x0FCC), (0x0FCE, 0x0FDA), (0x104A, 0x104F), (0x109E, 0x109F),
        (0x10FB, 0x10FB), (0x1360, 0x1368), (0x1390, 0x1399), (0x1400, 0x1400), (0x166D, 0x166E), (0x169B, 0x169C),
        (0x16EB, 0x16ED), (0x1735, 0x1736), (0x17D4, 0x17D6), (0x17D8, 0x17DB), (0x1800, 0x180A), (0x1940, 0x1940),
        (0x1944, 0x1945), (0x19DE, 0x19FF), (0x1A1E, 0x1A1F), (0x1AA0, 0x1AA6), (0x1AA8, 0x1AAD), (0x1B5A, 0x1B6A),
        (0x1B74, 0x1B7E), (0x1BFC, 0x1BFF), (0x1C3B, 0x1C3F), (0x1C7E, 0x1C7F), (0x1CC0, 0x1CC7), (0x1CD3, 0x1CD3),
        (0x1FBD, 0x1FBD), (0x1FBF, 0x1FC1), (0x1FCD, 0x1FCF), (0x1FDD, 0x1FDF), (0x1FED, 0x1FEF), (0x1FFD, 0x1FFE),
        (0x2010, 0x2027), (0x2030, 0x205E), (0x207A, 0x207E), (0x208A, 0x208E), (0x20A0, 0x20C0), (0x2100, 0x2101),
        (0x2103, 0x2106), (0x2108, 0x2109), (0x2114, 0x2114), (0x2116, 0x2118), (0x211E, 0x2123), (0x2125, 0x2125),
        (0x2127, 0x2127), (0x2129, 0x2129), (0x212E, 0x212E), (0x213A, 0x213B), (0x2140, 0x2144), (0x214A, 0x214D),
        (0x214F, 0x214F), (0x218A, 0x218B), (0x2190, 0x2426), (0x2440, 0x244A), (0x249C, 0x24E9), (0x2500, 0x2775),
        (0x2794, 0x2B73), (0x2B76, 0x2B95), (0x2B97, 0x2BFF), (0x2CE5, 0x2CEA), (0x2CF9, 0x2CFC), (0x2CFE, 0x2CFF),
        (0x2D70, 0x2D70), (0x2E00, 0x2E2E), (0x2E30, 0x2E5D), (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5),
        (0x2FF0, 0x2FFF), (0x3001, 0x3004), (0x3008, 0x3020), (0x3030, 0x3030), (0x3036, 0x3037), (0x303D, 0x303F),
        (0x309B, 0x309C), (0x30A0, 0x30A0), (0x30FB, 0x30FB), (0x3190, 0x3191), (0x3196, 0x319F), (0x31C0, 0x31E3),
        (0x31EF, 0x31EF), (0x3200, 0x321E), (0x322A, 0x3247), (0x3250, 0x3250), (0x3260, 0x327F), (0x328A, 0x32B0),
        (0x32C0, 0x33FF), (0x4DC0, 0x4DFF), (0xA490, 0xA4C6), (0xA4FE, 0xA4FF), (0xA60D, 0xA60F), (0xA673, 0xA673),
        (0xA67E, 0xA67E), (0xA6F2, 0xA6F7), (0xA700, 0xA716), (0xA720, 0xA721), (0xA789, 0xA78A), (0xA828, 0xA82B),
        (0xA836, 0xA839), (0xA874, 0xA877), (0xA8CE, 0xA8CF), (0xA8F8, 0xA8FA), (0xA8FC, 0xA8FC), (0xA92E, 0xA92F),
        (0xA95F, 0xA95F), (0xA9C1, 0xA9CD), (0xA9DE, 0xA9DF), (0xAA5C, 0xAA5F), (0xAA77, 0xAA79), (0xAADE, 0xAADF),
        (0xAAF0, 0xAAF1), (0xAB5B, 0xAB5B), (0xAB6A, 0xAB6B), (0xABEB, 0xABEB), (0xFB29, 0xFB29), (0xFBB2, 0xFBC2),
        (0xFD3E, 0xFD4F), (0xFDCF, 0xFDCF), (0xFDFC, 0xFDFF), (0xFE10, 0xFE19), (0xFE30, 0xFE52), (0xFE54, 0xFE66),
        (0xFE68, 0xFE6B), (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65), (0xFFE0, 0xFFE6),
        (0xFFE8, 0xFFEE), (0xFFFC, 0xFFFD), (0x10100, 0x10102), (0x10137, 0x1013F), (0x10179, 0x10189), (0x1018C, 0x1018E),
        (0x10190, 0x1019C), (0x101A0, 0x101A0), (0x101D0, 0x101FC), (0x1039F, 0x1039F), (0x103D0, 0x103D0), (0x1056F, 0x1056F),
        (0x10857, 0x10857), (0x10877, 0x10878), (0x1091F, 0x1091F), (0x1093F, 0x1093F), (0x10A50, 0x10A58), (0x10A7F, 0x10A7F),
        (0x10AC8, 0x10AC8), (0x10AF0, 0x10AF6), (0x10B39, 0x10B3F), (0x10B99, 0x10B9C), (0x10EAD, 0x10EAD), (0x10F55, 0x10F59),
        (0x10F86, 0x10F89), (0x11047, 0x1104D), (0x110BB, 0x110BC), (0x110BE, 0x110C1), (0x11140, 0x11143), (0x11174, 0x11175),
        (0x111C5, 0x111C8), (0x111CD, 0x111CD), (0x111DB, 0x111DB), (0x111DD, 0x111DF), (0x11238, 0x1123D), (0x112A9, 0x112A9),
        (0x1144B, 0x1144F), (0x1145A, 0x1145B), (0x1145D, 0x1145D), (0x114C6, 0x114C6), (0x115C1, 0x115D7), (0x11641, 0x11643),
        (0x11660, 0x1166C), (0x116B9, 0x116B9), (0x1173C, 0x1173F), (0x1183B, 0x1183B), (0x11944, 0x11946), (0x119E2, 0x119E2),
        (0x11A3F, 0x11A46), (0x11A9A, 0x11A9C), (0x11A9E, 0x11AA2), (0x11B00, 0x11B09), (0x11C41, 0x11C45), (0x11C70, 0x11C71),
        (0x11EF7, 0x11EF8), (0x11F43, 0x11F4F), (0x11FD5, 0x11FF1), (0x11FFF, 0x11FFF), (0x12470, 0x12474), (0x12FF1, 0x12FF2),
        (0x16A6E, 0x16A6F), (0x16AF5, 0x16AF5), (0x16B37, 0x16B3F), (0x16B44, 0x16B45), (0x16E97, 0x16E9A), (0x16FE2, 0x16FE2),
        (0x1BC9C, 0x1BC9C), (0x1BC9F, 0x1BC9F), (0x1CF50, 0x1CFC3), (0x1D000, 0x1D0F5), (0x1D100, 0x1D126), (0x1D129, 0x1D164),
        (0x1D16A, 0x1D16C), (0x1D183, 0x1D184), (0x1D18C, 0x1D1A9), (0x1D1AE, 0x1D1EA), (0x1D200, 0x1D241), (0x1D245, 0x1D245),
        (0x1D300, 0x1D356), (0x1D6C1, 0x1D6C1), (0x1D6DB, 0x1D6DB), (0x1D6FB, 0x1D6FB), (0x1D715, 0x1D715), (0x1D735, 0x1D735),
        (0x1D74F, 0x1D74F), (0x1D76F, 0x1D76F), (0x1D789, 0x1D789), (0x1D7A9, 0x1D7A9), (0x1D7C3, 0x1D7C3), (0x1D800, 0x1D9FF),
        (0x1DA37, 0x1DA3A), (0x1DA6D, 0x1DA74), (0x1DA76, 0x1DA83), (0x1DA85, 0x1DA8B), (0x1E14F, 0x1E14F), (0x1E2FF, 0x1E2FF),
        (0x1E95E, 0x1E95F), (0x1ECAC, 0x1ECAC), (0x1ECB0, 0x1ECB0), (0x1ED2E, 0x1ED2E), (0x1EEF0, 0x1EEF1), (0x1F000, 0x1F02B),
        (0x1F030, 0x1F093), (0x1F0A0, 0x1F0AE), (0x1F0B1, 0x1F0BF), (0x1F0C1, 0x1F0CF), (0x1F0D1, 0x1F0F5), (0x1F10D, 0x1F1AD),
        (0x1F1E6, 0x1F202), (0x1F210, 0x1F23B), (0x1F240, 0x1F248), (0x1F250, 0x1F251), (0x1F260, 0x1F265), (0x1F300, 0x1F6D7),
        (0x1F6DC, 0x1F6EC), (0x1F6F0, 0x1F6FC), (0x1F700, 0x1F776), (0x1F77B, 0x1F7D9), (0x1F7E0, 0x1F7EB), (0x1F7F0, 0x1F7F0),
        (0x1F800, 0x1F80B), (0x1F810, 0x1F847), (0x1F850, 0x1F859), (0x1F860, 0x1F887), (0x1F890, 0x1F8AD), (0x1F8B0, 0x1F8B1),
        (0x1F900, 0x1FA53), (0x1FA60, 0x1FA6D), (0x1FA70, 0x1FA7C), (0x1FA80, 0x1FA88), (0x1FA90, 0x1FABD), (0x1FABF, 0x1FAC5),
        (0x1FACE, 0x1FADB), (0x1FAE0, 0x1FAE8), (0x1FAF0, 0x1FAF8), (0x1FB00, 0x1FB92), (0x1FB94, 0x1FBCA),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The HTML of a one-paragraph document, without `<p>` and `</p>\n`.
    fn inline(markdown: &str) -> String {
        let html = render(markdown);
        html.strip_prefix("<p>")
            .and_then(|html| html.strip_suffix("</p>\n"))
            .map_or(html.clone(), str::to_owned)
    }

    fn figure_and_chart(call: &Shortcode) -> Expansion {
        match call.name.as_str() {
            "chart" => Expansion::Block(format!("<figure>{}</figure>\n", call.args.len())),
            _ => Expansion::Inline("<span class=\"figure\">52.8</span>".to_owned()),
        }
    }

    fn calls(text: &str) -> Vec<Shortcode> {
        let (pieces, errors) = split_shortcodes(text);
        assert_eq!(errors, [], "no errors expected in {text:?}");
        pieces
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Call(call) => Some(call),
                Piece::Text(_) => None,
            })
            .collect()
    }

    fn only_error(text: &str) -> ShortcodeError {
        let (_, mut errors) = split_shortcodes(text);
        assert_eq!(
            errors.len(),
            1,
            "one error expected in {text:?}: {errors:?}"
        );
        errors.remove(0)
    }

    // --- CJK-friendly emphasis -----------------------------------------------------------

    #[test]
    fn emphasis_next_to_cjk_punctuation_renders() {
        for (markdown, expected) in [
            ("**“招商”**引资", "<strong>“招商”</strong>引资"),
            ("招商**“引资”**工作", "招商<strong>“引资”</strong>工作"),
            ("**《实施方案》**发布", "<strong>《实施方案》</strong>发布"),
            (
                "**《中国制造2025》**发布",
                "<strong>《中国制造2025》</strong>发布",
            ),
            ("*（注）*说明", "<em>（注）</em>说明"),
            ("这是**加粗**文字", "这是<strong>加粗</strong>文字"),
            ("签约**“链主”企业**，", "签约<strong>“链主”企业</strong>，"),
            ("***“招商”***引资", "<em><strong>“招商”</strong></em>引资"),
            (
                "**“招商”**引资和**加粗**",
                "<strong>“招商”</strong>引资和<strong>加粗</strong>",
            ),
            (
                "[**“招商”**引资](https://x.cn)",
                "<a href=\"https://x.cn\"><strong>“招商”</strong>引资</a>",
            ),
        ] {
            assert_eq!(inline(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn literal_asterisks_and_tildes_stay_literal() {
        for (markdown, expected) in [
            ("3~5年", "3~5年"),
            ("工期3~5年，投资6~8亿元", "工期3~5年，投资6~8亿元"),
            ("\\*literal\\*", "*literal*"),
            ("\\*\\*“招商”\\*\\*引资", "**“招商”**引资"),
            ("`**“招商”**引资`", "<code>**“招商”**引资</code>"),
            ("2*3*4", "2*3*4"),
            ("规格1200*600*300mm", "规格1200*600*300mm"),
            ("2 * 3 * 4", "2 * 3 * 4"),
            (
                "<https://x.cn/*a*>",
                "<a href=\"https://x.cn/*a*\">https://x.cn/*a*</a>",
            ),
        ] {
            assert_eq!(inline(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn emphasis_in_headings_and_table_cells_renders() {
        assert_eq!(
            render("## **“重点”**项目"),
            "<h2 id=\"重点-项目\"><strong>“重点”</strong>项目</h2>\n"
        );
        assert!(
            render("|项目|\n|-|\n|**“链主”**企业|\n")
                .contains("<td><strong>“链主”</strong>企业</td>")
        );
    }

    #[test]
    fn emphasis_in_lists_quotes_and_crlf_text_renders() {
        for (markdown, expected) in [
            (
                "- **“招商”**引资\n- 其次",
                "<ul>\n<li><strong>“招商”</strong>引资</li>\n<li>其次</li>\n</ul>\n",
            ),
            (
                "> 第一行\n> **“招商”**引资",
                "<blockquote>\n<p>第一行\n<strong>“招商”</strong>引资</p>\n</blockquote>\n",
            ),
            (
                "# 标题\r\n\r\n**“招商”**引资\r\n*（注）*\r\n",
                "<h1 id=\"标题\">标题</h1>\n<p><strong>“招商”</strong>引资\n<em>（注）</em></p>\n",
            ),
        ] {
            assert_eq!(render(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn code_blocks_keep_their_asterisks() {
        assert_eq!(
            render("```\n**“招商”**引资\n```\n"),
            "<pre><code>**“招商”**引资\n</code></pre>\n"
        );
    }

    fn pulldown_only(markdown: &str) -> String {
        let mut html = String::new();
        html::push_html(&mut html, Parser::new_ext(markdown, options()));
        html
    }

    fn emphasis_pass_only(markdown: &str) -> String {
        let parsed = Parser::new_ext(markdown, options())
            .into_offset_iter()
            .collect();
        let mut html = String::new();
        html::push_html(&mut html, apply_cjk_emphasis(markdown, parsed).into_iter());
        html
    }

    #[test]
    fn emphasis_without_cjk_matches_commonmark() {
        for markdown in [
            "*a **b** c*",
            "***a***",
            "***a* b**",
            "*a**b*",
            "**a*",
            "a**b**c",
            "_a_b",
            "__a__",
            "*a _b* c_",
            "[*a*](b) *c*",
            "**a [b** c](d)",
            "*a `*` b*",
            "foo*bar*",
            "*(*a*)*",
            "_(_a_)_",
        ] {
            assert_eq!(
                emphasis_pass_only(markdown),
                pulldown_only(markdown),
                "{markdown}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Without CJK characters and digits the amended rules are CommonMark's: the pass must
        /// pair exactly as pulldown-cmark does.
        #[test]
        fn emphasis_pass_agrees_with_pulldown_on_ascii(markdown in "[ab *_\n.,!()\\[\\]`~<>\\\\-]{0,40}") {
            prop_assert_eq!(emphasis_pass_only(&markdown), pulldown_only(&markdown));
        }
    }

    // --- headings, footnotes, tables -----------------------------------------------------

    #[test]
    fn headings_get_unique_ids_that_keep_cjk() {
        for (markdown, expected) in [
            (
                "## 重谋划 构建新格局",
                "<h2 id=\"重谋划-构建新格局\">重谋划 构建新格局</h2>\n",
            ),
            (
                "# 一、总体情况",
                "<h1 id=\"一-总体情况\">一、总体情况</h1>\n",
            ),
            (
                "# Key Projects 2023",
                "<h1 id=\"key-projects-2023\">Key Projects 2023</h1>\n",
            ),
            ("# ！？", "<h1 id=\"section\">！？</h1>\n"),
            ("# 概况 {#overview}", "<h1 id=\"overview\">概况</h1>\n"),
            (
                "# 概况\n\n# 概况\n\n# 概况",
                "<h1 id=\"概况\">概况</h1>\n<h1 id=\"概况-1\">概况</h1>\n<h1 id=\"概况-2\">概况</h1>\n",
            ),
            (
                "# a\n\n# a\n\n# b {#a-1}",
                "<h1 id=\"a\">a</h1>\n<h1 id=\"a-2\">a</h1>\n<h1 id=\"a-1\">b</h1>\n",
            ),
            ("概况\n====", "<h1 id=\"概况\">概况</h1>\n"),
        ] {
            assert_eq!(render(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn heading_attributes_other_than_id_and_class_are_dropped() {
        assert_eq!(
            render("## 标题 {onclick=alert(1) .lead}"),
            "<h2 id=\"标题\" class=\"lead\">标题</h2>\n"
        );
    }

    #[test]
    fn footnotes_render_and_heading_ids_avoid_their_ids() {
        let html = render("# 1\n\n到位资金[^1]\n\n[^1]: 含省外资金。");
        assert!(html.contains("<h1 id=\"1-1\">1</h1>"), "{html}");
        assert!(
            html.contains("<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"footnote-definition\" id=\"1\">"),
            "{html}"
        );
        assert!(html.contains("<p>含省外资金。</p>"), "{html}");
    }

    #[test]
    fn tables_render_with_alignment() {
        assert_eq!(
            render("| 产业 | 签约额 |\n|:--|--:|\n| 新材料 | 52.8 |\n"),
            "<table><thead><tr><th style=\"text-align: left\">产业</th><th style=\"text-align: right\">签约额</th></tr></thead><tbody>\n\
             <tr><td style=\"text-align: left\">新材料</td><td style=\"text-align: right\">52.8</td></tr>\n</tbody></table>\n"
        );
    }

    #[test]
    fn smart_punctuation_stays_off() {
        assert_eq!(inline("\"招商引资\" -- 'a'"), "\"招商引资\" -- 'a'");
    }

    // --- safety ---------------------------------------------------------------------------

    #[test]
    fn raw_html_is_escaped() {
        for (markdown, expected) in [
            (
                "<script>alert(1)</script>",
                "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n",
            ),
            (
                "<div>\n招商\n</div>",
                "<p>&lt;div&gt;\n招商\n&lt;/div&gt;</p>\n",
            ),
            ("文字<b>加粗</b>", "<p>文字&lt;b&gt;加粗&lt;/b&gt;</p>\n"),
            (
                "<img src=x onerror=alert(1)>",
                "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n",
            ),
        ] {
            assert_eq!(render(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn only_web_relative_and_mail_links_survive() {
        for (url, safe) in [
            ("https://tzcj.example.gov.cn/", true),
            ("http://x.cn", true),
            ("HTTPS://X.CN", true),
            ("mailto:tzj@example.gov.cn", true),
            ("/briefings/2023/", true),
            ("../a.html#b:c", true),
            ("?page=2", true),
            ("#概况", true),
            ("", true),
            ("javascript:alert(1)", false),
            ("JavaScript:alert(1)", false),
            (" \u{1}javascript:alert(1)", false),
            ("java\tscript:alert(1)", false),
            ("data:text/html,<script>", false),
            ("vbscript:msgbox", false),
            ("file:///etc/passwd", false),
        ] {
            assert_eq!(is_safe_url(url), safe, "{url:?}");
        }
        assert_eq!(
            inline(
                "[点此](javascript:alert(1)) [官网](https://x.cn) ![图](data:image/png;base64,AA)"
            ),
            "点此 <a href=\"https://x.cn\">官网</a> 图"
        );
        assert_eq!(inline("[点此](jav&#x61;script:alert(1))"), "点此");
        assert_eq!(inline("<javascript:alert(1)>"), "javascript:alert(1)");
    }

    // --- shortcodes: splitting ------------------------------------------------------------

    #[test]
    fn shortcode_positions_count_characters_after_cjk_text() {
        let found = calls("2022年,全市新签约项目{{ figure(metric=\"signed_count\") }}个");
        assert_eq!((found[0].line, found[0].column), (1, 14));
        assert_eq!(found[0].name, "figure");
        assert_eq!(
            found[0].arg("metric"),
            Some(&ArgValue::String("signed_count".to_owned()))
        );
    }

    #[test]
    fn shortcode_positions_after_crlf_and_cr_line_ends() {
        let found = calls("第一行\r\n第二行{{ a() }}\r\n{{ b() }}\r\r三{{c()}}");
        let positions: Vec<_> = found.iter().map(|call| (call.line, call.column)).collect();
        assert_eq!(positions, [(2, 4), (3, 1), (5, 2)]);
    }

    #[test]
    fn shortcode_pieces_keep_the_text_around_calls() {
        let (pieces, errors) = split_shortcodes("前{{ a() }}中{{b()}}");
        assert_eq!(errors, []);
        assert_eq!(pieces.len(), 4);
        assert_eq!(pieces[0], Piece::Text("前"));
        assert_eq!(pieces[2], Piece::Text("中"));
        assert!(
            matches!(&pieces[3], Piece::Call(call) if call.name == "b" && call.args.is_empty())
        );
        assert_eq!(
            split_shortcodes("没有短代码").0,
            [Piece::Text("没有短代码")]
        );
        assert_eq!(split_shortcodes("").0, []);
    }

    #[test]
    fn shortcode_values_parse() {
        let found = calls(
            "{{ t(s=\"a \\\"引\\\" \\\\ \\d\", i=10, n=-3, d=0.5, m=-12.50, yes=true, no=false,) }}",
        );
        assert_eq!(
            found[0].args,
            [
                (
                    "s".to_owned(),
                    ArgValue::String("a \"引\" \\ \\d".to_owned())
                ),
                ("i".to_owned(), ArgValue::Integer(10)),
                ("n".to_owned(), ArgValue::Integer(-3)),
                ("d".to_owned(), ArgValue::Decimal("0.5".to_owned())),
                ("m".to_owned(), ArgValue::Decimal("-12.50".to_owned())),
                ("yes".to_owned(), ArgValue::Bool(true)),
                ("no".to_owned(), ArgValue::Bool(false)),
            ]
        );
    }

    #[test]
    fn shortcode_spacing_is_free() {
        for text in [
            "{{t(a=1)}}",
            "{{ t ( a = 1 ) }}",
            "{{\n  t(\n    a=1,\n  )\n}}",
        ] {
            let found = calls(text);
            assert_eq!(
                found[0].args,
                [("a".to_owned(), ArgValue::Integer(1))],
                "{text:?}"
            );
        }
    }

    #[test]
    fn shortcodes_in_code_are_not_calls() {
        for text in [
            "```\n{{ figure(metric=\"a\") }}\n```\n",
            "~~~markdown\n{{ chart() }}\n~~~\n",
            "写法：`{{ figure(metric=\"a\") }}`。",
            "    {{ chart() }}\n",
            "- 列表\n\n  ```\n  {{ chart() }}\n  ```\n",
            "\\{{ chart() }}",
        ] {
            let (pieces, errors) = split_shortcodes(text);
            assert_eq!(
                (pieces, errors),
                (vec![Piece::Text(text)], vec![]),
                "{text:?}"
            );
        }
        assert_eq!(calls("`代码` {{ a() }} ``{{ b() }}``").len(), 1);
    }

    #[test]
    fn malformed_shortcodes_are_reported_where_they_go_wrong() {
        for (text, line, column, message) in [
            (
                "前文{{ figure(metric=\"a\")\n\n后文",
                1,
                3,
                "unclosed `{{`: expected `}}` after `figure(…)`",
            ),
            ("{{ figure(metric=\"a\"", 1, 1, "unclosed `{{`"),
            (
                "{{ figure(metric=signed_amount) }}",
                1,
                18,
                "did you mean \"signed_amount\"?",
            ),
            (
                "{{ figure(metric=\"a\", metric=\"b\") }}",
                1,
                23,
                "duplicate argument `metric`",
            ),
            ("{{ figure(metric=\"a) }}\n", 1, 18, "unterminated string"),
            ("{{ figure（metric=\"a\"） }}", 1, 10, "full-width `（`"),
            ("{{ figure(metric=“a”) }}", 1, 18, "full-width `“`"),
            ("{{ 10 }}", 1, 4, "expected a shortcode name"),
            ("{{ figure }}", 1, 11, "expected `(` after `figure`"),
            ("{{ figure(x=10万) }}", 1, 13, "`10万` is not a number"),
            ("{{ figure(x=99999999999999999999) }}", 1, 13, "too large"),
            (
                "{{ figure(a=1 b=2) }}",
                1,
                15,
                "expected `,` or `)` after the value of `a`",
            ),
            ("{{ figure(a) }}", 1, 12, "expected `=` after argument `a`"),
            (
                "第一行\r\n第二行{{ figure(,) }}",
                2,
                14,
                "expected an argument name or `)`",
            ),
        ] {
            let error = only_error(text);
            assert_eq!(
                (error.line, error.column),
                (line, column),
                "{text:?}: {error}"
            );
            assert!(error.message.contains(message), "{text:?}: {error}");
        }
    }

    #[test]
    fn a_malformed_shortcode_does_not_hide_the_next_one() {
        let (pieces, errors) = split_shortcodes("{{ bad {{ good() }}");
        assert_eq!(errors.len(), 1);
        assert_eq!(pieces[0], Piece::Text("{{ bad "));
        assert!(matches!(&pieces[1], Piece::Call(call) if call.name == "good" && call.column == 8));
    }

    #[test]
    fn errors_are_ordered_and_located_when_a_failed_call_holds_another_brace_pair() {
        let (pieces, errors) = split_shortcodes("{{ a(x=\"{{\", y=z) }}");
        assert_eq!(pieces.len(), 1);
        let positions: Vec<_> = errors
            .iter()
            .map(|error| (error.line, error.column))
            .collect();
        assert_eq!(positions, [(1, 11), (1, 16)]);
    }

    // --- shortcodes: rendering ------------------------------------------------------------

    #[test]
    fn inline_expansion_stays_in_the_sentence() {
        let rendered = render_with_shortcodes(
            "协议投资额{{ figure(metric=\"signed_amount\") }}亿元",
            figure_and_chart,
        );
        assert_eq!(
            rendered.html,
            "<p>协议投资额<span class=\"figure\">52.8</span>亿元</p>\n"
        );
        assert_eq!(rendered.errors, []);
    }

    #[test]
    fn block_expansion_replaces_its_paragraph() {
        for (markdown, expected) in [
            ("{{ chart(name=\"by_sector\") }}", "<figure>1</figure>\n"),
            (
                "前文\n\n{{ chart() }}\n\n后文",
                "<p>前文</p>\n<figure>0</figure>\n<p>后文</p>\n",
            ),
            (
                "全市签约情况如下：\n{{ chart() }}\n说明",
                "<p>全市签约情况如下：</p>\n<figure>0</figure>\n<p>说明</p>\n",
            ),
            (
                "{{ chart() }}\n{{ chart(a=1) }}",
                "<figure>0</figure>\n<figure>1</figure>\n",
            ),
            (
                "- {{ chart() }}",
                "<ul>\n<li><figure>0</figure>\n</li>\n</ul>\n",
            ),
            (
                "前文\r\n{{ chart() }}\r\n后文",
                "<p>前文</p>\n<figure>0</figure>\n<p>后文</p>\n",
            ),
            (
                "> {{ chart() }}",
                "<blockquote>\n<figure>0</figure>\n</blockquote>\n",
            ),
            (
                "**{{ chart() }}**",
                "<p><strong><figure>0</figure>\n</strong></p>\n",
            ),
        ] {
            assert_eq!(
                render_with_shortcodes(markdown, figure_and_chart).html,
                expected,
                "{markdown:?}"
            );
        }
    }

    #[test]
    fn expansions_are_not_read_as_markdown() {
        let rendered = render_with_shortcodes("值为**{{ v() }}**。", |_| {
            Expansion::Inline("*1* <i>2</i>".to_owned())
        });
        assert_eq!(
            rendered.html,
            "<p>值为<strong>*1* <i>2</i></strong>。</p>\n"
        );
    }

    #[test]
    fn shortcodes_in_code_are_shown_not_expanded() {
        let mut expanded = Vec::new();
        let rendered =
            render_with_shortcodes("`{{ a() }}` {{ b() }}\n\n```\n{{ c() }}\n```", |call| {
                expanded.push(call.name.clone());
                Expansion::Inline("X".to_owned())
            });
        assert_eq!(expanded, ["b"]);
        assert_eq!(
            rendered.html,
            "<p><code>{{ a() }}</code> X</p>\n<pre><code>{{ c() }}\n</code></pre>\n"
        );
    }

    #[test]
    fn shortcodes_where_html_cannot_go_stay_as_written() {
        let rendered = render_with_shortcodes("![签约{{ figure() }}亿元](a.png)", figure_and_chart);
        assert_eq!(
            rendered.html,
            "<p><img src=\"a.png\" alt=\"签约{{ figure() }}亿元\" /></p>\n"
        );
    }

    #[test]
    fn malformed_shortcodes_render_as_text_and_are_returned() {
        let rendered = render_with_shortcodes("{{ figure(x=) }} {{ figure() }}", figure_and_chart);
        assert_eq!(
            rendered.html,
            "<p>{{ figure(x=) }} <span class=\"figure\">52.8</span></p>\n"
        );
        assert_eq!(rendered.errors.len(), 1);
        assert_eq!(rendered.errors[0].column, 13);
    }

    #[test]
    fn private_use_characters_in_the_text_are_not_taken_for_calls() {
        let text = "\u{F0000}{{ a() }}";
        let rendered = render_with_shortcodes(text, |_| Expansion::Inline("X".to_owned()));
        assert_eq!(rendered.html, "<p>\u{FFFD}X</p>\n");
        assert_eq!(render("\u{F0000}"), "<p>\u{F0000}</p>\n");
    }

    #[test]
    fn text_without_shortcodes_never_calls_expand() {
        let rendered = render_with_shortcodes("纯文本 { 单括号 }", |_| {
            unreachable!("no call to expand")
        });
        assert_eq!(rendered.html, "<p>纯文本 { 单括号 }</p>\n");
        assert_eq!(render("{{ figure() }}"), "<p>{{ figure() }}</p>\n");
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in any::<String>()) {
            let _ = render(&text);
            let _ = split_shortcodes(&text);
            let _ = render_with_shortcodes(&text, figure_and_chart);
        }

        #[test]
        fn markdown_like_text_never_panics(
            text in "([*_~`{}()=,\"\\\\\n\r#|<>!\\[\\]a-c0-9 .-]|\u{201C}|\u{201D}|（|）|中|文|\\{\\{|\\}\\}|\u{FE01}|\u{F0000}){0,80}"
        ) {
            let _ = render(&text);
            let (pieces, errors) = split_shortcodes(&text);
            for error in errors {
                prop_assert!(error.line >= 1 && error.column >= 1);
            }
            for piece in pieces {
                if let Piece::Call(call) = piece {
                    prop_assert!(call.line >= 1 && call.column >= 1);
                }
            }
            let mut expand = figure_and_chart;
            let substituted = substitute_shortcodes(&text, &mut expand);
            prop_assert!(is_well_nested(&html_events(&substituted.source, &substituted.substitutions)));
            prop_assert!(is_well_nested(&html_events(&text, &Substitutions::default())));
        }
    }

    fn is_well_nested(events: &[Event<'_>]) -> bool {
        let mut open = Vec::new();
        for event in events {
            match event {
                Event::Start(tag) => open.push(tag.to_end()),
                Event::End(end) if open.pop() != Some(*end) => return false,
                _ => {}
            }
        }
        open.is_empty()
    }
}
