//! A thin drawing surface over plotters' SVG backend: f64 coordinates, our colours and text
//! anchors, and tooltips (`<title>` overlays) that plotters cannot express.

use plotters::backend::{DrawingBackend, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontFamily, RGBAColor, ShapeStyle, TextStyle};

use super::Color;
use super::text::escape;

pub(super) type Point = (f64, f64);

/// A marker shape per series, so that series differ in print and for colour-blind readers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

impl Marker {
    pub fn for_series(index: usize) -> Marker {
        [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond][index % 4]
    }
}

/// Where a text's anchor point sits relative to the text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

pub(super) struct Canvas<'a> {
    backend: SVGBackend<'a>,
    tooltips: String,
}

/// Draws with `paint` on a `width`×`height` plotters SVG and returns the SVG's inner markup
/// (everything between the root tags), so the caller can write its own accessible root element.
pub(super) fn draw_svg_body(width: f64, height: f64, paint: impl FnOnce(&mut Canvas)) -> String {
    let size = (to_pixels(width).max(1) as u32, to_pixels(height).max(1) as u32);
    let mut svg = String::with_capacity(8 * 1024);
    let tooltips = {
        let mut canvas = Canvas { backend: SVGBackend::with_string(&mut svg, size), tooltips: String::new() };
        paint(&mut canvas);
        // Writing to a String cannot fail; present() closes the root tag.
        canvas.backend.present().ok();
        canvas.tooltips
    };
    let body_start = svg.find(">\n").map_or(0, |i| i + 2);
    let body_end = svg.rfind("</svg>").unwrap_or(svg.len()).max(body_start);
    let mut body = svg[body_start..body_end].to_string();
    body.push_str(&tooltips);
    body
}

/// Rounds a coordinate to the whole units plotters draws in; NaN and overflow saturate.
fn to_pixels(v: f64) -> i32 {
    v.round() as i32
}

fn coord((x, y): Point) -> (i32, i32) {
    (to_pixels(x), to_pixels(y))
}

fn shape(color: Color, filled: bool, stroke_width: u32) -> ShapeStyle {
    ShapeStyle { color: RGBAColor(color.0, color.1, color.2, 1.0), filled, stroke_width }
}

/// plotters writes `font-size` as its size ÷ 1.24; find the size whose quotient is exactly
/// `px`, so that the SVG says `font-size="13"` rather than `13.000000000000002`.
fn plotters_font_size(px: f64) -> f64 {
    let mut size = px * 1.24;
    for _ in 0..8 {
        let written = size / 1.24;
        if written == px || !written.is_finite() {
            break;
        }
        // One representable step down or up (sizes are positive, so bits order like values).
        let bits = size.to_bits();
        size = f64::from_bits(if written > px { bits.saturating_sub(1) } else { bits.saturating_add(1) });
    }
    size
}

impl Canvas<'_> {
    /// A filled rectangle between two corners given in any order.
    pub fn rect(&mut self, (x0, y0): Point, (x1, y1): Point, fill: Color) {
        let upper_left = coord((x0.min(x1), y0.min(y1)));
        let lower_right = coord((x0.max(x1), y0.max(y1)));
        self.backend.draw_rect(upper_left, lower_right, &shape(fill, true, 0), true).ok();
    }

    pub fn line(&mut self, from: Point, to: Point, color: Color, width: u32) {
        self.backend.draw_line(coord(from), coord(to), &shape(color, false, width)).ok();
    }

    /// A horizontal dashed line (dashes of `dash` units with gaps of half that).
    pub fn dashed_hline(&mut self, y: f64, (x0, x1): (f64, f64), dash: f64, color: Color, width: u32) {
        let period = dash * 1.5;
        // Bounded count: a non-finite or huge span must not loop forever.
        let count = ((x1 - x0) / period).ceil();
        if !(count.is_finite() && count > 0.0) {
            return;
        }
        for i in 0..(count.min(500.0) as usize) {
            let x = x0 + i as f64 * period;
            self.line((x, y), ((x + dash).min(x1), y), color, width);
        }
    }

    pub fn polyline(&mut self, points: &[Point], color: Color, width: u32) {
        if points.len() > 1 {
            self.backend.draw_path(points.iter().copied().map(coord), &shape(color, false, width)).ok();
        }
    }

    /// A filled marker of about `size` units across, centred on `at`.
    pub fn marker(&mut self, marker: Marker, at: Point, size: f64, fill: Color) {
        let (x, y) = at;
        let r = size / 2.0;
        let style = shape(fill, true, 0);
        match marker {
            Marker::Circle => {
                self.backend.draw_circle(coord(at), to_pixels(r).max(1) as u32, &style, true).ok();
            }
            Marker::Square => self.rect((x - r * 0.9, y - r * 0.9), (x + r * 0.9, y + r * 0.9), fill),
            Marker::Triangle => {
                let corners = [(x, y - r * 1.15), (x + r * 1.1, y + r * 0.85), (x - r * 1.1, y + r * 0.85)];
                self.backend.fill_polygon(corners.into_iter().map(coord), &style).ok();
            }
            Marker::Diamond => {
                let corners = [(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)];
                self.backend.fill_polygon(corners.into_iter().map(coord), &style).ok();
            }
        }
    }

    /// One line of text; `at` is the anchor point, vertically the middle of the text.
    pub fn text(&mut self, text: &str, at: Point, anchor: Anchor, size: f64, color: Color) {
        let h_pos = match anchor {
            Anchor::Start => HPos::Left,
            Anchor::Middle => HPos::Center,
            Anchor::End => HPos::Right,
        };
        // The family is set once on the root <svg>; each text inherits it.
        let color = RGBAColor(color.0, color.1, color.2, 1.0);
        let style =
            TextStyle::from((FontFamily::Name("inherit"), plotters_font_size(size))).pos(Pos::new(h_pos, VPos::Center)).color(&color);
        self.backend.draw_text(text, &style, coord(at)).ok();
    }

    /// An invisible box over `(x0, y0)..(x1, y1)` that shows `full_text` on hover: for labels
    /// that had to be shortened.
    pub fn tooltip(&mut self, (x0, y0): Point, (x1, y1): Point, full_text: &str) {
        let (left, top) = coord((x0.min(x1), y0.min(y1)));
        let (right, bottom) = coord((x0.max(x1), y0.max(y1)));
        self.tooltips.push_str(&format!(
            "<rect x=\"{left}\" y=\"{top}\" width=\"{}\" height=\"{}\" fill=\"#FFFFFF\" fill-opacity=\"0\"><title>{}</title></rect>\n",
            right - left,
            bottom - top,
            escape(full_text)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_sizes_are_written_exactly() {
        // Not every size has an exact preimage (13 has none); the common ones do.
        for px in [8.0, 10.0, 11.0, 12.0, 14.0, 16.0, 18.0, 20.0] {
            assert_eq!(plotters_font_size(px) / 1.24, px);
        }
        for px in 6..40 {
            let px = f64::from(px);
            assert!((plotters_font_size(px) / 1.24 - px).abs() < 1e-9);
        }
    }

    #[test]
    fn body_has_no_root_tags_and_escapes_text() {
        let body = draw_svg_body(100.0, 50.0, |c| {
            c.rect((90.0, 40.0), (10.0, 10.0), Color(1, 2, 3));
            c.text("<script>", (5.0, 5.0), Anchor::Start, 12.0, Color(0, 0, 0));
            c.tooltip((0.0, 0.0), (10.0, 10.0), "a&b");
        });
        assert!(!body.contains("<svg") && !body.contains("</svg>"));
        assert!(body.contains("width=\"80\""));
        assert!(body.contains("&lt;script&gt;") && !body.contains("<script>"));
        assert!(body.contains("font-size=\"12\"") && body.contains("font-family=\"inherit\""));
        assert!(body.contains("<title>a&amp;b</title>"));
    }

    #[test]
    fn absurd_coordinates_do_not_panic() {
        draw_svg_body(f64::NAN, f64::INFINITY, |c| {
            c.rect((f64::NAN, f64::INFINITY), (-f64::MAX, 0.0), Color(0, 0, 0));
            c.dashed_hline(1.0, (f64::NEG_INFINITY, 5.0), 0.0, Color(0, 0, 0), 1);
            c.marker(Marker::Diamond, (f64::NAN, 1.0), f64::NAN, Color(0, 0, 0));
        });
    }
}
