//! Offline handouts: one self-contained HTML file per bulletin, with its
//! style, charts and briefings inline, that opens from a USB stick with no
//! network and prints on A4.

use serde::Serialize;
use tera::Context;

use super::Painter;
use super::briefing::Links;
use super::bulletin::Bulletin;
use super::period::PeriodPage;
use super::render::RenderError;
use crate::model::RegionId;

#[derive(Debug, Serialize)]
struct Handout {
    bulletin: Bulletin,
    /// Where the bulletin is online; empty when the site's address is not a
    /// full web address (a path means nothing on paper).
    online_url: String,
    /// The title as a CSS string, for the running header of printed pages.
    running_title: String,
    /// The site and the online address as a CSS string, for the foot of
    /// every printed page: the closing line printed in the flow could be
    /// left alone on a last page.
    running_foot: String,
    briefings: Vec<HandoutBriefing>,
}

#[derive(Debug, Serialize)]
struct PeriodHandout<'a> {
    period: &'a PeriodPage,
    online_url: String,
    running_title: String,
    running_foot: String,
}

#[derive(Debug, Serialize)]
struct HandoutBriefing {
    title: String,
    date: String,
    byline: String,
    html: String,
}

impl Painter<'_> {
    /// The handout of `region`'s bulletin for `year`.
    pub(super) fn handout(&self, region: RegionId, year: i16) -> Result<String, RenderError> {
        self.handout_of(self.ctx.bulletin(region, year, self.bulletin_charts(region, year)))
    }

    /// The handout of a bulletin already laid out (with its charts drawn).
    pub(super) fn handout_of(&self, bulletin: Bulletin) -> Result<String, RenderError> {
        let ctx = self.ctx;
        let ds = ctx.dataset;
        let (year, region) = (bulletin.year, bulletin.region_index);
        let briefings = ds
            .briefings
            .iter()
            .filter(|b| b.region == Some(region) && b.year == year)
            .enumerate()
            .map(|(i, b)| {
                let prefix = format!("briefing-{}-", i + 1);
                let (html, _, _) = self.briefing_html(b, Links { root: "", linked: false, id_prefix: &prefix, sketch: false });
                let mut byline: Vec<String> = b.source.iter().cloned().collect();
                byline.extend(b.authors.iter().cloned());
                HandoutBriefing { title: b.title.clone(), date: b.date.to_string(), byline: byline.join(" · "), html }
            })
            .collect();
        let (online_url, running_foot) = self.online(&ctx.bulletin_href(year, region));
        let handout = Handout { online_url, running_title: css_string(&bulletin.title), running_foot, bulletin, briefings };
        self.render_handout("handout.html", &handout)
    }

    /// The handout of a 1—N月 bulletin: its table of figures, on paper.
    pub(super) fn period_handout(&self, period: &PeriodPage) -> Result<String, RenderError> {
        let (online_url, running_foot) = self.online(&period.href);
        let handout = PeriodHandout { period, online_url, running_title: css_string(&period.title), running_foot };
        self.render_handout("period-handout.html", &handout)
    }

    /// Where a page is online (empty when the site's address is not a full
    /// web address: a path means nothing on paper), and the foot of every
    /// printed page, which names it.
    fn online(&self, href: &str) -> (String, String) {
        let site = &self.ctx.dataset.site;
        let online_url = if site.base_url.starts_with("http") { format!("{}{href}", site.base_url) } else { String::new() };
        let running_foot = match online_url.as_str() {
            "" => css_string(&site.title),
            url => css_string(&format!("{} · {}{url}", site.title, self.ctx.t("handout.online"))),
        };
        (online_url, running_foot)
    }

    fn render_handout<V: Serialize>(&self, template: &str, page: &V) -> Result<String, RenderError> {
        let mut context = Context::new();
        context.insert("page", page);
        context.insert("linked", &false);
        context.insert("meta", &serde_json::json!({ "root": "" }));
        self.renderer.render_page_with(template, &context).map(crate::output::mark_handout)
    }
}

/// `text` as a quoted CSS string that cannot end the string or the
/// `<style>` element it sits in.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' | '\n' | '\r' => out.push_str(&format!("\\{:X} ", c as u32)),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn css_strings_cannot_escape_the_style_element() {
        assert_eq!(css_string("鹤川市2025年招商引资公报"), "\"鹤川市2025年招商引资公报\"");
        assert_eq!(css_string("a\"</style><script>"), "\"a\\22 \\3C /style\\3E \\3C script\\3E \"");
    }
}
