//! Loading: finds a site's content files, reads and parses them in parallel,
//! and hands the raw records (with their files) to validation.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::contain::Root;
use crate::diag::{self, Code, Diagnostic, Diagnostics, Location, Span};
use crate::model::raw::{RawAnnual, RawFrontMatter, RawProject, RawRegion, RawSite};
use crate::source::{self, SourceFile, Sources};
use crate::tr;
use crate::yaml::{self, DeError, DeErrorKind, Node, NodeKind};

/// Why a folder could not be loaded at all (exit code 2, not 1).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}", self.text())]
    NotASite(PathBuf),
    #[error("{}", self.text())]
    Io { path: PathBuf, source: std::io::Error },
}

impl LoadError {
    /// The message, in the language of messages.
    fn text(&self) -> String {
        match self {
            LoadError::NotASite(folder) => {
                let folder = folder.display();
                crate::tr!(
                    zh: "{folder} 不是 gongbao 网站：里面没有 site.yaml（`--root` 写对了吗？新建网站请用 `gongbao init 文件夹名`）",
                    en: "{folder} is not a gongbao site: it has no site.yaml (is `--root` right? `gongbao init DIR` starts a new site)"
                )
            }
            LoadError::Io { path, source } => {
                let path = path.display();
                crate::tr!(zh: "无法读取 {path}：{source}", en: "cannot read {path}: {source}")
            }
        }
    }
}

/// A record and the file it came from.
#[derive(Debug)]
pub struct Sourced<T> {
    pub file: Arc<str>,
    /// Where the record's mapping starts.
    pub span: Span,
    /// The keys (as written) whose values were wrong and left out, an error
    /// reported for each: their absence is not reported again as "missing".
    pub set_aside: Vec<String>,
    pub record: T,
    /// Whether the record is written mostly with Chinese keys, so that
    /// messages name its keys as it wrote them (`投资方`, not `investor`).
    pub chinese_keys: bool,
}

/// A briefing as found on disk: parsed front matter and the Markdown body.
#[derive(Debug)]
pub struct RawBriefing {
    pub front: RawFrontMatter,
    pub body: String,
    pub body_line_offset: u32,
    pub stem: String,
    /// The folder the file is in: its images are addressed from there.
    pub folder: PathBuf,
}

/// Everything read from a site folder, before validation.
#[derive(Debug, Default)]
pub struct RawContent {
    pub site: Option<Sourced<RawSite>>,
    pub regions: Vec<Sourced<RawRegion>>,
    pub projects: Vec<Sourced<RawProject>>,
    pub annuals: Vec<Sourced<RawAnnual>>,
    pub briefings: Vec<Sourced<RawBriefing>>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// Reads the site at `root`. Content problems become diagnostics; only a
/// missing site or an unreadable folder is an error.
pub fn load(root: &Path) -> Result<RawContent, LoadError> {
    let site_path = root.join("site.yaml");
    let is_link = std::fs::symlink_metadata(&site_path).is_ok_and(|m| m.file_type().is_symlink());
    if !site_path.is_file() && !is_link {
        return Err(LoadError::NotASite(root.to_path_buf()));
    }
    let boundary = Root::new(root).map_err(|source| LoadError::Io { path: root.to_path_buf(), source })?;
    let mut content = RawContent::default();
    let content_dir = root.join("content");

    let site = match boundary.resolve(&site_path) {
        Ok(Some(resolved)) if resolved.is_file() => Some(read_yaml::<RawSite>(root, &site_path)),
        Ok(_) => return Err(LoadError::NotASite(root.to_path_buf())),
        Err(escape) => {
            content.diagnostics.push(boundary.diagnostic(&escape));
            None
        }
    };
    // A content folder that leads out of the site is reported once; nothing
    // under it is read.
    let content_inside = match boundary.resolve(&content_dir) {
        Ok(_) => true,
        Err(escape) => {
            content.diagnostics.push(boundary.diagnostic(&escape));
            false
        }
    };
    let regions_path = content_dir.join("regions.yaml");
    let regions = match boundary.resolve(&regions_path) {
        _ if !content_inside => None,
        Ok(Some(resolved)) if resolved.is_file() => Some(read_yaml(root, &regions_path)),
        Ok(_) => {
            let file: Arc<str> = Arc::from("content/regions.yaml");
            content.diagnostics.push(
                Diagnostic::error(
                    Code::MissingFile,
                    Location::file(&file),
                    tr!(zh: "网站缺少 `content/regions.yaml`（区域）文件", en: "the site has no content/regions.yaml"),
                )
                .with_hint({
                    let code = "missing-file";
                    tr!(
                        zh: "在那里列出本市和下辖各县；运行 `gongbao explain {code}` 查看说明",
                        en: "list the city and its counties there; run `gongbao explain {code}` for more"
                    )
                }),
            );
            None
        }
        Err(escape) => {
            content.diagnostics.push(boundary.diagnostic(&escape));
            None
        }
    };
    let mut find = |folder: &str, extensions: &[&str], beside: &[&str]| match content_inside {
        true => find_files(&boundary, &content_dir.join(folder), extensions, beside, &mut content.diagnostics),
        false => Ok(Vec::new()),
    };
    let project_extensions: Vec<&str> = ["yaml", "yml"].into_iter().chain(crate::ledger::EXTENSIONS.iter().copied()).collect();
    let project_files = find("projects", &project_extensions, &[])?;
    let annual_files = find("annual", &["yaml", "yml"], &[])?;
    // A briefing's images sit beside it (or in a folder beside it): they
    // are read when a briefing uses them, and are no stray files.
    let briefing_files = find("briefings", &["md", "markdown"], &["png", "jpg", "jpeg", "gif", "webp", "svg"])?;

    // Ledgers are read with the site's own column names, and a wrong entry
    // among those is reported once, at site.yaml.
    let (ledger_files, project_files): (Vec<PathBuf>, Vec<PathBuf>) = project_files.into_iter().partition(|p| is_ledger(p));
    let (columns, column_problems) = match &site {
        Some(site) => {
            let pairs = site.records.first().and_then(|s| s.record.ledger_columns.as_ref());
            crate::ledger::Columns::new(pairs, &Arc::from("site.yaml"))
        }
        None => Default::default(),
    };
    content.diagnostics.extend(column_problems);
    let projects: Vec<_> = project_files.par_iter().map(|p| read_yaml(root, p)).collect();
    let ledgers: Vec<_> = ledger_files.par_iter().map(|p| read_ledger(root, p, &columns)).collect();
    let annuals: Vec<_> = annual_files.par_iter().map(|p| read_yaml(root, p)).collect();
    let briefings: Vec<_> = briefing_files.par_iter().map(|p| read_briefing(root, p)).collect();

    if let Some(site) = site {
        // An empty site.yaml (or one of comments only) has no record and no
        // problem: without a word here, `check` would pass and `build` fail.
        let no_site = site.records.is_empty() && site.problems.is_empty();
        let mut sites = content.take(site).into_iter();
        content.site = sites.next();
        let file: Arc<str> = Arc::from("site.yaml");
        if no_site {
            content.diagnostics.push(
                Diagnostic::error(
                    Code::MissingField,
                    Location::file(&file),
                    tr!(
                        zh: "site.yaml 什么也没有设置：缺少必填的键 `title`（标题）和 `base_url`（网址）",
                        en: "site.yaml sets nothing: missing required keys `title` and `base_url`"
                    ),
                )
                .with_hint(tr!(
                    zh: "写上网站名称和地址，例如 `title: 某某市招商引资公报` 和 `base_url: /`；运行 `gongbao explain missing-field` 查看说明",
                    en: "name the site and give its address, e.g. `title: 某某市招商引资公报` and `base_url: /`; run `gongbao explain missing-field` for more"
                )),
            );
        }
        if let Some(extra) = sites.next() {
            content.diagnostics.push(
                Diagnostic::error(
                    Code::SecondSite,
                    Location::new(&file, extra.span),
                    tr!(zh: "site.yaml 里有第二组设置", en: "site.yaml holds a second set of settings"),
                )
                .with_hint(tr!(
                    zh: "一个网站只有一组设置：删去这一组；如果它是第一组的延续，就删去它上面的 `---` 行",
                    en: "a site has one set of settings; remove this one, or the `---` line above it if it continues the first"
                )),
            );
        }
    }
    if let Some(regions) = regions {
        let empty = regions.records.is_empty() && regions.problems.is_empty();
        content.regions = content.take(regions);
        if empty {
            let file: Arc<str> = Arc::from("content/regions.yaml");
            content.diagnostics.push(
                Diagnostic::error(
                    Code::NoRegions,
                    Location::file(&file),
                    tr!(zh: "content/regions.yaml 里没有列出任何区域", en: "content/regions.yaml lists no regions"),
                )
                .with_hint({
                    let code = "no-regions";
                    tr!(
                        zh: "在那里列出本市和下辖各县；运行 `gongbao explain {code}` 查看说明",
                        en: "list the city and its counties there; run `gongbao explain {code}` for more"
                    )
                }),
            );
        }
    }
    for file in projects {
        let records = content.take(file);
        content.projects.extend(records);
    }
    for (ledger, records) in ledgers {
        for (name, text) in ledger.quotes {
            content.sources.keep(SourceFile { name, text });
        }
        content.diagnostics.extend(ledger.problems);
        content.projects.extend(records);
    }
    for file in annuals {
        let records = content.take(file);
        content.annuals.extend(records);
    }
    for file in briefings {
        let records = content.take(file);
        content.briefings.extend(records);
    }
    Ok(content)
}

/// What reading one file gave: its text (to quote; for a file in another
/// encoding, the text as that encoding reads it), its records, and its
/// problems.
struct FileResult<T> {
    source: Option<SourceFile>,
    records: Vec<Sourced<T>>,
    problems: Vec<Diagnostic>,
}

impl<T> FileResult<T> {
    fn unreadable(e: source::Unreadable) -> Self {
        FileResult { source: e.transcoded, records: Vec::new(), problems: vec![e.problem] }
    }
}

impl RawContent {
    fn take<T>(&mut self, file: FileResult<T>) -> Vec<Sourced<T>> {
        // Moved, not copied: a large file's text is held once.
        if let Some(source) = file.source {
            self.sources.keep(source);
        }
        self.diagnostics.extend(file.problems);
        file.records
    }
}

/// The name a file is shown by: relative to the site root, `/`-separated.
fn display_name(root: &Path, path: &Path) -> Arc<str> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Arc::from(parts.join("/"))
}

/// The files under `dir` with one of `extensions`, sorted. Other visible
/// files are reported, as a misnamed file would otherwise be silently left
/// out, unless they end in one of `beside` (files that belong there but are
/// read another way); so are links that lead out of the site.
fn find_files(
    boundary: &Root,
    dir: &Path,
    extensions: &[&str],
    beside: &[&str],
    diagnostics: &mut Diagnostics,
) -> Result<Vec<PathBuf>, LoadError> {
    match boundary.resolve(dir) {
        Ok(Some(_)) => {}
        Ok(None) => return Ok(Vec::new()),
        Err(escape) => {
            diagnostics.push(boundary.diagnostic(&escape));
            return Ok(Vec::new());
        }
    }
    let walked = boundary.walk(dir, is_hidden).map_err(|(path, source)| LoadError::Io { path, source })?;
    diagnostics.extend(walked.problems);
    let mut files = Vec::new();
    for path in walked.files {
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if extension.as_deref().is_some_and(|e| extensions.contains(&e)) {
            files.push(path);
        } else if !path.file_name().is_some_and(is_editor_backup) && !extension.as_deref().is_some_and(|e| beside.contains(&e)) {
            let name = boundary.name(&path);
            diagnostics.push(
                Diagnostic::warning(Code::IgnoredFile, Location::file(&name), tr!(zh: "这个文件不会被读取", en: "this file is not read"))
                    .with_hint({
                        let zh = extensions.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join("、");
                        let en = either(extensions);
                        tr!(zh: "这里只读取扩展名为 {zh} 的文件", en: "only files ending in {en} are read here")
                    }),
            );
        }
    }
    Ok(files)
}

/// `.yaml or .yml`; `.yaml, .yml, .xlsx or .csv`.
fn either(extensions: &[&str]) -> String {
    let dotted: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
    match dotted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => dotted.concat(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

fn is_editor_backup(name: &std::ffi::OsStr) -> bool {
    // `~$台账.xlsx` is the lock file Excel and WPS keep beside an open workbook.
    name.to_str()
        .is_some_and(|n| n.ends_with('~') || n.ends_with(".swp") || n.ends_with(".bak") || n.starts_with('#') || n.starts_with("~$"))
}

fn is_ledger(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    extension.is_some_and(|e| crate::ledger::EXTENSIONS.contains(&e.as_str()))
}

fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Box<source::Unreadable>> {
    source::read_or_transcode(path, &display_name(root, path))
}

fn read_yaml<T: for<'de> serde::Deserialize<'de>>(root: &Path, path: &Path) -> FileResult<T> {
    let source = match read_source(root, path) {
        Ok(s) => s,
        Err(e) => return FileResult::unreadable(*e),
    };
    let (records, problems) = read_records(&source);
    FileResult { source: Some(source), records, problems }
}

/// Reads a YAML file of records: one mapping, a list of mappings, or several
/// documents of either. Each record is read on its own, so one bad record
/// does not hide the problems of the others, and as soon as the parser has
/// it, so that a large file never holds the tree of more than one record.
/// Public for the fuzz target, which feeds it text without a site around it.
pub fn read_records<T: for<'de> serde::Deserialize<'de>>(source: &SourceFile) -> (Vec<Sourced<T>>, Vec<Diagnostic>) {
    let mut state = Reading::<T> { read: Vec::new(), records: Vec::new(), errors: Vec::new() };
    let mut problems = match yaml::parse_items(&source.text, &source.name, |item| state.item(item, &source.name)) {
        Ok(problems) => problems,
        Err(problems) => {
            let documents = yaml::documents(&source.text);
            if documents.len() < 2 {
                return (Vec::new(), problems);
            }
            // A syntax error ends the parse: read each document on its own,
            // so that the others' records are still read and checked. A
            // broken document gives nothing, as a broken file would.
            state = Reading { read: Vec::new(), records: Vec::new(), errors: Vec::new() };
            let mut problems = Vec::new();
            for (text, lines_before) in documents {
                if problems.len() >= diag::MAX_PER_FILE {
                    let at = Span::new(lines_before + 1, 1, 3);
                    problems.push(
                        Diagnostic::error(Code::TooManyProblems, Location::new(&source.name, at), too_many_message())
                            .with_hint(too_many_hint()),
                    );
                    break;
                }
                let kept = (state.read.len(), state.records.len(), state.errors.len());
                match yaml::parse_items_at(text, &source.name, lines_before, |item| state.item(item, &source.name)) {
                    Ok(found) => problems.extend(found),
                    Err(found) => {
                        state.read.truncate(kept.0);
                        state.records.truncate(kept.1);
                        state.errors.truncate(kept.2);
                        problems.extend(found);
                    }
                }
            }
            problems
        }
    };
    let Reading { read, mut records, mut errors } = state;
    // A file of a million broken records needs no million messages, nor the
    // memory to hold them. The problems the parser found anywhere in the
    // file count first, as if they were all known before any record is read.
    let (mut kept_records, mut kept_errors) = (0, 0);
    for &(span, count, has_record) in &read {
        if problems.len() + kept_errors >= diag::MAX_PER_FILE {
            records.truncate(kept_records);
            errors.truncate(kept_errors);
            problems.append(&mut errors);
            problems.push(
                Diagnostic::error(Code::TooManyProblems, Location::new(&source.name, span), too_many_message()).with_hint(too_many_hint()),
            );
            return (records, problems);
        }
        kept_errors += count;
        kept_records += usize::from(has_record);
    }
    problems.append(&mut errors);
    (records, problems)
}

/// The records of a file read so far, and per item handed out: where it
/// starts, how many problems it had, and whether it gave a record.
struct Reading<T> {
    read: Vec<(Span, usize, bool)>,
    records: Vec<Sourced<T>>,
    errors: Vec<Diagnostic>,
}

impl<T: for<'de> serde::Deserialize<'de>> Reading<T> {
    fn item(&mut self, item: Node, file: &Arc<str>) {
        // With this many problems the file is cut short (below) at the next
        // item at the latest: the rest need not be read.
        if self.errors.len() >= diag::MAX_PER_FILE {
            if self.read.last().is_none_or(|&(_, count, _)| count != usize::MAX) {
                self.read.push((item.span, usize::MAX, false));
            }
            return;
        }
        let span = item.span;
        let (record, problems) = read_record::<T>(item, file);
        self.read.push((span, problems.len(), record.is_some()));
        self.records.extend(record);
        self.errors.extend(problems);
    }
}

/// Reads a ledger: each row, built as the mapping of a YAML record, is read
/// as a YAML record is, so that every rule and message is the same.
fn read_ledger(root: &Path, path: &Path, columns: &crate::ledger::Columns) -> (crate::ledger::Ledger, Vec<Sourced<RawProject>>) {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut ledger = crate::ledger::read(path, &display_name(root, path), columns, &mut |node, file| {
        let (record, found) = read_record::<RawProject>(node, file);
        records.extend(record);
        problems.extend(found);
    });
    ledger.problems.extend(problems);
    (ledger, records)
}

/// Reads one record, reporting all its bad keys and values, not just the
/// first: serde stops at the first error, so the offending entry is set aside
/// and the record read again. The record comes back when what is left reads,
/// so that later checks (ids, regions, dates) still see it.
fn read_record<T: for<'de> serde::Deserialize<'de>>(mut node: Node, file: &Arc<str>) -> (Option<Sourced<T>>, Vec<Diagnostic>) {
    let span = node.span;
    let chinese_keys = yaml::has_chinese_keys(&node);
    let mut errors = Vec::new();
    let mut set_aside: Vec<String> = Vec::new();
    let mut emptied_maps: Vec<Span> = Vec::new();
    loop {
        let error = match yaml::from_node::<T>(&node) {
            Ok(record) => {
                let sourced = Sourced { file: file.clone(), span, set_aside, record, chinese_keys };
                return (Some(sourced), errors);
            }
            Err(e) => e,
        };
        // A required value that was set aside as wrong is not also "missing"
        // (in the record itself, or in the mapping inside it it was taken from).
        let is_missing = matches!(error.kind, DeErrorKind::MissingField(_));
        let emptied = if error.span == Some(span) { !set_aside.is_empty() } else { error.span.is_some_and(|s| emptied_maps.contains(&s)) };
        if !is_missing || !emptied {
            errors.push(error.clone().into_diagnostic(file, span));
        }
        let NodeKind::Map(entries) = &mut node.kind else { return (None, errors) };
        let at = error.span.map(|s| (s.line, s.col));
        let culprit = at.and_then(|at| entries.iter().rposition(|(key, _)| (key.span.line, key.span.col) <= at));
        match (culprit, &error.kind) {
            (None, _) => return (None, errors),
            // The record itself lacks a required key: nothing to set aside.
            (Some(_), DeErrorKind::MissingField(_)) if error.span == Some(span) => return (None, errors),
            // An unknown key of this record itself: all of them are set aside
            // at once, as reading the record again for each would take time
            // growing with the square of their number.
            (Some(i), DeErrorKind::UnknownField { expected, .. }) if Some(entries[i].0.span) == error.span => {
                entries.remove(i);
                entries.retain(|(key, _)| {
                    let name = yaml::scalar_text(key).unwrap_or_default();
                    let known = expected.contains(&name);
                    if !known {
                        let kind = DeErrorKind::UnknownField { field: name.to_string(), expected };
                        let unknown = DeError { span: Some(key.span), key: None, kind };
                        errors.push(unknown.into_diagnostic(file, key.span));
                    }
                    known
                });
            }
            (Some(_), kind) => {
                let Some(at) = at else { return (None, errors) };
                match set_aside_at(&mut node, at, kind) {
                    Some(SetAside::Key(key)) if !matches!(kind, DeErrorKind::UnknownField { .. }) => set_aside.push(key),
                    Some(SetAside::Nested(Some(map))) if !matches!(kind, DeErrorKind::UnknownField { .. }) => emptied_maps.push(map),
                    Some(_) => {}
                    None => return (None, errors),
                }
            }
        }
    }
}

/// What `set_aside_at` took out: a key of the record itself, or something
/// nested deeper (a key of a child region, an item of a list).
enum SetAside {
    Key(String),
    /// With the span of the mapping a key was taken from.
    Nested(Option<Span>),
}

/// Takes out the innermost entry or item the error at `at` is about, so
/// that the record around it still reads: a child region with a bad `kind`
/// loses that key, not the whole `children` list (which would make every
/// project of its regions an "unknown region"). An error about a value as
/// a whole (a wrong type, a missing key) takes out that value; one about a
/// key (unknown, given twice) that key.
fn set_aside_at(node: &mut Node, at: (u32, u32), kind: &DeErrorKind) -> Option<SetAside> {
    let pos = |n: &Node| (n.span.line, n.span.col);
    // A mapping's own span is where its first key is: an error there about
    // a key is about that key, not about the mapping.
    let about_key = matches!(kind, DeErrorKind::UnknownField { .. } | DeErrorKind::DuplicateField(_));
    let enter = |value: &Node| match value.kind {
        NodeKind::Scalar { .. } => false,
        NodeKind::Map(_) if pos(value) == at => about_key,
        _ => pos(value) < at || (pos(value) == at && about_key),
    };
    match &mut node.kind {
        NodeKind::Map(entries) => {
            let i = entries.iter().rposition(|(key, _)| pos(key) <= at)?;
            if pos(&entries[i].0) != at && enter(&entries[i].1) {
                match set_aside_at(&mut entries[i].1, at, kind) {
                    Some(SetAside::Key(_)) => return Some(SetAside::Nested(Some(entries[i].1.span))),
                    Some(nested) => return Some(nested),
                    None => {}
                }
            }
            let (key, _) = entries.remove(i);
            Some(SetAside::Key(yaml::scalar_text(&key).unwrap_or_default().to_string()))
        }
        NodeKind::Seq(items) => {
            let i = items.iter().rposition(|item| pos(item) <= at)?;
            if enter(&items[i]) {
                match set_aside_at(&mut items[i], at, kind) {
                    Some(SetAside::Key(_)) => return Some(SetAside::Nested(Some(items[i].span))),
                    Some(nested) => return Some(nested),
                    None => {}
                }
            }
            items.remove(i);
            Some(SetAside::Nested(None))
        }
        NodeKind::Scalar { .. } => None,
    }
}

fn too_many_message() -> String {
    tr!(zh: "问题太多：这个文件的其余部分没有检查", en: "too many problems: the rest of this file is not checked")
}

fn too_many_hint() -> String {
    tr!(zh: "先改正上面的问题，再运行一次检查", en: "fix the problems above, then run the check again")
}

fn read_briefing(root: &Path, path: &Path) -> FileResult<RawBriefing> {
    let source = match read_source(root, path) {
        Ok(s) => s,
        Err(e) => return FileResult::unreadable(*e),
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let (record, problems) = match parse_briefing(&source, stem, folder) {
        Ok(record) => (Some(record), Vec::new()),
        Err(problems) => (None, problems),
    };
    FileResult { source: Some(source), records: record.into_iter().collect(), problems }
}

/// Splits `---` front matter from the body and reads it.
pub fn parse_briefing(source: &SourceFile, stem: String, folder: PathBuf) -> Result<Sourced<RawBriefing>, Vec<Diagnostic>> {
    let file = &source.name;
    let mut lines = source.text.split_inclusive('\n');
    let opening = lines.next().unwrap_or("");
    let missing = |line: u32, message: String| {
        vec![Diagnostic::error(Code::FrontMatter, Location::new(file, Span::new(line, 1, 3)), message).with_hint(tr!(
            zh: "专题文章（briefing）以一行 `---` 开头，接着写 `title:` 和 `date:`，再写一行 `---`",
            en: "a briefing starts with a `---` line, then `title:` and `date:`, then another `---` line"
        ))]
    };
    if opening.trim_end() != "---" {
        return Err(missing(1, tr!(zh: "专题文章没有开头的信息块（front matter）", en: "the briefing has no front matter")));
    }
    let mut front = String::new();
    let mut front_lines = 0u32;
    let mut closed = false;
    for line in lines.by_ref() {
        if line.trim_end() == "---" {
            closed = true;
            break;
        }
        front.push_str(line);
        front_lines += 1;
    }
    if !closed {
        return Err(missing(1, tr!(zh: "开头的信息块没有用 `---` 行结束", en: "the front matter is never closed by a `---` line")));
    }
    let body: String = lines.collect();
    let (documents, mut problems) = yaml::parse_embedded(&front, file, 1);
    let Some(node) = documents.into_iter().next() else {
        if problems.is_empty() {
            problems = missing(2, tr!(zh: "开头的信息块是空的", en: "the front matter is empty"));
        }
        return Err(problems);
    };
    // Read as a record is, to report all its problems rather than the first.
    let (front, errors) = read_record::<RawFrontMatter>(node, file);
    problems.extend(errors);
    match front {
        Some(front) if problems.is_empty() => Ok(Sourced {
            file: front.file,
            span: front.span,
            set_aside: Vec::new(),
            chinese_keys: front.chinese_keys,
            record: RawBriefing { front: front.record, body, body_line_offset: front_lines + 2, stem, folder },
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_node(text: &str) -> Node {
        let (mut documents, problems) = yaml::parse(text, &Arc::from("p.yaml"));
        assert!(problems.is_empty(), "{problems:?}");
        documents.remove(0)
    }

    #[test]
    fn reports_every_unknown_key_and_keeps_the_record() {
        let node = first_node("id: a\n名称: 甲\nfoo: 1\nbar: 2\n投资方: 乙\nbaz: 3\n");
        let (record, errors) = read_record::<RawProject>(node, &Arc::from("p.yaml"));
        let messages: Vec<(&str, u32)> = errors.iter().map(|d| (d.message.as_str(), d.location.span.map_or(0, |s| s.line))).collect();
        assert_eq!(messages, [("unknown key `foo`", 3), ("unknown key `bar`", 4), ("unknown key `baz`", 6)]);
        let record = record.expect("the record still reads").record;
        assert_eq!(record.name.map(|n| n.value).as_deref(), Some("甲"));
        assert_eq!(record.investor.map(|n| n.value).as_deref(), Some("乙"));
    }

    #[test]
    fn a_wrong_value_is_set_aside_and_the_rest_still_read() {
        let node = first_node("id: a\namount: 二百亿\nsigned: 2025-13-01\nname: 甲\n");
        let (record, errors) = read_record::<RawProject>(node, &Arc::from("p.yaml"));
        let codes: Vec<&str> = errors.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["wrong-type", "wrong-type"]);
        let record = record.expect("the record still reads");
        assert_eq!(record.set_aside, ["amount", "signed"]);
        assert_eq!(record.record.name.map(|n| n.value).as_deref(), Some("甲"));
    }

    #[test]
    fn stops_reading_a_file_after_too_many_problems() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.yaml");
        std::fs::write(&path, "- a\n".repeat(10_000)).expect("write");
        let file = read_yaml::<RawProject>(dir.path(), &path);
        assert_eq!(file.problems.len(), diag::MAX_PER_FILE + 1);
        let last = file.problems.last().expect("a note");
        assert_eq!((last.code.as_str(), last.location.span.map(|s| s.line)), ("too-many-problems", Some(101)));
    }

    #[test]
    fn a_file_in_gbk_is_quoted_as_gbk() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.yaml");
        let text = "id: a\nname: 新材料产业园一期项目\ninvestor: 某某集团有限公司\n";
        std::fs::write(&path, encoding_rs::GBK.encode(text).0).expect("write");
        let file = read_yaml::<RawProject>(dir.path(), &path);
        assert_eq!(file.problems[0].message, "the file is not UTF-8; it looks like GBK");
        assert_eq!(file.source.map(|s| s.text).as_deref(), Some(text));
    }
}
