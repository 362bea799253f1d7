//! Numbers as readers see them, in one place: money with trailing zeros
//! trimmed, percentages with exactly `percent_decimals` places rounded half
//! away from zero, growth as 增长 / 下降 by sign, percentage points, pace.
//! The words come from the theme's strings (zh-Hans, zh-Hant, en).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::i18n::Strings;
use crate::model::{Lang, Metric, MetricKind, Unit};

/// Formats the numbers of one site in one language.
#[derive(Debug, Clone, Copy)]
pub struct NumberFormat<'a> {
    pub strings: &'a Strings,
    pub decimals: u32,
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

impl NumberFormat<'_> {
    fn lang(&self) -> Lang {
        self.strings.lang
    }

    /// A plain number as the language writes it (English groups thousands).
    pub fn number(&self, value: Decimal) -> String {
        group_thousands(&trimmed(value), self.strings.get("number.thousands_separator"))
    }

    /// Money in the site's unit, without the unit: 52.8.
    pub fn money(&self, value: Decimal) -> String {
        self.number(value)
    }

    /// The site's money unit as a label: 亿元, 億元, 100 million yuan.
    pub fn unit_label(&self) -> &str {
        self.strings.get(match self.unit {
            Unit::Yuan => "unit.yuan",
            Unit::Wan => "unit.wan",
            Unit::Yi => "unit.yi",
        })
    }

    /// Money with its unit, as prose writes it: 52.8亿元; in English the
    /// amount is scaled to billions or millions: 5.28 billion yuan.
    pub fn money_phrase(&self, value: Decimal) -> String {
        if self.lang() != Lang::En {
            return format!("{}{}", self.money(value), self.unit_label());
        }
        let yuan = self.unit.convert(value, Unit::Yuan);
        let billion = Decimal::from(1_000_000_000u64);
        let million = Decimal::from(1_000_000u64);
        let (scaled, key) = if yuan.abs() >= billion {
            (yuan / billion, "money.billion")
        } else if yuan.abs() >= million {
            (yuan / million, "money.million")
        } else {
            (yuan, "money.yuan")
        };
        self.strings.fill(key, &[("value", &self.number(scaled))])
    }

    /// A count: 210.
    pub fn count(&self, value: Decimal) -> String {
        self.number(value.trunc())
    }

    /// A percentage with exactly the site's decimals: 33.33%.
    pub fn percent(&self, value: Decimal) -> String {
        self.strings.fill("number.percent", &[("value", &round_half_away(value, self.decimals).to_string())])
    }

    /// Growth on last year by its sign: 增长32.00%, 下降12.00%, 持平.
    pub fn growth(&self, value: Decimal) -> String {
        let rounded = round_half_away(value, self.decimals);
        let key = if rounded.is_zero() {
            "growth.flat"
        } else if rounded.is_sign_positive() {
            "growth.up"
        } else {
            "growth.down"
        };
        self.strings.fill(key, &[("value", &self.percent(rounded.abs()))])
    }

    /// A rate's change on last year: 提高5.00个百分点, 降低…, 持平.
    pub fn points_change(&self, value: Decimal) -> String {
        self.signed_points(value, "change")
    }

    /// A difference of rates: 32.38个百分点 (always the size; words say the direction).
    pub fn points(&self, value: Decimal) -> String {
        self.strings.fill("number.points", &[("value", &round_half_away(value.abs(), self.decimals).to_string())])
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
        let rounded = round_half_away(value, self.decimals);
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

    /// A metric's value in its own form: a count, money, or a percentage.
    pub fn value(&self, metric: Metric, value: Decimal) -> String {
        match metric.kind() {
            MetricKind::Count(_) => self.count(value),
            MetricKind::Money => self.money(value),
            MetricKind::Rate => self.percent(value),
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
        f(NumberFormat { strings: &strings, decimals: 2, unit: Unit::Yi })
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
            let f = NumberFormat { strings: &strings, decimals, unit: Unit::Yi };
            assert_eq!(f.percent(dec(value)), percent, "{value} at {decimals}");
            assert_eq!(f.growth(dec(value)), growth, "{value} at {decimals}");
            assert_eq!(f.vs_target(dec(value)), vs_target, "{value} at {decimals}");
        }
    }

    #[test]
    fn trims_money_and_keeps_exact_digits() {
        with(Lang::ZhHans, |f| {
            assert_eq!(f.money(dec("1733.70")), "1733.7");
            assert_eq!(f.money(dec("3291.39")), "3291.39");
            assert_eq!(f.money(dec("0")), "0");
            assert_eq!(f.money_phrase(dec("52.8")), "52.8亿元");
        });
        with(Lang::ZhHant, |f| assert_eq!(f.money_phrase(dec("52.8")), "52.8億元"));
        with(Lang::En, |f| {
            assert_eq!(f.money_phrase(dec("52.8")), "5.28 billion yuan");
            assert_eq!(f.money_phrase(dec("0.116")), "11.6 million yuan");
            assert_eq!(f.money(dec("1733.7")), "1,733.7");
            assert_eq!(f.unit_label(), "100 million yuan");
        });
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
