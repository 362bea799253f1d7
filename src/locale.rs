//! The language gongbao speaks to its user: diagnostics, summaries, help and
//! the serve error page. It is chosen once per run: `--lang` (or the
//! `GONGBAO_LANG` variable), else the site's `language`, else the system's
//! locale (`LANG` on Unix), else Simplified Chinese. The pages of a site
//! follow the site's `language` alone; this is only what the tool says.
//!
//! A message is written in both languages where it is made, with `tr!`, so
//! the two cannot drift apart and `format!` checks the arguments of each.
//! Traditional Chinese is the Simplified text converted, by a converter the
//! command line hands in: this module sits below everything that makes a
//! message, so it depends on nothing of gongbao's.

use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize, serde::Serialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-Hans", alias = "zh-CN", alias = "简体")]
    ZhHans,
    #[serde(rename = "zh-Hant", alias = "zh-TW", alias = "zh-HK", alias = "繁体", alias = "繁體")]
    ZhHant,
    #[serde(rename = "en", alias = "英文")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::ZhHans, Lang::ZhHant, Lang::En];

    /// The language's name in itself, for a switch between editions.
    pub fn autonym(self) -> &'static str {
        match self {
            Lang::ZhHans => "简体中文",
            Lang::ZhHant => "繁體中文",
            Lang::En => "English",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }
}

static CHOSEN: OnceLock<Lang> = OnceLock::new();

/// Converts Simplified to Traditional Chinese, for messages in zh-Hant.
pub type ToTraditional = Box<dyn Fn(&str) -> String + Send + Sync>;

static TRADITIONAL: OnceLock<ToTraditional> = OnceLock::new();

/// Sets the language of messages for the rest of the run, with the
/// converter zh-Hant messages need (without one they stay Simplified). A
/// run speaks one language: a second call changes nothing.
pub fn set(lang: Lang, to_traditional: Option<ToTraditional>) {
    let _ = CHOSEN.set(lang);
    if let Some(convert) = to_traditional {
        let _ = TRADITIONAL.set(convert);
    }
}

/// The language of messages: English until `set`, so code using gongbao as a
/// library, and its unit tests, read the same words on every machine.
pub fn current() -> Lang {
    CHOSEN.get().copied().unwrap_or(Lang::En)
}

/// Whether messages are in Chinese (either script).
pub fn is_chinese() -> bool {
    current() != Lang::En
}

/// The text of the current language. Use `tr!`, which builds both.
pub fn pick(zh: impl FnOnce() -> String, en: impl FnOnce() -> String) -> String {
    match current() {
        Lang::En => en(),
        Lang::ZhHans => zh(),
        Lang::ZhHant => traditional(&zh()),
    }
}

/// A message in Simplified Chinese and English, formatted like `format!`.
/// Name the arguments inline (`{key}`): each text must use every argument.
///
/// `tr!(zh: "未知的键 `{key}`", en: "unknown key `{key}`")`
#[macro_export]
macro_rules! tr {
    (zh: $zh:literal, en: $en:literal $(,)?) => {
        $crate::locale::pick(|| format!($zh), || format!($en))
    };
    (zh: $zh:literal, en: $en:literal, $($arg:tt)+) => {
        $crate::locale::pick(|| format!($zh, $($arg)+), || format!($en, $($arg)+))
    };
}

/// `text` in Traditional script. What sits between backticks is left as it
/// is: a key, a value or a command the user types exactly as shown.
pub(crate) fn traditional(text: &str) -> String {
    let Some(convert) = TRADITIONAL.get() else { return text.to_string() };
    text.split('`').enumerate().map(|(i, part)| if i % 2 == 0 { convert(part) } else { part.to_string() }).collect::<Vec<_>>().join("`")
}

/// The language a tag names: `zh-Hans`, `zh_CN.UTF-8`, `zh-TW`, `en-US`, `C` …
/// (a locale, an IETF tag or a name the site's `language` accepts).
pub fn parse(tag: &str) -> Option<Lang> {
    let tag = tag.trim();
    let lower = tag.to_ascii_lowercase().replace('_', "-");
    let lower = lower.split('.').next().unwrap_or_default();
    match lower {
        "c" | "posix" => Some(Lang::En),
        "简体" | "中文" => Some(Lang::ZhHans),
        "繁体" | "繁體" => Some(Lang::ZhHant),
        "英文" => Some(Lang::En),
        _ if lower == "zh" || lower.starts_with("zh-") => {
            let traditional = ["hant", "tw", "hk", "mo"].iter().any(|t| lower.split('-').skip(1).any(|part| part == *t));
            Some(if traditional { Lang::ZhHant } else { Lang::ZhHans })
        }
        _ if lower == "en" || lower.starts_with("en-") => Some(Lang::En),
        // Any other language: English is read more widely than Chinese.
        _ if !lower.is_empty() => Some(Lang::En),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_locales_and_tags() {
        assert_eq!(parse("zh_CN.UTF-8"), Some(Lang::ZhHans));
        assert_eq!(parse("zh-Hans-CN"), Some(Lang::ZhHans));
        assert_eq!(parse("zh_TW.UTF-8"), Some(Lang::ZhHant));
        assert_eq!(parse("zh-Hant"), Some(Lang::ZhHant));
        assert_eq!(parse("zh-HK"), Some(Lang::ZhHant));
        assert_eq!(parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(parse("C"), Some(Lang::En));
        assert_eq!(parse("简体"), Some(Lang::ZhHans));
        assert_eq!(parse(""), None);
    }

    #[test]
    fn english_until_set() {
        // Unit tests never call `set`: they read English.
        assert_eq!(tr!(zh: "未知的键 `{}`", en: "unknown key `{}`", "x"), "unknown key `x`");
    }
}
