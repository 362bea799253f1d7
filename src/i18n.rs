//! UI strings: the words of a page and of the number formats, one flat
//! `key: text` YAML file per language in the theme (`i18n/zh-Hans.yaml` …).
//! Texts may hold `{name}` placeholders.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::model::Lang;
use crate::yaml;

/// The strings of one language.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    pub lang: Lang,
    texts: BTreeMap<String, String>,
}

impl Strings {
    /// Reads a strings file; `fallback` fills the keys it does not give, so a
    /// theme can override a few words and keep the rest.
    pub fn parse(lang: Lang, text: &str, file: &Arc<str>, fallback: Option<&Strings>) -> Result<Strings, Vec<Diagnostic>> {
        let (documents, problems) = yaml::parse(text, file);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut texts = fallback.map(|f| f.texts.clone()).unwrap_or_default();
        if let Some(node) = documents.first() {
            let own: BTreeMap<String, String> = yaml::from_node(node).map_err(|e| vec![e.into_diagnostic(file, node.span)])?;
            texts.extend(own);
        }
        Ok(Strings { lang, texts })
    }

    /// The text of `key`; a missing key shows as itself, so a gap in a theme
    /// is visible on the page rather than silently blank.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts.get(key).map_or(key, String::as_str)
    }

    /// The text of `key` with its `{name}` placeholders filled.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// The same keys with every text through `convert`, as `lang`'s strings
    /// (zh-Hant's from zh-Hans's, see `crate::theme`).
    pub fn converted(&self, lang: Lang, convert: impl Fn(&str) -> String) -> Strings {
        Strings { lang, texts: self.texts.iter().map(|(key, text)| (key.clone(), convert(text))).collect() }
    }

    /// Every key and text, for templates.
    pub fn all(&self) -> &BTreeMap<String, String> {
        &self.texts
    }
}

impl crate::charts::Texts for Strings {
    fn text(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.fill(key, args)
    }
}

/// Replaces each `{name}` of `pattern` by its value; unknown names stay.
pub fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        assert_eq!(fill("新签约项目{count}个", &[("count", "3")]), "新签约项目3个");
        assert_eq!(fill("{a}{b}{a}", &[("a", "x"), ("b", "y")]), "xyx");
        assert_eq!(fill("{missing} {", &[]), "{missing} {");
    }

    #[test]
    fn theme_strings_override_one_key_and_keep_the_rest() {
        let file: Arc<str> = Arc::from("i18n/zh-Hans.yaml");
        let base = Strings::parse(Lang::ZhHans, "a: 甲\nb: 乙\n", &file, None).unwrap();
        let theme = Strings::parse(Lang::ZhHans, "b: 丙\n", &file, Some(&base)).unwrap();
        assert_eq!((theme.get("a"), theme.get("b"), theme.get("c")), ("甲", "丙", "c"));
    }
}
