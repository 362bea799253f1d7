//! Themes: the default theme is built into the binary; a site's
//! `themes/NAME/` overrides it file by file (templates, static files, UI
//! strings).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Location};
use crate::i18n::Strings;
use crate::model::Lang;

/// The default theme's files, by path inside the theme.
const BUILT_IN: &[(&str, &str)] = &[
    ("i18n/zh-Hans.yaml", include_str!("../themes/default/i18n/zh-Hans.yaml")),
    ("i18n/zh-Hant.yaml", include_str!("../themes/default/i18n/zh-Hant.yaml")),
    ("i18n/en.yaml", include_str!("../themes/default/i18n/en.yaml")),
];

/// A theme's files: path inside the theme → text, and where each came from
/// (for messages about an override).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    files: BTreeMap<String, ThemeFile>,
}

#[derive(Debug, Clone)]
struct ThemeFile {
    text: Arc<str>,
    /// The site file that overrides the built-in one, if any.
    origin: Option<Arc<str>>,
}

impl Theme {
    pub fn built_in() -> Theme {
        let files = BUILT_IN
            .iter()
            .map(|(path, text)| (path.to_string(), ThemeFile { text: Arc::from(*text), origin: None }))
            .collect();
        Theme { files }
    }

    /// The built-in theme with the files of `root/themes/name/` laid over it.
    /// The theme `default` needs no folder.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::built_in();
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            if name == "default" {
                return Ok(theme);
            }
            let site: Arc<str> = Arc::from("site.yaml");
            return Err(Diagnostic::error("unknown-theme", Location::file(&site), format!("there is no theme folder themes/{name}/"))
                .with_hint("remove `theme:` to use the built-in default theme"));
        }
        for entry in WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                let place: Arc<str> = Arc::from(format!("themes/{name}"));
                Diagnostic::error("io", Location::file(&place), format!("cannot read the theme: {e}"))
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let inside = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let key: String = inside.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let shown: Arc<str> = Arc::from(format!("themes/{name}/{key}"));
            let source = crate::source::read(entry.path(), &shown)?;
            theme.files.insert(key, ThemeFile { text: Arc::from(source.text), origin: Some(shown) });
        }
        Ok(theme)
    }

    pub fn file(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|f| &*f.text)
    }

    /// The name users see for a theme file (the override, or the built-in one).
    pub fn origin(&self, path: &str) -> Arc<str> {
        match self.files.get(path).and_then(|f| f.origin.clone()) {
            Some(origin) => origin,
            None => Arc::from(format!("(built-in theme)/{path}")),
        }
    }

    /// Files under `prefix/`, with their path inside the theme, sorted.
    pub fn files_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.files
            .iter()
            .filter(move |(path, _)| path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/')))
            .map(|(path, f)| (path.as_str(), &*f.text))
    }

    /// The UI strings of `lang`: the theme's over the built-in ones.
    pub fn try_strings(&self, lang: Lang) -> Result<Strings, Vec<Diagnostic>> {
        let path = format!("i18n/{}.yaml", lang.code());
        let built_in_text = BUILT_IN.iter().find(|(p, _)| *p == path).map_or("", |(_, t)| t);
        let built_in_name: Arc<str> = Arc::from(format!("(built-in theme)/{path}"));
        let base = Strings::parse(lang, built_in_text, &built_in_name, None)?;
        match self.files.get(&path) {
            Some(ThemeFile { text, origin: Some(origin) }) => Strings::parse(lang, text, origin, Some(&base)),
            _ => Ok(base),
        }
    }

    /// The UI strings of `lang`, for a theme known to be valid.
    pub fn strings(&self, lang: Lang) -> Strings {
        self.try_strings(lang).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_strings_parse_in_every_language() {
        let theme = Theme::built_in();
        for lang in Lang::ALL {
            let strings = theme.try_strings(lang).unwrap();
            assert_ne!(strings.get("unit.yi"), "unit.yi", "{lang:?}");
        }
    }

    #[test]
    fn every_language_has_the_same_keys() {
        let theme = Theme::built_in();
        let keys = |lang| theme.strings(lang).all().keys().filter(|k| !k.ends_with(".one") && !k.starts_with("month.")).cloned().collect::<Vec<_>>();
        assert_eq!(keys(Lang::ZhHans), keys(Lang::ZhHant));
        assert_eq!(keys(Lang::ZhHans), keys(Lang::En));
    }
}
