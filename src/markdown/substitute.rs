//! Shortcode calls as placeholder characters: swapped in before parsing, expanded into HTML after.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::shortcode::scan_shortcodes;
use super::{Expansion, Shortcode, ShortcodeError};

/// Placeholders are characters of Supplementary Private Use Area-A: pulldown-cmark treats them
/// as ordinary text (neither punctuation nor whitespace), one character per call.
const PLACEHOLDER_BASE: u32 = 0xF_0000;
const PLACEHOLDER_COUNT: u32 = 0xFFFE;

fn placeholder(index: usize) -> Option<char> {
    let index = u32::try_from(index).ok().filter(|&index| index < PLACEHOLDER_COUNT)?;
    char::from_u32(PLACEHOLDER_BASE + index)
}

fn is_placeholder_range(c: char) -> bool {
    (PLACEHOLDER_BASE..PLACEHOLDER_BASE + PLACEHOLDER_COUNT).contains(&u32::from(c))
}

/// Copies text, replacing characters of the placeholder range that were already there, so that
/// they cannot be taken for a call.
fn push_without_placeholders(out: &mut String, text: &str) {
    if text.chars().any(is_placeholder_range) {
        out.extend(text.chars().map(|c| if is_placeholder_range(c) { char::REPLACEMENT_CHARACTER } else { c }));
    } else {
        out.push_str(text);
    }
}

/// The calls of one document, by placeholder index.
#[derive(Default)]
pub(super) struct Substitutions<'a> {
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
    pub(super) fn restore<'e>(&self, text: CowStr<'e>) -> CowStr<'e> {
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
pub(super) struct Substituted<'a> {
    pub(super) source: String,
    pub(super) substitutions: Substitutions<'a>,
    pub(super) errors: Vec<ShortcodeError>,
}

pub(super) fn substitute_shortcodes<'a>(markdown: &'a str, expand: &mut impl FnMut(&Shortcode) -> Expansion) -> Substituted<'a> {
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
                    message: crate::tr!(
                        zh: "一段文字中的短代码太多（最多 {PLACEHOLDER_COUNT} 个）",
                        en: "too many shortcodes in one text (at most {PLACEHOLDER_COUNT})"
                    ),
                });
            }
        }
        written = span.end;
    }
    push_without_placeholders(&mut source, markdown.get(written..).unwrap_or(""));
    Substituted { source, substitutions, errors }
}

/// Pushes text (raw HTML included: it is shown, escaped), with its placeholders expanded.
pub(super) fn push_text<'a>(out: &mut Vec<Event<'a>>, text: CowStr<'a>, substitutions: &'a Substitutions<'_>, in_alt_text: bool) {
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

/// A block expansion cannot sit inside `<p>`: the paragraph is closed before it and reopened
/// after it, and a paragraph left with only line breaks and spaces disappears.
pub(super) fn lift_blocks_out_of_paragraphs(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
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

#[cfg(test)]
mod tests {
    use crate::markdown::tests::figure_and_chart;
    use crate::markdown::{Expansion, render, render_with_shortcodes};

    #[test]
    fn inline_expansion_stays_in_the_sentence() {
        let rendered = render_with_shortcodes("协议投资额{{ figure(metric=\"signed_amount\") }}亿元", figure_and_chart);
        assert_eq!(rendered.html, "<p>协议投资额<span class=\"figure\">52.8</span>亿元</p>\n");
        assert_eq!(rendered.errors, []);
    }

    #[test]
    fn block_expansion_replaces_its_paragraph() {
        for (markdown, expected) in [
            ("{{ chart(name=\"by_sector\") }}", "<figure>1</figure>\n"),
            ("前文\n\n{{ chart() }}\n\n后文", "<p>前文</p>\n<figure>0</figure>\n<p>后文</p>\n"),
            ("全市签约情况如下：\n{{ chart() }}\n说明", "<p>全市签约情况如下：</p>\n<figure>0</figure>\n<p>说明</p>\n"),
            ("{{ chart() }}\n{{ chart(a=1) }}", "<figure>0</figure>\n<figure>1</figure>\n"),
            ("- {{ chart() }}", "<ul>\n<li><figure>0</figure>\n</li>\n</ul>\n"),
            ("前文\r\n{{ chart() }}\r\n后文", "<p>前文</p>\n<figure>0</figure>\n<p>后文</p>\n"),
            ("> {{ chart() }}", "<blockquote>\n<figure>0</figure>\n</blockquote>\n"),
            ("**{{ chart() }}**", "<p><strong><figure>0</figure>\n</strong></p>\n"),
        ] {
            assert_eq!(render_with_shortcodes(markdown, figure_and_chart).html, expected, "{markdown:?}");
        }
    }

    #[test]
    fn expansions_are_not_read_as_markdown() {
        let rendered = render_with_shortcodes("值为**{{ v() }}**。", |_| Expansion::Inline("*1* <i>2</i>".to_owned()));
        assert_eq!(rendered.html, "<p>值为<strong>*1* <i>2</i></strong>。</p>\n");
    }

    #[test]
    fn shortcodes_in_code_are_shown_not_expanded() {
        let mut expanded = Vec::new();
        let rendered = render_with_shortcodes("`{{ a() }}` {{ b() }}\n\n```\n{{ c() }}\n```", |call| {
            expanded.push(call.name.clone());
            Expansion::Inline("X".to_owned())
        });
        assert_eq!(expanded, ["b"]);
        assert_eq!(rendered.html, "<p><code>{{ a() }}</code> X</p>\n<pre><code>{{ c() }}\n</code></pre>\n");
    }

    #[test]
    fn shortcodes_where_html_cannot_go_stay_as_written() {
        let rendered = render_with_shortcodes("![签约{{ figure() }}亿元](a.png)", figure_and_chart);
        assert_eq!(rendered.html, "<p><img src=\"a.png\" alt=\"签约{{ figure() }}亿元\" /></p>\n");
    }

    #[test]
    fn malformed_shortcodes_render_as_text_and_are_returned() {
        let rendered = render_with_shortcodes("{{ figure(x=) }} {{ figure() }}", figure_and_chart);
        assert_eq!(rendered.html, "<p>{{ figure(x=) }} <span class=\"figure\">52.8</span></p>\n");
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
}
