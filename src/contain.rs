//! The site folder as a boundary: nothing outside it is read or published.
//!
//! One rule for symbolic links, wherever content is read (site.yaml,
//! content/, the theme, briefing images): a link is followed when the place
//! it leads to, with every link resolved, is inside the site folder (itself
//! resolved the same way); a link that leads outside, to nothing, or round
//! in a loop is an error naming the link. None is skipped in silence.

use std::cell::RefCell;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diag::{Code, Diagnostic, Location};
use crate::tr;

/// The site folder, as given (for the names users see) and resolved (to
/// compare against).
#[derive(Debug, Clone)]
pub struct Root {
    given: PathBuf,
    canonical: PathBuf,
}

/// Why a path inside the site cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Escape {
    /// `link` leads outside the site folder, to `target` (as the link
    /// writes it, when it is a link).
    Outside { link: PathBuf, target: PathBuf },
    /// `link` leads nowhere that can be read.
    Broken { link: PathBuf, target: PathBuf, reason: String },
    /// `link` leads back to a folder it is in.
    Loop { link: PathBuf },
}

/// The files found under a folder, and the links that were not followed.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<PathBuf>,
    pub problems: Vec<Diagnostic>,
}

impl Root {
    pub fn new(root: &Path) -> std::io::Result<Root> {
        Ok(Root { given: root.to_path_buf(), canonical: std::fs::canonicalize(root)? })
    }

    /// The site folder as given.
    pub fn given(&self) -> &Path {
        &self.given
    }

    /// The name a path under the root is shown by: relative, `/`-separated.
    pub fn name(&self, path: &Path) -> Arc<str> {
        let relative = path.strip_prefix(&self.given).unwrap_or(path);
        let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        Arc::from(parts.join("/"))
    }

    /// `path` (under the root as given) with every link resolved, when it
    /// exists and stays inside; `None` when there is nothing there. Each
    /// link on the way is checked, so that the one leading out is named.
    pub fn resolve(&self, path: &Path) -> Result<Option<PathBuf>, Escape> {
        if let Ok(relative) = path.strip_prefix(&self.given) {
            let mut at = self.given.clone();
            for part in relative.components() {
                at.push(part);
                match std::fs::symlink_metadata(&at) {
                    Ok(m) if m.file_type().is_symlink() => self.check_link(&at)?,
                    Ok(_) => {}
                    Err(_) => return Ok(None),
                }
            }
        }
        match std::fs::canonicalize(path) {
            Ok(resolved) if resolved.starts_with(&self.canonical) => Ok(Some(resolved)),
            Ok(resolved) => Err(Escape::Outside { link: path.to_path_buf(), target: resolved }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Escape::Broken { link: path.to_path_buf(), target: PathBuf::new(), reason: e.to_string() }),
        }
    }

    /// A link is usable when it resolves to a place inside the root.
    fn check_link(&self, link: &Path) -> Result<(), Escape> {
        let written = std::fs::read_link(link).unwrap_or_default();
        match std::fs::canonicalize(link) {
            Ok(resolved) if resolved.starts_with(&self.canonical) => Ok(()),
            // Named as written, which the user recognises.
            Ok(resolved) => {
                let target = if written.as_os_str().is_empty() { resolved } else { written };
                Err(Escape::Outside { link: link.to_path_buf(), target })
            }
            Err(e) => {
                let reason = if e.kind() == std::io::ErrorKind::NotFound {
                    tr!(zh: "那里什么也没有", en: "nothing is there")
                } else {
                    e.to_string()
                };
                Err(Escape::Broken { link: link.to_path_buf(), target: written, reason })
            }
        }
    }

    /// The error an escape is reported as.
    pub fn diagnostic(&self, escape: &Escape) -> Diagnostic {
        match escape {
            Escape::Outside { link, target } => {
                let name = self.name(link);
                let target = target.display();
                Diagnostic::error(
                    Code::OutsideRoot,
                    Location::file(&name),
                    tr!(zh: "`{name}` 指向网站文件夹之外的 {target}", en: "`{name}` leads to {target}, outside the site folder"),
                )
                .with_hint(tr!(
                    zh: "网站文件夹之外的文件一概不读：把文件复制到网站里，或链接到网站里的文件",
                    en: "nothing outside the site folder is read: copy the file into the site, or link to a file inside it"
                ))
            }
            Escape::Broken { link, target, reason } => {
                let name = self.name(link);
                let message = if target.as_os_str().is_empty() {
                    tr!(zh: "无法打开 `{name}`：{reason}", en: "`{name}` cannot be followed: {reason}")
                } else {
                    let target = target.display();
                    tr!(
                        zh: "`{name}` 是指向 {target} 的符号链接，无法打开：{reason}",
                        en: "`{name}` is a symbolic link to {target}, which cannot be followed: {reason}"
                    )
                };
                Diagnostic::error(Code::BrokenLink, Location::file(&name), message).with_hint(tr!(
                    zh: "删去这个链接，或让它指向网站文件夹里的文件",
                    en: "remove the link, or point it at a file inside the site folder"
                ))
            }
            Escape::Loop { link } => {
                let name = self.name(link);
                Diagnostic::error(
                    Code::LinkLoop,
                    Location::file(&name),
                    tr!(zh: "`{name}` 是指向它所在文件夹的符号链接", en: "`{name}` is a symbolic link to a folder it is in"),
                )
                .with_hint(
                    tr!(zh: "删去这个链接：否则这个文件夹会被无休止地读下去", en: "remove the link: the folder would be read without end"),
                )
            }
        }
    }

    /// The files under `dir` (already resolved inside the root), sorted,
    /// following links that stay inside and reporting those that do not.
    /// Entries below `dir` whose name `skip` accepts are left out, with what
    /// is under them.
    pub fn walk(&self, dir: &Path, skip: impl Fn(&OsStr) -> bool) -> Result<Walked, (PathBuf, std::io::Error)> {
        let problems = RefCell::new(Vec::new());
        let mut files = Vec::new();
        let walker = WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|entry| {
            if entry.depth() > 0 && skip(entry.file_name()) {
                return false;
            }
            if entry.path_is_symlink()
                && let Err(escape) = self.check_link(entry.path())
            {
                problems.borrow_mut().push(self.diagnostic(&escape));
                return false;
            }
            true
        });
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => files.push(entry.into_path()),
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().unwrap_or(dir).to_path_buf();
                    let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                    // A link out of the site is reported as such, even when
                    // it also leads to a folder the walk is in.
                    let escape = if is_link {
                        match self.check_link(&path) {
                            Err(escape) => escape,
                            Ok(()) if e.loop_ancestor().is_some() => Escape::Loop { link: path },
                            // Resolved now, though not a moment ago: say what the walk met.
                            Ok(()) => Escape::Broken { link: path, target: PathBuf::new(), reason: e.to_string() },
                        }
                    } else if e.loop_ancestor().is_some() {
                        Escape::Loop { link: path }
                    } else {
                        return Err((path, e.into_io_error().unwrap_or_else(|| std::io::Error::other("the folder cannot be read"))));
                    };
                    problems.borrow_mut().push(self.diagnostic(&escape));
                }
            }
        }
        Ok(Walked { files, problems: problems.into_inner() })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_followed_only_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/in.txt"), "in").unwrap();
        std::fs::write(dir.path().join("out.txt"), "out").unwrap();
        symlink("in.txt", root.join("a/inside")).unwrap();
        symlink(dir.path().join("out.txt"), root.join("a/outside")).unwrap();
        symlink("none.txt", root.join("a/broken")).unwrap();
        let site = Root::new(&root).unwrap();
        let resolved = site.resolve(&root.join("a/inside")).unwrap().unwrap();
        assert!(resolved.ends_with("a/in.txt"));
        assert!(matches!(site.resolve(&root.join("a/outside")), Err(Escape::Outside { .. })));
        assert!(matches!(site.resolve(&root.join("a/broken")), Err(Escape::Broken { .. })));
        assert_eq!(site.resolve(&root.join("a/missing")), Ok(None));
        assert!(matches!(site.resolve(&root.join("../out.txt")), Err(Escape::Outside { .. })));

        let walked = site.walk(&root, |_| false).unwrap();
        let names: Vec<Arc<str>> = walked.files.iter().map(|f| site.name(f)).collect();
        assert_eq!(names, [Arc::from("a/in.txt"), Arc::from("a/inside")]);
        let codes: Vec<&str> = walked.problems.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["broken-link", "outside-root"]);
    }
}
