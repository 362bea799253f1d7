//! The metric registry: every indicator of indicators.md in one table, the
//! single source of its id, names, kind, where it shows and its docs line.
//! Validation (the keys of annual files), shortcodes, the bulletin, the data
//! files and the docs table all read it; the formula is `Tally::value` in
//! `stats/tally.rs`, an exhaustive match. CONTRIBUTING.md says how to add one.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::Serialize;

/// What a metric's value is, which decides how it is read, compared with
/// its target and last year, and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    /// A number of projects, with its counting word as written in Chinese
    /// (个); a theme shows its own `unit.<id>`.
    Count(&'static str),
    /// Money, in the site's unit.
    Money,
    /// A percentage (start rate, funds rate): it changes and meets its
    /// target in percentage points.
    Rate,
    /// Money in US dollars, kept in 万美元 (foreign capital): never summed
    /// with, nor converted into, 人民币; its targets are written in dollars.
    MoneyUsd,
}

impl MetricKind {
    /// Whether it changes, and meets its target, in percentage points
    /// rather than in percent (a rate has no completion or pace).
    pub fn in_points(self) -> bool {
        match self {
            MetricKind::Count(_) | MetricKind::Money | MetricKind::MoneyUsd => false,
            MetricKind::Rate => true,
        }
    }
}

/// Where a metric is shown, besides the shortcodes (which take any metric).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shows {
    /// A card at the top of the bulletin, in the table's order.
    pub headline: bool,
    /// A row of the bulletin's full table of indicators.
    pub indicators: bool,
    /// An entry of `figures` in the bulletin's JSON data file.
    pub data: bool,
}

/// A card, a row of the table and an entry of the data file.
const HEADLINE: Shows = Shows { headline: true, indicators: true, data: true };
/// A row of the table and an entry of the data file, no card.
const TABLE: Shows = Shows { headline: false, indicators: true, data: true };

/// One entry of the registry. Every field must be given (there is no
/// default), so a metric added without one does not compile; the tests
/// check that none is empty and that the docs and theme agree.
#[derive(Debug, Clone, Copy)]
pub struct MetricInfo {
    pub metric: Metric,
    /// The snake_case name: the key in annual files, shortcodes, data files
    /// and theme strings (`metric.<id>`).
    pub id: &'static str,
    /// The Chinese name, as the default theme labels it and as annual files
    /// may name it.
    pub zh: &'static str,
    /// Other Chinese names an annual file may use for it.
    pub aliases: &'static [&'static str],
    /// The English label of the default theme.
    pub en: &'static str,
    pub kind: MetricKind,
    pub shows: Shows,
    /// Its definition, for the table in docs/indicators.md.
    pub doc: &'static str,
}

/// Declares the `Metric` enum and the registry from one list, so that a
/// variant cannot exist without its entry, in the same order.
macro_rules! metrics {
    ($($variant:ident { $($field:ident: $value:expr),* $(,)? }),* $(,)?) => {
        /// One indicator of a region and year. The order is the order of
        /// the bulletin's cards and table and of the data files.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Metric {
            $($variant),*
        }

        /// The registry, in the order of `Metric`.
        pub const METRICS: [MetricInfo; [$(stringify!($variant)),*].len()] = [
            $(MetricInfo { metric: Metric::$variant, $($field: $value),* }),*
        ];
    };
}

metrics! {
    SignedCount {
        id: "signed_count",
        zh: "新签约项目",
        aliases: &["签约项目数"],
        en: "New projects signed",
        kind: MetricKind::Count("个"),
        shows: HEADLINE,
        doc: "projects whose `signed` date falls in Y (a later cancellation does not remove it from Y)",
    },
    SignedAmount {
        id: "signed_amount",
        zh: "协议投资额",
        aliases: &["签约额"],
        en: "Agreed investment",
        kind: MetricKind::Money,
        shows: HEADLINE,
        doc: "sum of `amount` over the projects signed in Y",
    },
    SignedOver1 {
        id: "signed_over_1",
        zh: "亿元以上项目",
        aliases: &[],
        en: "Projects of 100 million yuan or more",
        kind: MetricKind::Count("个"),
        shows: TABLE,
        doc: "projects signed in Y with `amount` ≥ 1亿元",
    },
    SignedOver1Amount {
        id: "signed_over_1_amount",
        zh: "亿元以上项目协议投资额",
        aliases: &[],
        en: "Agreed investment of projects of 100 million yuan or more",
        kind: MetricKind::Money,
        shows: TABLE,
        doc: "sum of `amount` over the projects signed in Y with `amount` ≥ 1亿元",
    },
    SignedOver10 {
        id: "signed_over_10",
        zh: "10亿元以上项目",
        aliases: &[],
        en: "Projects of 1 billion yuan or more",
        kind: MetricKind::Count("个"),
        shows: TABLE,
        doc: "projects signed in Y with `amount` ≥ 10亿元",
    },
    SignedOver50 {
        id: "signed_over_50",
        zh: "50亿元以上项目",
        aliases: &[],
        en: "Projects of 5 billion yuan or more",
        kind: MetricKind::Count("个"),
        shows: TABLE,
        doc: "projects signed in Y with `amount` ≥ 50亿元",
    },
    SignedOver100 {
        id: "signed_over_100",
        zh: "100亿元以上项目",
        aliases: &[],
        en: "Projects of 10 billion yuan or more",
        kind: MetricKind::Count("个"),
        shows: TABLE,
        doc: "projects signed in Y with `amount` ≥ 100亿元",
    },
    StartedCount {
        id: "started_count",
        zh: "新开工项目",
        aliases: &[],
        en: "Projects started",
        kind: MetricKind::Count("个"),
        shows: HEADLINE,
        doc: "projects whose `started` date falls in Y",
    },
    NewStartInvestment {
        id: "new_start_investment",
        zh: "新开工项目计划投资额",
        aliases: &["新开工固定资产投资额"],
        en: "Planned investment of projects started",
        kind: MetricKind::Money,
        shows: HEADLINE,
        doc: "sum of `planned_investment` (default `amount`) over the projects started in Y",
    },
    StartRate {
        id: "start_rate",
        zh: "当年签约当年开工率",
        aliases: &["开工率"],
        en: "Signed and started in the same year",
        kind: MetricKind::Rate,
        shows: HEADLINE,
        doc: "projects signed in Y and started in Y ÷ signed_count × 100",
    },
    FulfilmentRate {
        id: "fulfilment_rate",
        zh: "履约率",
        aliases: &["项目履约率"],
        en: "Projects under way, share of signed",
        kind: MetricKind::Rate,
        shows: TABLE,
        doc: "projects signed in Y that by the end of Y (`as_of` of a running year) started or are in production, and were not cancelled by then ÷ signed_count × 100",
    },
    ProducingRate {
        id: "producing_rate",
        zh: "投产率",
        aliases: &["项目投产率"],
        en: "Projects in production, share of signed",
        kind: MetricKind::Rate,
        shows: TABLE,
        doc: "projects signed in Y in production by the end of Y (`as_of` of a running year), not cancelled by then ÷ signed_count × 100",
    },
    ProducingCount {
        id: "producing_count",
        zh: "新投产项目",
        aliases: &[],
        en: "Projects in production",
        kind: MetricKind::Count("个"),
        shows: HEADLINE,
        doc: "projects whose `producing` date falls in Y",
    },
    FundsInPlace {
        id: "funds_in_place",
        zh: "到位资金",
        aliases: &[],
        en: "Funds in place",
        kind: MetricKind::Money,
        shows: HEADLINE,
        doc: "funds in place dated in Y, over projects whose `scope` is in `funds_scopes`",
    },
    FundsInPlaceFixed {
        id: "funds_in_place_fixed",
        zh: "固定资产投资项目到位资金",
        aliases: &[],
        en: "Funds in place, fixed-asset projects",
        kind: MetricKind::Money,
        shows: TABLE,
        doc: "funds_in_place of the projects of `kind: fixed_asset`",
    },
    FundsInPlaceNonFixed {
        id: "funds_in_place_non_fixed",
        zh: "非固定资产投资项目到位资金",
        aliases: &[],
        en: "Funds in place, other projects",
        kind: MetricKind::Money,
        shows: TABLE,
        doc: "funds_in_place of the projects of `kind: non_fixed_asset`",
    },
    CancelledCount {
        id: "cancelled_count",
        zh: "终止项目",
        aliases: &[],
        en: "Projects cancelled",
        kind: MetricKind::Count("个"),
        shows: TABLE,
        doc: "projects whose `cancelled` date falls in Y",
    },
    FundsRate {
        id: "funds_rate",
        zh: "资金到位率",
        aliases: &[],
        en: "Funds in place, share of agreed",
        kind: MetricKind::Rate,
        shows: HEADLINE,
        doc: "funds in place from signing through Y ÷ agreed amount, over the projects signed in Y within `funds_scopes`",
    },
    ForeignFunds {
        id: "foreign_funds",
        zh: "实际到位外资",
        aliases: &["实际利用外资", "到位外资"],
        en: "Foreign capital in place",
        kind: MetricKind::MoneyUsd,
        shows: HEADLINE,
        doc: "funds in place written in US dollars (万美元, 亿美元) dated in Y, any scope; never converted, never in funds_in_place",
    },
    FundsOutsideProvince {
        id: "funds_outside_province",
        zh: "省外到位资金",
        aliases: &["省外境内到位资金"],
        en: "Funds in place from other provinces",
        kind: MetricKind::Money,
        shows: TABLE,
        doc: "funds in place (人民币) dated in Y of the projects of `scope: outside_province`, whatever `funds_scopes` says",
    },
    FundsOutsideCity {
        id: "funds_outside_city",
        zh: "市外到位资金",
        aliases: &["省内市外到位资金"],
        en: "Funds in place from other cities of the province",
        kind: MetricKind::Money,
        shows: TABLE,
        doc: "funds in place (人民币) dated in Y of the projects of `scope: outside_city`, whatever `funds_scopes` says",
    },
}

impl Metric {
    /// The funds scope a by-origin metric counts, if it is one.
    pub fn funds_scope(self) -> Option<super::Scope> {
        match self {
            Metric::FundsOutsideProvince => Some(super::Scope::OutsideProvince),
            Metric::FundsOutsideCity => Some(super::Scope::OutsideCity),
            _ => None,
        }
    }

    /// Every metric, in the registry's order.
    pub const ALL: [Metric; METRICS.len()] = {
        let mut all = [Metric::SignedCount; METRICS.len()];
        let mut i = 0;
        while i < METRICS.len() {
            all[i] = METRICS[i].metric;
            i += 1;
        }
        all
    };

    /// Its registry entry.
    pub fn info(self) -> &'static MetricInfo {
        // The macro lists the entries in the order of the variants.
        &METRICS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.info().id
    }

    pub fn kind(self) -> MetricKind {
        self.info().kind
    }

    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The metric an annual file or a shortcode names: by its id, its
    /// Chinese name or one of its aliases.
    pub fn from_key(key: &str) -> Option<Metric> {
        METRICS.iter().find(|i| i.id == key || i.zh == key || i.aliases.contains(&key)).map(|i| i.metric)
    }

    /// The metrics shown as the bulletin's cards, in order.
    pub fn headlines() -> impl Iterator<Item = Metric> {
        METRICS.iter().filter(|i| i.shows.headline).map(|i| i.metric)
    }

    /// The rows of the bulletin's full table, in order.
    pub fn indicators() -> impl Iterator<Item = Metric> {
        METRICS.iter().filter(|i| i.shows.indicators).map(|i| i.metric)
    }

    /// The figures of the bulletin's data file, in order.
    pub fn in_data() -> impl Iterator<Item = Metric> {
        METRICS.iter().filter(|i| i.shows.data).map(|i| i.metric)
    }
}

/// Every key an annual file may use for a metric, for the hint of an
/// unknown key: each metric's names in the order serde lists a field's.
pub fn annual_keys() -> &'static [&'static str] {
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| {
        METRICS
            .iter()
            .flat_map(|i| {
                let names: BTreeSet<&'static str> = [i.id, i.zh].into_iter().chain(i.aliases.iter().copied()).collect();
                names
            })
            .collect()
    })
}

impl Serialize for Metric {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The table of docs/indicators.md, between its markers.
pub fn docs_table() -> String {
    let mut out = String::from("| metric | 中文 | kind | unit | shows | definition |\n|---|---|---|---|---|---|\n");
    for i in &METRICS {
        let names: Vec<&str> = [i.zh].into_iter().chain(i.aliases.iter().copied()).collect();
        let (kind, unit) = match i.kind {
            MetricKind::Count(unit) => ("count", unit),
            MetricKind::Money => ("amount", "site unit"),
            MetricKind::Rate => ("rate", "%"),
            MetricKind::MoneyUsd => ("amount", "万美元"),
        };
        let Shows { headline, indicators, data } = i.shows;
        let shows: Vec<&str> =
            [(headline, "card"), (indicators, "table"), (data, "data")].into_iter().filter_map(|(on, name)| on.then_some(name)).collect();
        out.push_str(&format!("| `{}` | {} | {kind} | {unit} | {} | {} |\n", i.id, names.join(", "), shows.join(", "), i.doc));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in Metric::ALL {
            assert_eq!(Metric::from_name(m.name()), Some(m));
            assert_eq!(Metric::from_key(m.info().zh), Some(m));
        }
        assert_eq!(Metric::from_name("signed"), None);
        assert_eq!(Metric::from_key("签约额"), Some(Metric::SignedAmount));
    }

    #[test]
    fn the_registry_is_in_the_order_of_the_enum() {
        for (i, info) in METRICS.iter().enumerate() {
            assert_eq!(info.metric as usize, i, "{}", info.id);
            assert_eq!(Metric::ALL[i], info.metric);
        }
    }

    /// A metric lacking a name, a label or a docs line, or whose names
    /// clash with another's, fails here rather than showing a blank.
    #[test]
    fn every_metric_has_every_field() {
        let mut names = BTreeSet::new();
        for i in &METRICS {
            let snake = !i.id.is_empty()
                && i.id.starts_with(|c: char| c.is_ascii_lowercase())
                && i.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            assert!(snake, "`{}`: the id is snake_case", i.id);
            for zh in [i.zh].iter().chain(i.aliases) {
                assert!(!zh.is_ascii() && zh.trim() == *zh, "`{}`: Chinese names are Chinese and trimmed: {zh:?}", i.id);
            }
            for name in [i.id, i.zh].iter().chain(i.aliases) {
                assert!(names.insert(*name), "`{}`: the name {name:?} is another metric's too", i.id);
            }
            assert!(!i.en.trim().is_empty(), "`{}`: no English label", i.id);
            assert!(!i.doc.trim().is_empty() && !i.doc.contains('|'), "`{}`: the docs line is empty or breaks the table", i.id);
            if let MetricKind::Count(unit) = i.kind {
                assert!(!unit.trim().is_empty(), "`{}`: a count needs its counting word", i.id);
            }
            assert!(i.shows.indicators || i.shows.data || !i.shows.headline, "`{}`: a card is also in the table", i.id);
        }
    }

    /// docs/indicators.md shows the registry's table; after changing the
    /// registry, run with `GONGBAO_BLESS=1` to rewrite it.
    #[test]
    fn the_docs_table_is_the_registry() {
        crate::testing::check_generated("docs/indicators.md", "metrics", &docs_table());
    }

    /// The default theme labels every metric in every language, with the
    /// registry's names, and gives every count its counting word.
    #[test]
    fn the_default_theme_labels_every_metric() {
        for (lang, code) in crate::model::Lang::ALL.map(|l| (l, l.code())) {
            // As the theme gives them: zh-Hant's are derived from zh-Hans's.
            let strings = crate::theme::Theme::built_in().strings(lang);
            let text: String = strings.all().iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            let lang = code;
            let string = |key: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(key).and_then(|rest| rest.strip_prefix(": ")))
                    .map(|v| v.trim().trim_matches('"').to_string())
            };
            for i in &METRICS {
                let label = string(&format!("metric.{}", i.id));
                assert!(label.as_ref().is_some_and(|l| !l.is_empty()), "{lang}: no `metric.{}`", i.id);
                match lang {
                    "zh-Hans" => assert_eq!(label.as_deref(), Some(i.zh), "{lang}: `metric.{}`", i.id),
                    "en" => assert_eq!(label.as_deref(), Some(i.en), "{lang}: `metric.{}`", i.id),
                    _ => {}
                }
                let unit = string(&format!("unit.{}", i.id));
                match i.kind {
                    MetricKind::Count(word) => {
                        assert!(unit.is_some(), "{lang}: no `unit.{}`", i.id);
                        if lang == "zh-Hans" {
                            assert_eq!(unit.as_deref(), Some(word), "{lang}: `unit.{}`", i.id);
                        }
                    }
                    MetricKind::Money | MetricKind::Rate | MetricKind::MoneyUsd => {
                        assert!(unit.is_none(), "{lang}: `unit.{}` is unused", i.id)
                    }
                }
            }
        }
    }
}
