//! Safety: raw HTML shown as text, links and images with unsafe schemes unlinked.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::substitute::{Substitutions, push_text};

/// Raw HTML becomes text, unsafe links lose their link (their text stays), images get the
/// address `image` gives them or are dropped (their alt text stays), placeholders become their
/// expansion.
pub(super) fn sanitize_and_expand<'a>(
    events: Vec<Event<'a>>,
    substitutions: &'a Substitutions<'_>,
    image: &mut dyn FnMut(&str) -> Option<String>,
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
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let safe = is_safe_url(&dest_url);
                neutralised.push(!safe);
                if safe {
                    let dest_url = substitutions.restore(dest_url);
                    let title = substitutions.restore(title);
                    out.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let resolved = image(&dest_url);
                neutralised.push(resolved.is_none());
                if let Some(resolved) = resolved {
                    alt_text_depth += 1;
                    let dest_url = CowStr::from(resolved);
                    let title = substitutions.restore(title);
                    out.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
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

/// An HTML block shown as a paragraph of text should not end in a stray line break.
fn trim_trailing_newline(out: &mut [Event<'_>]) {
    if let Some(Event::Text(text)) = out.last_mut()
        && text.ends_with('\n')
    {
        *text = CowStr::from(text.trim_end_matches(['\n', '\r']).to_owned());
    }
}

/// An image's address as written, when it is relative: pages load nothing from other hosts,
/// so an image with a scheme or `//` is dropped.
#[cfg(test)]
pub(super) fn relative_image(url: &str) -> Option<String> {
    let url = url.trim();
    let has_scheme = url.find([':', '/', '?', '#']).is_some_and(|end| url[end..].starts_with(':'));
    (!url.is_empty() && !has_scheme && !url.starts_with("//") && !url.starts_with('/')).then(|| url.to_string())
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
    let scheme: String = url[..end].chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).map(|c| c.to_ascii_lowercase()).collect();
    matches!(scheme.as_str(), "http" | "https" | "mailto")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render;
    use crate::markdown::tests::inline;

    #[test]
    fn raw_html_is_escaped() {
        for (markdown, expected) in [
            ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
            ("<div>\n招商\n</div>", "<p>&lt;div&gt;\n招商\n&lt;/div&gt;</p>\n"),
            ("文字<b>加粗</b>", "<p>文字&lt;b&gt;加粗&lt;/b&gt;</p>\n"),
            ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"),
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
            inline("[点此](javascript:alert(1)) [官网](https://x.cn) ![图](data:image/png;base64,AA)"),
            "点此 <a href=\"https://x.cn\">官网</a> 图"
        );
        assert_eq!(inline("[点此](jav&#x61;script:alert(1))"), "点此");
        assert_eq!(inline("<javascript:alert(1)>"), "javascript:alert(1)");
    }
}
