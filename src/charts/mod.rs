//! Charts for bulletin pages: the caller describes a chart as plain data ([`Chart`]) and gets an
//! accessible `<figure>` with an inline SVG drawn by plotters, a text description and a table.
//!
//! Three kinds cover the site: [`ChartKind::Bars`] (named categories such as sectors or
//! regions), [`ChartKind::Columns`] (a few ordered categories: size brackets, pipeline stages,
//! years) and [`ChartKind::Line`] (values over time, one or more series, optionally against a
//! target). Words come from the theme through [`Texts`]; see the `chart.*` keys of `themes/default/i18n/*.yaml`.
//!
//! Deliberately, plotters is the single drawing backend, used through the primitives of its SVG
//! backend only (`canvas.rs`: rectangles, lines, paths, circles, text); scales, axes, ticks and
//! the layout of labels are our own. plotters' own layout guesses a label's width from its UTF-8
//! byte count, so a Chinese character counts three times and CJK labels come out about 1.7× too
//! wide; `text.rs` measures them by character instead. This module depends on nothing else of
//! gongbao's.

mod bars;
mod canvas;
mod columns;
mod data;
mod describe;
mod frame;
mod line;
mod scale;
mod table;
mod text;

#[cfg(test)]
mod snapshot_tests;

use data::Plot;
use text::escape;

/// What the caller fills in: one chart of a page.
/// Hashed for fingerprints: what a chart shows, without drawing it.
#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub struct Chart {
    /// Stable and unique within a page, e.g. "by-sector"; the element ids derive from it.
    pub id: String,
    pub kind: ChartKind,
    /// Localized, e.g. "分产业协议投资额".
    pub title: String,
    /// Localized unit of every value, e.g. "亿元" or "个".
    pub unit: String,
    /// What the categories are ("产业", "月份"), the data table's first column heading;
    /// empty means the generic `chart.table.category`.
    pub category_label: String,
    /// Full names in display order; the chart shortens long ones, the table keeps them whole.
    pub categories: Vec<String>,
    /// One value per category in each series; missing or extra values are tolerated.
    pub series: Vec<Series>,
    /// A horizontal target line on a [`ChartKind::Line`] chart (e.g. the year's target).
    pub target: Option<Value>,
}

/// How a chart draws its data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Horizontal bars for named categories (sectors, regions, scopes), values at the bar ends.
    #[default]
    Bars,
    /// Vertical columns for a few ordered categories (size brackets, stages, years).
    Columns,
    /// Lines over time (years, months), one per series, with an optional target line.
    Line,
}

#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub struct Series {
    /// Localized name, shown in the legend and the table; may be empty for a single series.
    pub name: String,
    pub values: Vec<Option<Value>>,
}

/// A figure: `number` places it on the chart, `text` is what readers see (already formatted
/// exactly, e.g. "52.8"). A non-finite `number` is not drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Value {
    pub number: f64,
    pub text: String,
}

/// By the number's bits: two values hash the same only when they are the same.
impl std::hash::Hash for Value {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.number.to_bits().hash(state);
        self.text.hash(state);
    }
}

impl Value {
    pub fn new(number: f64, text: impl Into<String>) -> Value {
        Value { number, text: text.into() }
    }
}

/// The theme's words. `key` is one of the theme's `chart.*` keys; `args` fill its `{name}`
/// placeholders. Return plain text: the chart module escapes it.
pub trait Texts {
    fn text(&self, key: &str, args: &[(&str, &str)]) -> String;
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    /// Parses "#1f4e79" or "#18e".
    pub fn from_hex(hex: &str) -> Option<Color> {
        let digits = hex.strip_prefix('#')?;
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match digits.len() {
            6 if digits.is_ascii() => Some(Color(channel(&digits[0..2])?, channel(&digits[2..4])?, channel(&digits[4..6])?)),
            3 if digits.is_ascii() => {
                let short = |i: usize| channel(&digits[i..=i]).map(|v| v * 17);
                Some(Color(short(0)?, short(1)?, short(2)?))
            }
            _ => None,
        }
    }
}

/// How charts look; the theme sets it. Sizes are SVG user units: the SVG scales to its
/// container, so `width` fixes proportions and text size relative to the chart, not pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartStyle {
    /// CSS font stack for the reader's browser; nothing is needed where the site is built.
    pub font_family: String,
    /// Series colours in order, steps of distinct lightness so they survive grey printing.
    pub palette: Vec<Color>,
    pub text: Color,
    /// Unit, axis tick labels.
    pub muted: Color,
    /// Zero line and baselines.
    pub axis: Color,
    pub grid: Color,
    pub target: Color,
    pub width: u32,
    /// Category labels; values and ticks are two units smaller.
    pub font_size: u32,
    /// CSS `max-width` of the SVG (e.g. "36rem") so it does not grow huge on a desktop;
    /// empty leaves sizing to the page's stylesheet.
    pub max_width: String,
}

/// Navy, vermillion, sky blue, near-black: apart for the common colour-vision deficiencies, and
/// four clearly different greys in print (L* 32, 54, 71, 9).
const DEFAULT_PALETTE: [Color; 4] = [Color(0x1F, 0x4E, 0x79), Color(0xD5, 0x5E, 0x00), Color(0x7F, 0xB3, 0xE0), Color(0x1A, 0x1A, 0x1A)];

impl Default for ChartStyle {
    fn default() -> ChartStyle {
        ChartStyle {
            font_family: "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif".into(),
            palette: DEFAULT_PALETTE.to_vec(),
            text: Color(0x22, 0x22, 0x22),
            muted: Color(0x5F, 0x5F, 0x5F),
            axis: Color(0x55, 0x55, 0x55),
            grid: Color(0xE3, 0xE3, 0xE3),
            target: Color(0xB2, 0x22, 0x22),
            // Narrow enough that text stays legible on a 360 px phone (scaled by about 0.82).
            width: 400,
            font_size: 14,
            max_width: "32rem".into(),
        }
    }
}

impl ChartStyle {
    pub(crate) fn series_color(&self, index: usize) -> Color {
        match self.palette.len() {
            0 => DEFAULT_PALETTE[index % DEFAULT_PALETTE.len()],
            n => self.palette[index % n],
        }
    }
}

/// The SVG a chart kind drew: its size (for the viewBox) and inner markup.
pub(crate) struct Svg {
    pub width: f64,
    pub height: f64,
    pub body: String,
}

/// The whole `<figure>` of a chart: caption, SVG (with title and description for screen
/// readers) and the numbers as a table in a `<details>`. Never panics; a chart with nothing to
/// draw says so in a short note.
pub fn render_figure(chart: &Chart, style: &ChartStyle, texts: &dyn Texts) -> String {
    let id = dom_id(&chart.id);
    let plot = Plot::new(chart);
    let svg = if plot.is_empty() {
        frame::no_data(style, texts)
    } else {
        match chart.kind {
            ChartKind::Bars => bars::draw(&plot, style, texts),
            ChartKind::Columns => columns::draw(&plot, style, texts),
            ChartKind::Line => line::draw(&plot, style, texts),
        }
    };
    let kind = match chart.kind {
        ChartKind::Bars => "bars",
        ChartKind::Columns => "columns",
        ChartKind::Line => "line",
    };
    let mut html = String::with_capacity(svg.body.len() + 2048);
    html.push_str(&format!("<figure class=\"chart chart-{kind}\" id=\"{id}\">\n"));
    html.push_str(&format!("<figcaption>{}</figcaption>\n", escape(&chart.title)));
    push_svg_root(&mut html, &id, &svg, style);
    html.push_str(&format!("<title id=\"{id}-title\">{}</title>\n", escape(&chart.title)));
    html.push_str(&format!("<desc id=\"{id}-desc\">{}</desc>\n", escape(&describe::describe(&plot, texts))));
    html.push_str(&svg.body);
    html.push_str("</svg>\n");
    if !plot.is_empty() {
        html.push_str(&table::data_table(chart, texts));
    }
    html.push_str("</figure>\n");
    html
}

fn push_svg_root(html: &mut String, id: &str, svg: &Svg, style: &ChartStyle) {
    html.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{}\"",
        svg.width.round(),
        svg.height.round(),
        escape(&style.font_family)
    ));
    if !style.max_width.is_empty() {
        html.push_str(&format!(" style=\"max-width:{}\"", escape(&style.max_width)));
    }
    html.push_str(">\n");
}

/// "chart-" and the caller's id reduced to `[a-z0-9-]`, so ids are stable and valid.
fn dom_id(id: &str) -> String {
    let cleaned: String = id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let cleaned = cleaned.trim_matches('-');
    if cleaned.is_empty() { "chart".to_string() } else { format!("chart-{cleaned}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sanitized() {
        assert_eq!(dom_id("by-sector"), "chart-by-sector");
        assert_eq!(dom_id("By Sector<2>"), "chart-by-sector-2");
        assert_eq!(dom_id("分产业"), "chart");
    }

    #[test]
    fn colors_parse() {
        assert_eq!(Color::from_hex("#1f4E79"), Some(Color(0x1F, 0x4E, 0x79)));
        assert_eq!(Color::from_hex("#18e"), Some(Color(0x11, 0x88, 0xEE)));
        assert_eq!(Color::from_hex("1f4e79"), None);
        assert_eq!(Color::from_hex("#1f4e7"), None);
        assert_eq!(Color::from_hex("#中文"), None);
    }

    #[test]
    fn empty_palette_falls_back() {
        let style = ChartStyle { palette: vec![], ..ChartStyle::default() };
        assert_eq!(style.series_color(0), ChartStyle::default().palette[0]);
    }
}
