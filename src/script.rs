//! One script per page: the Simplified → Traditional conversion every
//! Traditional page goes through, data and UI strings alike.
//!
//! The standard is OpenCC's S2T (the OpenCC/mainland form of Traditional
//! characters, e.g. 爲, 裏, 數據, 打印), never Taiwan vocabulary, so the
//! converted data and the UI strings derived from zh-Hans through the same
//! converter (`crate::theme`) cannot disagree.
//!
//! Before OpenCC runs, phrases are protected: the site's
//! `script_exceptions`, a few built-in corrections of OpenCC, and region
//! names with `里` (a place-name 里 is not 裏). A protected phrase is written
//! as given and the text on either side is converted on its own, exactly as
//! a placeholder character would split it, but with no placeholder that a
//! text could already hold.

use std::collections::HashMap;
use std::sync::OnceLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use crate::model::Dataset;

/// Where OpenCC's S2T is wrong for the names and words of a bulletin. Each
/// entry is a Simplified phrase and its Traditional form.
const BUILT_IN: &[(&str, &str)] = &[
    // OpenCC segments 资|金链 (金链, a gold chain → 金鍊): the chain of funds is 鏈.
    ("资金链", "資金鏈"),
];

/// Administrative endings that texts leave off a place's name (东湖里街道 →
/// 东湖里), longest first.
const ENDINGS: &[&str] =
    &["自治县", "自治州", "自治旗", "开发区", "街道", "社区", "园区", "新区", "县", "区", "市", "镇", "乡", "村", "旗", "州", "盟"];

/// `name` without its administrative ending, or `name` when it has none.
fn short_name(name: &str) -> &str {
    ENDINGS.iter().find_map(|ending| name.strip_suffix(ending)).unwrap_or(name)
}

/// The converters, built once per process: S2T's dictionaries take tens of
/// milliseconds to load, and a build converts hundreds of thousands of texts.
fn opencc(config: BuiltinConfig) -> Option<&'static OpenCC> {
    static S2T: OnceLock<Option<OpenCC>> = OnceLock::new();
    static T2S: OnceLock<Option<OpenCC>> = OnceLock::new();
    let cell = match config {
        BuiltinConfig::T2s => &T2S,
        _ => &S2T,
    };
    cell.get_or_init(|| OpenCC::from_config(config).ok()).as_ref()
}

/// Why a converter could not be made: OpenCC's built-in dictionaries did
/// not load (a broken build of the program, not the site's fault).
#[derive(Debug, thiserror::Error)]
#[error("the OpenCC dictionaries for {0} did not load")]
pub struct Unavailable(&'static str);

/// Converts texts into one script, protected phrases first.
pub struct Converter {
    opencc: &'static OpenCC,
    /// Phrases written as given, by their first character, longest first.
    phrases: HashMap<char, Vec<(String, String)>>,
}

impl Converter {
    /// Simplified → Traditional (S2T), with the built-in corrections, the
    /// site's `script_exceptions` (which win over both), and the site's
    /// region names with `里` kept.
    pub fn to_traditional(dataset: &Dataset) -> Result<Converter, Unavailable> {
        let opencc = opencc(BuiltinConfig::S2t).ok_or(Unavailable("Simplified to Traditional"))?;
        let mut table: Vec<(String, String)> = BUILT_IN.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        // A region's name is a name: any 里 in it is the place-name 里, in
        // the full name (东湖里街道) and in the short one texts use (东湖里).
        for r in &dataset.regions.list {
            for name in [r.name.as_str(), short_name(&r.name)] {
                if name.contains('里') && name.chars().count() >= 2 {
                    let kept: Vec<String> = name.split('里').map(|part| opencc.convert(part)).collect();
                    table.push((name.to_string(), kept.join("里")));
                }
            }
        }
        table.extend(dataset.site.script_exceptions.iter().cloned());
        Ok(Converter::new(opencc, table))
    }

    /// Simplified → Traditional with the built-in corrections only: the
    /// theme's strings where no site is at hand.
    pub fn built_in_traditional() -> Result<Converter, Unavailable> {
        let opencc = opencc(BuiltinConfig::S2t).ok_or(Unavailable("Simplified to Traditional"))?;
        Ok(Converter::new(opencc, BUILT_IN.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()))
    }

    /// Traditional → Simplified (T2S), for the Simplified edition of a
    /// Traditional site. The exceptions name Simplified phrases, so they
    /// have nothing to protect here.
    pub fn to_simplified() -> Result<Converter, Unavailable> {
        let opencc = opencc(BuiltinConfig::T2s).ok_or(Unavailable("Traditional to Simplified"))?;
        Ok(Converter::new(opencc, Vec::new()))
    }

    /// A later entry for the same phrase wins (the site's over the built-in ones).
    fn new(opencc: &'static OpenCC, table: Vec<(String, String)>) -> Converter {
        let mut unique: HashMap<String, String> = HashMap::new();
        for (from, to) in table {
            if !from.is_empty() {
                unique.insert(from, to);
            }
        }
        let mut phrases: HashMap<char, Vec<(String, String)>> = HashMap::new();
        for (from, to) in unique {
            if let Some(first) = from.chars().next() {
                phrases.entry(first).or_default().push((from, to));
            }
        }
        // Longest first, so that 东湖里街道 wins over 东湖里; then by text, so
        // that the order (and the output) never depends on the hash.
        for list in phrases.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        Converter { opencc, phrases }
    }

    /// `text` in the converter's script.
    pub fn convert(&self, text: &str) -> String {
        if text.is_ascii() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + text.len() / 4);
        let mut plain = 0;
        let mut at = 0;
        while at < text.len() {
            let rest = &text[at..];
            let Some(c) = rest.chars().next() else { break };
            let found = self.phrases.get(&c).and_then(|list| list.iter().find(|(from, _)| rest.starts_with(from.as_str())));
            match found {
                Some((from, to)) => {
                    self.plain(&text[plain..at], &mut out);
                    out.push_str(to);
                    at += from.len();
                    plain = at;
                }
                None => at += c.len_utf8(),
            }
        }
        self.plain(&text[plain..], &mut out);
        out
    }

    fn plain(&self, text: &str, out: &mut String) {
        if text.is_ascii() {
            out.push_str(text);
        } else {
            out.push_str(&self.opencc.convert(text));
        }
    }

    /// Converts `text` in place.
    pub fn convert_in_place(&self, text: &mut String) {
        if !text.is_ascii() {
            *text = self.convert(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converter(exceptions: &[(&str, &str)]) -> Converter {
        let mut table: Vec<(String, String)> = BUILT_IN.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        table.extend(exceptions.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Converter::new(opencc(BuiltinConfig::S2t).unwrap(), table)
    }

    #[test]
    fn converts_to_opencc_standard_traditional() {
        let c = converter(&[]);
        assert_eq!(c.convert("鹤川市新签约项目"), "鶴川市新簽約項目");
        // OpenCC's standard, not Taiwan's: 爲, 數據, 打印, 搜索, 專題報道.
        assert_eq!(c.convert("列为重点，数据截至，可打印，站内搜索，专题报道"), "列爲重點，數據截至，可打印，站內搜索，專題報道");
    }

    /// What OpenCC gets wrong on its own, and the fixes.
    #[test]
    fn names_keep_their_characters() {
        let opencc = opencc(BuiltinConfig::S2t).unwrap();
        assert_eq!(opencc.convert("东湖里"), "東湖裏", "OpenCC alone reads the place name's 里 as 裏");
        assert_eq!(opencc.convert("资金链"), "資金鍊", "OpenCC alone segments 资|金链");
        let c = converter(&[("东湖里", "東湖里")]);
        assert_eq!(c.convert("东湖里智能制造基地资金链稳定，这里"), "東湖里智能製造基地資金鏈穩定，這裏");
    }

    #[test]
    fn longest_phrase_wins_and_the_rest_converts() {
        let c = converter(&[("东湖", "东湖"), ("东湖里街道", "東湖里街道")]);
        assert_eq!(c.convert("东湖里街道与东湖发展"), "東湖里街道與东湖發展");
        assert_eq!(c.convert("plain ascii"), "plain ascii");
        assert_eq!(c.convert("尾部东湖"), "尾部东湖");
    }

    #[test]
    fn the_site_phrase_wins_over_the_built_in_one() {
        let c = converter(&[("资金链", "資金链")]);
        assert_eq!(c.convert("资金链"), "資金链");
    }
}
