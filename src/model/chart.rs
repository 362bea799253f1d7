//! The charts of a bulletin, which a briefing may also place by name
//! (`{{ chart(name="by_sector") }}`). The list is the site's, not the
//! drawing library's: `charts::ChartKind` is a chart's shape (bars, columns,
//! a line), this is which chart of the figures it is. CONTRIBUTING.md says
//! how to add one.

/// Declares `BulletinChart` and its list from one table, so that a chart
/// cannot exist without its name, in the bulletin's order.
macro_rules! bulletin_charts {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// One chart of a bulletin. The order is the bulletin's.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum BulletinChart {
            $($variant),*
        }

        impl BulletinChart {
            /// Every chart, in the bulletin's order.
            pub const ALL: [BulletinChart; [$($name),*].len()] = [$(BulletinChart::$variant),*];

            /// Its name in `{{ chart(name="…") }}`, also the chart's HTML id
            /// (with `-` for `_`).
            pub fn name(self) -> &'static str {
                match self {
                    $(BulletinChart::$variant => $name),*
                }
            }
        }
    };
}

bulletin_charts! {
    BySector = "by_sector",
    ByRegion = "by_region",
    BySize = "by_size",
    ByMonth = "by_month",
    Pipeline = "pipeline",
    ByScope = "by_scope",
    Trend = "trend",
}

impl BulletinChart {
    /// The chart a briefing names.
    pub fn from_name(name: &str) -> Option<BulletinChart> {
        BulletinChart::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Every name, for the list a misspelt name is compared with.
    pub fn names() -> [&'static str; BulletinChart::ALL.len()] {
        BulletinChart::ALL.map(BulletinChart::name)
    }
}

#[cfg(test)]
mod tests {
    use super::BulletinChart;

    #[test]
    fn names_are_unique_and_read_back() {
        for chart in BulletinChart::ALL {
            assert_eq!(BulletinChart::from_name(chart.name()), Some(chart));
            assert!(!chart.name().is_empty() && chart.name().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
        assert_eq!(BulletinChart::from_name("by_sectors"), None);
    }

    #[test]
    fn the_docs_list_every_chart() {
        let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/content.md")).unwrap();
        let row = docs.lines().find(|l| l.starts_with("| `{{ chart(")).expect("the chart row of the shortcode table");
        let listed = row.rsplit(" | ").next().unwrap_or_default();
        let expected: Vec<String> = BulletinChart::ALL.iter().map(|c| format!("`{}`", c.name())).collect();
        assert_eq!(listed.trim_end_matches(" |"), format!("a chart: {}", expected.join(", ")), "docs/content.md, the `chart` shortcode");
    }

    #[test]
    fn the_default_theme_titles_every_chart() {
        for lang in crate::model::Lang::ALL {
            // As the theme gives them: zh-Hant's are derived from zh-Hans's.
            let strings = crate::theme::Theme::built_in().strings(lang);
            let text: String = strings.all().iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            for chart in BulletinChart::ALL {
                let key = format!("charts.{}: ", chart.name());
                let title = text.lines().find_map(|l| l.strip_prefix(key.as_str())).map(str::trim);
                assert!(title.is_some_and(|t| !t.is_empty()), "{lang:?}: no `charts.{}`", chart.name());
            }
        }
    }
}
