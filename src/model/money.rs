//! Money: amounts written as a bare number in the site's unit or as text with
//! its own unit ("7000万元", "3.5亿元", "1,160万元"), read exactly as decimals.
//! US dollars are written with their unit ("500万美元", "1.2亿美元") and kept
//! apart: no exchange rate is ever assumed, so a dollar amount is never
//! turned into yuan (see `Currency`).

use rust_decimal::Decimal;
use serde::de;

use super::text::from_text;

/// The units money is written in; the site's `unit` is one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Deserialize)]
pub enum Unit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元", alias = "万")]
    Wan,
    #[default]
    #[serde(rename = "亿元", alias = "亿")]
    Yi,
}

impl Unit {
    /// Yuan in one of this unit, as a power of ten.
    fn exponent(self) -> u32 {
        match self {
            Unit::Yuan => 0,
            Unit::Wan => 4,
            Unit::Yi => 8,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::Wan => "万元",
            Unit::Yi => "亿元",
        }
    }

    /// `amount` of this unit expressed in `target`, exactly. Checked amounts
    /// (see `MoneyText::in_unit`) always fit; any other saturates rather
    /// than panic.
    pub fn convert(self, amount: Decimal, target: Unit) -> Decimal {
        self.checked_convert(amount, target).unwrap_or(if amount.is_sign_negative() { Decimal::MIN } else { Decimal::MAX })
    }

    /// `amount` of this unit expressed in `target`, or `None` when it is too
    /// large for a decimal.
    pub fn checked_convert(self, amount: Decimal, target: Unit) -> Option<Decimal> {
        let (from, to) = (self.exponent(), target.exponent());
        let factor = Decimal::from(10u64.pow(from.abs_diff(to)));
        if from >= to { amount.checked_mul(factor) } else { amount.checked_div(factor) }
    }
}

/// The largest amount taken, in yuan: 10¹⁶ 元 (一亿亿元), beyond any project or
/// economy, yet small enough that sums of millions of amounts, in yuan and
/// as percentages, stay far inside the range of a decimal.
pub fn max_yuan() -> Decimal {
    Decimal::from(10u64.pow(16))
}

/// The currency an amount is written in. 人民币 is the default and the only
/// currency of the site's unit; US dollars count only in the foreign-capital
/// indicator, in 万美元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Currency {
    #[default]
    Rmb,
    Usd,
}

/// An amount as written: the number, the unit it named, if any, and its
/// currency (US dollars only when the unit says so: 万美元, 亿美元, 美元).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyText {
    pub number: Decimal,
    pub unit: Option<Unit>,
    pub currency: Currency,
}

impl MoneyText {
    /// The amount in the site's unit (a bare number already is), or `None`
    /// when it is beyond `max_yuan`.
    pub fn in_unit(self, site_unit: Unit) -> Option<Decimal> {
        let value = match self.unit {
            Some(unit) => unit.checked_convert(self.number, site_unit)?,
            None => self.number,
        };
        let yuan = site_unit.checked_convert(value, Unit::Yuan)?;
        (yuan.abs() <= max_yuan()).then(|| value.normalize())
    }

    /// A dollar amount in 万美元 (a bare number already is), or `None` when
    /// it is beyond `max_yuan` dollars. Never an exchange: the number stays
    /// in dollars.
    pub fn in_usd_wan(self) -> Option<Decimal> {
        let value = match self.unit {
            Some(unit) => unit.checked_convert(self.number, Unit::Wan)?,
            None => self.number,
        };
        let dollars = Unit::Wan.checked_convert(value, Unit::Yuan)?;
        (dollars.abs() <= max_yuan()).then(|| value.normalize())
    }

    /// The amount as written, number and unit: "1200万美元", "3.5亿元", "12".
    pub fn written(self) -> String {
        let unit = match (self.currency, self.unit) {
            (_, None) => "",
            (Currency::Rmb, Some(unit)) => unit.symbol(),
            (Currency::Usd, Some(Unit::Yi)) => "亿美元",
            (Currency::Usd, Some(Unit::Wan)) => "万美元",
            (Currency::Usd, Some(Unit::Yuan)) => "美元",
        };
        format!("{}{unit}", self.number.normalize())
    }

    /// Parses "12.5", "7000万元", "3.5亿", "1,160万元", " 200 亿元 "; the error
    /// says what is wrong with the text.
    pub fn parse(text: &str) -> Result<MoneyText, MoneyError> {
        let trimmed = text.trim();
        let (digits, unit, currency) = split_unit(trimmed);
        let digits: String = digits.chars().filter(|c| !matches!(c, ',' | '，' | '_' | ' ')).collect();
        let number = if digits.contains(['e', 'E']) { Decimal::from_scientific(&digits).ok() } else { digits.parse::<Decimal>().ok() };
        match number {
            Some(number) if !digits.is_empty() => Ok(MoneyText { number, unit, currency }),
            _ if trimmed.is_empty() => Err(MoneyError::Empty),
            _ => Err(MoneyError::NotMoney(trimmed.to_string())),
        }
    }
}

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    NotMoney(String),
}

impl std::fmt::Display for MoneyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            MoneyError::Empty => crate::tr!(zh: "没有写金额", en: "no amount is given"),
            MoneyError::NotMoney(text) => crate::tr!(zh: "`{text}` 不是金额", en: "`{text}` is not an amount of money"),
        })
    }
}

impl std::error::Error for MoneyError {}

/// The number part of an amount, the unit it ends with, if any, and its
/// currency.
fn split_unit(text: &str) -> (&str, Option<Unit>, Currency) {
    // Dollars first (美元 ends with 元); 亿元 and 万元 before 元.
    const SUFFIXES: [(&str, Unit, Currency); 8] = [
        ("亿美元", Unit::Yi, Currency::Usd),
        ("万美元", Unit::Wan, Currency::Usd),
        ("美元", Unit::Yuan, Currency::Usd),
        ("亿元", Unit::Yi, Currency::Rmb),
        ("万元", Unit::Wan, Currency::Rmb),
        ("亿", Unit::Yi, Currency::Rmb),
        ("万", Unit::Wan, Currency::Rmb),
        ("元", Unit::Yuan, Currency::Rmb),
    ];
    for (suffix, unit, currency) in SUFFIXES {
        if let Some(rest) = text.strip_suffix(suffix) {
            return (rest.trim_end(), Some(unit), currency);
        }
    }
    (text, None, Currency::Rmb)
}

impl<'de> de::Deserialize<'de> for MoneyText {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_text(deserializer, ("金额，如 12.5 或 \"7000万元\"", "an amount such as 12.5 or \"7000万元\""), |text| {
            let hint = crate::tr!(
                zh: "用数字写，如 `200`，或带上单位，如 `3.5亿元`",
                en: "write it in digits, e.g. `200`, or with its unit, e.g. \"3.5亿元\""
            );
            MoneyText::parse(text).map_err(|e| (e.to_string(), hint))
        })
    }
}

/// A percentage as written: `60%`, `"92.5%"` or a bare `60`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent(pub Decimal);

impl<'de> de::Deserialize<'de> for Percent {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_text(deserializer, ("百分数，如 60%", "a percentage such as 60%"), |text| {
            let digits = text.trim().trim_end_matches(['%', '％']).trim();
            digits.parse::<Decimal>().map(|d| Percent(d.normalize())).map_err(|_| {
                let message = crate::tr!(zh: "`{text}` 不是百分数", en: "`{text}` is not a percentage");
                (message, crate::tr!(zh: "写成 `60%` 这样", en: "write it like `60%`"))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn reads_every_notation_exactly() {
        let cases = [
            ("12.5", "12.5"),
            ("7000万元", "0.7"),
            ("3.5亿元", "3.5"),
            ("200亿", "200"),
            ("1,160万元", "0.116"),
            (" 3000 万元 ", "0.3"),
            ("12345678.12345678901234567", "12345678.12345678901234567"),
            ("5000000元", "0.05"),
        ];
        for (text, want) in cases {
            let got = MoneyText::parse(text).unwrap().in_unit(Unit::Yi).unwrap();
            assert_eq!(got, dec(want), "{text}");
        }
    }

    #[test]
    fn converts_into_smaller_units() {
        assert_eq!(MoneyText::parse("3.5亿元").unwrap().in_unit(Unit::Wan), Some(dec("35000")));
        assert_eq!(MoneyText::parse("12").unwrap().in_unit(Unit::Wan), Some(dec("12")));
    }

    #[test]
    fn refuses_words() {
        let err = MoneyText::parse("二百亿").unwrap_err();
        assert_eq!(err.to_string(), "`二百亿` is not an amount of money");
        assert!(MoneyText::parse("亿元").is_err());
        assert!(MoneyText::parse("").is_err());
    }

    #[test]
    fn refuses_amounts_beyond_any_economy_without_overflowing() {
        let huge = MoneyText::parse("79228162514264337593543950335亿元").unwrap();
        assert_eq!(huge.in_unit(Unit::Yuan), None);
        assert_eq!(huge.in_unit(Unit::Yi), None);
        assert_eq!(MoneyText::parse("1亿亿元").map(|m| m.in_unit(Unit::Yuan)), Err(MoneyError::NotMoney("1亿亿元".into())));
        assert_eq!(MoneyText::parse("100000000亿元").unwrap().in_unit(Unit::Yuan), Some(max_yuan()));
        assert_eq!(MoneyText::parse("100000001亿元").unwrap().in_unit(Unit::Yuan), None);
        assert_eq!(Unit::Yi.convert(Decimal::MAX, Unit::Yuan), Decimal::MAX);
    }

    /// Dollars are read in 万美元, exactly, and marked as dollars; yuan stay
    /// 人民币 (the currency is what keeps them apart, never a rate).
    #[test]
    fn reads_us_dollars_in_wan_without_converting() {
        let cases = [("500万美元", "500"), ("1.2亿美元", "12000"), ("3,000,000美元", "300"), (" 0.5 亿美元 ", "5000")];
        for (text, want) in cases {
            let money = MoneyText::parse(text).unwrap();
            assert_eq!(money.currency, Currency::Usd, "{text}");
            assert_eq!(money.in_usd_wan(), Some(dec(want)), "{text}");
        }
        for text in ["500万元", "3.5亿", "12", "5000元"] {
            assert_eq!(MoneyText::parse(text).unwrap().currency, Currency::Rmb, "{text}");
        }
        assert_eq!(MoneyText::parse("100000001亿美元").unwrap().in_usd_wan(), None);
        assert!(MoneyText::parse("美元").is_err());
    }

    #[test]
    fn sums_exactly() {
        let a = MoneyText::parse("3291.39").unwrap().in_unit(Unit::Yi).unwrap();
        let b = MoneyText::parse("0.01").unwrap().in_unit(Unit::Yi).unwrap();
        assert_eq!((a + b).to_string(), "3291.40");
    }
}
