//! Themes: the default theme is built into the binary; a site's
//! `themes/NAME/` overrides it file by file (templates, static files, UI
//! strings).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use tera::Tera;

use crate::charts::{ChartStyle, Color};
use crate::contain::Root;
use crate::diag::{Code, Diagnostic, Location};
use crate::i18n::Strings;
use crate::model::Lang;
use crate::tr;
use crate::yaml::Spanned;

/// The default theme's files, by path inside the theme.
const BUILT_IN: &[(&str, &str)] = &[
    ("chart-style.yaml", include_str!("../themes/default/chart-style.yaml")),
    ("i18n/en.yaml", include_str!("../themes/default/i18n/en.yaml")),
    ("i18n/zh-Hans.yaml", include_str!("../themes/default/i18n/zh-Hans.yaml")),
    ("i18n/zh-Hant.yaml", include_str!("../themes/default/i18n/zh-Hant.yaml")),
    ("static/filter.js", include_str!("../themes/default/static/filter.js")),
    ("static/handout.css", include_str!("../themes/default/static/handout.css")),
    ("static/search.js", include_str!("../themes/default/static/search.js")),
    ("static/style.css", include_str!("../themes/default/static/style.css")),
    ("templates/404.html", include_str!("../themes/default/templates/404.html")),
    ("templates/base.html", include_str!("../themes/default/templates/base.html")),
    ("templates/briefing.html", include_str!("../themes/default/templates/briefing.html")),
    ("templates/briefings.html", include_str!("../themes/default/templates/briefings.html")),
    ("templates/bulletin.html", include_str!("../themes/default/templates/bulletin.html")),
    ("templates/empty.html", include_str!("../themes/default/templates/empty.html")),
    ("templates/feed.xml", include_str!("../themes/default/templates/feed.xml")),
    ("templates/handout.html", include_str!("../themes/default/templates/handout.html")),
    ("templates/home.html", include_str!("../themes/default/templates/home.html")),
    ("templates/partials/bulletin_body.html", include_str!("../themes/default/templates/partials/bulletin_body.html")),
    ("templates/partials/campaigns.html", include_str!("../themes/default/templates/partials/campaigns.html")),
    ("templates/partials/categories.html", include_str!("../themes/default/templates/partials/categories.html")),
    ("templates/partials/chains.html", include_str!("../themes/default/templates/partials/chains.html")),
    ("templates/partials/facts.html", include_str!("../themes/default/templates/partials/facts.html")),
    ("templates/partials/furniture.html", include_str!("../themes/default/templates/partials/furniture.html")),
    ("templates/partials/handout_head.html", include_str!("../themes/default/templates/partials/handout_head.html")),
    ("templates/partials/headlines.html", include_str!("../themes/default/templates/partials/headlines.html")),
    ("templates/partials/indicators.html", include_str!("../themes/default/templates/partials/indicators.html")),
    ("templates/partials/notes.html", include_str!("../themes/default/templates/partials/notes.html")),
    ("templates/partials/period_table.html", include_str!("../themes/default/templates/partials/period_table.html")),
    ("templates/partials/project_table.html", include_str!("../themes/default/templates/partials/project_table.html")),
    ("templates/period-handout.html", include_str!("../themes/default/templates/period-handout.html")),
    ("templates/period.html", include_str!("../themes/default/templates/period.html")),
    ("templates/periods.html", include_str!("../themes/default/templates/periods.html")),
    ("templates/project.html", include_str!("../themes/default/templates/project.html")),
    ("templates/projects.html", include_str!("../themes/default/templates/projects.html")),
    ("templates/rankings.html", include_str!("../themes/default/templates/rankings.html")),
    ("templates/region.html", include_str!("../themes/default/templates/region.html")),
    ("templates/search.html", include_str!("../themes/default/templates/search.html")),
    ("templates/sector.html", include_str!("../themes/default/templates/sector.html")),
    ("templates/sitemap-index.xml", include_str!("../themes/default/templates/sitemap-index.xml")),
    ("templates/sitemap.xml", include_str!("../themes/default/templates/sitemap.xml")),
];

/// A theme's files: path inside the theme → text, and where each came from
/// (for messages about an override).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    files: BTreeMap<String, ThemeFile>,
    /// The files of `static/`, copied to the site as they are (images too).
    assets: BTreeMap<String, Arc<[u8]>>,
}

#[derive(Debug, Clone)]
struct ThemeFile {
    text: Arc<str>,
    /// The site file that overrides the built-in one, if any.
    origin: Option<Arc<str>>,
}

impl Theme {
    pub fn built_in() -> Theme {
        let files = BUILT_IN.iter().map(|(path, text)| (path.to_string(), ThemeFile { text: Arc::from(*text), origin: None })).collect();
        let assets = BUILT_IN
            .iter()
            .filter(|(path, _)| path.starts_with("static/"))
            .map(|(path, text)| (path.to_string(), Arc::from(text.as_bytes())))
            .collect();
        Theme { files, assets }
    }

    /// The built-in theme with the files of `root/themes/name/` laid over it.
    /// The theme `default` needs no folder. The folder and its files must be
    /// inside the site folder, links resolved; every file that is not is
    /// reported.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::built_in();
        let site: Arc<str> = Arc::from("site.yaml");
        let place: Arc<str> = Arc::from(format!("themes/{name}"));
        let io = |e: &std::io::Error| {
            vec![Diagnostic::error(Code::Io, Location::file(&place), tr!(zh: "无法读取主题：{e}", en: "cannot read the theme: {e}"))]
        };
        if !is_theme_name(name) {
            return Err(vec![
                Diagnostic::error(
                    Code::BadTheme,
                    Location::file(&site),
                    tr!(zh: "`{name}` 不是主题名", en: "`{name}` is not a theme name"),
                )
                .with_hint(tr!(
                    zh: "写 themes/ 下的一个文件夹名，例如 themes/gov/ 写作 `theme: gov`",
                    en: "name a folder under themes/, e.g. `theme: gov` for themes/gov/"
                )),
            ]);
        }
        let boundary = Root::new(root).map_err(|e| io(&e))?;
        let dir = root.join("themes").join(name);
        match boundary.resolve(&dir) {
            Ok(Some(resolved)) if resolved.is_dir() => {}
            Ok(_) if name == "default" => return Ok(theme),
            Ok(_) => {
                return Err(vec![
                    Diagnostic::error(
                        Code::UnknownTheme,
                        Location::file(&site),
                        tr!(zh: "没有主题文件夹 themes/{name}/", en: "there is no theme folder themes/{name}/"),
                    )
                    .with_hint(
                        tr!(zh: "删去 `theme:` 这一行，就会使用内置的默认主题", en: "remove `theme:` to use the built-in default theme"),
                    ),
                ]);
            }
            Err(escape) => return Err(vec![boundary.diagnostic(&escape)]),
        }
        let walked = boundary.walk(&dir, |_| false).map_err(|(_, e)| io(&e))?;
        if !walked.problems.is_empty() {
            return Err(walked.problems);
        }
        for path in walked.files {
            let inside = path.strip_prefix(&dir).unwrap_or(&path);
            let key: String = inside.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let shown: Arc<str> = Arc::from(format!("themes/{name}/{key}"));
            if key.starts_with("static/") {
                // Copied as it is; a text file (a stylesheet) is also readable as text.
                let bytes = std::fs::read(&path).map_err(|e| {
                    vec![Diagnostic::error(Code::Io, Location::file(&shown), tr!(zh: "无法读取文件：{e}", en: "cannot read the file: {e}"))]
                })?;
                match std::str::from_utf8(&bytes) {
                    Ok(text) => theme.files.insert(key.clone(), ThemeFile { text: Arc::from(text), origin: Some(shown) }),
                    Err(_) => theme.files.remove(&key),
                };
                theme.assets.insert(key, Arc::from(bytes));
                continue;
            }
            let source = crate::source::read(&path, &shown).map_err(|d| vec![d])?;
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

    /// The files of `static/` with their path inside the theme, sorted.
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.assets.iter().map(|(path, bytes)| (path.as_str(), &**bytes))
    }

    /// Files under `prefix/`, with their path inside the theme, sorted.
    pub fn files_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.files
            .iter()
            .filter(move |(path, _)| path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/')))
            .map(|(path, f)| (path.as_str(), &*f.text))
    }

    /// The look of the charts (`chart-style.yaml`): fonts and colours.
    pub fn chart_style(&self) -> Result<ChartStyle, Diagnostic> {
        let path = "chart-style.yaml";
        let mut style = ChartStyle::default();
        let Some(text) = self.file(path) else { return Ok(style) };
        let file = self.origin(path);
        let (documents, problems) = crate::yaml::parse(text, &file);
        if let Some(first) = problems.into_iter().next() {
            return Err(first);
        }
        let Some(node) = documents.first() else { return Ok(style) };
        let raw: RawChartStyle = crate::yaml::from_node(node).map_err(|e| e.into_diagnostic(&file, node.span))?;
        let color = |value: &Spanned<String>| {
            Color::from_hex(&value.value).ok_or_else(|| {
                Diagnostic::error(Code::BadColour, Location::new(&file, value.span), {
                    let value = &value.value;
                    tr!(zh: "`{value}` 不是颜色", en: "`{value}` is not a colour")
                })
                .with_hint(tr!(zh: "颜色写成 `\"#1f4e79\"` 这样", en: "write colours as #1f4e79"))
            })
        };
        if let Some(font) = raw.font_family {
            style.font_family = font;
        }
        if let Some(size) = raw.font_size {
            style.font_size = size.clamp(8, 32);
        }
        if let Some(width) = raw.max_width {
            style.max_width = width;
        }
        if let Some(palette) = &raw.palette {
            style.palette = palette.iter().map(color).collect::<Result<_, _>>()?;
        }
        for (value, slot) in [
            (&raw.text, &mut style.text),
            (&raw.muted, &mut style.muted),
            (&raw.axis, &mut style.axis),
            (&raw.grid, &mut style.grid),
            (&raw.target, &mut style.target),
        ] {
            if let Some(v) = value {
                *slot = color(v)?;
            }
        }
        Ok(style)
    }

    /// The UI strings of `lang`: the theme's over the built-in ones.
    pub fn try_strings(&self, lang: Lang) -> Result<Strings, Vec<Diagnostic>> {
        self.try_strings_with(lang, None)
    }

    /// The UI strings of `lang`; zh-Hant's through `script`, the converter
    /// the site's data goes through (the built-in one when `None`).
    ///
    /// The zh-Hant strings are the zh-Hans ones (the theme's over the
    /// built-in ones) converted as the data is, not a separate translation:
    /// a page then has one standard of Traditional characters (OpenCC's,
    /// 爲 and 數據 in the UI as in the data), where a hand-kept file drifts
    /// into another standard (為, 資料) and carries Taiwan vocabulary
    /// (檢視, 列印, 搜尋). i18n/zh-Hant.yaml holds only deliberate
    /// overrides of the conversion, and a theme's zh-Hant.yaml overrides it.
    pub fn try_strings_with(&self, lang: Lang, script: Option<&crate::script::Converter>) -> Result<Strings, Vec<Diagnostic>> {
        let path = format!("i18n/{}.yaml", lang.code());
        let built_in_text = BUILT_IN.iter().find(|(p, _)| *p == path).map_or("", |(_, t)| t);
        let built_in_name: Arc<str> = Arc::from(format!("(built-in theme)/{path}"));
        let derived = if lang == Lang::ZhHant {
            let simplified = self.try_strings_with(Lang::ZhHans, None)?;
            let built_in;
            let script = match script {
                Some(script) => script,
                None => {
                    built_in = crate::script::Converter::built_in_traditional()
                        .map_err(|e| vec![Diagnostic::error(Code::Io, Location::file(&built_in_name), e.to_string())])?;
                    &built_in
                }
            };
            Some(simplified.converted(lang, |text| script.convert(text)))
        } else {
            None
        };
        let base = Strings::parse(lang, built_in_text, &built_in_name, derived.as_ref())?;
        match self.files.get(&path) {
            Some(ThemeFile { text, origin: Some(origin) }) => Strings::parse(lang, text, origin, Some(&base)),
            _ => Ok(base),
        }
    }

    /// Keys of the theme's strings file for `lang` that the built-in theme
    /// does not have: nothing reads them, so they are most likely typos.
    pub fn unknown_string_keys(&self, lang: Lang) -> Vec<Diagnostic> {
        let path = format!("i18n/{}.yaml", lang.code());
        let Some(ThemeFile { text, origin: Some(origin) }) = self.files.get(&path) else { return Vec::new() };
        let built_in = Theme::built_in().strings(lang);
        let (documents, _) = crate::yaml::parse(text, origin);
        let Some(crate::yaml::Node { kind: crate::yaml::NodeKind::Map(entries), .. }) = documents.first() else { return Vec::new() };
        entries
            .iter()
            .filter_map(|(key, _)| match &key.kind {
                crate::yaml::NodeKind::Scalar { text, .. } if !built_in.all().contains_key(text) => {
                    let hint = crate::diag::did_you_mean(text, built_in.all().keys().map(String::as_str)).map_or_else(
                        || tr!(zh: "没有页面用到它", en: "no page uses it"),
                        |s| tr!(zh: "是不是要写 `{s}`？", en: "did you mean `{s}`?"),
                    );
                    Some(
                        Diagnostic::warning(
                            Code::UnknownString,
                            Location::new(origin, key.span),
                            tr!(zh: "文字键 `{text}` 没有用到", en: "the string `{text}` is not used"),
                        )
                        .with_hint(hint),
                    )
                }
                _ => None,
            })
            .collect()
    }

    /// The UI strings of `lang`, for a theme known to be valid.
    pub fn strings(&self, lang: Lang) -> Strings {
        self.try_strings(lang).unwrap_or_default()
    }

    /// The theme's templates compiled into a tera with gongbao's filters,
    /// which must exist before templates are added: `paren` puts a text in
    /// the language's brackets (`open`, `close`: （亿元）, " (yuan)"), or
    /// nothing when the text is empty. Errors name the template file.
    pub fn templates(&self, open: String, close: String) -> Result<Tera, Diagnostic> {
        let mut tera = Tera::new();
        tera.register_filter(
            "paren",
            move |text: &str, _: tera::Kwargs, _: &tera::State| {
                if text.is_empty() { String::new() } else { format!("{open}{text}{close}") }
            },
        );
        let templates: Vec<(String, &str)> =
            self.files_under("templates").map(|(path, text)| (path.trim_start_matches("templates/").to_string(), text)).collect();
        tera.add_raw_templates(templates).map_err(|e| self.template_error(&e))?;
        Ok(tera)
    }

    fn template_error(&self, e: &tera::Error) -> Diagnostic {
        let text = error_chain(e);
        // Tera names the template it failed on; point at that file of the theme.
        let file = self
            .files_under("templates")
            .map(|(path, _)| path)
            .find(|path| text.contains(path.trim_start_matches("templates/")))
            .map(|path| self.origin(path))
            .unwrap_or_else(|| Arc::from("(theme templates)"));
        Diagnostic::error(Code::Template, Location::file(&file), text)
    }
}

/// The theme's problems, found without building: a missing theme folder,
/// templates that do not compile, strings and chart style that do not read,
/// and string keys the built-in theme does not have (a typo, most likely).
pub fn check(root: &Path, site: &crate::model::Site) -> Vec<Diagnostic> {
    let theme = match Theme::load(root, &site.theme) {
        Ok(theme) => theme,
        Err(problems) => return problems,
    };
    let mut problems = Vec::new();
    for lang in std::iter::once(site.language).chain(site.editions.iter().copied()) {
        match theme.try_strings(lang) {
            Ok(_) => problems.extend(theme.unknown_string_keys(lang)),
            Err(list) => problems.extend(list),
        }
    }
    problems.extend(theme.chart_style().err());
    problems.extend(theme.templates(String::new(), String::new()).err());
    problems
}

/// A tera error with its causes, which name what went wrong where.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Whether `name` is a plain folder name, as `theme:` must be: no path, no
/// way up, nothing hidden, so that the theme is always under themes/.
pub fn is_theme_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', ':']) && !name.chars().any(char::is_control)
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChartStyle {
    font_family: Option<String>,
    /// Category labels' size in drawing units (values are two smaller).
    font_size: Option<u32>,
    /// CSS max-width of a chart, e.g. `28rem`.
    max_width: Option<String>,
    palette: Option<Vec<Spanned<String>>>,
    text: Option<Spanned<String>>,
    muted: Option<Spanned<String>>,
    axis: Option<Spanned<String>>,
    grid: Option<Spanned<String>>,
    target: Option<Spanned<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use walkdir::WalkDir;

    #[test]
    fn built_in_strings_parse_in_every_language() {
        let theme = Theme::built_in();
        for lang in Lang::ALL {
            let strings = theme.try_strings(lang).unwrap();
            assert_ne!(strings.get("unit.yi"), "unit.yi", "{lang:?}");
        }
    }

    #[test]
    fn the_compiled_theme_is_the_whole_default_theme() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/"))
            .collect();
        on_disk.sort();
        let compiled: Vec<&str> = BUILT_IN.iter().map(|(path, _)| *path).collect();
        assert_eq!(compiled, on_disk, "update BUILT_IN in src/theme.rs");
    }

    #[test]
    fn built_in_chart_style_reads() {
        let style = Theme::built_in().chart_style().unwrap();
        assert_eq!(style.palette.len(), 4);
    }

    #[test]
    fn every_language_has_the_same_keys() {
        let theme = Theme::built_in();
        let keys = |lang| {
            theme.strings(lang).all().keys().filter(|k| !k.ends_with(".one") && !k.starts_with("month.")).cloned().collect::<Vec<_>>()
        };
        for lang in Lang::ALL {
            assert_eq!(keys(Lang::ZhHans), keys(lang), "{lang:?}");
        }
    }
}
