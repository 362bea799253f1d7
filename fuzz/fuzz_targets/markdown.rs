//! Bytes → a briefing's Markdown rendered with its shortcodes, against the
//! example site's checked data (read once): the shortcode scan and check,
//! the shortcode parser with its figures, the image addresses, and the
//! renderer with its emphasis, heading-id, sanitising and block-lifting
//! passes. The expansions stand in for the site's charts and tables with
//! fixed HTML, as drawing them is not the renderer's work.

#![no_main]

use std::path::Path;
use std::sync::{Mutex, OnceLock};

use gongbao::format::trimmed;
use gongbao::markdown::{self, Expansion, Shortcode};
use gongbao::model::{Dataset, date::Date};
use gongbao::shortcodes::{self, Call};
use gongbao::stats::Figures;
use gongbao::pipeline;
use libfuzzer_sys::fuzz_target;

/// The renderer's own growth: a byte of Markdown (a `>`, a `*`, a `|`)
/// opens an element of a dozen or two bytes, and escaping turns `<` into
/// `&lt;`. Expansions are added on top, as the caller chose their size.
const OUTPUT_PER_INPUT_BYTE: usize = 64;
// The constant holds the empty cells the renderer may add to fill short
// table rows (10,000 of them).
const OUTPUT_CONSTANT: usize = 128 * 1024;

struct Fixture {
    dataset: Dataset,
    figures: Figures,
}

fn fixture() -> &'static Mutex<Fixture> {
    static FIXTURE: OnceLock<Mutex<Fixture>> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        // The example site at the repository's root; a fixed date keeps
        // every run the same.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let checked = pipeline::check(&root, Date::ymd(2026, 3, 1)).expect("the example site loads");
        let dataset = checked.dataset.expect("the example site has no errors");
        assert!(!dataset.briefings.is_empty(), "the example site has briefings");
        let figures = checked.public_figures.unwrap_or_else(|| Figures::compute(&dataset));
        Mutex::new(Fixture { dataset, figures })
    })
}

fuzz_target!(|data: &[u8]| {
    // Briefings are decoded before they reach the renderer; a file that is
    // not UTF-8 is refused, so lossy decoding here only widens the inputs.
    let body = String::from_utf8_lossy(data);
    let Ok(mut fixture) = fixture().lock() else { return };
    let Fixture { dataset, figures } = &mut *fixture;

    // What `check` does with a briefing: scan, parse and check each call.
    let briefing = &mut dataset.briefings[0];
    briefing.body.clear();
    briefing.body.push_str(&body);
    let problems = shortcodes::check(dataset, figures);
    let (pieces, errors) = markdown::split_shortcodes(&body);
    assert!(problems.len() >= errors.len());
    let calls = pieces.iter().filter(|p| matches!(p, markdown::Piece::Call(_))).count();
    assert!(calls + errors.len() <= body.len());
    let _ = markdown::image_addresses(&body);

    // What a build does: render with the calls expanded.
    let briefing = &dataset.briefings[0];
    let default = shortcodes::default_scope(briefing, dataset);
    let mut expanded = 0usize;
    let expand = |call: &Shortcode| {
        let expansion = expand(call, dataset, figures, default);
        expanded += match &expansion {
            Expansion::Inline(html) | Expansion::Block(html) => html.len(),
        };
        expansion
    };
    // Half the images are found, half are left out (as a missing file is).
    let image = |address: &str| (address.len() % 2 == 0).then(|| format!("img/{address}"));
    let rendered = markdown::render_briefing(&body, expand, image);
    let bound = OUTPUT_PER_INPUT_BYTE * data.len() + OUTPUT_CONSTANT + 2 * expanded;
    assert!(
        rendered.html.len() <= bound,
        "{} bytes of HTML for {} bytes of Markdown ({expanded} bytes of expansions)",
        rendered.html.len(),
        data.len()
    );
});

fn expand(call: &Shortcode, dataset: &Dataset, figures: &Figures, default: shortcodes::RegionYear) -> Expansion {
    match shortcodes::parse(call, dataset, default) {
        Ok(Call::Figure { metric, part, scope }) => {
            let value = shortcodes::figure_value(figures, dataset, metric, part, scope);
            Expansion::Inline(format!("<b>{}</b>", value.map_or("—".to_string(), trimmed)))
        }
        Ok(Call::Chart { chart, scope }) => {
            Expansion::Block(format!("<figure class=\"chart\" id=\"{}-{}-{}\"></figure>", chart.name(), scope.region, scope.year))
        }
        Ok(Call::Projects { limit, .. }) => {
            let rows = limit.unwrap_or(3).min(3);
            Expansion::Block(format!("<table>{}</table>", "<tr><td>项目</td></tr>".repeat(rows)))
        }
        Ok(Call::Facts { .. }) => Expansion::Block("<dl><dt>事实</dt><dd>1</dd></dl>".to_string()),
        Err(_) => Expansion::Inline(format!("{{{{ {}(…) }}}}", call.name.replace('<', "&lt;"))),
    }
}
