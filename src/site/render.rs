//! Rendering: the theme's tera templates, with the site-wide values (site,
//! UI strings, navigation) set once and each page's view added per page.

use serde::Serialize;
use tera::{Context, Tera};

use super::views::Link;
use crate::diag::{Code, Diagnostic, Location};
use crate::i18n::Strings;
use crate::theme::{Theme, error_chain};

/// Escapes text for HTML as the templates escape a value, for the few
/// pieces of HTML made outside them (shortcodes, serve's error page).
pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// What every page can use, set once per build.
#[derive(Debug, Clone, Serialize)]
pub struct Globals {
    pub site: SiteInfo,
    pub nav: Nav,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    /// The `lang` attribute: zh-Hans, zh-Hant or en.
    pub lang: String,
    /// Absolute, ending in `/`.
    pub base_url: String,
    /// The money unit's label: 亿元, 億元, 100 million yuan.
    pub unit: String,
    /// Shown in internal builds, which must never be mistaken for public ones.
    pub internal: bool,
    /// Injected by `serve` to reload pages when the site changes; empty otherwise.
    pub live_reload: String,
    /// The language the data is written in, when the pages are in another
    /// (an English edition shows names and briefings as written); empty otherwise.
    pub data_lang: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Nav {
    pub years: Vec<Link>,
    pub regions: Vec<Link>,
    pub sectors: Vec<Link>,
    pub latest: Option<Link>,
}

/// A page in another edition: its language's own name, code and address.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub name: &'static str,
    pub lang: &'static str,
    pub href: String,
}

/// Where a page is and what it is called, for the layout.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// Site-relative path of the page (`2024/xishan/`).
    pub path: String,
    /// The prefix back to the site root (`../../`).
    pub root: String,
    pub title: String,
    pub canonical: String,
    /// The same page in the site's other script editions.
    pub alternates: Vec<Alternate>,
    /// Which kind of page: for the layout to mark the current section.
    pub section: &'static str,
}

/// A template that failed on a page: the theme's file (as users see it)
/// and tera's reasons, outermost first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {reasons}")]
pub struct RenderError {
    pub file: std::sync::Arc<str>,
    pub reasons: String,
}

impl RenderError {
    /// As a diagnostic. Render errors are found while building, with no
    /// place in a file to point at beyond the template the message names.
    pub fn into_diagnostic(self) -> Diagnostic {
        let file: std::sync::Arc<str> = std::sync::Arc::from("(theme templates)");
        Diagnostic::error(Code::Render, Location::file(&file), self.to_string())
    }
}

pub struct Renderer {
    tera: Tera,
    /// Each template's file as users see it (`themes/gov/templates/…` or
    /// the built-in one), for messages.
    origins: std::collections::HashMap<String, std::sync::Arc<str>>,
}

impl Renderer {
    /// Compiles the theme's templates; errors name the template file.
    pub fn new(theme: &Theme, strings: &Strings, globals: &Globals) -> Result<Renderer, Diagnostic> {
        let mut tera = theme.templates(strings.get("paren.open").to_string(), strings.get("paren.close").to_string())?;
        let context = tera.global_context();
        context.insert("t", strings.all());
        context.insert("site", &globals.site);
        context.insert("nav", &globals.nav);
        // Pages served at any depth (404) and handouts carry their style inline.
        context.insert("css", theme.file("static/style.css").unwrap_or_default());
        context.insert("handout_css", theme.file("static/handout.css").unwrap_or_default());
        let origins = theme
            .files_under("templates")
            .map(|(path, _)| (path.trim_start_matches("templates/").to_string(), theme.origin(path)))
            .collect();
        Ok(Renderer { tera, origins })
    }

    /// Renders `template` for one page.
    pub fn render(&self, template: &str, meta: &PageMeta, view: &impl Serialize) -> Result<String, RenderError> {
        let mut context = Context::new();
        context.insert("meta", meta);
        context.insert("page", view);
        self.render_with(template, &context)
    }

    /// Renders a template of the theme that is not a page (the feed).
    pub fn render_fragment(&self, template: &str, view: &impl Serialize) -> Result<String, RenderError> {
        let mut context = Context::new();
        context.insert("page", view);
        self.render_with(template, &context)
    }

    /// Renders a template with a context of the caller's (a shortcode's table).
    pub fn render_with(&self, template: &str, context: &Context) -> Result<String, RenderError> {
        let mut text = self.tera.render(template, context).map_err(|e| RenderError {
            file: self.origins.get(template).cloned().unwrap_or_else(|| std::sync::Arc::from(template)),
            reasons: error_chain(&e),
        })?;
        // Every page, feed and sitemap passes here: a control character,
        // which no XML may hold, cannot leave even if a value carried one
        // past the checks (`&#7;` in Markdown does).
        crate::source::replace_forbidden(&mut text);
        Ok(text)
    }
}
