//! `gongbao serve`: builds the site into memory, serves it on loopback,
//! rebuilds when the content or theme changes and tells open pages to
//! reload (server-sent events). While the content has errors, every page
//! shows them instead of a stale site, until they are fixed.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::{RecursiveMode, Watcher};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use crate::diag::Format;
use crate::pipeline::{self, BuildOptions, Destination};

const EVENTS_PATH: &str = "/__gongbao/events";
/// Added to every page served, so it reloads after each rebuild.
/// A rebuild sends the paths of the files whose bytes changed (`*`: reload
/// every page); a page reloads only when it is among them.
const RELOAD_SCRIPT: &str = "<script>new EventSource(\"/__gongbao/events\").onmessage=function(e){var p=location.pathname.slice(1);if(p===\"\"||p.slice(-1)===\"/\")p+=\"index.html\";if(e.data===\"*\"||e.data.split(\"\\n\").indexOf(decodeURIComponent(p))>=0)location.reload()};</script>";

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
}

/// What the server currently has to show.
enum Snapshot {
    Built(BTreeMap<String, Vec<u8>>),
    /// The page that replaces every page while the content has errors.
    Failed(String),
}

struct AppState {
    snapshot: RwLock<Arc<Snapshot>>,
    reloads: broadcast::Sender<Arc<str>>,
}

/// Why the server could not start, or stopped. Problems in the content are
/// not errors here: the browser shows them until they are fixed.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.text())]
pub enum ServeError {
    Runtime(std::io::Error),
    NotASite(PathBuf),
    Listen { address: SocketAddr, source: std::io::Error },
    Watch { path: PathBuf, source: notify::Error },
    Stopped(std::io::Error),
}

impl ServeError {
    /// The message, in the language of messages.
    fn text(&self) -> String {
        use crate::tr;
        match self {
            ServeError::Runtime(e) => tr!(zh: "无法启动预览服务：{e}", en: "cannot start the server: {e}"),
            ServeError::NotASite(folder) => {
                let folder = folder.display();
                tr!(zh: "{folder} 不是 gongbao 网站：里面没有 site.yaml", en: "{folder} is not a gongbao site: it has no site.yaml")
            }
            ServeError::Listen { address, source } => {
                tr!(zh: "无法在 {address} 上监听：{source}", en: "cannot listen on {address}: {source}")
            }
            ServeError::Watch { path, source } => {
                let path = path.display();
                tr!(zh: "无法监视 {path} 的变化：{source}", en: "cannot watch {path} for changes: {source}")
            }
            ServeError::Stopped(e) => tr!(zh: "预览服务已停止：{e}", en: "the server stopped: {e}"),
        }
    }
}

/// Serves the site until Ctrl-C.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServeError::Runtime)?;
    runtime.block_on(run(options))
}

async fn run(options: ServeOptions) -> Result<(), ServeError> {
    if !options.root.join("site.yaml").is_file() {
        return Err(ServeError::NotASite(options.root));
    }
    let (reloads, _) = broadcast::channel(16);
    let state = Arc::new(AppState { snapshot: RwLock::new(Arc::new(build(&options.root))), reloads });

    let address = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(address).await.map_err(|source| ServeError::Listen { address, source })?;
    let local = listener.local_addr().unwrap_or(address);
    if !options.bind.is_loopback() {
        let bind = options.bind;
        eprintln!(
            "{}",
            crate::tr!(
                zh: "警告：在 {bind} 上提供预览，网络上的其他电脑也能看到网站（包括草稿）",
                en: "warning: serving on {bind} makes the site (and drafts) visible to other machines on the network"
            )
        );
    }
    let url = format!("http://{local}/");
    let root = options.root.display();
    eprintln!("{}", crate::tr!(zh: "正在 {url} 预览 {root}（按 Ctrl-C 停止）", en: "serving {root} at {url} (Ctrl-C stops)"));

    let _watcher = watch(&options.root, state.clone()).map_err(|source| ServeError::Watch { path: options.root.clone(), source })?;
    if options.open {
        open_browser(&url);
    }
    let app = Router::new().route(EVENTS_PATH, get(events)).fallback(get(page)).with_state(state);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await.map_err(ServeError::Stopped)
}

/// Builds the site into memory; on errors, the page that shows them.
fn build(root: &Path) -> Snapshot {
    let options = BuildOptions { root: root.to_path_buf(), base_url: Some("/".into()), drafts: true, strict: false, internal: false };
    match pipeline::build(&options, &Destination::Memory { live_reload: RELOAD_SCRIPT.into() }) {
        Ok(report) => {
            let (pages, seconds) = (report.pages, format!("{:.2}", report.seconds));
            eprintln!("{}", crate::tr!(zh: "已生成 {pages} 个页面，用时 {seconds} 秒", en: "built {pages} pages in {seconds} s"));
            Snapshot::Built(report.memory.unwrap_or_default())
        }
        Err(e) => {
            let text = e.render_diagnostics(Format::Human).unwrap_or_else(|| e.to_string());
            eprint!("{text}");
            eprintln!(
                "{}",
                crate::tr!(zh: "网站有错误；改正之前，浏览器里显示这些错误", en: "the site has errors; the browser shows them until they are fixed")
            );
            Snapshot::Failed(error_page(&text))
        }
    }
}

fn error_page(text: &str) -> String {
    let text = aligned_carets(text);
    let lang = crate::locale::current().code();
    let title = crate::tr!(zh: "网站有错误", en: "The site has errors");
    let lead = crate::tr!(zh: "改正后，本页会自动刷新。", en: "Fix them and this page reloads by itself.");
    let more = crate::tr!(
        zh: "要查看某个问题的详细说明，请运行 `gongbao explain 代码`（如 `gongbao explain unknown-key`）",
        en: "For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)"
    );
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>gongbao: {title}</title>\
         <style>body{{font:16px/1.6 system-ui,sans-serif;margin:2rem;color:#1a1a1a}}h1{{color:#a61b1b}}pre{{background:#f6f6f6;padding:1rem;overflow:auto;white-space:pre-wrap}}</style>\
         </head><body><h1>{title}</h1><p>{lead}</p><pre>{text}</pre><p>{more}</p>{RELOAD_SCRIPT}</body></html>"
    )
}

/// The diagnostics as HTML, each caret line aligned under its source line
/// whatever the font: the terminal text counts a CJK character as two
/// cells, which a browser's font need not draw at twice a Latin letter's
/// width. So the caret line starts with the same characters as the line
/// above, drawn invisible, and the carets fall under the text they mark.
fn aligned_carets(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut previous: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let caret = caret_line(body).zip(previous.and_then(source_line));
        match caret {
            Some(((gutter, cells, carets), source)) => {
                let prefix = prefix_of_cells(source, cells);
                out.push_str(&crate::site::escape(gutter));
                out.push_str("<span style=\"visibility:hidden\">");
                out.push_str(&crate::site::escape(prefix));
                out.push_str("</span>");
                out.push_str(&crate::site::escape(carets));
                out.push_str(&line[body.len()..]);
            }
            None => out.push_str(&crate::site::escape(line)),
        }
        previous = Some(body);
    }
    out
}

/// `   | ^^^` as (the gutter up to the text, cells before the carets, the carets).
fn caret_line(line: &str) -> Option<(&str, usize, &str)> {
    let bar = line.find(" | ")?;
    line[..bar].trim().is_empty().then_some(())?;
    let after = &line[bar + 3..];
    let carets = after.trim_start_matches(' ');
    (!carets.is_empty() && carets.chars().all(|c| c == '^')).then(|| (&line[..bar + 3], after.len() - carets.len(), carets))
}

/// The text of `12 | text`, the source line above a caret line.
fn source_line(line: &str) -> Option<&str> {
    let (number, text) = line.split_once(" | ")?;
    (!number.trim().is_empty() && number.trim().chars().all(|c| c.is_ascii_digit())).then_some(text)
}

/// The start of `text` that fills `cells` terminal cells (a CJK character
/// takes two), as the caret line counted them.
fn prefix_of_cells(text: &str, cells: usize) -> &str {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        if used >= cells {
            return &text[..i];
        }
        used += if c == '\t' { 4 } else { c.width().unwrap_or(0) };
    }
    text
}

/// Watches `site.yaml`, `content/` and `themes/`. Changes are collected
/// until the tree has been quiet for a moment, so a burst (an editor's
/// save-and-rename dance) is one rebuild and one reload. Reading files does
/// not count: the build itself reads them all.
fn watch(root: &Path, state: Arc<AppState>) -> notify::Result<notify::RecommendedWatcher> {
    let (changes, changed) = std::sync::mpsc::channel::<()>();
    let watched_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if !matches!(event.kind, notify::EventKind::Access(_)) && event.paths.iter().any(|p| is_watched(&watched_root, p)) {
            let _ = changes.send(());
        }
    })?;
    // The root itself, not site.yaml: editors replace files by renaming, which a watch on the file would lose.
    watcher.watch(&watched_dir(root), RecursiveMode::NonRecursive)?;
    for dir in ["content", "themes"] {
        let path = watched_dir(&root.join(dir));
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        while changed.recv().is_ok() {
            while changed.recv_timeout(QUIET).is_ok() {}
            let snapshot = Arc::new(build(&root));
            let previous = match state.snapshot.write() {
                Ok(mut current) => std::mem::replace(&mut *current, snapshot.clone()),
                Err(_) => continue,
            };
            let changed = changed_pages(&previous, &snapshot);
            if !changed.is_empty() {
                let _ = state.reloads.send(changed.into());
            }
        }
    });
    Ok(watcher)
}

/// The pages whose bytes differ between two snapshots, one a line; `*`
/// when every page must reload (errors came or went, or a file other than
/// a page changed: a style sheet, a script, a picture).
fn changed_pages(before: &Snapshot, after: &Snapshot) -> String {
    let (Snapshot::Built(before), Snapshot::Built(after)) = (before, after) else { return "*".into() };
    let mut changed = Vec::new();
    for path in before.keys().chain(after.keys().filter(|p| !before.contains_key(*p))) {
        if before.get(path) != after.get(path) {
            if !path.ends_with(".html") {
                return "*".into();
            }
            changed.push(path.as_str());
        }
    }
    changed.join("\n")
}

/// How long the tree must be still before a rebuild.
const QUIET: Duration = Duration::from_millis(200);

fn watched_dir(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Whether a change at `path` can change the site.
fn is_watched(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let hidden_or_backup = name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp");
    !hidden_or_backup && (relative.starts_with("content") || relative.starts_with("themes") || relative == Path::new("site.yaml"))
}

async fn events(State(state): State<Arc<AppState>>) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(state.reloads.subscribe()).map(|changed| {
        // A receiver that fell behind missed some: every page reloads.
        let changed = changed.unwrap_or_else(|_| Arc::from("*"));
        Ok(Event::default().data(&*changed))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn page(State(state): State<Arc<AppState>>, uri: Uri) -> Response {
    let snapshot = match state.snapshot.read() {
        Ok(current) => current.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    let files = match snapshot.as_ref() {
        Snapshot::Failed(page) => return respond(StatusCode::INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", page.clone().into_bytes()),
        Snapshot::Built(files) => files,
    };
    match resolve(uri.path(), |key| files.contains_key(key)) {
        Resolved::File(key) => {
            let bytes = files.get(&key).cloned().unwrap_or_default();
            respond(StatusCode::OK, content_type(&key), bytes)
        }
        Resolved::Redirect(location) => {
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Resolved::NotFound => {
            let bytes = files.get(&crate::site::urls::not_found()).cloned().unwrap_or_else(|| b"not found".to_vec());
            respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", bytes)
        }
    }
}

fn respond(status: StatusCode, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = (status, Body::from(bytes)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Where a request path leads in the built site.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(String),
    Redirect(String),
    NotFound,
}

/// Maps a URL path to a file of the site. Percent-encoding is decoded once;
/// any `.` or `..` segment, backslash, NUL or absolute path is refused
/// (never normalised), so nothing outside the site can be named. A folder
/// without its slash is redirected, as pages link relatively.
fn resolve(path: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else { return Resolved::NotFound };
    let Some(inside) = decoded.strip_prefix('/') else { return Resolved::NotFound };
    let unsafe_segment = inside.split('/').any(|s| s == "." || s == "..");
    if unsafe_segment || inside.contains(['\\', '\0', ':']) || inside.starts_with('/') || inside.contains("//") {
        return Resolved::NotFound;
    }
    if inside.is_empty() || inside.ends_with('/') {
        let key = format!("{inside}index.html");
        return if exists(&key) { Resolved::File(key) } else { Resolved::NotFound };
    }
    if exists(inside) {
        Resolved::File(inside.to_string())
    } else if exists(&format!("{inside}/index.html")) {
        Resolved::Redirect(format!("{path}/"))
    } else {
        Resolved::NotFound
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(command).arg(url).spawn() {
        eprintln!(
            "{}",
            crate::tr!(zh: "无法打开浏览器（{e}）；请自己打开 {url}", en: "could not open a browser ({e}); open {url} yourself")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_names_the_pages_whose_bytes_changed() {
        let files = |pairs: &[(&str, &str)]| Snapshot::Built(pairs.iter().map(|(p, b)| (p.to_string(), b.as_bytes().to_vec())).collect());
        let before = files(&[("index.html", "a"), ("2024/index.html", "b"), ("projects/x/index.html", "c")]);
        let after = files(&[("index.html", "a"), ("2024/index.html", "B"), ("projects/y/index.html", "c")]);
        assert_eq!(changed_pages(&before, &after), "2024/index.html\nprojects/x/index.html\nprojects/y/index.html");
        assert_eq!(changed_pages(&before, &before), "");
        assert_eq!(changed_pages(&before, &files(&[("static/style.css", "x")])), "*");
        assert_eq!(changed_pages(&before, &Snapshot::Failed(String::new())), "*");
    }

    fn site(key: &str) -> bool {
        ["index.html", "2024/index.html", "2024/xishan/index.html", "static/style.css", "projects/鹤川/index.html"].contains(&key)
    }

    #[test]
    fn resolves_pages_folders_and_encoded_paths() {
        assert_eq!(resolve("/", site), Resolved::File("index.html".into()));
        assert_eq!(resolve("/2024/xishan/", site), Resolved::File("2024/xishan/index.html".into()));
        assert_eq!(resolve("/2024", site), Resolved::Redirect("/2024/".into()));
        assert_eq!(resolve("/static/style.css", site), Resolved::File("static/style.css".into()));
        assert_eq!(resolve("/projects/%E9%B9%A4%E5%B7%9D/", site), Resolved::File("projects/鹤川/index.html".into()));
        assert_eq!(resolve("/nothing/", site), Resolved::NotFound);
    }

    #[test]
    fn refuses_everything_outside_the_site() {
        for path in [
            "/../site.yaml",
            "/%2e%2e/site.yaml",
            "/%2E%2E%2Fsite.yaml",
            "/static/../../site.yaml",
            "/..%5csite.yaml",
            "/%5c..%5csite.yaml",
            "//etc/passwd",
            "/%2Fetc%2Fpasswd",
            "/C:/Windows/win.ini",
            "/./index.html",
            "/static/style.css%00.html",
            "/%ff",
            "relative",
        ] {
            assert_eq!(resolve(path, |_| true), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn carets_sit_under_their_text_in_the_browser() {
        let text = "error[x]: bad\n  --> a.yaml:3:5\n  |\n3 | 名称：某<项目>\n  |     ^^\n";
        let html = aligned_carets(text);
        // The carets follow an invisible copy of "名称", not four spaces.
        assert!(html.contains("  | <span style=\"visibility:hidden\">名称</span>^^\n"), "{html}");
        assert!(html.contains("3 | 名称：某&lt;项目&gt;"), "escaped: {html}");
        assert!(!html.contains("<项目>"));
    }

    #[test]
    fn watches_content_themes_and_settings_only() {
        let root = Path::new("/site");
        assert!(is_watched(root, Path::new("/site/content/projects/a.yaml")));
        assert!(is_watched(root, Path::new("/site/site.yaml")));
        assert!(is_watched(root, Path::new("/site/themes/x/templates/base.html")));
        assert!(!is_watched(root, Path::new("/site/public/index.html")));
        assert!(!is_watched(root, Path::new("/site/content/projects/.a.yaml.swp")));
    }
}
