//! Rendering: the theme's tera templates, with the site-wide values (site,
//! UI strings, navigation) set once and each page's view added per page.

use serde::Serialize;
use tera::{Context, Tera};

use super::views::Link;
use crate::diag::{Code, Diagnostic, Location};
use crate::i18n::Strings;
use crate::theme::{Theme, error_chain};

/// Escapes text for HTML as the templates escape a value, for the few
/// pieces of HTML made outside them (shortcodes, serve's error page).
pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// What every page can use, set once per build.
#[derive(Debug, Clone, Serialize)]
pub struct Globals {
    pub site: SiteInfo,
    pub nav: Nav,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    /// The `lang` attribute: zh-Hans, zh-Hant or en.
    pub lang: String,
    /// Absolute, ending in `/`.
    pub base_url: String,
    /// The money unit's label: 亿元, 億元, 100 million yuan.
    pub unit: String,
    /// Shown in internal builds, which must never be mistaken for public ones.
    pub internal: bool,
    /// Injected by `serve` to reload pages when the site changes; empty otherwise.
    pub live_reload: String,
    /// The language the data is written in, when the pages are in another
    /// (an English edition shows names and briefings as written); empty otherwise.
    pub data_lang: String,
    /// The logo's path under the edition's root, or empty.
    pub logo: String,
    /// The share picture's absolute address (`og:image`), or empty.
    pub share_image: String,
    /// Who runs the site and its 备案 marks, for the footer.
    pub furniture: FurnitureView,
}

/// The footer's marks, each empty when the site gives none.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FurnitureView {
    pub organizer: String,
    pub operator: String,
    pub icp: String,
    pub police_record: String,
    /// The MPS search page of the 公安机关备案号.
    pub police_href: String,
    pub site_code: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub footer: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Nav {
    pub years: Vec<Link>,
    pub regions: Vec<Link>,
    pub sectors: Vec<Link>,
    pub latest: Option<Link>,
}

/// A page in another edition: its language's own name, code and address.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub name: &'static str,
    pub lang: &'static str,
    pub href: String,
}

/// Where a page is and what it is called, for the layout.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// Site-relative path of the page (`2024/xishan/`).
    pub path: String,
    /// The prefix back to the site root (`../../`).
    pub root: String,
    pub title: String,
    pub canonical: String,
    /// The same page in the site's other script editions.
    pub alternates: Vec<Alternate>,
    /// Which kind of page: for the layout to mark the current section.
    pub section: &'static str,
    /// What a shared link says of the page (`description`, `og:description`).
    pub description: String,
    /// `article` for bulletins and briefings, `website` otherwise.
    pub og_type: &'static str,
    /// The page's absolute address (`og:url`), empty for a site at a path.
    pub og_url: String,
}

/// A template that failed on a page: the theme's file (as users see it)
/// and tera's reasons, outermost first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {reasons}")]
pub struct RenderError {
    pub file: std::sync::Arc<str>,
    pub reasons: String,
}

impl RenderError {
    /// As a diagnostic. Render errors are found while building, with no
    /// place in a file to point at beyond the template the message names.
    pub fn into_diagnostic(self) -> Diagnostic {
        let file: std::sync::Arc<str> = std::sync::Arc::from("(theme templates)");
        let (template, reasons) = (&self.file, &self.reasons);
        let message = crate::tr!(zh: "主题模板 {template} 出错：{reasons}", en: "{template}: {reasons}");
        Diagnostic::error(Code::Render, Location::file(&file), message)
    }
}

pub struct Renderer {
    tera: Tera,
    /// On English pages, the `lang` that marks the Chinese text left on
    /// them (names without an English name, project names, briefings).
    chinese: Option<String>,
    /// Each template's file as users see it (`themes/gov/templates/…` or
    /// the built-in one), for messages.
    origins: std::collections::HashMap<String, std::sync::Arc<str>>,
}

impl Renderer {
    /// Compiles the theme's templates; errors name the template file.
    pub fn new(theme: &Theme, strings: &Strings, globals: &Globals) -> Result<Renderer, Diagnostic> {
        let mut tera = theme.templates(strings.get("paren.open").to_string(), strings.get("paren.close").to_string())?;
        let context = tera.global_context();
        context.insert("t", strings.all());
        context.insert("site", &globals.site);
        context.insert("nav", &globals.nav);
        // Pages served at any depth (404) and handouts carry their style inline.
        context.insert("css", theme.file("static/style.css").unwrap_or_default());
        context.insert("handout_css", theme.file("static/handout.css").unwrap_or_default());
        let origins = theme
            .files_under("templates")
            .map(|(path, _)| (path.trim_start_matches("templates/").to_string(), theme.origin(path)))
            .collect();
        let chinese = (strings.lang == crate::model::Lang::En)
            .then(|| if globals.site.data_lang.is_empty() { "zh".to_string() } else { globals.site.data_lang.clone() });
        Ok(Renderer { tera, chinese, origins })
    }

    /// Renders `template` for one page.
    pub fn render(&self, template: &str, meta: &PageMeta, view: &impl Serialize) -> Result<String, RenderError> {
        let mut context = Context::new();
        context.insert("meta", meta);
        context.insert("page", view);
        self.render_page_with(template, &context)
    }

    /// Renders a whole page (or handout) from a context of the caller's: on
    /// an English page, each run of Chinese text is marked with its language.
    pub fn render_page_with(&self, template: &str, context: &Context) -> Result<String, RenderError> {
        let html = self.render_with(template, context)?;
        Ok(match &self.chinese {
            Some(lang) => mark_chinese(&html, lang),
            None => html,
        })
    }

    /// Renders a template of the theme that is not a page (the feed).
    pub fn render_fragment(&self, template: &str, view: &impl Serialize) -> Result<String, RenderError> {
        let mut context = Context::new();
        context.insert("page", view);
        self.render_with(template, &context)
    }

    /// Renders a template with a context of the caller's (a shortcode's table).
    pub fn render_with(&self, template: &str, context: &Context) -> Result<String, RenderError> {
        let mut text = self.tera.render(template, context).map_err(|e| RenderError {
            file: self.origins.get(template).cloned().unwrap_or_else(|| std::sync::Arc::from(template)),
            reasons: error_chain(&e),
        })?;
        // Every page, feed and sitemap passes here: a control character,
        // which no XML may hold, cannot leave even if a value carried one
        // past the checks (`&#7;` in Markdown does).
        crate::source::replace_forbidden(&mut text);
        Ok(text)
    }
}

/// `html` with each run of Chinese text in its text marked
/// `<span lang="…">` (`<tspan>` in a chart's labels), so that screen readers
/// and fonts treat the names left in Chinese on an English page as Chinese.
///
/// Done on the page rather than in each template: every name, title and
/// briefing reaches the page through some template, a theme's own included,
/// and none can be missed. Only text is touched, never a tag or attribute;
/// text that cannot hold markup is left as it is (`<title>`, `<option>`,
/// scripts and styles, and chart text other than labels). A run starts and
/// ends with a Chinese character (or Chinese punctuation) and holds anything
/// but Latin letters between: "年产10万吨" is one run, and an entity
/// (`&amp;`) is never cut.
pub fn mark_chinese(html: &str, lang: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    let mut in_svg = false;
    // The element the coming text is directly inside, as far as it matters.
    let mut element = String::new();
    // An element the theme marked Chinese as a whole (a project name's
    // cell), and how deep in elements of its name the text is: no run in
    // it needs a mark of its own.
    let mut marked: Option<(String, usize)> = None;
    while !rest.is_empty() {
        let place = Place { element: &element, in_svg, marked: marked.is_some() };
        let Some(lt) = rest.find('<') else {
            mark_text(rest, &place, lang, &mut out);
            break;
        };
        mark_text(&rest[..lt], &place, lang, &mut out);
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |i| i + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        out.push_str(tag);
        rest = &rest[end..];
        let closing = tag.starts_with("</");
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name == "svg" {
            in_svg = !closing;
        }
        if let Some((outer, depth)) = &mut marked
            && *outer == name
            && !tag.ends_with("/>")
        {
            if closing {
                *depth -= 1;
            } else {
                *depth += 1;
            }
            if *depth == 0 {
                marked = None;
            }
        } else if marked.is_none() && !closing && !tag.ends_with("/>") && !is_void(&name) && tag.contains(" lang=\"zh") {
            marked = Some((name.clone(), 1));
        }
        if closing {
            element.clear();
            continue;
        }
        // Raw text, up to its end tag, as it is (an SVG's <title> is not raw).
        if matches!(name.as_str(), "script" | "style" | "textarea") || (name == "title" && !in_svg) {
            let close = format!("</{name}");
            let end = find_ignoring_case(rest, &close).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        element = name;
    }
    out
}

/// Elements that have no end tag.
fn is_void(name: &str) -> bool {
    matches!(name, "area" | "base" | "br" | "col" | "embed" | "hr" | "img" | "input" | "link" | "meta" | "source" | "track" | "wbr")
}

/// Where the tag at the start of `text` ends (after its `>`), quoted
/// attribute values skipped.
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    text.len()
}

fn find_ignoring_case(text: &str, needle: &str) -> Option<usize> {
    text.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Where a text between tags is.
struct Place<'a> {
    /// The element it is directly inside, as far as it matters.
    element: &'a str,
    in_svg: bool,
    /// Inside an element marked Chinese as a whole.
    marked: bool,
}

/// One text between tags, its Chinese runs marked where the element allows markup.
fn mark_text(text: &str, place: &Place, lang: &str, out: &mut String) {
    let wrapper = match (place.in_svg, place.element) {
        _ if place.marked => "",
        (true, "text" | "tspan") => "tspan",
        (true, _) | (false, "option") => "",
        (false, _) => "span",
    };
    if wrapper.is_empty() || text.is_ascii() {
        out.push_str(text);
        return;
    }
    let mut at = 0;
    while let Some(start) = text[at..].find(is_chinese).map(|i| at + i) {
        out.push_str(&text[at..start]);
        // To the last Chinese character before a Latin letter.
        let mut end = start;
        for (i, c) in text[start..].char_indices() {
            if c.is_ascii_alphabetic() {
                break;
            }
            if is_chinese(c) {
                end = start + i + c.len_utf8();
            }
        }
        out.push_str(&format!("<{wrapper} lang=\"{lang}\">{}</{wrapper}>", &text[start..end]));
        at = end;
    }
    out.push_str(&text[at..]);
}

/// Han characters, and the punctuation and full-width forms written with them.
fn is_chinese(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F // CJK symbols and punctuation: 、。「」
        | 0x3400..=0x4DBF // extension A
        | 0x4E00..=0x9FFF // unified ideographs
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFF00..=0xFFEF // full-width forms: （），：
        | 0x20000..=0x3134F // extensions B to G
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_chinese_runs_in_text_only() {
        let html = "<p title=\"东湖\">东湖区 2025 bulletin, 年产10万吨 &amp; 合川</p>";
        assert_eq!(
            mark_chinese(html, "zh-Hans"),
            "<p title=\"东湖\"><span lang=\"zh-Hans\">东湖区</span> 2025 bulletin, <span lang=\"zh-Hans\">年产10万吨</span> &amp; <span lang=\"zh-Hans\">合川</span></p>"
        );
    }

    #[test]
    fn leaves_text_that_cannot_hold_markup() {
        let html = "<title>东湖</title><script>var a='东';</script><select><option>东湖</option></select>\
                    <svg><title>东湖</title><text x=\"1\">东湖</text></svg><!-- 东 -->";
        let marked = mark_chinese(html, "zh");
        assert_eq!(
            marked,
            "<title>东湖</title><script>var a='东';</script><select><option>东湖</option></select>\
                    <svg><title>东湖</title><text x=\"1\"><tspan lang=\"zh\">东湖</tspan></text></svg><!-- 东 -->"
        );
        assert_eq!(mark_chinese("only English <b>here</b>", "zh"), "only English <b>here</b>");
        let marked = "<img lang=\"zh-Hans\" alt=\"\"><th lang=\"zh-Hans\"><a>生物药CDMO基地</a><span>重点</span></th><td>东湖</td>";
        assert_eq!(
            mark_chinese(marked, "zh-Hans"),
            "<img lang=\"zh-Hans\" alt=\"\"><th lang=\"zh-Hans\"><a>生物药CDMO基地</a><span>重点</span></th><td><span lang=\"zh-Hans\">东湖</span></td>",
            "an element marked as a whole is left as it is"
        );
    }
}
