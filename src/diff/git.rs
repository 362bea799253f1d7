//! The base read from a git revision, without a second checkout.

use super::*;

/// A folder removed when dropped.
pub(super) struct TempDir(PathBuf);

impl TempDir {
    pub(super) fn new() -> std::io::Result<TempDir> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let path = std::env::temp_dir().join(format!("gongbao-diff-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&path)?;
        Ok(TempDir(path))
    }

    pub(super) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs git in `dir`; its output, or why it failed.
pub(super) fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, DiffError> {
    Command::new("git").arg("-C").arg(dir).args(args).stdin(Stdio::null()).output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            DiffError::Usage(tr!(
                zh: "找不到 `git` 命令：`--base` 要用 git 读取旧版本。请安装 git，或用 `--base-root 文件夹` 与另一个文件夹对比",
                en: "`git` is not installed: `--base` reads the old version through git. Install git, or compare with another folder with `--base-root DIR`"
            ))
        } else {
            DiffError::Usage(tr!(zh: "无法运行 `git`：{e}", en: "cannot run `git`: {e}"))
        }
    })
}

pub(super) fn stdout_text(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim_end_matches(['\n', '\r']).to_string()
}

/// Writes the site folder `root` as it was at `rev` into a new temporary
/// folder: the files of its tree at that commit, read from git's objects.
/// None when the folder did not exist yet at `rev` (the commit that adds
/// the site compares with nothing).
pub(super) fn extract_revision(root: &Path, rev: &str) -> Result<Option<TempDir>, DiffError> {
    let shown_root = root.display().to_string();
    if !root.is_dir() {
        return Err(LoadError::NotASite(root.to_path_buf()).into());
    }
    let prefix = git(root, &["rev-parse", "--show-prefix"])?;
    if !prefix.status.success() {
        return Err(DiffError::Usage(tr!(
            zh: "`{shown_root}` 不在 git 仓库中：`--base` 要从 git 读取旧版本。要与另一个文件夹对比，请用 `--base-root 文件夹`",
            en: "`{shown_root}` is not in a git repository: `--base` reads the old version from git. To compare with another folder, use `--base-root DIR`"
        )));
    }
    let prefix = stdout_text(&prefix);
    let unknown = || {
        DiffError::Usage(tr!(
            zh: "找不到版本 `{rev}`：请写分支名、标签或提交号，如 `--base origin/main` 或 `--base HEAD~1`",
            en: "unknown revision `{rev}`: give a branch, a tag or a commit, e.g. `--base origin/main` or `--base HEAD~1`"
        ))
    };
    // A revision starting with `-` would be read by git as an option.
    if rev.is_empty() || rev.starts_with('-') {
        return Err(unknown());
    }
    let commit = git(root, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])?;
    if !commit.status.success() {
        return Err(unknown());
    }
    let commit = stdout_text(&commit);
    let tree = git(root, &["ls-tree", "-r", "-z", "--full-tree", &format!("{commit}:{prefix}")])?;
    if !tree.status.success() {
        return Ok(None);
    }
    // "<mode> <type> <object>\t<path>", each ending in NUL: blobs only
    // (no submodules), and no symbolic links, which could point anywhere.
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in tree.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let mut meta = meta.split(' ');
        let (Some(mode), Some("blob"), Some(object)) = (meta.next(), meta.next(), meta.next()) else { continue };
        let path = PathBuf::from(path);
        if mode == "120000" || !path.components().all(|c| matches!(c, Component::Normal(_))) {
            continue;
        }
        files.push((object.to_string(), path));
    }
    let dir =
        TempDir::new().map_err(|e| DiffError::Usage(tr!(zh: "无法新建临时文件夹：{e}", en: "cannot create a temporary folder: {e}")))?;
    write_blobs(root, &files, dir.path())?;
    Ok(Some(dir))
}

/// Writes each (object, path) under `dir`, reading the objects through one
/// `git cat-file --batch`.
pub(super) fn write_blobs(root: &Path, files: &[(String, PathBuf)], dir: &Path) -> Result<(), DiffError> {
    let failed =
        |e: std::io::Error| DiffError::Usage(tr!(zh: "无法从 git 读取旧版本：{e}", en: "cannot read the old version from git: {e}"));
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(failed)?;
    let mut stdin = child.stdin.take().ok_or_else(|| failed(std::io::ErrorKind::BrokenPipe.into()))?;
    let objects: String = files.iter().map(|(object, _)| format!("{object}\n")).collect();
    // Written from another thread, so that git never waits on a full pipe
    // while this one waits on git.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(objects.as_bytes());
    });
    let stdout = child.stdout.take().ok_or_else(|| failed(std::io::ErrorKind::BrokenPipe.into()))?;
    let mut reader = BufReader::new(stdout);
    let result = (|| -> std::io::Result<()> {
        for (_, path) in files {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            // "<object> blob <size>"
            let size: u64 = header
                .trim_end()
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| std::io::Error::other(header.trim_end().to_string()))?;
            let target = dir.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut file = std::fs::File::create(&target)?;
            std::io::copy(&mut (&mut reader).take(size), &mut file)?;
            let mut newline = [0u8; 1];
            reader.read_exact(&mut newline)?;
        }
        Ok(())
    })();
    let _ = writer.join();
    let _ = child.wait();
    result.map_err(failed)
}
