//! Output: the one place that writes a built site. A build goes into a
//! sibling staging folder that replaces the old output only when the whole
//! build succeeded; `serve` keeps the files in memory instead.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Marks a folder as written by gongbao, so a later build may replace it.
pub const MARKER: &str = ".gongbao-output";
const MARKER_TEXT: &str = "This folder was written by gongbao and is replaced by each build.\n";

/// Why an output folder is refused, or writing failed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to write the site into {0}: it is the site's own folder or holds it")]
    HoldsSite(PathBuf),
    #[error("refusing to write the site into {0}: it is inside the site's content or themes")]
    InsideContent(PathBuf),
    #[error("refusing to replace {0}: it holds files gongbao did not write (no {MARKER} file); choose an empty or new folder")]
    NotOurs(PathBuf),
    #[error("{0} is a file, not a folder")]
    NotAFolder(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

/// Where the files of a build go.
#[derive(Debug)]
pub enum Output {
    /// A staging folder beside the final one.
    Disk { staging: PathBuf, target: PathBuf },
    /// Files kept in memory, by site path (`2024/index.html`).
    Memory(Mutex<BTreeMap<String, Vec<u8>>>),
}

impl Output {
    /// Prepares a build into `target` for the site at `root`: refuses a
    /// dangerous target and creates the staging folder.
    pub fn disk(root: &Path, target: &Path) -> Result<Output, OutputError> {
        let target = absolute(target)?;
        let root = absolute(root)?;
        check_target(&root, &target)?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let parent = target.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        let staging = parent.join(format!(".{name}.gongbao-staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io_error(&staging))?;
        }
        std::fs::create_dir_all(&staging).map_err(io_error(&staging))?;
        Ok(Output::Disk { staging, target })
    }

    pub fn memory() -> Output {
        Output::Memory(Mutex::new(BTreeMap::new()))
    }

    /// Writes one file at `path` (relative, `/`-separated). Paths come from
    /// validated ids, never from free text.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        match self {
            Output::Disk { staging, .. } => {
                let full = staging.join(path);
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent).map_err(io_error(parent))?;
                }
                std::fs::write(&full, bytes).map_err(io_error(&full))
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

    /// Puts a successful build in place: the staging folder replaces the
    /// target in two renames, so readers never see half a site.
    pub fn finish(self) -> Result<Option<BTreeMap<String, Vec<u8>>>, OutputError> {
        match self {
            Output::Disk { staging, target } => {
                std::fs::write(staging.join(MARKER), MARKER_TEXT).map_err(io_error(&staging))?;
                let old = staging.with_file_name(format!(
                    "{}.old",
                    staging.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                ));
                if target.exists() {
                    std::fs::rename(&target, &old).map_err(io_error(&target))?;
                }
                if let Err(e) = std::fs::rename(&staging, &target) {
                    // Put the previous site back before reporting.
                    let _ = std::fs::rename(&old, &target);
                    return Err(OutputError::Io { path: target, source: e });
                }
                if old.exists() {
                    remove_tree(&old).map_err(io_error(&old))?;
                }
                Ok(None)
            }
            Output::Memory(files) => Ok(Some(files.into_inner().unwrap_or_else(|p| p.into_inner()))),
        }
    }

    /// Throws away a failed build; the previous output stays as it was.
    pub fn abandon(self) {
        if let Output::Disk { staging, .. } = self {
            let _ = std::fs::remove_dir_all(staging);
        }
    }
}

/// The absolute form of `path`: `.` and `..` resolved by name, then the
/// part that exists resolved on disk (symbolic links), so two spellings of
/// one folder compare equal.
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
        if self.prefix.is_empty() {
            self.output.write(path, bytes)
        } else {
            self.output.write(&format!("{}{path}", self.prefix), bytes)
        }
    }
}

fn absolute(path: &Path) -> Result<PathBuf, OutputError> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(io_error(path))?.join(path)
    };
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

/// The rules of a safe output folder: not the site or a folder holding it,
/// not inside the content or themes, and, when it exists, empty or ours.
fn check_target(root: &Path, target: &Path) -> Result<(), OutputError> {
    if root.starts_with(target) {
        return Err(OutputError::HoldsSite(target.to_path_buf()));
    }
    for inside in ["content", "themes", "site.yaml"] {
        if target.starts_with(root.join(inside)) {
            return Err(OutputError::InsideContent(target.to_path_buf()));
        }
    }
    if target.is_file() {
        return Err(OutputError::NotAFolder(target.to_path_buf()));
    }
    if target.is_dir() && !target.join(MARKER).is_file() {
        let mut entries = std::fs::read_dir(target).map_err(io_error(target))?;
        if entries.next().is_some() {
            return Err(OutputError::NotOurs(target.to_path_buf()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_targets() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("site.yaml"), "title: t\n").unwrap();
        assert!(matches!(Output::disk(&root, &root), Err(OutputError::HoldsSite(_))));
        assert!(matches!(Output::disk(&root, dir.path()), Err(OutputError::HoldsSite(_))));
        assert!(matches!(Output::disk(&root, &root.join("content/out")), Err(OutputError::InsideContent(_))));
        let foreign = dir.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("letter.txt"), "mine").unwrap();
        assert!(matches!(Output::disk(&root, &foreign), Err(OutputError::NotOurs(_))));
        assert!(matches!(Output::disk(&root, &root.join("content/../public/../content")), Err(OutputError::InsideContent(_))));
    }

    #[test]
    fn replaces_only_on_finish() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let target = root.join("public");
        let out = Output::disk(&root, &target).unwrap();
        out.write("index.html", b"one").unwrap();
        out.finish().unwrap();
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"one");

        let failed = Output::disk(&root, &target).unwrap();
        failed.write("index.html", b"two").unwrap();
        failed.abandon();
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = std::fs::read_dir(&root).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
    }
}
