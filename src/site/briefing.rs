//! Briefings as HTML: their Markdown with the shortcodes replaced by live
//! figures, charts and tables, so a briefing never disagrees with the data.

use std::collections::HashMap;

use tera::Context;

use super::Painter;
use super::render::escape;
use super::views::ProjectRow;
use crate::images;
use crate::markdown::{self, Expansion, Shortcode};
use crate::model::{Briefing, BulletinChart, Project, Unit};
use crate::output::Fingerprint;
use crate::shortcodes::{self, Call, Part, default_scope};

/// How links inside the expanded shortcodes are written.
#[derive(Clone, Copy)]
pub(super) struct Links<'a> {
    /// The prefix back to the site root, for pages of the site.
    pub root: &'a str,
    /// Handouts link nowhere: they travel without the site.
    pub linked: bool,
    /// Put before chart ids, unique per briefing on a page that shows
    /// several (a handout), so that no two elements share an id.
    pub id_prefix: &'a str,
    /// Only for a fingerprint: charts and tables as what they show, images
    /// as the hash of their bytes, so that nothing is drawn, rendered or
    /// encoded.
    pub sketch: bool,
}

impl Painter<'_> {
    /// The briefing's HTML, how many charts it drew, and the images to copy
    /// beside its page (address, bytes). Handouts get their images inline.
    pub(super) fn briefing_html(&self, b: &Briefing, links: Links) -> (String, usize, Vec<(String, Vec<u8>)>) {
        let ds = self.ctx.dataset;
        let default = default_scope(b, ds);
        let mut seen_charts: HashMap<BulletinChart, usize> = HashMap::new();
        let mut copies = Vec::new();
        let expand = |call: &Shortcode| match shortcodes::parse(call, ds, default) {
            Ok(parsed) => self.expand(parsed, links, &mut seen_charts),
            // `check` refuses a build with a bad call; show it as written if one slips by.
            Err(_) => Expansion::Inline(escape(&written(call))),
        };
        // `check` refuses an image it cannot find; one that slips by is left out.
        let image = |address: &str| {
            let image = images::read(self.root, &b.folder, address).ok()?;
            if links.sketch {
                let sketch = format!("{address}#{:032x}", crate::output::hash128(&image.bytes));
                if links.linked {
                    copies.push((address.to_string(), image.bytes));
                }
                Some(sketch)
            } else if links.linked {
                copies.push((address.to_string(), image.bytes));
                Some(address.to_string())
            } else {
                Some(images::data_uri(&image))
            }
        };
        let rendered = markdown::render_briefing(&b.body, expand, image);
        (rendered.html, seen_charts.values().sum(), copies)
    }

    fn expand(&self, call: Call, links: Links, seen_charts: &mut HashMap<BulletinChart, usize>) -> Expansion {
        let ctx = self.ctx;
        match call {
            Call::Figure { metric, part, scope } => {
                let value = shortcodes::figure_value(ctx.figures, ctx.dataset, metric, part, scope);
                let text = match (value, part) {
                    (None, _) => "—".to_string(),
                    (Some(v), Part::Value | Part::Previous | Part::Target) => ctx.fmt.value(metric, v),
                    (Some(v), Part::Yoy) if metric.kind().in_points() => ctx.fmt.points_change(v),
                    (Some(v), Part::Yoy) => ctx.fmt.growth(v),
                    (Some(v), Part::Completion) => ctx.fmt.percent(v),
                    (Some(v), Part::VsTarget) => ctx.fmt.vs_target(v),
                    (Some(v), Part::Pace) => ctx.fmt.pace(v),
                };
                Expansion::Inline(escape(&text))
            }
            Call::Chart { chart: which, scope } => match ctx.bulletin_chart(which, scope.region, scope.year) {
                Some(mut chart) => {
                    let n = seen_charts.entry(which).or_default();
                    *n += 1;
                    chart.id = match *n {
                        1 => format!("{}{}", links.id_prefix, chart.id),
                        n => format!("{}{}-{n}", links.id_prefix, chart.id),
                    };
                    Expansion::Block(if links.sketch { sketch_of_chart(&chart) } else { ctx.draw(&chart, self.style) })
                }
                None => Expansion::Block(format!("<p class=\"empty\">{}</p>", escape(&ctx.t("chart.no_data")))),
            },
            Call::Projects { scope, min_amount, sector, key_only, limit } => {
                let threshold = min_amount.map(|m| Unit::Yi.convert(m, ctx.dataset.site.unit));
                let mut projects: Vec<&Project> = ctx
                    .figures
                    .tally(scope.region, scope.year)
                    .map(|t| t.signed_projects.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .map(|&i| &ctx.dataset.projects[i as usize])
                    .filter(|p| threshold.is_none_or(|t| p.amount >= t))
                    .filter(|p| sector.is_none_or(|s| p.sector == s))
                    .filter(|p| !key_only || p.key)
                    // A briefing's list of key projects follows the bulletin's rule.
                    .filter(|p| !key_only || ctx.audience == crate::model::Audience::Internal || !p.is_stalled_or_cancelled())
                    .collect();
                projects.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.id.cmp(&b.id)));
                projects.truncate(limit.unwrap_or(usize::MAX));
                let rows: Vec<ProjectRow> = projects.into_iter().map(|p| ctx.project_row(p)).collect();
                let caption = ctx
                    .strings
                    .fill("briefing.projects_caption", &[("region", ctx.region_name(scope.region)), ("year", &scope.year.to_string())]);
                // A sketch shows what the table holds; its template is in every page's fingerprint.
                if links.sketch {
                    return Expansion::Block(sketch_of("projects", &(caption, links.linked, rows)));
                }
                let mut context = Context::new();
                context.insert("total", &rows.len());
                context.insert("rows", &rows);
                context.insert("caption", &caption);
                context.insert("meta", &serde_json::json!({ "root": links.root }));
                context.insert("linked", &links.linked);
                self.fragment("partials/project_table.html", &context)
            }
            Call::Facts { scope } => {
                let facts = ctx.fact_rows(&crate::stats::service::facts(ctx.dataset, scope.region, scope.year));
                if links.sketch {
                    return Expansion::Block(sketch_of("facts", &facts));
                }
                let mut context = Context::new();
                context.insert("facts", &facts);
                // Changes, sub-items and sums are worded by the theme.
                context.insert("t", ctx.strings.all());
                self.fragment("partials/facts.html", &context)
            }
        }
    }

    fn fragment(&self, template: &str, context: &Context) -> Expansion {
        match self.renderer.render_with(template, context) {
            Ok(html) => Expansion::Block(html),
            Err(e) => Expansion::Block(format!("<p class=\"empty\">{}</p>", escape(&e.to_string()))),
        }
    }
}

/// A table in a sketch: the hash of what it shows (`{:?}` of Chinese text
/// costs a look-up per character).
fn sketch_of(what: &str, shown: &impl serde::Serialize) -> String {
    let mut fingerprint = Fingerprint::default();
    let _ = serde_json::to_writer(&mut fingerprint, shown);
    format!("{what} {:032x}", fingerprint.finish())
}

/// A chart in a sketch: the hash of what it shows.
fn sketch_of_chart(chart: &crate::charts::Chart) -> String {
    let mut fingerprint = Fingerprint::default();
    std::hash::Hash::hash(chart, &mut fingerprint);
    format!("chart {:032x}", fingerprint.finish())
}

/// The call as the author wrote it, for showing it unexpanded.
fn written(call: &Shortcode) -> String {
    format!("{{{{ {}(…) }}}}", call.name)
}
