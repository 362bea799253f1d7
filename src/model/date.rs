//! Dates of a project's life, written with day or month precision
//! (`2021-03-18`, `2021-06`, `2021年6月`), and the reference date of a run.

use std::cmp::Ordering;
use std::fmt;

use serde::de;

/// A calendar date whose day may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i16,
    pub month: u8,
    pub day: Option<u8>,
}

/// Why a text is not a date; each text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    NotADate(String),
    /// `year` is the text trimmed, for the example in the hint.
    OnlyYear {
        text: String,
        year: String,
    },
    OutOfRange(String),
    NotADay(String),
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            DateError::NotADate(text) => crate::tr!(zh: "`{text}` 不是日期", en: "`{text}` is not a date"),
            DateError::OnlyYear { text, .. } => crate::tr!(zh: "`{text}` 只写了年份", en: "`{text}` gives only a year"),
            DateError::OutOfRange(text) => {
                crate::tr!(zh: "`{text}` 不是 1900 到 2999 年之间的日期", en: "`{text}` is not a date from 1900 to 2999")
            }
            DateError::NotADay(text) => crate::tr!(zh: "`{text}` 这一天不存在", en: "`{text}` is not a day of the calendar"),
        })
    }
}

impl std::error::Error for DateError {}

impl DateError {
    /// How to write the date instead.
    pub fn hint(&self) -> String {
        match self {
            DateError::OnlyYear { year, .. } => {
                crate::tr!(zh: "至少写到月份，如 `{year}-06`", en: "give at least the month, e.g. `{year}-06`")
            }
            _ => crate::tr!(
                zh: "日期写成 `2021-03-18`；不知道哪一天就写 `2021-03`",
                en: "write dates like `2021-03-18`, or `2021-03` when the day is not known"
            ),
        }
    }
}

impl Date {
    pub fn ymd(year: i16, month: u8, day: u8) -> Date {
        Date { year, month, day: Some(day) }
    }

    /// Parses `2021-03-18`, `2021-3-8`, `2021/03/18`, `2021-06`, `2021年6月18日`,
    /// `2021年6月`. The error says what is wrong, and `DateError::hint` how
    /// to write it.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let invalid = || DateError::NotADate(text.to_string());
        let t = text.trim();
        let normalized: String = t
            .trim_end_matches('日')
            .trim_end_matches('月')
            .chars()
            .map(|c| if matches!(c, '年' | '月' | '/' | '.') { '-' } else { c })
            .collect();
        let parts: Vec<&str> = normalized.split('-').collect();
        let number = |s: &str| -> Option<u32> {
            (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
        };
        let (year, month, day) = match parts.as_slice() {
            [y, m] => (number(y), number(m), None),
            [y, m, d] => (number(y), number(m), Some(number(d).ok_or_else(invalid)?)),
            [y] if number(y).is_some() => {
                return Err(DateError::OnlyYear { text: text.to_string(), year: t.to_string() });
            }
            _ => return Err(invalid()),
        };
        let (Some(year), Some(month)) = (year, month) else { return Err(invalid()) };
        if !(1900..=2999).contains(&year) {
            return Err(DateError::OutOfRange(text.to_string()));
        }
        if !(1..=12).contains(&month) {
            return Err(invalid());
        }
        if let Some(day) = day
            && jiff::civil::Date::new(year as i16, month as i8, day as i8).is_err()
        {
            return Err(DateError::NotADay(text.to_string()));
        }
        Ok(Date { year: year as i16, month: month as u8, day: day.map(|d| d as u8) })
    }

    /// Compares at the precision both dates have: `2021-03` and `2021-03-18`
    /// are equal, as neither can be said to come first.
    pub fn cmp_loose(&self, other: &Date) -> Ordering {
        (self.year, self.month).cmp(&(other.year, other.month)).then(match (self.day, other.day) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => Ordering::Equal,
        })
    }

    /// The last day this date can mean (the month's end when no day is given).
    pub fn latest_day(&self) -> jiff::civil::Date {
        let first = jiff::civil::Date::new(self.year, self.month as i8, 1).unwrap_or_default();
        match self.day {
            Some(d) => first.with().day(d as i8).build().unwrap_or(first),
            None => first.last_of_month(),
        }
    }

    /// Share of the year elapsed at the end of this date, in percent of days.
    pub fn share_of_year_elapsed(&self) -> rust_decimal::Decimal {
        let day = self.latest_day();
        rust_decimal::Decimal::from(day.day_of_year()) * rust_decimal::Decimal::ONE_HUNDRED
            / rust_decimal::Decimal::from(day.days_in_year())
    }

    /// The same day a year earlier (29 February becomes the 28th).
    pub fn a_year_before(&self) -> Date {
        let day = self.day.map(|d| if self.month == 2 && d == 29 { 28 } else { d });
        Date { year: self.year - 1, month: self.month, day }
    }

    pub fn from_civil(date: jiff::civil::Date) -> Date {
        Date::ymd(date.year(), date.month() as u8, date.day() as u8)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

impl<'de> de::Deserialize<'de> for Date {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::text::from_text(deserializer, ("日期，如 2021-03-18", "a date such as 2021-03-18"), |text| {
            Date::parse(text).map_err(|e| (e.to_string(), e.hint()))
        })
    }
}

/// The date "today" means for warnings such as "a date in the future":
/// `SOURCE_DATE_EPOCH` when set (reproducible runs), else the clock, in
/// China Standard Time.
pub fn reference_date() -> Date {
    let timestamp = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    let china = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
    Date::from_civil(china.to_datetime(timestamp).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_day_and_month_precision() {
        assert_eq!(Date::parse("2021-03-18"), Ok(Date::ymd(2021, 3, 18)));
        assert_eq!(Date::parse("2021/3/8"), Ok(Date::ymd(2021, 3, 8)));
        assert_eq!(Date::parse("2021年6月18日"), Ok(Date::ymd(2021, 6, 18)));
        assert_eq!(Date::parse("2021-06"), Ok(Date { year: 2021, month: 6, day: None }));
        assert_eq!(Date::parse("2021年6月"), Ok(Date { year: 2021, month: 6, day: None }));
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for bad in ["2021-02-30", "2021-13", "21-03-01", "next week", "2021", "2021--03", "2021-03-18-01", ""] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Date::parse("2021").unwrap_err().to_string(), "`2021` gives only a year");
        assert_eq!(Date::parse("1800-01").unwrap_err().to_string(), "`1800-01` is not a date from 1900 to 2999");
    }

    #[test]
    fn month_precision_compares_equal_within_the_month() {
        let month = Date::parse("2021-03").unwrap();
        assert_eq!(month.cmp_loose(&Date::ymd(2021, 3, 18)), Ordering::Equal);
        assert_eq!(Date::ymd(2021, 3, 19).cmp_loose(&Date::ymd(2021, 3, 18)), Ordering::Greater);
        assert_eq!(month.cmp_loose(&Date::ymd(2021, 4, 1)), Ordering::Less);
    }

    #[test]
    fn share_of_year_counts_days() {
        assert_eq!(Date::ymd(2023, 12, 31).share_of_year_elapsed(), rust_decimal::Decimal::ONE_HUNDRED);
        let june = Date::parse("2024-06").unwrap().share_of_year_elapsed();
        assert_eq!(june.round_dp(2).to_string(), "49.73"); // 182 of 366 days
    }
}
