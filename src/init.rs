//! `gongbao init DIR`: starts a new site from the example city, with a
//! short guide in its README, never overwriting a file.

use std::path::Path;

/// The example site, compiled in: the files of this repository's `site.yaml`
/// and `content/` (a test checks the list is complete).
const EXAMPLE: &[(&str, &str)] = &[
    ("site.yaml", include_str!("../site.yaml")),
    ("content/annual/donghu-2024.yaml", include_str!("../content/annual/donghu-2024.yaml")),
    ("content/annual/donghu-2025.yaml", include_str!("../content/annual/donghu-2025.yaml")),
    ("content/annual/hc-etdz-2024.yaml", include_str!("../content/annual/hc-etdz-2024.yaml")),
    ("content/annual/hc-etdz-2025.yaml", include_str!("../content/annual/hc-etdz-2025.yaml")),
    ("content/annual/hechuan-2024.yaml", include_str!("../content/annual/hechuan-2024.yaml")),
    ("content/annual/hechuan-2025.yaml", include_str!("../content/annual/hechuan-2025.yaml")),
    ("content/annual/heling-2024.yaml", include_str!("../content/annual/heling-2024.yaml")),
    ("content/annual/heling-2025.yaml", include_str!("../content/annual/heling-2025.yaml")),
    ("content/annual/nanxi-2024.yaml", include_str!("../content/annual/nanxi-2024.yaml")),
    ("content/annual/nanxi-2025.yaml", include_str!("../content/annual/nanxi-2025.yaml")),
    ("content/annual/nanxi-hitech-2024.yaml", include_str!("../content/annual/nanxi-hitech-2024.yaml")),
    ("content/annual/nanxi-hitech-2025.yaml", include_str!("../content/annual/nanxi-hitech-2025.yaml")),
    ("content/annual/xishan-2024.yaml", include_str!("../content/annual/xishan-2024.yaml")),
    ("content/annual/xishan-2025.yaml", include_str!("../content/annual/xishan-2025.yaml")),
    ("content/briefings/hc-etdz-2025-battery-chain.md", include_str!("../content/briefings/hc-etdz-2025-battery-chain.md")),
    ("content/briefings/hechuan-2024-review.md", include_str!("../content/briefings/hechuan-2024-review.md")),
    ("content/briefings/hechuan-2025-review.md", include_str!("../content/briefings/hechuan-2025-review.md")),
    ("content/briefings/heling-2025-review.md", include_str!("../content/briefings/heling-2025-review.md")),
    ("content/briefings/xishan-2025-draft.md", include_str!("../content/briefings/xishan-2025-draft.md")),
    ("content/projects/donghu.yaml", include_str!("../content/projects/donghu.yaml")),
    ("content/projects/hc-etdz-copper-foil.yaml", include_str!("../content/projects/hc-etdz-copper-foil.yaml")),
    ("content/projects/hc-etdz.yaml", include_str!("../content/projects/hc-etdz.yaml")),
    ("content/projects/hechuan.yaml", include_str!("../content/projects/hechuan.yaml")),
    ("content/projects/heling-pumped-storage.yaml", include_str!("../content/projects/heling-pumped-storage.yaml")),
    ("content/projects/heling.yaml", include_str!("../content/projects/heling.yaml")),
    ("content/projects/nanxi-hitech.yaml", include_str!("../content/projects/nanxi-hitech.yaml")),
    ("content/projects/nanxi.yaml", include_str!("../content/projects/nanxi.yaml")),
    ("content/projects/pipeline.yaml", include_str!("../content/projects/pipeline.yaml")),
    ("content/projects/xishan.yaml", include_str!("../content/projects/xishan.yaml")),
    ("content/regions.yaml", include_str!("../content/regions.yaml")),
    ("README.md", include_str!("init-readme.md")),
];

/// What `init` did.
#[derive(Debug, Default)]
pub struct Created {
    pub written: usize,
    /// Files that existed already and were left as they were (`--force`).
    pub kept: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} is not empty; choose a new folder, or pass --force to add the example's files without overwriting any")]
    NotEmpty(String),
    #[error("cannot write {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// Writes the example site into `dir`. A folder with files in it is refused
/// unless `force`; even then, no existing file is overwritten.
pub fn init(dir: &Path, force: bool) -> Result<Created, InitError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| InitError::Io { path, source }
    };
    if dir.exists() && !force {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(InitError::NotEmpty(dir.display().to_string()));
        }
    }
    let mut created = Created::default();
    for (path, text) in EXAMPLE {
        let target = dir.join(path);
        if target.exists() {
            created.kept.push(path.to_string());
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        // create_new: a file that appeared meanwhile is still not overwritten.
        let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&target) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                created.kept.push(path.to_string());
                continue;
            }
            Err(e) => return Err(io(&target)(e)),
        };
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io(&target))?;
        created.written += 1;
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_example_is_the_whole_example() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(repo.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(repo).unwrap_or(e.path()).to_string_lossy().replace('\\', "/"))
            .collect();
        on_disk.push("site.yaml".into());
        on_disk.sort();
        let mut compiled: Vec<String> = EXAMPLE.iter().map(|(p, _)| p.to_string()).filter(|p| p != "README.md").collect();
        compiled.sort();
        assert_eq!(compiled, on_disk, "update EXAMPLE in src/init.rs");
    }

    #[test]
    fn refuses_a_folder_with_files_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), "mine").unwrap();
        assert!(matches!(init(dir.path(), false), Err(InitError::NotEmpty(_))));
        let created = init(dir.path(), true).unwrap();
        assert_eq!(created.kept, ["site.yaml"]);
        assert_eq!(std::fs::read_to_string(dir.path().join("site.yaml")).unwrap(), "mine");
        assert!(dir.path().join("content/regions.yaml").is_file());
    }
}
