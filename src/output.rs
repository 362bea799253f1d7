//! Output: the one place that writes a built site, and the one rule for what
//! it may delete or replace: only what gongbao wrote itself.
//!
//! A build goes into a staging folder beside the target, `.NAME.gongbao-staging-PID`,
//! that replaces the old output only when the whole build succeeded. The
//! finished folder holds a manifest (`.gongbao-manifest`, every file and
//! folder the build wrote) and a marker (`.gongbao-output`) that names the
//! kind of build and the manifest's hash. A later build replaces the folder
//! only when the marker matches the manifest and the folder holds nothing
//! else; `--clean` is the explicit way past that. `serve` keeps the files in
//! memory instead.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

/// Marks a folder as written by gongbao, and ties it to its manifest.
pub const MARKER: &str = ".gongbao-output";
/// Every file and folder a build wrote, one relative path a line, folders
/// ending in `/`, sorted.
pub const MANIFEST: &str = ".gongbao-manifest";
/// The first line of every marker, finished or staging.
const MARKER_HEAD: &str = "This folder was written by gongbao and is replaced by each build.\n";
/// Each file's hash, and for a page the fingerprint of what it was made
/// from (JSON, see docs): a rebuild writes only what changed, a deploy
/// script uploads only what changed.
pub const HASHES: &str = ".gongbao-manifest.json";
/// The version of the hashes file: 2 since its hashes are XXH3-128 (1 was
/// SipHash); a build that finds another renders everything once.
const HASHES_FORMAT: u32 = 2;
/// What a handout written by gongbao carries in its `<head>`.
pub const HANDOUT_MARK: &str = "<meta name=\"generator\" content=\"gongbao\">";
const STAGING: &str = ".gongbao-staging-";
/// How many foreign files a refusal names.
const SHOWN: usize = 10;

/// Whom a build is for; recorded in the marker, so that an internal build
/// never silently replaces a public one, nor the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Public,
    Internal,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Public => "public",
            Kind::Internal => "internal",
        }
    }
}

/// How a build may treat the folder it replaces.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiskOptions {
    /// An internal build (confidential projects included).
    pub internal: bool,
    /// Replace the folder whatever it holds.
    pub clean: bool,
    /// Replace a build of the other kind.
    pub force: bool,
    /// Update a previous build of ours in place, file by file, instead of
    /// replacing the whole folder.
    pub incremental: bool,
    /// The fingerprint of everything the build reads (see
    /// `pipeline::inputs_fingerprint`); none when it could not be taken.
    pub inputs: Option<u128>,
}

/// What a build made, as its summary counts it; recorded in the marker so
/// that a build skipped as up to date reports the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pages: usize,
    pub charts: usize,
    pub handouts: usize,
    pub files: usize,
}

/// The previous build at the target, made from the same inputs and still
/// whole: nothing needs doing.
#[derive(Debug, Clone, Copy)]
pub struct UpToDate {
    pub counts: Counts,
    /// The files it holds.
    pub files: usize,
}

/// One file of a build: its bytes' hash, the fingerprint of its inputs
/// (pages only), and whether this build wrote it (else it is unchanged).
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    hash: u128,
    fingerprint: Option<u128>,
    written: bool,
}

/// What a build did to the folder.
#[derive(Debug, Default)]
pub struct Finished {
    /// The files, for an in-memory build.
    pub memory: Option<BTreeMap<String, Vec<u8>>>,
    pub written: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// The site paths written or removed (not the unchanged ones).
    pub changed: Vec<String>,
}

/// The hashes file as written: `{"format": 1, "files": {"path": {"hash": …, "fingerprint": …}}}`.
#[derive(serde::Serialize, serde::Deserialize)]
struct Hashes<Files> {
    format: u32,
    /// The fingerprint of the inputs the files were made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    inputs: Option<String>,
    files: Files,
}

/// A build's files as the hashes file lists them, written straight from
/// the build's own map.
struct HashesOf<'a>(&'a BTreeMap<String, Entry>);

impl serde::Serialize for HashesOf<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(path, e)| {
            (path, FileHash { hash: format!("{:032x}", e.hash), fingerprint: e.fingerprint.map(|f| format!("{f:032x}")) })
        }))
    }
}

/// The length of the folder part (up to its last `/`) that `folder`, a
/// folder path ending in `/` or empty, shares with `path`.
fn common_folder(folder: &str, path: &str) -> usize {
    let same = folder.bytes().zip(path.bytes()).take_while(|(a, b)| a == b).count();
    folder[..same].rfind('/').map_or(0, |slash| slash + 1)
}

#[derive(serde::Serialize, serde::Deserialize)]
struct FileHash {
    hash: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fingerprint: Option<String>,
}

/// XXH3 with 128 bits, seed and secret left at their defaults: the same on
/// every machine and version (`xxh128sum` prints it), and fast enough to
/// hash every file of a big site.
pub fn hash128(bytes: &[u8]) -> u128 {
    twox_hash::XxHash3_128::oneshot(bytes)
}

/// A hasher for fingerprints, fed through `fmt::Write` or `io::Write`.
#[derive(Default)]
pub struct Fingerprint(twox_hash::XxHash3_128);

impl Fingerprint {
    pub fn add(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        self.0.write(&[0xff]);
    }

    pub fn finish(&self) -> u128 {
        self.0.finish_128()
    }
}

/// Fed by `Hash` impls, which frame their own values (lengths, ends of strings).
impl std::hash::Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    fn finish(&self) -> u64 {
        Fingerprint::finish(self) as u64
    }
}

impl std::fmt::Write for Fingerprint {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

impl io::Write for Fingerprint {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Why an output folder is refused, or writing failed.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.text())]
pub enum OutputError {
    HoldsSite(PathBuf),
    InsideContent(PathBuf),
    Foreign {
        path: PathBuf,
        why: String,
        list: String,
    },
    InternalOverPublic(PathBuf),
    PublicOverInternal(PathBuf),
    HandoutInsideContent(PathBuf),
    NotAHandout(PathBuf),
    NotAFolder(PathBuf),
    NotAFile(PathBuf),
    Io {
        path: PathBuf,
        source: io::Error,
    },
    /// A simulated kill, for the tests of the swap.
    #[doc(hidden)]
    Killed,
}

impl OutputError {
    /// The message, in the language of messages.
    fn text(&self) -> String {
        use crate::tr;
        match self {
            OutputError::HoldsSite(p) => {
                let p = p.display();
                tr!(zh: "不能把网站写入 {p}：它就是网站文件夹本身，或包含网站文件夹", en: "refusing to write the site into {p}: it is the site's own folder or holds it")
            }
            OutputError::InsideContent(p) => {
                let p = p.display();
                tr!(zh: "不能把网站写入 {p}：它在网站的 content 或 themes 文件夹里", en: "refusing to write the site into {p}: it is inside the site's content or themes")
            }
            OutputError::Foreign { path, why, list } => {
                let path = path.display();
                tr!(
                    zh: "不能替换 {path}：其中有不是 gongbao 写的文件{why}：{list}；请把它们移走，或加 `--clean` 替换整个文件夹及其中一切",
                    en: "refusing to replace {path}: it holds files gongbao did not write{why}: {list}; move them elsewhere, or pass `--clean` to replace the folder and everything in it"
                )
            }
            OutputError::InternalOverPublic(p) => {
                let p = p.display();
                tr!(
                    zh: "不能把内部版（含保密项目）写入 {p}：其中是公开版，很可能就是对外发布的文件夹；请换一个文件夹（默认为 public-internal/），确有此意请加 `--force`",
                    en: "refusing to write an internal build (with confidential projects) into {p}: it holds a public build, likely the folder that is published; choose another folder (the default is public-internal/), or pass `--force` if you mean it"
                )
            }
            OutputError::PublicOverInternal(p) => {
                let p = p.display();
                tr!(
                    zh: "不能把公开版写入 {p}：其中是内部版；请换一个文件夹，或加 `--force` 替换它",
                    en: "refusing to write a public build into {p}: it holds an internal build; choose another folder, or pass `--force` to replace it"
                )
            }
            OutputError::HandoutInsideContent(p) => {
                let p = p.display();
                tr!(
                    zh: "不能把印发稿写到 {p}：它是网站的设置文件，或在 content、themes 文件夹里",
                    en: "refusing to write the handout to {p}: it is the site's settings or inside its content or themes"
                )
            }
            OutputError::NotAHandout(p) => {
                let p = p.display();
                tr!(
                    zh: "不能覆盖 {p}：它不是 gongbao 写的印发稿；请换一个文件名，或先把它移走",
                    en: "refusing to overwrite {p}: it is not a handout gongbao wrote; choose another file name, or move it away first"
                )
            }
            OutputError::NotAFolder(p) => {
                let p = p.display();
                tr!(zh: "{p} 是文件，不是文件夹", en: "{p} is a file, not a folder")
            }
            OutputError::NotAFile(p) => {
                let p = p.display();
                tr!(zh: "{p} 是文件夹，不是文件", en: "{p} is a folder, not a file")
            }
            OutputError::Io { path, source } => {
                let path = path.display();
                tr!(zh: "无法写入 {path}：{source}", en: "cannot write {path}: {source}")
            }
            OutputError::Killed => "killed (simulated)".to_string(),
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

/// What a build finds at its target before it writes anything: whether the
/// target may be replaced, and what the build there holds. Taking it only
/// reads, so it runs while the content is checked; a build whose check
/// fails has touched no folder.
pub struct Survey {
    root: PathBuf,
    target: PathBuf,
    parent: PathBuf,
    name: String,
    kind: Kind,
    options: DiskOptions,
    /// Leftovers of a killed build lie beside the target: it is looked at
    /// once they are dealt with (`Output::prepare`), not now.
    leftovers: bool,
    up_to_date: Option<UpToDate>,
    previous: Option<HashMap<String, (u128, Option<u128>)>>,
    present: Option<HashSet<String>>,
}

impl Survey {
    /// Looks at `target` as a build of the site at `root` with `options` would.
    pub fn take(root: &Path, target: &Path, options: DiskOptions) -> Result<Survey, OutputError> {
        let target = absolute(target)?;
        let root = absolute(root)?;
        check_place(&root, &target)?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
        let kind = if options.internal { Kind::Internal } else { Kind::Public };
        let mut survey =
            Survey { root, target, parent, name, kind, options, leftovers: false, up_to_date: None, previous: None, present: None };
        if !stale_leftovers(&survey.parent, &survey.name, &is_alive).is_empty() {
            survey.leftovers = true;
            return Ok(survey);
        }
        let (intact, present) = check_contents(&survey.target, kind, options)?;
        let incremental = options.incremental && !options.clean;
        // Same inputs as the build in place, which is whole: nothing to do,
        // not even reading its hashes.
        survey.up_to_date = match (incremental, intact.filter(|_| present.is_some()), options.inputs) {
            (true, Some(_), Some(inputs)) => read_marker(&survey.target)?
                .filter(|m| m.kind == Some(kind) && m.inputs == Some(inputs) && m.hashes_valid(&survey.target))
                .and_then(|m| m.counts)
                .map(|counts| UpToDate { counts, files: present.as_ref().map_or(0, HashSet::len) }),
            _ => None,
        };
        survey.previous = if incremental && survey.up_to_date.is_none() { previous_hashes(&survey.target, kind) } else { None };
        survey.present = present;
        Ok(survey)
    }
}

/// Where the files of a build go.
// One per build: the size of the disk variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Output {
    /// A staging folder beside the final one, and every file of the build
    /// (written to it, or unchanged at the target). `previous`: the files
    /// of the build at the target, when this one updates it in place.
    Disk {
        staging: PathBuf,
        target: PathBuf,
        kind: Kind,
        files: Mutex<BTreeMap<String, Entry>>,
        previous: Option<HashMap<String, (u128, Option<u128>)>>,
        /// The files of the manifest found in the target by the check
        /// for foreign files: a kept page needs no look of its own.
        present: Option<HashSet<String>>,
        inputs: Option<u128>,
        counts: Mutex<Counts>,
        up_to_date: Option<UpToDate>,
    },
    /// Files kept in memory, by site path (`2024/index.html`).
    Memory(Mutex<BTreeMap<String, Vec<u8>>>),
}

impl Output {
    /// Prepares a build into `target` for the site at `root`: removes the
    /// leftovers of killed builds, refuses a dangerous target or one that
    /// holds what gongbao did not write, and creates the staging folder.
    pub fn disk(root: &Path, target: &Path, options: DiskOptions) -> Result<Output, OutputError> {
        Output::prepare(Survey::take(root, target, options)?)
    }

    /// As `disk`, from a survey of the target taken before (see `Survey`).
    pub fn prepare(survey: Survey) -> Result<Output, OutputError> {
        std::fs::create_dir_all(&survey.parent).map_err(io_error(&survey.parent))?;
        // Leftovers of a killed build change the target: look at it again.
        let survey = if remove_stale(&survey.parent, &survey.name, &survey.target, &is_alive)? || survey.leftovers {
            Survey { leftovers: false, ..Survey::take(&survey.root, &survey.target, survey.options)? }
        } else {
            survey
        };
        let Survey { target, parent, name, kind, options, up_to_date, previous, present, .. } = survey;
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}{STAGING}{pid}"));
        register(&staging);
        let created = (|| {
            if staging.exists() {
                remove_tree(&staging).map_err(io_error(&staging))?;
            }
            std::fs::create_dir(&staging).map_err(io_error(&staging))?;
            // The owner's mark, so that a later build knows this folder is a
            // leftover of ours when this process is gone.
            let marker = staging.join(MARKER);
            std::fs::write(&marker, format!("{MARKER_HEAD}staging: pid {pid}\n")).map_err(io_error(&marker))
        })();
        if let Err(e) = created {
            let _ = std::fs::remove_dir_all(&staging);
            unregister(&staging);
            return Err(e);
        }
        let (inputs, counts) = (options.inputs, Mutex::new(Counts::default()));
        let present = if previous.is_some() { present } else { None };
        let files = Mutex::new(BTreeMap::new());
        Ok(Output::Disk { staging, target, kind, files, previous, present, inputs, counts, up_to_date })
    }

    /// Whether the folder already holds this very build (see `UpToDate`).
    pub fn up_to_date(&self) -> Option<UpToDate> {
        match self {
            Output::Disk { up_to_date, .. } => *up_to_date,
            Output::Memory(_) => None,
        }
    }

    /// Records the build's counts, for a later build that finds it up to date.
    pub fn record(&self, made: Counts) {
        if let Output::Disk { counts, .. } = self {
            *counts.lock().unwrap_or_else(|p| p.into_inner()) = made;
        }
    }

    pub fn memory() -> Output {
        Output::Memory(Mutex::new(BTreeMap::new()))
    }

    /// Writes one file at `path` (relative, `/`-separated). Paths come from
    /// validated ids, never from free text.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.put(path, None, bytes)
    }

    /// Writes a page made from inputs whose fingerprint is `fingerprint`
    /// (see `keep`).
    pub fn write_page(&self, path: &str, fingerprint: u128, bytes: &[u8]) -> Result<(), OutputError> {
        self.put(path, Some(fingerprint), bytes)
    }

    /// Whether the page at `path` is the previous build's, made from the
    /// same inputs, and still there: then it is kept as it is, neither
    /// rendered nor written.
    pub fn keep(&self, path: &str, fingerprint: u128) -> bool {
        let Output::Disk { target, files, previous: Some(previous), present, .. } = self else { return false };
        match previous.get(path) {
            Some(&(hash, Some(before))) if before == fingerprint && is_there(present.as_ref(), target, path) => {
                let entry = Entry { hash, fingerprint: Some(fingerprint), written: false };
                files.lock().unwrap_or_else(|p| p.into_inner()).insert(path.to_string(), entry);
                true
            }
            _ => false,
        }
    }

    fn put(&self, path: &str, fingerprint: Option<u128>, bytes: &[u8]) -> Result<(), OutputError> {
        match self {
            Output::Disk { staging, target, files, previous, present, .. } => {
                let hash = hash128(bytes);
                // The same bytes as the previous build's file, still there: not written again.
                let unchanged =
                    previous.as_ref().is_some_and(|p| p.get(path).is_some_and(|e| e.0 == hash)) && is_there(present.as_ref(), target, path);
                if !unchanged {
                    // Held while writing: a signal's cleanup waits for writes in
                    // flight, and no write starts after it.
                    let _live = LIVE.read().unwrap_or_else(|p| p.into_inner());
                    let full = staging.join(path);
                    if let Some(parent) = full.parent() {
                        std::fs::create_dir_all(parent).map_err(io_error(parent))?;
                    }
                    std::fs::write(&full, bytes).map_err(io_error(&full))?;
                }
                let entry = Entry { hash, fingerprint, written: !unchanged };
                files.lock().unwrap_or_else(|p| p.into_inner()).insert(path.to_string(), entry);
                Ok(())
            }
            Output::Memory(files) => {
                let mut files = files.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                files.insert(path.to_string(), bytes.to_vec());
                Ok(())
            }
        }
    }

    /// A folder of the output: an edition of the site lives under its language.
    pub fn folder<'a>(&'a self, prefix: &'a str) -> Folder<'a> {
        Folder { output: self, prefix }
    }

    /// Puts a successful build in place. The staging folder and the target
    /// are exchanged in one step where the system can (Linux), so the
    /// target never goes missing; elsewhere two renames.
    pub fn finish(self) -> Result<Finished, OutputError> {
        self.finish_with(Hooks::default())
    }

    fn finish_with(self, hooks: Hooks) -> Result<Finished, OutputError> {
        match self {
            Output::Disk { staging, target, kind, files, previous, inputs, counts, .. } => {
                let files = files.into_inner().unwrap_or_else(|p| p.into_inner());
                let counts = counts.into_inner().unwrap_or_else(|p| p.into_inner());
                let written: Vec<String> = files.iter().filter(|(_, e)| e.written).map(|(p, _)| p.clone()).collect();
                let mut finished = Finished { written: written.len(), unchanged: files.len() - written.len(), ..Finished::default() };
                let incremental = previous.is_some();
                let removed = match &previous {
                    // Every previous file made again (the usual rebuild): no search for the gone.
                    Some(p) if files.keys().filter(|f| p.contains_key(*f)).count() == p.len() => Vec::new(),
                    Some(p) => p.keys().filter(|f| !files.contains_key(*f)).cloned().collect(),
                    None => Vec::new(),
                };
                finished.removed = removed.len();
                finished.changed = written.iter().chain(&removed).cloned().collect();
                finished.changed.sort();
                let placed = write_manifest(&staging, kind, &files, (inputs, counts), incremental).and_then(|()| {
                    // A signal waits until the swap is done: it never sees half of it.
                    let _swapping = LIVE.write().unwrap_or_else(|p| p.into_inner());
                    if incremental {
                        hooks.step(Step::BeforeSwap)?;
                        apply(&staging, &target, &written, hooks)?;
                        hooks.step(Step::AfterSwap)?;
                        Ok(Some(staging.clone()))
                    } else {
                        put_in_place(&staging, &target, hooks)
                    }
                });
                let old = match placed {
                    Ok(old) => old,
                    // A killed process cleans nothing up.
                    Err(OutputError::Killed) => return Err(OutputError::Killed),
                    Err(e) => {
                        // A failure while applying leaves the staging folder,
                        // its marker saying so: the next build finishes the update.
                        if !(incremental && is_committed(&staging)) {
                            let _ = remove_tree(&staging);
                        }
                        unregister(&staging);
                        return Err(e);
                    }
                };
                let removed = match &old {
                    Some(old) => remove_tree(old).map_err(io_error(old)),
                    None => Ok(()),
                };
                unregister(&staging);
                removed.map(|()| finished)
            }
            Output::Memory(files) => {
                let files = files.into_inner().unwrap_or_else(|p| p.into_inner());
                Ok(Finished { written: files.len(), memory: Some(files), ..Finished::default() })
            }
        }
    }

    /// Throws away a failed build; the previous output stays as it was.
    pub fn abandon(self) {
        if let Output::Disk { staging, .. } = self {
            let _ = remove_tree(&staging);
            unregister(&staging);
        }
    }
}

/// Writes the manifest of what the build wrote and the hashes of its
/// files, then the marker that names the build's kind and both files'
/// hashes: the marker comes last, so a folder with a valid marker always
/// has its whole manifest. An update in place marks its staging folder as
/// committed: from then on, a killed build is finished by the next one.
fn write_manifest(
    staging: &Path,
    kind: Kind,
    files: &BTreeMap<String, Entry>,
    (inputs, counts): (Option<u128>, Counts),
    commit: bool,
) -> Result<(), OutputError> {
    // Each folder just before its first file: in sorted order, as the
    // paths under a folder follow the folder's own entry.
    let mut manifest = String::new();
    let mut folder = "";
    for path in files.keys() {
        let shared = common_folder(folder, path);
        let mut end = shared;
        while let Some(slash) = path[end..].find('/') {
            end += slash + 1;
            manifest.push_str(&path[..end]);
            manifest.push('\n');
        }
        folder = &path[..end];
        manifest.push_str(path);
        manifest.push('\n');
    }
    let file = staging.join(MANIFEST);
    std::fs::write(&file, &manifest).map_err(io_error(&file))?;
    let hashes = Hashes { format: HASHES_FORMAT, inputs: inputs.map(|i| format!("{i:032x}")), files: HashesOf(files) };
    let mut json = serde_json::to_vec_pretty(&hashes).map_err(|e| OutputError::Io { path: staging.join(HASHES), source: e.into() })?;
    json.push(b'\n');
    let file = staging.join(HASHES);
    std::fs::write(&file, &json).map_err(io_error(&file))?;
    let marker = staging.join(MARKER);
    let mut text = format!(
        "{MARKER_HEAD}build: {}\nmanifest: fnv1a64 {:016x}\nhashes: fnv1a64 {:016x}\n",
        kind.name(),
        fnv1a64(manifest.as_bytes()),
        fnv1a64(&json)
    );
    if let Some(inputs) = inputs {
        let Counts { pages, charts, handouts, files } = counts;
        text.push_str(&format!("inputs: xxh3-128 {inputs:032x}\ncounts: {pages} {charts} {handouts} {files}\n"));
    }
    if commit {
        text.push_str(COMMIT);
    }
    std::fs::write(&marker, text).map_err(io_error(&marker))
}

/// The last line of the marker of a staging folder whose files are being
/// moved into the target: a build that finds it left by a dead process
/// finishes the move.
const COMMIT: &str = "commit: update in place\n";

fn is_committed(staging: &Path) -> bool {
    std::fs::read(staging.join(MARKER)).is_ok_and(|m| m.starts_with(MARKER_HEAD.as_bytes()) && m.ends_with(COMMIT.as_bytes()))
}

/// Whether the previous build's file at `path` is still in `target`: as
/// the check for foreign files found it when it listed the folder, else
/// looked at now.
fn is_there(present: Option<&HashSet<String>>, target: &Path, path: &str) -> bool {
    match present {
        Some(present) => present.contains(path),
        None => is_file(&target.join(path)),
    }
}

/// A file, not a link or folder.
fn is_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// The files of the previous build at `target`, by path: their hashes and
/// fingerprints, when its marker vouches for them and it is of this kind.
fn previous_hashes(target: &Path, kind: Kind) -> Option<HashMap<String, (u128, Option<u128>)>> {
    let text = std::fs::read_to_string(target.join(MARKER)).ok()?;
    if !text.lines().any(|l| l == format!("build: {}", kind.name())) {
        return None;
    }
    let vouched = text.lines().find_map(|l| l.strip_prefix("hashes: fnv1a64 ")).and_then(|h| u64::from_str_radix(h, 16).ok())?;
    let json = std::fs::read(target.join(HASHES)).ok()?;
    if fnv1a64(&json) != vouched {
        return None;
    }
    let hashes: Hashes<BTreeMap<String, FileHash>> = serde_json::from_slice(&json).ok()?;
    if hashes.format != HASHES_FORMAT {
        return None;
    }
    let hex = |h: &str| u128::from_str_radix(h, 16).ok();
    hashes.files.into_iter().map(|(path, f)| Some((path, (hex(&f.hash)?, f.fingerprint.as_deref().and_then(hex))))).collect()
}

/// Moves the files an update wrote from `staging` into `target` (each by
/// one rename, so a reader sees the old file or the new one), removes the
/// files of the previous manifest that are not in the new one, then puts
/// the new manifest, hashes and, last, marker in place. Each step can be
/// done again: a build that finds this left half done by a dead process
/// calls it again with every file still in the staging folder.
fn apply(staging: &Path, target: &Path, written: &[String], hooks: Hooks) -> Result<(), OutputError> {
    use rayon::prelude::*;
    written.par_iter().try_for_each(|path| {
        let from = staging.join(path);
        if std::fs::symlink_metadata(&from).is_err() {
            return Ok(()); // moved already
        }
        let to = target.join(path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        std::fs::rename(&from, &to).map_err(io_error(&to))
    })?;
    hooks.step(Step::BetweenRenames)?;
    // The previous manifest, if the target's marker still vouches for it.
    let old = read_marker(target)?.and_then(|m| m.manifest).and_then(|hash| {
        let bytes = std::fs::read(target.join(MANIFEST)).ok()?;
        (fnv1a64(&bytes) == hash).then(|| String::from_utf8_lossy(&bytes).into_owned())
    });
    if let Some(old) = old {
        let new = std::fs::read_to_string(staging.join(MANIFEST)).map_err(io_error(&staging.join(MANIFEST)))?;
        // The same files as before (the usual rebuild): none to remove.
        let gone: Vec<&str> = if new == old {
            Vec::new()
        } else {
            let new: HashSet<&str> = new.lines().collect();
            old.lines().filter(|l| !new.contains(l)).collect()
        };
        gone.par_iter().filter(|p| !p.ends_with('/')).try_for_each(|path| match std::fs::remove_file(target.join(path)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(OutputError::Io { path: target.join(path), source: e }),
            _ => Ok(()),
        })?;
        // Folders deepest first; one that holds something else stays.
        let mut folders: Vec<&&str> = gone.iter().filter(|p| p.ends_with('/')).collect();
        folders.sort_by_key(|p| std::cmp::Reverse(p.matches('/').count()));
        for folder in folders {
            let _ = std::fs::remove_dir(target.join(folder));
        }
    }
    // Nothing changed at all: the folder's own files stay too (0 files written).
    let same = |name: &str| std::fs::read(staging.join(name)).ok().is_some_and(|new| std::fs::read(target.join(name)).ok() == Some(new));
    if written.is_empty() && same(HASHES) && same(MANIFEST) {
        return Ok(());
    }
    for name in [HASHES, MANIFEST] {
        let from = staging.join(name);
        if std::fs::symlink_metadata(&from).is_ok() {
            std::fs::rename(&from, target.join(name)).map_err(io_error(&target.join(name)))?;
        }
    }
    // The marker last, as a clean build writes it (without the commit line).
    let marker = staging.join(MARKER);
    let text = std::fs::read_to_string(&marker).map_err(io_error(&marker))?;
    let last = staging.join(".gongbao-output.final");
    std::fs::write(&last, text.strip_suffix(COMMIT).unwrap_or(&text)).map_err(io_error(&last))?;
    std::fs::rename(&last, target.join(MARKER)).map_err(io_error(&target.join(MARKER)))?;
    std::fs::remove_file(&marker).map_err(io_error(&marker))
}

/// Every file under `dir`, as paths relative to `prefix`.
fn files_under(dir: &Path, prefix: &str, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else { continue };
        let path = format!("{prefix}{name}");
        match entry.file_type() {
            Ok(t) if t.is_dir() => files_under(&entry.path(), &format!("{path}/"), found),
            Ok(t) if t.is_file() && !(prefix.is_empty() && [MARKER, MANIFEST, HASHES].contains(&name.as_str())) => found.push(path),
            _ => {}
        }
    }
}

/// FNV-1a, 64 bits: a hash that is the same on every machine and version
/// (the standard library's is not), enough to tie a marker to its manifest.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// What a finished marker says.
struct Marker {
    kind: Option<Kind>,
    manifest: Option<u64>,
    hashes: Option<u64>,
    inputs: Option<u128>,
    counts: Option<Counts>,
}

impl Marker {
    /// Whether the hashes file is the one this marker vouches for.
    fn hashes_valid(&self, folder: &Path) -> bool {
        self.hashes.is_some_and(|h| std::fs::read(folder.join(HASHES)).is_ok_and(|json| fnv1a64(&json) == h))
    }
}

fn read_marker(folder: &Path) -> Result<Option<Marker>, OutputError> {
    let path = folder.join(MARKER);
    let text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        // A folder named `.gongbao-output`, say: not a marker of ours.
        Err(_) => return Ok(Some(Marker { kind: None, manifest: None, hashes: None, inputs: None, counts: None })),
    };
    let mut marker = Marker { kind: None, manifest: None, hashes: None, inputs: None, counts: None };
    for line in text.lines() {
        if let Some(kind) = line.strip_prefix("build: ") {
            marker.kind = match kind {
                "public" => Some(Kind::Public),
                "internal" => Some(Kind::Internal),
                _ => None,
            };
        } else if let Some(hash) = line.strip_prefix("manifest: fnv1a64 ") {
            marker.manifest = u64::from_str_radix(hash, 16).ok();
        } else if let Some(hash) = line.strip_prefix("hashes: fnv1a64 ") {
            marker.hashes = u64::from_str_radix(hash, 16).ok();
        } else if let Some(hash) = line.strip_prefix("inputs: xxh3-128 ") {
            marker.inputs = u128::from_str_radix(hash, 16).ok();
        } else if let Some(counts) = line.strip_prefix("counts: ") {
            let n: Vec<usize> = counts.split(' ').filter_map(|n| n.parse().ok()).collect();
            if let [pages, charts, handouts, files] = n[..] {
                marker.counts = Some(Counts { pages, charts, handouts, files });
            }
        }
    }
    Ok(Some(marker))
}

/// Refuses to replace `target` unless everything in it is in the manifest
/// its marker vouches for (with `--clean`, whatever it holds), or when it
/// holds a build of the other kind (unless `--force`). Returns whether the
/// folder holds every file and folder of its manifest, and the files of
/// the manifest it holds (none with `--clean`).
fn check_contents(target: &Path, kind: Kind, options: DiskOptions) -> Result<(Option<()>, Option<HashSet<String>>), OutputError> {
    if !target.is_dir() {
        return Ok((None, None));
    }
    let marker = read_marker(target)?;
    let (intact, present) = if options.clean { (None, None) } else { check_ours(target, marker.as_ref())? };
    match (marker.and_then(|m| m.kind), kind) {
        (Some(Kind::Public), Kind::Internal) if !options.force => Err(OutputError::InternalOverPublic(target.to_path_buf())),
        (Some(Kind::Internal), Kind::Public) if !options.force => Err(OutputError::PublicOverInternal(target.to_path_buf())),
        _ => Ok((intact, present)),
    }
}

/// Refuses the target unless its marker vouches for its manifest and the
/// manifest lists everything in it. Returns whether the folder holds all
/// the manifest lists, and the files of the manifest it holds (the walk
/// sees both at no cost).
fn check_ours(target: &Path, marker: Option<&Marker>) -> Result<(Option<()>, Option<HashSet<String>>), OutputError> {
    let manifest = match marker.and_then(|m| m.manifest) {
        Some(hash) => {
            let path = target.join(MANIFEST);
            match std::fs::read(&path) {
                Ok(bytes) if fnv1a64(&bytes) == hash => Some(String::from_utf8_lossy(&bytes).into_owned()),
                _ => None,
            }
        }
        None => None,
    };
    let known: HashSet<&str> = manifest.as_deref().map(|m| m.lines().collect()).unwrap_or_default();
    let (mut foreign, found, files) = foreign_in(target, "", &known, manifest.is_some())?;
    if foreign.is_empty() {
        let whole = manifest.is_some() && found == known.len();
        return Ok((whole.then_some(()), manifest.is_some().then(|| files.into_iter().collect())));
    }
    let why = match (marker, &manifest) {
        (None, _) => crate::tr!(zh: "（其中没有 .gongbao-output 标记）", en: " (it has no .gongbao-output marker)"),
        (Some(_), None) => crate::tr!(
            zh: "（其 .gongbao-output 标记与 .gongbao-manifest 不符）",
            en: " (its .gongbao-output marker does not match a .gongbao-manifest)"
        ),
        (Some(_), Some(_)) => String::new(),
    };
    foreign.sort();
    let mut list = foreign.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if foreign.len() > SHOWN {
        let more = foreign.len() - SHOWN;
        list.push_str(&crate::tr!(zh: " 等，另有 {more} 个", en: " and {more} more"));
    }
    Err(OutputError::Foreign { path: target.to_path_buf(), why, list })
}

/// What in `dir` (at `prefix` in the output) is not in the manifest: one
/// walk, the folders of a level in parallel, each entry looked up in the
/// manifest; a foreign folder is named once, not walked into. The marker
/// and manifest themselves count as ours when they match. Also counts the
/// entries of the manifest found, and lists its files found (files, not
/// links: the type comes from the listing).
type Found = (Vec<String>, usize, Vec<String>);
fn foreign_in(dir: &Path, prefix: &str, known: &HashSet<&str>, own_files: bool) -> Result<Found, OutputError> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir).and_then(|e| e.collect()).map_err(io_error(dir))?;
    entries
        .par_iter()
        .map(|entry| {
            // The type from the folder listing: no link is followed.
            let kind = entry.file_type().map_err(io_error(&entry.path()))?;
            let is_dir = kind.is_dir();
            let name = entry.file_name();
            let mut key = format!("{prefix}{}", name.to_string_lossy());
            if is_dir {
                key.push('/');
            }
            if own_files && prefix.is_empty() && (key == MARKER || key == MANIFEST || key == HASHES) {
                return Ok((Vec::new(), 0, Vec::new()));
            }
            if name.to_str().is_none() || !known.contains(key.as_str()) {
                return Ok((vec![key], 0, Vec::new()));
            }
            if is_dir {
                let (foreign, found, files) = foreign_in(&entry.path(), &key, known, own_files)?;
                Ok((foreign, found + 1, files))
            } else if kind.is_file() {
                Ok((Vec::new(), 1, vec![key]))
            } else {
                Ok((Vec::new(), 1, Vec::new()))
            }
        })
        .try_reduce(
            || (Vec::new(), 0, Vec::new()),
            |(mut all, found, mut files), (more, more_found, more_files)| {
                all.extend(more);
                files.extend(more_files);
                Ok((all, found + more_found, files))
            },
        )
}

/// Test points in the swap, where a test build stops as if killed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    BeforeSwap,
    /// Only in the two-rename fallback: the old site moved aside, the new
    /// one not yet in place.
    BetweenRenames,
    AfterSwap,
}

#[derive(Debug, Clone, Copy, Default)]
struct Hooks {
    /// Use the two renames even where the exchange works.
    no_exchange: bool,
    die_at: Option<Step>,
}

impl Hooks {
    fn step(self, step: Step) -> Result<(), OutputError> {
        if self.die_at == Some(step) { Err(OutputError::Killed) } else { Ok(()) }
    }
}

/// Moves the staging folder to the target. Returns where the previous
/// site now is, to be removed.
fn put_in_place(staging: &Path, target: &Path, hooks: Hooks) -> Result<Option<PathBuf>, OutputError> {
    hooks.step(Step::BeforeSwap)?;
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::rename(staging, target).map_err(io_error(target))?;
            return Ok(None);
        }
        Err(e) => return Err(OutputError::Io { path: target.to_path_buf(), source: e }),
        Ok(_) => {}
    }
    if !hooks.no_exchange && exchange(staging, target).map_err(io_error(target))? {
        hooks.step(Step::AfterSwap)?;
        return Ok(Some(staging.to_path_buf()));
    }
    let old = old_name(staging);
    std::fs::rename(target, &old).map_err(io_error(target))?;
    hooks.step(Step::BetweenRenames)?;
    if let Err(e) = std::fs::rename(staging, target) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old, target);
        return Err(OutputError::Io { path: target.to_path_buf(), source: e });
    }
    hooks.step(Step::AfterSwap)?;
    Ok(Some(old))
}

/// Exchanges two folders in one step; false where the system or the file
/// system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

fn old_name(staging: &Path) -> PathBuf {
    let name = staging.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    staging.with_file_name(format!("{name}.old"))
}

/// The staging folders and set-aside sites that killed builds into `name`
/// left in `parent` (ours by their marker, their process gone), each with
/// whether it is a set-aside site.
fn stale_leftovers(parent: &Path, name: &str, alive: &dyn Fn(u32) -> bool) -> Vec<(PathBuf, bool)> {
    let prefix = format!(".{name}{STAGING}");
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    let mut stale = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else { continue };
        let (pid, old) = match rest.strip_suffix(".old") {
            Some(pid) => (pid, true),
            None => (rest, false),
        };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if pid == std::process::id() || alive(pid) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let ours = std::fs::read(entry.path().join(MARKER)).is_ok_and(|m| m.starts_with(MARKER_HEAD.as_bytes()));
        if ours {
            stale.push((entry.path(), old));
        }
    }
    stale
}

/// Removes the leftovers of builds that were killed (see `stale_leftovers`).
/// An old site set aside while the target is missing is the previous site:
/// it is put back instead; an update in place killed while moving its files
/// in is finished. Returns whether there were any.
fn remove_stale(parent: &Path, name: &str, target: &Path, alive: &dyn Fn(u32) -> bool) -> Result<bool, OutputError> {
    let mut stale = stale_leftovers(parent, name, alive);
    let found = !stale.is_empty();
    // The old sites first: one may be the only copy of the previous site.
    stale.sort_by_key(|(_, old)| !old);
    for (path, old) in stale {
        if !old && is_committed(&path) && target.is_dir() {
            // An update in place killed while moving its files: finish it.
            let mut written = Vec::new();
            files_under(&path, "", &mut written);
            apply(&path, target, &written, Hooks::default())?;
            remove_tree(&path).map_err(io_error(&path))?;
        } else if old && std::fs::symlink_metadata(target).is_err() {
            std::fs::rename(&path, target).map_err(io_error(target))?;
        } else {
            remove_tree(&path).map_err(io_error(&path))?;
        }
    }
    Ok(found)
}

/// Whether a process runs with this id (a process of another user counts).
#[cfg(unix)]
fn is_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else { return true };
    !matches!(rustix::process::test_kill_process(pid), Err(rustix::io::Errno::SRCH))
}

/// Without a way to ask, every process is taken to be alive: nothing is removed.
#[cfg(not(unix))]
fn is_alive(_: u32) -> bool {
    true
}

/// Staging folders and temporary files this process is writing, removed
/// on SIGTERM and SIGINT. Writers hold it for reading; the cleanup and the
/// swap for writing.
static LIVE: RwLock<Vec<PathBuf>> = RwLock::new(Vec::new());

fn register(path: &Path) {
    LIVE.write().unwrap_or_else(|p| p.into_inner()).push(path.to_path_buf());
}

fn unregister(path: &Path) {
    LIVE.write().unwrap_or_else(|p| p.into_inner()).retain(|p| p != path);
}

/// On SIGTERM (what CI sends on cancel) and SIGINT, removes the unfinished
/// build before exiting, so no staging folder is left. For `build` and
/// `handout` only: `serve` handles its own signals.
pub fn clean_up_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Waits for writes in flight and any swap under way, and
                // keeps every later write out until the process ends.
                let live = LIVE.write().unwrap_or_else(|p| p.into_inner());
                for path in live.iter() {
                    // Not `remove_tree`: its threads are the ones now waiting.
                    let _ = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
                }
                eprintln!("interrupted: the unfinished build was removed; the previous output is as it was");
                std::process::exit(128 + signal);
            }
        });
    }
}

/// Deletes a folder and everything in it, many files at once: a big site's
/// previous output has a hundred thousand files.
fn remove_tree(path: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(path)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        // Not following links: a link inside the output is removed, not its target.
        if entry.file_type()?.is_dir() { remove_tree(&entry.path()) } else { std::fs::remove_file(entry.path()) }
    })?;
    std::fs::remove_dir(path)
}

/// Writes into one folder of an `Output`.
#[derive(Clone, Copy)]
pub struct Folder<'a> {
    output: &'a Output,
    prefix: &'a str,
}

impl Folder<'_> {
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if self.prefix.is_empty() { self.output.write(path, bytes) } else { self.output.write(&format!("{}{path}", self.prefix), bytes) }
    }

    pub fn write_page(&self, path: &str, fingerprint: u128, bytes: &[u8]) -> Result<(), OutputError> {
        self.output.write_page(&format!("{}{path}", self.prefix), fingerprint, bytes)
    }

    pub fn keep(&self, path: &str, fingerprint: u128) -> bool {
        self.output.keep(&format!("{}{path}", self.prefix), fingerprint)
    }
}

/// The handout's HTML with gongbao's mark in its `<head>`, so that a later
/// `handout -o` knows it may overwrite the file. A theme's template may
/// carry it already.
pub fn mark_handout(html: String) -> String {
    if html.contains(HANDOUT_MARK) {
        return html;
    }
    let at = match html.find("<head>") {
        Some(head) => head + "<head>".len(),
        None if html.starts_with("<!") => html.find('\n').map_or(html.len(), |end| end + 1),
        None => 0,
    };
    format!("{}\n{HANDOUT_MARK}\n{}", &html[..at], &html[at..])
}

/// Where a handout goes.
#[derive(Debug)]
pub enum HandoutFile {
    /// A file (new, or a handout gongbao wrote), by its absolute path.
    File(PathBuf),
    /// A device or pipe, such as `/dev/stdout` or `/dev/null`: written to,
    /// never replaced.
    Stream(PathBuf),
}

/// A character device or a pipe: nothing there to overwrite.
fn is_stream(file: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        std::fs::metadata(file).is_ok_and(|m| m.file_type().is_char_device() || m.file_type().is_fifo())
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        false
    }
}

/// Refuses a handout file that is the site's settings, inside its content
/// or themes, a folder, or a file that is not a handout gongbao wrote.
pub fn check_handout_file(root: &Path, file: &Path) -> Result<HandoutFile, OutputError> {
    if is_stream(file) {
        return Ok(HandoutFile::Stream(file.to_path_buf()));
    }
    let path = absolute(file)?;
    let root = absolute(root)?;
    if path.starts_with(root.join("site.yaml")) || path.starts_with(root.join("content")) || path.starts_with(root.join("themes")) {
        return Err(OutputError::HandoutInsideContent(path));
    }
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(HandoutFile::File(path)),
        Err(e) => Err(OutputError::Io { path, source: e }),
        Ok(meta) if meta.is_dir() => Err(OutputError::NotAFile(path)),
        Ok(meta) if !meta.is_file() => Err(OutputError::NotAHandout(path)),
        Ok(_) => {
            // The mark sits at the top of the head: the first bytes tell.
            let mut head = Vec::new();
            let read = std::fs::File::open(&path).and_then(|f| f.take(16 * 1024).read_to_end(&mut head));
            match read {
                Ok(_) if head.windows(HANDOUT_MARK.len()).any(|w| w == HANDOUT_MARK.as_bytes()) => Ok(HandoutFile::File(path)),
                Ok(_) => Err(OutputError::NotAHandout(path)),
                Err(e) => Err(OutputError::Io { path, source: e }),
            }
        }
    }
}

/// Writes a handout to `file` after `check_handout_file`, through a
/// temporary file beside it and a rename: a failure leaves the old file.
pub fn write_handout(root: &Path, file: &Path, html: String) -> Result<(), OutputError> {
    let html = mark_handout(html);
    let path = match check_handout_file(root, file)? {
        HandoutFile::File(path) => path,
        HandoutFile::Stream(path) => return std::fs::write(&path, html).map_err(|source| OutputError::Io { path, source }),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.gongbao-tmp-{}", std::process::id()));
    register(&temp);
    let written = std::fs::write(&temp, html).and_then(|()| std::fs::rename(&temp, &path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    unregister(&temp);
    written.map_err(|source| OutputError::Io { path, source })
}

/// The absolute form of `path`: `.` and `..` resolved by name, then the
/// part that exists resolved on disk (symbolic links), so two spellings of
/// one folder compare equal.
fn absolute(path: &Path) -> Result<PathBuf, OutputError> {
    let joined = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().map_err(io_error(path))?.join(path) };
    let mut lexical = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            std::path::Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().map_err(io_error(existing))?;
    resolved.extend(rest.into_iter().rev());
    Ok(resolved)
}

/// Where a site may never go: the site's folder or one holding it, inside
/// its content or themes, or onto a file.
fn check_place(root: &Path, target: &Path) -> Result<(), OutputError> {
    if root.starts_with(target) {
        return Err(OutputError::HoldsSite(target.to_path_buf()));
    }
    for inside in ["content", "themes", "site.yaml"] {
        if target.starts_with(root.join(inside)) {
            return Err(OutputError::InsideContent(target.to_path_buf()));
        }
    }
    if target.exists() && !target.is_dir() {
        return Err(OutputError::NotAFolder(target.to_path_buf()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path) -> PathBuf {
        let root = dir.join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("site.yaml"), "title: t\n").unwrap();
        root
    }

    fn build(root: &Path, target: &Path, page: &str) -> Output {
        let out = Output::disk(root, target, DiskOptions::default()).unwrap();
        out.write("index.html", page.as_bytes()).unwrap();
        out.write("2025/a/index.html", page.as_bytes()).unwrap();
        out
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn file_hashes_are_what_xxh128sum_prints() {
        // `printf hello | xxh128sum`: the README promises deploy scripts this.
        assert_eq!(format!("{:032x}", hash128(b"hello")), "b5e9c1ad071b3e7fc779cfaa5e523818");
    }

    #[test]
    fn the_manifest_lists_each_folder_once_in_sorted_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let out = Output::disk(&root, &dir.path().join("public"), DiskOptions::default()).unwrap();
        let paths = ["d.x/y", "d/z", "d/e/f/g.html", "d/e/h", "d0", "de/f", "a.html", "index.html", "2025/a/index.html", "2025-x"];
        for path in paths {
            out.write(path, b"x").unwrap();
        }
        out.finish().unwrap();
        // Every file and every folder above one, sorted as strings.
        let mut expected = std::collections::BTreeSet::new();
        for path in paths {
            expected.extend(path.match_indices('/').map(|(i, _)| path[..=i].to_string()));
            expected.insert(path.to_string());
        }
        let manifest = std::fs::read_to_string(dir.path().join("public").join(MANIFEST)).unwrap();
        assert_eq!(manifest.lines().collect::<Vec<_>>(), expected.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn refuses_dangerous_targets() {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let disk = |target: &Path| Output::disk(&root, target, DiskOptions::default());
        assert!(matches!(disk(&root), Err(OutputError::HoldsSite(_))));
        assert!(matches!(disk(dir.path()), Err(OutputError::HoldsSite(_))));
        assert!(matches!(disk(&root.join("content/out")), Err(OutputError::InsideContent(_))));
        let foreign = dir.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("letter.txt"), "mine").unwrap();
        assert!(matches!(disk(&foreign), Err(OutputError::Foreign { .. })));
        assert!(matches!(disk(&root.join("content/../public/../content")), Err(OutputError::InsideContent(_))));
    }

    #[test]
    fn replaces_only_on_finish() {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let target = root.join("public");
        build(&root, &target, "one").finish().unwrap();
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"one");
        let manifest = std::fs::read_to_string(target.join(MANIFEST)).unwrap();
        assert_eq!(manifest, "2025/\n2025/a/\n2025/a/index.html\nindex.html\n");

        build(&root, &target, "two").abandon();
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"one");
        assert_eq!(names(&root), ["content", "public", "site.yaml"], "no staging folder left behind");

        build(&root, &target, "three").finish().unwrap();
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"three");
        assert_eq!(names(&root), ["content", "public", "site.yaml"]);
    }

    /// A build killed at each step of the swap: the previous or the new site
    /// is whole at the target, and the next build cleans up (or puts the
    /// previous site back) once the killed process is gone.
    #[test]
    fn a_kill_at_any_step_of_the_swap_loses_no_site() {
        for (no_exchange, step, expect) in [
            (false, Step::BeforeSwap, "one"),
            (false, Step::AfterSwap, "two"),
            (true, Step::BeforeSwap, "one"),
            (true, Step::BetweenRenames, "one"),
            (true, Step::AfterSwap, "two"),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let root = site(dir.path());
            let target = root.join("public");
            build(&root, &target, "one").finish().unwrap();
            let out = build(&root, &target, "two");
            let Output::Disk { staging, .. } = &out else { unreachable!() };
            let staging = staging.clone();
            unregister(&staging);
            let killed = out.finish_with(Hooks { no_exchange, die_at: Some(step) });
            assert!(matches!(killed, Err(OutputError::Killed)));
            let case = format!("{step:?}, exchange: {}", !no_exchange);
            if step == Step::BetweenRenames {
                // The window the exchange closes: the fallback has it.
                assert!(!target.exists(), "{case}");
            } else {
                assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), expect, "{case}");
            }
            if cfg!(target_os = "linux") && !no_exchange && step == Step::AfterSwap {
                // Exchanged in one step: the old site is at the staging name.
                assert_eq!(std::fs::read_to_string(staging.join("index.html")).unwrap(), "one", "{case}");
            }
            // Rename the leftovers as if a dead process left them.
            for name in names(&root) {
                if let Some(rest) = name.strip_prefix(".public.gongbao-staging-") {
                    let suffix = rest.trim_start_matches(|c: char| c.is_ascii_digit());
                    std::fs::rename(root.join(&name), root.join(format!(".public.gongbao-staging-999999999{suffix}"))).unwrap();
                }
            }
            remove_stale(&root, "public", &target, &|_| false).unwrap();
            assert_eq!(names(&root), ["content", "public", "site.yaml"], "{case}");
            assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), expect, "{case}");
            assert_eq!(std::fs::read_to_string(target.join("2025/a/index.html")).unwrap(), expect, "{case}");
            // And the site left is one a build may replace.
            build(&root, &target, "three").finish().unwrap();
        }
    }

    #[test]
    fn stale_folders_of_live_processes_and_foreign_folders_stay() {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let target = root.join("public");
        let live = root.join(".public.gongbao-staging-1");
        let unmarked = root.join(".public.gongbao-staging-999999998");
        std::fs::create_dir_all(&live).unwrap();
        std::fs::write(live.join(MARKER), MARKER_HEAD).unwrap();
        std::fs::create_dir_all(&unmarked).unwrap();
        std::fs::write(unmarked.join("notes.txt"), "mine").unwrap();
        remove_stale(&root, "public", &target, &|pid| pid == 1).unwrap();
        assert!(live.exists() && unmarked.exists());
    }

    #[test]
    fn an_edited_manifest_or_a_planted_marker_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let target = root.join("public");
        build(&root, &target, "one").finish().unwrap();
        std::fs::write(target.join("CNAME"), "example.org").unwrap();
        let refused = Output::disk(&root, &target, DiskOptions::default()).unwrap_err().to_string();
        assert!(refused.contains(": CNAME; "), "{refused}");
        // Adding CNAME to the manifest breaks the marker's hash.
        let manifest = std::fs::read_to_string(target.join(MANIFEST)).unwrap();
        std::fs::write(target.join(MANIFEST), format!("CNAME\n{manifest}")).unwrap();
        let refused = Output::disk(&root, &target, DiskOptions::default()).unwrap_err().to_string();
        assert!(refused.contains("does not match") && refused.contains("CNAME"), "{refused}");
        assert!(Output::disk(&root, &target, DiskOptions { clean: true, ..DiskOptions::default() }).is_ok());
    }

    #[test]
    fn handouts_are_marked_once() {
        let marked = mark_handout("<!DOCTYPE html>\n<html><head><title>t</title></head></html>".into());
        assert_eq!(marked, format!("<!DOCTYPE html>\n<html><head>\n{HANDOUT_MARK}\n<title>t</title></head></html>"));
        assert_eq!(mark_handout(marked.clone()), marked);
        assert!(mark_handout("<!DOCTYPE html>\n<p>x".into()).starts_with(&format!("<!DOCTYPE html>\n\n{HANDOUT_MARK}")));
    }

    #[test]
    fn manifest_hash_is_fixed() {
        // FNV-1a's published test values: the hash never changes with the compiler.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
