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
//!
//! Each pass has its module: `emphasis`, `headings`, `sanitize` (which also puts the expansions
//! in); `shortcode` finds and parses the calls and `substitute` swaps them for placeholders.

mod emphasis;
mod headings;
mod sanitize;
mod shortcode;
mod substitute;
#[cfg(test)]
mod tests;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

use emphasis::apply_cjk_emphasis;
use headings::assign_heading_ids;
use sanitize::sanitize_and_expand;
use shortcode::scan_shortcodes;
use substitute::{Substituted, Substitutions, lift_blocks_out_of_paragraphs, substitute_shortcodes};

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// A stretch of briefing text: Markdown, or a shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece<'a> {
    /// Markdown as written, including any malformed `{{` (reported as a [`ShortcodeError`]).
    Text(&'a str),
    Call(Shortcode),
}

/// `{{ name(arg=value, …) }}` as written in a briefing.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
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
    pub fn arg(&self, name: &str) -> Option<&ArgValue> {
        self.args.iter().find(|(arg, _)| arg == name).map(|(_, value)| value)
    }
}

/// The value of a shortcode argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgValue {
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
pub struct ShortcodeError {
    /// 1-based line of the problem in the text given.
    pub line: usize,
    /// 1-based column of the problem, counted in characters.
    pub column: usize,
    pub message: String,
}

/// What a shortcode call becomes. The HTML is used as it is: escape what needs escaping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expansion {
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
pub struct Rendered {
    pub html: String,
    pub errors: Vec<ShortcodeError>,
}

/// Renders Markdown to HTML. `{{ … }}` is plain text here.
#[cfg(test)]
pub(crate) fn render(markdown: &str) -> String {
    render_source(markdown, &Substitutions::default(), &mut sanitize::relative_image)
}

/// Finds the shortcode calls in `text`, outside code blocks and code spans.
///
/// `\{{` is not a call (Markdown renders it as `{{`). Malformed calls stay in the text pieces and
/// are reported, located at the problem, so one error does not hide the calls after it.
pub fn split_shortcodes(text: &str) -> (Vec<Piece<'_>>, Vec<ShortcodeError>) {
    if !text.contains("{{") {
        let pieces = if text.is_empty() { Vec::new() } else { vec![Piece::Text(text)] };
        return (pieces, Vec::new());
    }
    let scan = scan_shortcodes(text);
    let mut pieces = Vec::with_capacity(scan.calls.len() * 2 + 1);
    let mut written = 0;
    for (span, call) in scan.calls {
        if let Some(before) = text.get(written..span.start).filter(|before| !before.is_empty()) {
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
#[cfg(test)]
pub(crate) fn render_with_shortcodes(markdown: &str, expand: impl FnMut(&Shortcode) -> Expansion) -> Rendered {
    render_briefing(markdown, expand, sanitize::relative_image)
}

/// Renders a briefing: its shortcodes expanded by `expand`, and each image's address given by
/// `image` from the address as written (`None` drops the image and keeps its alt text).
pub fn render_briefing(
    markdown: &str,
    mut expand: impl FnMut(&Shortcode) -> Expansion,
    mut image: impl FnMut(&str) -> Option<String>,
) -> Rendered {
    if !markdown.contains("{{") {
        return Rendered { html: render_source(markdown, &Substitutions::default(), &mut image), errors: Vec::new() };
    }
    let Substituted { source, substitutions, errors } = substitute_shortcodes(markdown, &mut expand);
    Rendered { html: render_source(&source, &substitutions, &mut image), errors }
}

/// The images of a Markdown text: 1-based line and column of each `![`, and its address.
pub fn image_addresses(markdown: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    // Lines are counted on from the previous image, not from the start for each: a text of many
    // images would otherwise take time growing with the square of its length.
    let (mut counted_to, mut line, mut line_start) = (0, 1, 0);
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            let between = markdown.get(counted_to..range.start).unwrap_or_default();
            for (offset, _) in between.match_indices('\n') {
                line += 1;
                line_start = counted_to + offset + 1;
            }
            counted_to = counted_to.max(range.start);
            let column = markdown.get(line_start..range.start).map_or(0, |l| l.chars().count()) + 1;
            found.push((line, column, dest_url.to_string()));
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Rendering pipeline
// ---------------------------------------------------------------------------------------------

/// Tables, footnotes, strikethrough and `{#id .class}` on headings. Smart punctuation stays off:
/// it turns `"招商引资"` into `“招商引资“`.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES
}

fn render_source(source: &str, substitutions: &Substitutions<'_>, image: &mut dyn FnMut(&str) -> Option<String>) -> String {
    let mut html = String::with_capacity(source.len() + source.len() / 2);
    html::push_html(&mut html, html_events(source, substitutions, image).into_iter());
    html
}

fn html_events<'a>(source: &'a str, substitutions: &'a Substitutions<'_>, image: &mut dyn FnMut(&str) -> Option<String>) -> Vec<Event<'a>> {
    // About one event per eight bytes of Chinese prose: sized once, not regrown.
    let mut parsed = Vec::with_capacity(source.len() / 8 + 16);
    parsed.extend(Parser::new_ext(source, options()).into_offset_iter());
    drop_excess_padding(source, &mut parsed);
    let mut events = apply_cjk_emphasis(source, parsed);
    assign_heading_ids(&mut events);
    let events = sanitize_and_expand(events, substitutions, image);
    lift_blocks_out_of_paragraphs(events)
}

/// Empty cells pulldown-cmark may add to fill short table rows, per text.
const MAX_PADDING_CELLS: usize = 10_000;

/// Drops the cells that fill short table rows once a text has had
/// `MAX_PADDING_CELLS` of them. Filling follows GFM, but a wide header over
/// many one-character rows makes output grow with columns × rows: 300 bytes
/// gave 23 KB of HTML, 64 KB would give hundreds of megabytes. A filled cell
/// is the one with an empty range that starts a line (or ends the text),
/// which a cell written in the row never does.
fn drop_excess_padding(source: &str, events: &mut Vec<(Event<'_>, std::ops::Range<usize>)>) {
    let is_padding =
        |range: &std::ops::Range<usize>| range.is_empty() && (range.start == source.len() || source[..range.start].ends_with('\n'));
    let mut padded = 0usize;
    let mut dropping = false;
    events.retain(|(event, range)| match event {
        Event::Start(Tag::TableCell) if is_padding(range) => {
            padded += 1;
            dropping = padded > MAX_PADDING_CELLS;
            !dropping
        }
        Event::End(TagEnd::TableCell) if dropping => {
            dropping = false;
            false
        }
        _ => true,
    });
}

/// Whether the character at `at` follows an odd number of backslashes. The emphasis pass and the
/// shortcode scan both honour `\` this way.
fn is_backslash_escaped(source: &str, at: usize) -> bool {
    let before = source.as_bytes().get(..at).unwrap_or_default();
    before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}
