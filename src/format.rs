//! Numbers as readers see them, in one place: money at a fixed number of
//! places in the unit a reader expects (亿元 for totals, 万元 for a project
//! under 1亿元, billion or million yuan in English), percentages rounded half
//! away from zero at the precision the site sets per kind of figure, growth
//! as 增长 / 下降 by sign, percentage points, pace, and the phrase naming
//! the counting threshold. The words come from the theme's strings
//! (zh-Hans, zh-Hant, en).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::i18n::Strings;
use crate::model::{Lang, Metric, MetricKind, Precision, Site, Unit};

/// Formats the numbers of one site in one language.
#[derive(Debug, Clone, Copy)]
pub struct NumberFormat<'a> {
    pub strings: &'a Strings,
    pub precision: Precision,
    pub unit: Unit,
}

/// Rounds to `decimals` places, half away from zero (x.xx5 → x.xx + 0.01,
/// −0.005 → −0.01), keeping exactly that many places.
pub fn round_half_away(value: Decimal, decimals: u32) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(decimals);
    if rounded.is_zero() { rounded.abs() } else { rounded }
}

/// A decimal with trailing zeros trimmed and no exponent: 1733.70 → 1733.7.
pub fn trimmed(value: Decimal) -> String {
    if value.is_zero() { "0".to_string() } else { value.normalize().to_string() }
}

/// Groups the integer digits in threes with `separator`: 1234567.5 → 1,234,567.5.
fn group_thousands(number: &str, separator: &str) -> String {
    if separator.is_empty() {
        return number.to_string();
    }
    let (sign, unsigned) = number.strip_prefix('-').map_or(("", number), |rest| ("-", rest));
    let (int, frac) = unsigned.split_once('.').map_or((unsigned, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::with_capacity(number.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(separator);
        }
        grouped.push(c);
    }
    let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
    format!("{sign}{grouped}{frac}")
}

const YI: u64 = 100_000_000;
const WAN: u64 = 10_000;
const BILLION: u64 = 1_000_000_000;
const MILLION: u64 = 1_000_000;

/// The unit an amount is shown in, and how its number is written: the
/// large units at the fixed `amount` precision, 万元 and 元 rounded to it
/// with trailing zeros trimmed (1500万元, not 1500.00万元).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Yi,
    Wan,
    Yuan,
    Billion,
    Million,
}

impl Shown {
    fn yuan(self) -> Decimal {
        Decimal::from(match self {
            Shown::Yi => YI,
            Shown::Wan => WAN,
            Shown::Yuan => 1,
            Shown::Billion => BILLION,
            Shown::Million => MILLION,
        })
    }

    /// The theme's label of the unit: 亿元, 万元, billion yuan.
    fn key(self) -> &'static str {
        match self {
            Shown::Yi => "unit.yi",
            Shown::Wan => "unit.wan",
            Shown::Yuan => "unit.yuan",
            Shown::Billion => "unit.billion",
            Shown::Million => "unit.million",
        }
    }

    /// Whether the number keeps exactly the `amount` places.
    fn fixed(self) -> bool {
        matches!(self, Shown::Yi | Shown::Billion | Shown::Million)
    }
}

/// The phrase naming the smallest project counted, as the office words it
/// (`threshold_label:`) or derived from `min_project_amount`: 0.1亿元 →
/// 千万元以上, 1亿元 → 亿元以上, 0.05亿元 → 500万元以上; in English "of 10
/// million yuan and above". `None` when every project counts. Notes blocks
/// and headings use it as the lede does.
pub fn threshold_label(site: &Site, strings: &Strings) -> Option<String> {
    if site.min_project_amount <= Decimal::ZERO {
        return None;
    }
    if let Some(label) = site.threshold_label.as_ref().filter(|_| strings.lang != Lang::En) {
        return Some(label.clone());
    }
    let yuan = site.unit.convert(site.min_project_amount, Unit::Yuan);
    let of = |unit: u64| trimmed(yuan / Decimal::from(unit));
    let amount = if strings.lang == Lang::En {
        let (number, key) = if yuan >= Decimal::from(BILLION) {
            (of(BILLION), "money.billion")
        } else if yuan >= Decimal::from(MILLION) {
            (of(MILLION), "money.million")
        } else {
            (trimmed(yuan), "money.yuan")
        };
        strings.fill(key, &[("value", &number)])
    } else if yuan == Decimal::from(YI) {
        strings.get("unit.yi").to_string()
    } else if yuan == Decimal::from(10 * MILLION) {
        strings.get("threshold.ten_million").to_string()
    } else if yuan > Decimal::from(YI) {
        format!("{}{}", of(YI), strings.get("unit.yi"))
    } else if yuan >= Decimal::from(WAN) {
        format!("{}{}", of(WAN), strings.get("unit.wan"))
    } else {
        format!("{}{}", trimmed(yuan), strings.get("unit.yuan"))
    };
    Some(strings.fill("threshold.label", &[("amount", &amount)]))
}

impl<'a> NumberFormat<'a> {
    /// The site's formats in the language of `strings`.
    pub fn new(strings: &'a Strings, site: &Site) -> NumberFormat<'a> {
        NumberFormat { strings, precision: site.precision, unit: site.unit }
    }

    fn lang(&self) -> Lang {
        self.strings.lang
    }

    /// A plain number as the language writes it (English groups thousands).
    pub fn number(&self, value: Decimal) -> String {
        group_thousands(&trimmed(value), self.strings.get("number.thousands_separator"))
    }

    /// A number at exactly `places` decimals, grouped as the language does.
    fn fixed(&self, value: Decimal, places: u32) -> String {
        group_thousands(&round_half_away(value, places).to_string(), self.strings.get("number.thousands_separator"))
    }

    /// An amount's number in the unit it is shown in.
    fn shown_number(&self, value: Decimal, shown: Shown) -> String {
        let yuan = self.unit.convert(value, Unit::Yuan);
        let number = yuan / shown.yuan();
        if shown.fixed() { self.fixed(number, self.precision.amount) } else { self.number(round_half_away(number, self.precision.amount)) }
    }

    /// The unit of a column of money (a table's header, a chart's axis): the
    /// site's unit in Chinese; billion yuan (亿元 sites) or million yuan in
    /// English, which has no word for 亿.
    fn column(&self) -> Shown {
        match (self.lang(), self.unit) {
            (Lang::En, Unit::Yi) => Shown::Billion,
            (Lang::En, _) => Shown::Million,
            (_, Unit::Yi) => Shown::Yi,
            (_, Unit::Wan) => Shown::Wan,
            (_, Unit::Yuan) => Shown::Yuan,
        }
    }

    /// The unit a total is shown in by itself: a site kept in 万元 or 元
    /// shows amounts of 1亿元 and more in 亿元; English scales to billions
    /// or millions.
    fn total(&self, value: Decimal) -> Shown {
        let yuan = self.unit.convert(value, Unit::Yuan).abs();
        match self.lang() {
            Lang::En if yuan >= Decimal::from(BILLION) => Shown::Billion,
            Lang::En => Shown::Million,
            _ if self.unit == Unit::Yi || yuan >= Decimal::from(YI) => Shown::Yi,
            _ if self.unit == Unit::Wan || yuan >= Decimal::from(WAN) => Shown::Wan,
            _ => Shown::Yuan,
        }
    }

    /// Money in a column of the site's unit (see `unit_label`), without the
    /// unit: 52.80.
    pub fn money(&self, value: Decimal) -> String {
        self.shown_number(value, self.column())
    }

    /// `value` in the unit of `unit_label`, for a chart's scale.
    pub fn in_column_unit(&self, value: Decimal) -> Decimal {
        self.unit.convert(value, Unit::Yuan) / self.column().yuan()
    }

    /// The unit of a column of money: 亿元, 億元, billion yuan.
    pub fn unit_label(&self) -> &str {
        self.strings.get(self.column().key())
    }

    fn phrase(&self, value: Decimal, shown: Shown) -> String {
        let number = self.shown_number(value, shown);
        match shown {
            Shown::Billion => self.strings.fill("money.billion", &[("value", &number)]),
            Shown::Million => self.strings.fill("money.million", &[("value", &number)]),
            Shown::Yuan if self.lang() == Lang::En => self.strings.fill("money.yuan", &[("value", &number)]),
            _ => format!("{number}{}", self.strings.get(shown.key())),
        }
    }

    /// Money with its unit, as prose writes it: 52.80亿元; in English the
    /// amount is scaled to billions or millions: 5.28 billion yuan.
    pub fn money_phrase(&self, value: Decimal) -> String {
        self.phrase(value, self.total(value))
    }

    /// A total's number and unit, for a card or a row that states its own
    /// unit: ("52.80", "亿元").
    pub fn money_parts(&self, value: Decimal) -> (String, String) {
        let shown = self.total(value);
        (self.shown_number(value, shown), self.strings.get(shown.key()).to_string())
    }

    /// `value`'s number in the unit `money_parts(reference)` shows, so a
    /// target sits beside its figure in one unit.
    pub fn money_like(&self, value: Decimal, reference: Decimal) -> String {
        self.shown_number(value, self.total(reference))
    }

    /// How a dollar amount (kept in 万美元) is shown by itself: its divisor
    /// and the theme's keys of its unit and phrase. Chinese shows 万美元
    /// below 1亿美元, else 亿美元; English millions or billions of dollars.
    /// Only the unit moves: dollars are never turned into yuan.
    fn usd_shown(&self, value: Decimal) -> (Decimal, &'static str, &'static str, bool) {
        let big = |wan: u32| value.abs() >= Decimal::from(wan);
        match self.lang() {
            Lang::En if big(100_000) => (Decimal::from(100_000), "unit.usd_billion", "money.usd_billion", true),
            Lang::En => (Decimal::ONE_HUNDRED, "unit.usd_million", "money.usd_million", true),
            _ if big(10_000) => (Decimal::from(10_000), "unit.usd_yi", "money.usd_yi", true),
            _ => (Decimal::ONE, "unit.usd_wan", "money.usd_wan", false),
        }
    }

    fn usd_number(&self, value: Decimal, divisor: Decimal, fixed: bool) -> String {
        let number = value.checked_div(divisor).unwrap_or_default();
        if fixed { self.fixed(number, self.precision.amount) } else { self.number(round_half_away(number, self.precision.amount)) }
    }

    /// A dollar total's number and unit, for a card or a row: ("5234",
    /// "万美元"), ("1.20", "亿美元").
    pub fn usd_parts(&self, value: Decimal) -> (String, String) {
        let (divisor, unit, _, fixed) = self.usd_shown(value);
        (self.usd_number(value, divisor, fixed), self.strings.get(unit).to_string())
    }

    /// `value`'s number in the unit `usd_parts(reference)` shows.
    pub fn usd_like(&self, value: Decimal, reference: Decimal) -> String {
        let (divisor, _, _, fixed) = self.usd_shown(reference);
        self.usd_number(value, divisor, fixed)
    }

    /// A dollar amount with its unit, as prose writes it: 5234万美元,
    /// 1.20亿美元, 52.34 million US dollars.
    pub fn usd_phrase(&self, value: Decimal) -> String {
        let (divisor, _, phrase, fixed) = self.usd_shown(value);
        self.strings.fill(phrase, &[("value", &self.usd_number(value, divisor, fixed))])
    }

    /// The unit of a column of dollars: 万美元, million US dollars.
    pub fn usd_unit_label(&self) -> &str {
        self.strings.get(if self.lang() == Lang::En { "unit.usd_million" } else { "unit.usd_wan" })
    }

    /// A project's amount: under 1亿元 in 万元 (1500万元), else as a total.
    fn project_unit(&self, value: Decimal) -> Shown {
        let yuan = self.unit.convert(value, Unit::Yuan).abs();
        if self.lang() != Lang::En && yuan < Decimal::from(YI) && yuan >= Decimal::from(WAN) { Shown::Wan } else { self.total(value) }
    }

    /// A project's amount with its unit: 1500万元, 12.00亿元.
    pub fn project_amount(&self, value: Decimal) -> String {
        self.phrase(value, self.project_unit(value))
    }

    /// A project's amount as number and unit, for a table cell.
    pub fn project_amount_parts(&self, value: Decimal) -> (String, String) {
        let shown = self.project_unit(value);
        (self.shown_number(value, shown), self.strings.get(shown.key()).to_string())
    }

    /// A count: 210.
    pub fn count(&self, value: Decimal) -> String {
        self.number(value.trunc())
    }

    /// A count of projects with its counting word: 600个, 600 projects.
    pub fn count_phrase(&self, value: Decimal) -> String {
        let one = value == Decimal::ONE && self.strings.all().contains_key("count.projects.one");
        self.strings.fill(if one { "count.projects.one" } else { "count.projects" }, &[("count", &self.count(value))])
    }

    fn percent_at(&self, value: Decimal, places: u32) -> String {
        self.strings.fill("number.percent", &[("value", &round_half_away(value, places).to_string())])
    }

    /// A rate or a share at the site's `percent` precision: 33.33%.
    pub fn percent(&self, value: Decimal) -> String {
        self.percent_at(value, self.precision.percent)
    }

    /// Completion of a target at the `completion` precision: 95.69%.
    pub fn completion(&self, value: Decimal) -> String {
        self.percent_at(value, self.precision.completion)
    }

    /// Growth on last year by its sign: 增长32.00%, 下降12.00%, 持平.
    pub fn growth(&self, value: Decimal) -> String {
        let rounded = round_half_away(value, self.precision.growth);
        let key = if rounded.is_zero() {
            "growth.flat"
        } else if rounded.is_sign_positive() {
            "growth.up"
        } else {
            "growth.down"
        };
        self.strings.fill(key, &[("value", &self.percent_at(rounded.abs(), self.precision.growth))])
    }

    /// Growth withheld on a tiny base: last year's figure instead, 上年1个.
    pub fn previous(&self, metric: Metric, previous: Decimal) -> String {
        if previous.is_zero() {
            // "上年0.00亿元" reads as a slip; none is none.
            return self.strings.get("growth.from_zero").to_string();
        }
        self.strings.fill("growth.withheld", &[("value", &self.value_phrase(metric, previous))])
    }

    /// A rate's change on last year: 提高5.00个百分点, 下降…, 持平.
    pub fn points_change(&self, value: Decimal) -> String {
        self.signed_points(value, "change")
    }

    /// A difference of rates: 32.38个百分点 (always the size; words say the direction).
    pub fn points(&self, value: Decimal) -> String {
        self.strings.fill("number.points", &[("value", &round_half_away(value.abs(), self.precision.points).to_string())])
    }

    /// A rate against its target: 高于目标32.38个百分点.
    pub fn vs_target(&self, value: Decimal) -> String {
        self.signed_points(value, "vs_target")
    }

    /// Completion against the share of the year elapsed: 超序时进度5.00个百分点.
    pub fn pace(&self, value: Decimal) -> String {
        self.signed_points(value, "pace")
    }

    fn signed_points(&self, value: Decimal, prefix: &str) -> String {
        let rounded = round_half_away(value, self.precision.points);
        let which = if rounded.is_zero() {
            "equal"
        } else if rounded.is_sign_positive() {
            "above"
        } else {
            "below"
        };
        self.strings.fill(&format!("{prefix}.{which}"), &[("points", &self.points(rounded))])
    }

    /// A date as prose writes it: 2025年12月31日, 31 December 2025.
    pub fn date(&self, date: crate::model::Date) -> String {
        let s = self.strings;
        let (year, month) = (date.year.to_string(), date.month.to_string());
        let month_name = s.get(&format!("month.{month}")).to_string();
        match date.day {
            Some(day) => s.fill("date.day", &[("year", &year), ("month", &month), ("month_name", &month_name), ("day", &day.to_string())]),
            None => s.fill("date.month", &[("year", &year), ("month", &month), ("month_name", &month_name)]),
        }
    }

    /// A metric's value in its own form: a count, money in the column's
    /// unit, or a percentage.
    pub fn value(&self, metric: Metric, value: Decimal) -> String {
        match metric.kind() {
            MetricKind::Count(_) => self.count(value),
            MetricKind::Money => self.money(value),
            MetricKind::Rate => self.percent(value),
            MetricKind::MoneyUsd => {
                let divisor = if self.lang() == Lang::En { Decimal::ONE_HUNDRED } else { Decimal::ONE };
                self.usd_number(value, divisor, self.lang() == Lang::En)
            }
        }
    }

    /// A target as the office set it, with its unit: 850亿元, 600个, 60.00%.
    /// A target is a round figure written by hand, not a sum, so its money
    /// keeps no trailing zeros (rounded to the `amount` places still).
    pub fn target_phrase(&self, metric: Metric, value: Decimal) -> String {
        if metric.kind() == MetricKind::MoneyUsd {
            // A round figure too: no trailing zeros in 万美元.
            let (divisor, _, phrase, _) = self.usd_shown(value);
            return self.strings.fill(phrase, &[("value", &self.usd_number(value, divisor, false))]);
        }
        if metric.kind() != MetricKind::Money {
            return self.value_phrase(metric, value);
        }
        let shown = self.total(value);
        let number = self.number(round_half_away(self.unit.convert(value, Unit::Yuan) / shown.yuan(), self.precision.amount));
        match shown {
            Shown::Billion => self.strings.fill("money.billion", &[("value", &number)]),
            Shown::Million => self.strings.fill("money.million", &[("value", &number)]),
            _ => format!("{number}{}", self.strings.get(shown.key())),
        }
    }

    /// A metric's value with its unit, as prose states it: 600个,
    /// 850.00亿元, 60.00%.
    pub fn value_phrase(&self, metric: Metric, value: Decimal) -> String {
        match metric.kind() {
            MetricKind::Count(_) => self.count_phrase(value),
            MetricKind::Money => self.money_phrase(value),
            MetricKind::Rate => self.percent(value),
            MetricKind::MoneyUsd => self.usd_phrase(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::Theme;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn with<T>(lang: Lang, f: impl FnOnce(NumberFormat) -> T) -> T {
        let theme = Theme::built_in();
        let strings = theme.strings(lang);
        f(NumberFormat { strings: &strings, precision: Precision::default(), unit: Unit::Yi })
    }

    #[test]
    fn rounds_half_away_from_zero() {
        let cases = [("1.005", "1.01"), ("1.004", "1.00"), ("-0.005", "-0.01"), ("-0.004", "0.00"), ("2.675", "2.68"), ("32", "32.00")];
        for (value, want) in cases {
            assert_eq!(round_half_away(dec(value), 2).to_string(), want, "{value}");
        }
        assert_eq!(round_half_away(dec("109.7133"), 1).to_string(), "109.7");
    }

    /// Percentages, growth and points at 0, 1 and 2 decimals: halves go
    /// away from zero (never to even), and what rounds to zero is 持平.
    #[test]
    fn rounding_edges_at_every_precision() {
        let theme = Theme::built_in();
        let strings = theme.strings(Lang::ZhHans);
        // (value, decimals, percent, growth, against a target)
        let cases = [
            ("2.675", 2, "2.68%", "增长2.68%", "高于目标2.68个百分点"),
            ("12345.675", 2, "12345.68%", "增长12345.68%", "高于目标12345.68个百分点"),
            ("99.995", 2, "100.00%", "增长100.00%", "高于目标100.00个百分点"),
            ("99.994999", 2, "99.99%", "增长99.99%", "高于目标99.99个百分点"),
            ("-0.005", 2, "-0.01%", "下降0.01%", "低于目标0.01个百分点"),
            ("-0.004", 2, "0.00%", "持平", "与目标持平"),
            ("0.004", 2, "0.00%", "持平", "与目标持平"),
            ("118.4090909", 2, "118.41%", "增长118.41%", "高于目标118.41个百分点"),
            ("118.4090909", 1, "118.4%", "增长118.4%", "高于目标118.4个百分点"),
            ("148.45", 1, "148.5%", "增长148.5%", "高于目标148.5个百分点"),
            ("0.05", 1, "0.1%", "增长0.1%", "高于目标0.1个百分点"),
            ("-0.05", 1, "-0.1%", "下降0.1%", "低于目标0.1个百分点"),
            ("-0.04", 1, "0.0%", "持平", "与目标持平"),
            ("2.5", 0, "3%", "增长3%", "高于目标3个百分点"),
            ("0.5", 0, "1%", "增长1%", "高于目标1个百分点"),
            ("-0.5", 0, "-1%", "下降1%", "低于目标1个百分点"),
            ("0.49", 0, "0%", "持平", "与目标持平"),
            ("-0", 2, "0.00%", "持平", "与目标持平"),
        ];
        for (value, decimals, percent, growth, vs_target) in cases {
            let f = NumberFormat { strings: &strings, precision: Precision::with_percent_decimals(decimals), unit: Unit::Yi };
            assert_eq!(f.percent(dec(value)), percent, "{value} at {decimals}");
            assert_eq!(f.growth(dec(value)), growth, "{value} at {decimals}");
            assert_eq!(f.vs_target(dec(value)), vs_target, "{value} at {decimals}");
        }
    }

    /// Amounts in 亿元 keep exactly the `amount` places (2 by default),
    /// rounded half away from zero; English scales to billions or millions.
    #[test]
    fn money_at_fixed_precision() {
        with(Lang::ZhHans, |f| {
            assert_eq!(f.money(dec("1733.70")), "1733.70");
            assert_eq!(f.money(dec("681.466")), "681.47");
            assert_eq!(f.money(dec("0")), "0.00");
            assert_eq!(f.money_phrase(dec("52.8")), "52.80亿元");
            assert_eq!(f.money_parts(dec("681.465")), ("681.47".to_string(), "亿元".to_string()));
        });
        with(Lang::ZhHant, |f| assert_eq!(f.money_phrase(dec("52.8")), "52.80億元"));
        with(Lang::En, |f| {
            assert_eq!(f.money_phrase(dec("813.4")), "81.34 billion yuan");
            assert_eq!(f.money_phrase(dec("850")), "85.00 billion yuan");
            assert_eq!(f.money_phrase(dec("0.116")), "11.60 million yuan");
            assert_eq!(f.money(dec("1733.7")), "173.37");
            assert_eq!(f.money(dec("12345.6")), "1,234.56");
            assert_eq!(f.unit_label(), "billion yuan");
            assert_eq!(f.in_column_unit(dec("850")), dec("85"));
        });
    }

    /// A project under 1亿元 reads in 万元; a site kept in 万元 states its
    /// large totals in 亿元.
    #[test]
    fn wan_under_one_yi_and_yi_for_large_totals() {
        with(Lang::ZhHans, |f| {
            assert_eq!(f.project_amount(dec("0.15")), "1500万元");
            assert_eq!(f.project_amount(dec("0.123456")), "1234.56万元");
            assert_eq!(f.project_amount(dec("12")), "12.00亿元");
            assert_eq!(f.project_amount_parts(dec("0.5")), ("5000".to_string(), "万元".to_string()));
        });
        let theme = Theme::built_in();
        let strings = theme.strings(Lang::ZhHans);
        let wan = NumberFormat { strings: &strings, precision: Precision::default(), unit: Unit::Wan };
        assert_eq!(wan.money_phrase(dec("1234567")), "123.46亿元");
        assert_eq!(wan.money_phrase(dec("1500")), "1500万元");
        assert_eq!(wan.money(dec("1500.5")), "1500.5");
        assert_eq!(wan.unit_label(), "万元");
        let strings = theme.strings(Lang::En);
        let wan = NumberFormat { strings: &strings, precision: Precision::default(), unit: Unit::Wan };
        assert_eq!(wan.unit_label(), "million yuan");
        assert_eq!(wan.money(dec("1500")), "15.00");
        assert_eq!(wan.project_amount(dec("1500")), "15.00 million yuan");
    }

    /// Each kind of figure at its own precision.
    #[test]
    fn precision_per_kind() {
        let theme = Theme::built_in();
        let strings = theme.strings(Lang::ZhHans);
        let precision = Precision { amount: 1, growth: 1, completion: 0, points: 2, percent: 3 };
        let f = NumberFormat { strings: &strings, precision, unit: Unit::Yi };
        assert_eq!(f.money_phrase(dec("681.45")), "681.5亿元");
        assert_eq!(f.growth(dec("12.345")), "增长12.3%");
        assert_eq!(f.completion(dec("95.5")), "96%");
        assert_eq!(f.pace(dec("2.4")), "超序时进度2.40个百分点");
        assert_eq!(f.percent(dec("92.3845")), "92.385%");
    }

    fn site(unit: Unit, min: &str, label: Option<&str>) -> Site {
        let mut site = crate::testing::dataset(&[]).site;
        site.unit = unit;
        site.min_project_amount = dec(min);
        site.threshold_label = label.map(str::to_string);
        site
    }

    #[test]
    fn the_threshold_is_named_from_the_setting() {
        let theme = Theme::built_in();
        let (zh, en, hant) = (theme.strings(Lang::ZhHans), theme.strings(Lang::En), theme.strings(Lang::ZhHant));
        let cases = [
            (Unit::Yi, "0.1", "千万元以上", "of 10 million yuan and above"),
            (Unit::Yi, "1", "亿元以上", "of 100 million yuan and above"),
            (Unit::Yi, "0.05", "500万元以上", "of 5 million yuan and above"),
            (Unit::Wan, "5000", "5000万元以上", "of 50 million yuan and above"),
            (Unit::Yi, "10", "10亿元以上", "of 1 billion yuan and above"),
            (Unit::Yuan, "5000", "5000元以上", "of 5000 yuan and above"),
        ];
        for (unit, min, want_zh, want_en) in cases {
            assert_eq!(threshold_label(&site(unit, min, None), &zh).as_deref(), Some(want_zh), "{min} {unit:?}");
            assert_eq!(threshold_label(&site(unit, min, None), &en).as_deref(), Some(want_en), "{min} {unit:?}");
        }
        assert_eq!(threshold_label(&site(Unit::Yi, "0.1", None), &hant).as_deref(), Some("千萬元以上"));
        assert_eq!(threshold_label(&site(Unit::Yi, "0", None), &zh), None);
        assert_eq!(threshold_label(&site(Unit::Yi, "0.1", Some("计划总投资千万元以上")), &zh).as_deref(), Some("计划总投资千万元以上"));
    }

    #[test]
    fn withheld_growth_states_last_year() {
        with(Lang::ZhHans, |f| {
            assert_eq!(f.previous(Metric::SignedCount, dec("1")), "上年1个");
            assert_eq!(f.previous(Metric::SignedAmount, dec("3.5")), "上年3.50亿元");
            assert_eq!(f.previous(Metric::SignedAmount, dec("0")), "上年为零");
            assert_eq!(f.target_phrase(Metric::SignedAmount, dec("850")), "850亿元");
            assert_eq!(f.target_phrase(Metric::SignedCount, dec("600")), "600个");
            assert_eq!(f.points_change(dec("0")), "持平");
            assert_eq!(f.points_change(dec("-2")), "下降2.00个百分点");
        });
        with(Lang::En, |f| assert_eq!(f.previous(Metric::SignedCount, dec("1")), "1 project last year"));
    }

    #[test]
    fn growth_says_rise_or_fall_never_negative_growth() {
        with(Lang::ZhHans, |f| {
            assert_eq!(f.growth(dec("32")), "增长32.00%");
            assert_eq!(f.growth(dec("-12.004")), "下降12.00%");
            assert_eq!(f.growth(dec("-0.005")), "下降0.01%");
            assert_eq!(f.growth(dec("-0.004")), "持平");
            assert_eq!(f.vs_target(dec("32.38")), "高于目标32.38个百分点");
            assert_eq!(f.vs_target(dec("-1.5")), "低于目标1.50个百分点");
        });
        with(Lang::ZhHant, |f| assert_eq!(f.growth(dec("-5")), "下降5.00%"));
        with(Lang::En, |f| {
            assert_eq!(f.growth(dec("32")), "up 32.00%");
            assert_eq!(f.growth(dec("-12")), "down 12.00%");
        });
    }
}
