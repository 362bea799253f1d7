//! Heading ids: a slug of the heading's text, kept unique in the document; other attributes dropped.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Gives every heading without `{#id}` the slug of its text, made unique within the document
/// with `-1`, `-2`… Written ids and footnote ids are taken first, so a slug never repeats them.
/// Heading attributes other than id and classes are dropped: `{onclick=…}` must not reach the
/// page.
pub(super) fn assign_heading_ids(events: &mut [Event<'_>]) {
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            Event::Start(Tag::FootnoteDefinition(label)) => Some(label.to_string()),
            _ => None,
        })
        .collect();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for index in 0..events.len() {
        let (before, after) = events.split_at_mut(index + 1);
        if let Some(Event::Start(Tag::Heading { id, attrs, .. })) = before.last_mut() {
            attrs.clear();
            if id.is_none() {
                *id = Some(CowStr::from(unique_id(heading_slug(after), &mut used, &mut next_suffix)));
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
    if slug.is_empty() { "section".to_owned() } else { slug }
}

/// `slug`, or `slug-N` with the first N not taken. The search for N resumes where the last one
/// for this slug stopped (ids are only ever added, so what it skipped stays taken): 20,000 equal
/// headings take linear time, not quadratic.
fn unique_id(slug: String, used: &mut HashSet<String>, next_suffix: &mut HashMap<String, usize>) -> String {
    let suffix = next_suffix.entry(slug.clone()).or_insert(0);
    let mut id = if *suffix == 0 { slug.clone() } else { format!("{slug}-{suffix}") };
    while used.contains(&id) {
        *suffix += 1;
        id = format!("{slug}-{suffix}");
    }
    used.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    #[test]
    fn headings_get_unique_ids_that_keep_cjk() {
        for (markdown, expected) in [
            ("## 重谋划 构建新格局", "<h2 id=\"重谋划-构建新格局\">重谋划 构建新格局</h2>\n"),
            ("# 一、总体情况", "<h1 id=\"一-总体情况\">一、总体情况</h1>\n"),
            ("# Key Projects 2023", "<h1 id=\"key-projects-2023\">Key Projects 2023</h1>\n"),
            ("# ！？", "<h1 id=\"section\">！？</h1>\n"),
            ("# 概况 {#overview}", "<h1 id=\"overview\">概况</h1>\n"),
            ("# 概况\n\n# 概况\n\n# 概况", "<h1 id=\"概况\">概况</h1>\n<h1 id=\"概况-1\">概况</h1>\n<h1 id=\"概况-2\">概况</h1>\n"),
            ("# a\n\n# a\n\n# b {#a-1}", "<h1 id=\"a\">a</h1>\n<h1 id=\"a-2\">a</h1>\n<h1 id=\"a-1\">b</h1>\n"),
            ("概况\n====", "<h1 id=\"概况\">概况</h1>\n"),
        ] {
            assert_eq!(render(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn many_equal_headings_get_every_suffix_once() {
        let markdown = "# 概况\n\n".repeat(20_000) + "# 概况 {#概况-3}\n\n# 概况 1\n";
        let html = render(&markdown);
        let mut expected = String::from("<h1 id=\"概况\">概况</h1>\n");
        for n in (1..20_001).filter(|&n| n != 3) {
            expected.push_str(&format!("<h1 id=\"概况-{n}\">概况</h1>\n"));
        }
        expected.push_str("<h1 id=\"概况-3\">概况</h1>\n<h1 id=\"概况-1-1\">概况 1</h1>\n");
        assert_eq!(html, expected);
    }

    #[test]
    fn heading_attributes_other_than_id_and_class_are_dropped() {
        assert_eq!(render("## 标题 {onclick=alert(1) .lead}"), "<h2 id=\"标题\" class=\"lead\">标题</h2>\n");
    }

    #[test]
    fn footnotes_render_and_heading_ids_avoid_their_ids() {
        let html = render("# 1\n\n到位资金[^1]\n\n[^1]: 含省外资金。");
        assert!(html.contains("<h1 id=\"1-1\">1</h1>"), "{html}");
        assert!(html.contains("<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>"), "{html}");
        assert!(html.contains("<div class=\"footnote-definition\" id=\"1\">"), "{html}");
        assert!(html.contains("<p>含省外资金。</p>"), "{html}");
    }
}
