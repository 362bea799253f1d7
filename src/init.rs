//! `gongbao init DIR`: starts a new site from the example city, or with
//! `--blank` an empty county site, each with a short Chinese guide
//! (使用说明.md), never overwriting a file.

use std::borrow::Cow;
use std::path::Path;

use crate::model::Date;

/// The guide both forms write: the people who run a site are publicity
/// staff who read Chinese, so it is named and written in Chinese.
pub const GUIDE: &str = "使用说明.md";

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
    (GUIDE, include_str!("init-readme.md")),
];

/// The blank county site. `{year}`, `{last}` and `{as_of}` stand for the
/// bulletin's year, the year before and the date its figures stand at.
const BLANK: &[(&str, &str)] = &[
    ("site.yaml", include_str!("init/blank/site.yaml")),
    ("content/regions.yaml", include_str!("init/blank/regions.yaml")),
    ("content/projects/ledger.yaml", include_str!("init/blank/ledger.yaml")),
    ("content/annual/shili-{year}.yaml", include_str!("init/blank/annual.yaml")),
    (GUIDE, include_str!("init/blank/guide.md")),
];

/// Which site `init` starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// The example city (鹤川市) with its ledger, annual files and briefings.
    Example,
    /// One county, an empty ledger of commented examples, one annual file
    /// for the year of `today`, no briefings.
    Blank { today: Date },
}

impl Template {
    /// The files of the template, as (path, text).
    fn files(self) -> Vec<(Cow<'static, str>, Cow<'static, str>)> {
        match self {
            Template::Example => EXAMPLE.iter().map(|&(p, t)| (Cow::Borrowed(p), Cow::Borrowed(t))).collect(),
            Template::Blank { today } => {
                let (year, as_of) = bulletin_year(today);
                let fill = |text: &str| {
                    text.replace("{year}", &year.to_string())
                        .replace("{last}", &(year - 1).to_string())
                        .replace("{as_of}", &as_of.to_string())
                };
                BLANK.iter().map(|&(p, t)| (Cow::Owned(fill(p)), Cow::Owned(fill(t)))).collect()
            }
        }
    }
}

/// The year a new site's first bulletin reports and the date its figures
/// stand at: offices report whole months, so the end of last month. In
/// January that is the year just ended, whose bulletin is then due. A year
/// still running needs its `as_of` (else `check` warns `no-as-of`), and a
/// month's end gives no mid-month note.
fn bulletin_year(today: Date) -> (i16, Date) {
    if today.month <= 1 {
        return (today.year - 1, Date::ymd(today.year - 1, 12, 31));
    }
    let month = today.month - 1;
    let last_day = jiff::civil::Date::new(today.year, month as i8, 1).map(|d| d.last_of_month().day() as u8).unwrap_or(28);
    (today.year, Date::ymd(today.year, month, last_day))
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct Created {
    pub written: usize,
    /// Files that existed already and were left as they were (`--force`).
    pub kept: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{}", self.text())]
    NotEmpty(String),
    #[error("{}", self.text())]
    Io { path: String, source: std::io::Error },
}

impl InitError {
    /// The message, in the language of messages.
    fn text(&self) -> String {
        match self {
            InitError::NotEmpty(folder) => crate::tr!(
                zh: "{folder} 不是空文件夹：请换一个新文件夹，或加 `--force` 只添加缺少的文件（不覆盖任何已有文件）",
                en: "{folder} is not empty; choose a new folder, or pass `--force` to add the example's files without overwriting any"
            ),
            InitError::Io { path, source } => crate::tr!(zh: "无法写入 {path}：{source}", en: "cannot write {path}: {source}"),
        }
    }
}

/// Writes the template's site into `dir`. A folder with files in it is
/// refused unless `force`; even then, no existing file is overwritten.
pub fn init(dir: &Path, template: Template, force: bool) -> Result<Created, InitError> {
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
    for (path, text) in template.files() {
        let path = path.as_ref();
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
        let mut compiled: Vec<String> = EXAMPLE.iter().map(|(p, _)| p.to_string()).filter(|p| p != GUIDE).collect();
        compiled.sort();
        assert_eq!(compiled, on_disk, "update EXAMPLE in src/init.rs");
    }

    #[test]
    fn the_first_bulletin_stands_at_the_end_of_last_month() {
        assert_eq!(bulletin_year(Date::ymd(2026, 9, 21)), (2026, Date::ymd(2026, 8, 31)));
        assert_eq!(bulletin_year(Date::ymd(2028, 3, 1)), (2028, Date::ymd(2028, 2, 29)));
        assert_eq!(bulletin_year(Date::ymd(2027, 1, 15)), (2026, Date::ymd(2026, 12, 31)));
    }

    #[test]
    fn refuses_a_folder_with_files_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), "mine").unwrap();
        assert!(matches!(init(dir.path(), Template::Example, false), Err(InitError::NotEmpty(_))));
        assert!(matches!(init(dir.path(), Template::Blank { today: Date::ymd(2030, 5, 1) }, false), Err(InitError::NotEmpty(_))));
        let created = init(dir.path(), Template::Example, true).unwrap();
        assert_eq!(created.kept, ["site.yaml"]);
        assert_eq!(std::fs::read_to_string(dir.path().join("site.yaml")).unwrap(), "mine");
        assert!(dir.path().join("content/regions.yaml").is_file());
    }
}
