//! `gongbao explain CODE`: what a diagnostic means and how to fix it, in the
//! language of messages, from texts compiled into the binary (a clerk's site
//! folder holds no docs, and a hint cannot point into gongbao's sources).

use crate::locale::Lang;

const ENGLISH: &str = include_str!("explain/en.md");
const CHINESE: &str = include_str!("explain/zh-Hans.md");

/// The explanation of the code named `name` in `lang`, or `None` for a name
/// that is no code.
pub fn explain(name: &str, lang: Lang) -> Option<String> {
    super::Code::from_name(name)?;
    let text = section(if lang == Lang::En { ENGLISH } else { CHINESE }, name)?;
    Some(if lang == Lang::ZhHant { crate::locale::traditional(text) } else { text.to_string() })
}

/// The text under `## name` in `document`, up to the next such heading.
fn section<'a>(document: &'a str, name: &str) -> Option<&'a str> {
    let heading = format!("\n## {name}\n");
    let start = document.find(&heading)? + heading.len();
    let rest = &document[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(rest[..end].trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::CODES;

    #[test]
    fn every_code_is_explained_in_both_languages() {
        for info in CODES {
            for lang in [Lang::En, Lang::ZhHans] {
                let text = explain(info.name, lang).unwrap_or_default();
                assert!(!text.is_empty() && !text.contains("TODO"), "`{}` has no {lang:?} explanation", info.name);
            }
        }
        assert_eq!(explain("no-such-code", Lang::En), None);
    }
}
