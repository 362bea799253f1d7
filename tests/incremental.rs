//! Incremental output, through the real binary: a rebuild writes only the
//! files whose bytes changed (the others keep their inode and time), and
//! what it leaves is byte for byte what a clean build of the same content
//! gives, after an edit to a project, to site.yaml or to the theme.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8")
}

/// Builds `root` into `out`; returns the summary line.
fn build(root: &Path, out: &Path) -> String {
    let stderr = build_on(root, out, "1790000000");
    stderr.lines().find(|l| l.starts_with("built ")).expect("summary").to_string()
}

/// Builds `root` into `out` on the day `epoch` (`SOURCE_DATE_EPOCH`); returns what it printed.
fn build_on(root: &Path, out: &Path, epoch: &str) -> String {
    let made = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("SOURCE_DATE_EPOCH", epoch)
        .env("GONGBAO_LANG", "en")
        .args(["build", "--root", s(root), "--output", s(out)])
        .output()
        .expect("run gongbao");
    let stderr = String::from_utf8_lossy(&made.stderr).into_owned();
    assert!(made.status.success(), "{stderr}");
    stderr
}

/// What a build prints when the folder already holds the build of the same inputs.
const UP_TO_DATE: &str = "no page was rendered again";

/// The example site of the repository, copied into `dir`.
fn example(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy(&repo.join("content"), &root.join("content"));
    copy(&repo.join("themes"), &root.join("themes"));
    std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).expect("copy");
    root
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_dir() {
            copy(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// Every file under `dir`: its bytes, inode and modification time.
fn files(dir: &Path) -> BTreeMap<String, (Vec<u8>, u64, i64, i64)> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read") {
            let entry = entry.expect("entry");
            let meta = entry.metadata().expect("meta");
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                let path = entry.path().strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                let bytes = std::fs::read(entry.path()).expect("read");
                found.insert(path, (bytes, meta.ino(), meta.mtime(), meta.mtime_nsec()));
            }
        }
    }
    found
}

fn bytes(files: &BTreeMap<String, (Vec<u8>, u64, i64, i64)>) -> BTreeMap<&str, &[u8]> {
    files.iter().map(|(p, f)| (p.as_str(), f.0.as_slice())).collect()
}

/// The files a rebuild replaced (a new inode or time), and those whose bytes differ.
fn replaced_and_differing(
    before: &BTreeMap<String, (Vec<u8>, u64, i64, i64)>,
    after: &BTreeMap<String, (Vec<u8>, u64, i64, i64)>,
) -> (Vec<String>, Vec<String>) {
    let mut replaced = Vec::new();
    let mut differing = Vec::new();
    for (path, now) in after {
        let then = before.get(path);
        if then.is_none_or(|t| (t.1, t.2, t.3) != (now.1, now.2, now.3)) {
            replaced.push(path.clone());
        }
        if then.is_none_or(|t| t.0 != now.0) {
            differing.push(path.clone());
        }
    }
    (replaced, differing)
}

/// Applies `edit` to a built example, rebuilds in place, and checks that
/// only the files whose bytes changed were replaced (besides the manifest),
/// and that the folder is then exactly what a clean build makes. Returns
/// the pages replaced (and sets `own` to whether gongbao's own files were).
fn rebuild_after_own(edit: impl FnOnce(&Path), own_replaced: &mut bool) -> Vec<String> {
    rebuild_after_in(example, edit, own_replaced)
}

/// As `rebuild_after_own`, on the site `make` writes into a folder.
fn rebuild_after_in(make: impl FnOnce(&Path) -> PathBuf, edit: impl FnOnce(&Path), own_replaced: &mut bool) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = make(dir.path());
    let out = dir.path().join("public");
    build(&root, &out);
    let before = files(&out);
    edit(&root);
    let summary = build(&root, &out);
    let after = files(&out);
    let (replaced, differing) = replaced_and_differing(&before, &after);
    let own = [".gongbao-manifest", ".gongbao-manifest.json", ".gongbao-output"];
    *own_replaced = replaced.iter().any(|p| own.contains(&p.as_str()));
    let pages: Vec<String> = replaced.iter().filter(|p| !own.contains(&p.as_str())).cloned().collect();
    let changed: Vec<String> = differing.iter().filter(|p| !own.contains(&p.as_str())).cloned().collect();
    assert_eq!(pages, changed, "a rebuild replaces exactly the files whose bytes changed");
    assert!(summary.contains(&format!("({} written, ", pages.len())), "{summary}");
    // The same bytes as a clean build of the edited site, manifest and marker included.
    let clean = dir.path().join("clean");
    build(&root, &clean);
    let (after, clean) = (bytes(&after), files(&clean));
    let clean = bytes(&clean);
    let differ: std::collections::BTreeSet<&&str> = after.keys().chain(clean.keys()).filter(|p| after.get(**p) != clean.get(**p)).collect();
    assert!(differ.is_empty(), "an updated folder equals a clean build; these differ: {differ:?}");
    pages
}

fn rebuild_after(edit: impl FnOnce(&Path)) -> Vec<String> {
    rebuild_after_own(edit, &mut false)
}

#[test]
fn a_rebuild_without_change_writes_nothing() {
    let mut own = true;
    let pages = rebuild_after_own(|_| {}, &mut own);
    assert!(pages.is_empty(), "{pages:?}");
    assert!(!own, "not even the manifest is written again");
}

#[test]
fn editing_a_project_rewrites_only_the_pages_that_show_it() {
    let pages = rebuild_after(|root| {
        let file = root.join("content/projects/donghu.yaml");
        let text = std::fs::read_to_string(&file).expect("read");
        let edited = text.replacen("  name: 东湖直播电商共享基地\n", "  name: 东湖直播电商共享基地（一期）\n", 1);
        assert_ne!(text, edited);
        std::fs::write(&file, edited).expect("write");
    });
    assert!(pages.contains(&"projects/hc-2023-104/index.html".to_string()), "{pages:?}");
    let projects = pages.iter().filter(|p| p.starts_with("projects/hc-")).count();
    assert!(projects < 5, "only the project's own page among the project pages: {pages:?}");
    // The lists that name it.
    assert!(pages.contains(&"sectors/digital-economy/index.html".to_string()), "{pages:?}");
    assert!(pages.contains(&"search-index.json".to_string()), "{pages:?}");
}

#[test]
fn editing_site_yaml_rerenders_every_page() {
    let pages = rebuild_after(|root| {
        let file = root.join("site.yaml");
        let text = std::fs::read_to_string(&file).expect("read");
        let title = text.lines().find(|l| l.starts_with("title:")).expect("title").to_string();
        std::fs::write(&file, text.replacen(&title, &format!("{title}（新）"), 1)).expect("write");
    });
    assert!(pages.iter().filter(|p| p.starts_with("projects/hc-")).count() > 50, "{pages:?}");
}

#[test]
fn editing_a_template_rerenders_the_pages_it_makes() {
    let pages = rebuild_after(|root| {
        let file = root.join("themes/default/templates/project.html");
        let text = std::fs::read_to_string(&file).expect("read");
        let edited = text.replacen("{% endblock main %}", "<!-- edited -->{% endblock main %}", 1);
        assert_ne!(text, edited);
        std::fs::write(&file, edited).expect("write");
    });
    let projects = pages.iter().filter(|p| p.starts_with("projects/hc-")).count();
    assert!(projects > 50, "{pages:?}");
}

#[test]
fn a_rebuild_of_the_same_inputs_renders_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = example(dir.path());
    let out = dir.path().join("public");
    let first = build_on(&root, &out, "1790000000");
    assert!(!first.contains(UP_TO_DATE), "{first}");
    let before = files(&out);
    let again = build_on(&root, &out, "1790000000");
    assert!(again.contains(UP_TO_DATE), "{again}");
    assert!(again.contains("(0 written, 0 removed, "), "{again}");
    // The same summary counts and warnings as the build that rendered.
    let counts = |text: &str| {
        let line = text.lines().find(|l| l.starts_with("built ")).expect("summary").to_string();
        let warnings: Vec<String> =
            text.lines().filter(|l| !l.starts_with("built ") && !l.contains(UP_TO_DATE)).map(str::to_string).collect();
        (line[..line.find(" in ").expect("in")].to_string(), warnings)
    };
    assert_eq!(counts(&first), counts(&again));
    let (replaced, _) = replaced_and_differing(&before, &files(&out));
    assert!(replaced.is_empty(), "{replaced:?}");
    // Another day is another input (future dates, `as_of` defaults): rendered again.
    let later = build_on(&root, &out, "1790200000");
    assert!(!later.contains(UP_TO_DATE), "{later}");
    // A file of the site that changed, even one no page shows: rendered again.
    let later_again = build_on(&root, &out, "1790200000");
    assert!(later_again.contains(UP_TO_DATE), "{later_again}");
    std::fs::write(root.join("content/notes.txt"), "a note\n").expect("write");
    let edited = build_on(&root, &out, "1790200000");
    assert!(!edited.contains(UP_TO_DATE), "{edited}");
    // A page removed from the output by hand: the folder is not whole, so it is rendered again.
    assert!(build_on(&root, &out, "1790200000").contains(UP_TO_DATE));
    std::fs::remove_file(out.join("projects/hc-2023-104/index.html")).expect("remove");
    let repaired = build_on(&root, &out, "1790200000");
    assert!(!repaired.contains(UP_TO_DATE), "{repaired}");
    assert!(repaired.contains("(1 written, 0 removed, "), "{repaired}");
}

#[test]
fn editing_an_annual_target_rewrites_only_the_bulletins_it_shows_in() {
    let pages = rebuild_after(|root| {
        let file = root.join("content/annual/nanxi-2025.yaml");
        let text = std::fs::read_to_string(&file).expect("read");
        let edited = text.replacen("  signed_amount: 110 ", "  signed_amount: 120 ", 1);
        assert_ne!(text, edited);
        std::fs::write(&file, edited).expect("write");
    });
    assert!(pages.iter().any(|p| p.starts_with("2025/nanxi/")), "its bulletin: {pages:?}");
    assert!(pages.iter().any(|p| p.contains("nanxi") && p.contains("handout")), "its handout: {pages:?}");
    assert!(!pages.iter().any(|p| p.starts_with("2024/") || p.starts_with("handouts/2024/")), "no bulletin of another year: {pages:?}");
    assert!(!pages.iter().any(|p| p.starts_with("projects/")), "no project page: {pages:?}");
    for other in ["xishan", "heling", "donghu"] {
        assert!(!pages.iter().any(|p| p.starts_with(&format!("2025/{other}/"))), "not the bulletin of {other}: {pages:?}");
    }
}

#[test]
fn editing_only_what_a_data_file_prints_rewrites_it() {
    // A project's investor is printed in its bulletin's CSV and JSON, not
    // on the bulletin page: the data files have their own fingerprint.
    let pages = rebuild_after(|root| {
        let file = root.join("content/projects/donghu.yaml");
        let text = std::fs::read_to_string(&file).expect("read");
        let edited = text.replacen("  investor: 星澜互娱网络科技有限公司\n", "  investor: 星澜互娱网络科技股份有限公司\n", 1);
        assert_ne!(text, edited);
        std::fs::write(&file, edited).expect("write");
    });
    for data in ["data/2024/donghu.csv", "data/2024/donghu.json"] {
        assert!(pages.contains(&data.to_string()), "{data}: {pages:?}");
    }
    assert!(!pages.iter().any(|p| p.starts_with("data/2025/")), "no data file of another year: {pages:?}");
}

#[test]
fn renaming_a_project_a_briefing_lists_rewrites_the_briefing_and_its_handout() {
    // `hc-etdz-2025-battery-chain` lists the zone's new-energy projects of
    // 2025 (`projects(…)`); its bulletin's handout prints the briefing too.
    let pages = rebuild_after(|root| {
        let file = root.join("content/projects/hc-etdz.yaml");
        let text = std::fs::read_to_string(&file).expect("read");
        let edited = text.replacen("  name: 动力电池电芯制造基地（二期）\n", "  name: 动力电池电芯制造基地（二期工程）\n", 1);
        assert_ne!(text, edited);
        std::fs::write(&file, edited).expect("write");
    });
    assert!(pages.contains(&"briefings/hc-etdz-2025-battery-chain/index.html".to_string()), "{pages:?}");
    assert!(pages.iter().any(|p| p.contains("handout") && p.contains("2025") && p.contains("hc-etdz")), "its handout: {pages:?}");
    // A briefing that shows nothing of it is kept.
    assert!(!pages.iter().any(|p| p.starts_with("briefings/heling-")), "{pages:?}");
}

#[test]
fn changing_an_amount_a_briefing_quotes_from_another_region_rewrites_the_briefing() {
    // `hechuan-2025-review` quotes Xishan's signed amount of 2025.
    let pages = rebuild_after(|root| {
        let file = root.join("content/projects/xishan.yaml");
        let text = std::fs::read_to_string(&file).expect("read");
        let before =
            "  name: 整县屋顶分布式光伏项目\n  investor: 阳泽能源科技有限公司\n  region: xishan\n  sector: new-energy\n  amount: 6\n";
        let edited = text.replacen(before, &before.replace("amount: 6", "amount: 7"), 1);
        assert_ne!(text, edited);
        std::fs::write(&file, edited).expect("write");
    });
    assert!(pages.contains(&"briefings/hechuan-2025-review/index.html".to_string()), "{pages:?}");
    assert!(!pages.iter().any(|p| p.starts_with("briefings/hc-etdz-")), "{pages:?}");
}

/// Replaces `from` with `to` in the site file `path`, once; it must be there.
fn edit_file(root: &Path, path: &str, from: &str, to: &str) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).expect("read");
    let edited = text.replacen(from, to, 1);
    assert_ne!(text, edited, "{from} in {path}");
    std::fs::write(&file, edited).expect("write");
}

#[test]
fn editing_what_a_project_page_or_the_list_shows_rewrites_them() {
    // A project's page and the list's rows are fingerprinted from the
    // record, not from their views: each field they show must count. The
    // edits are to the first record of the file, hc-2023-104.
    for (from, to) in [
        ("  investor: 播星网络科技有限公司\n", "  investor: 播星网络科技股份有限公司\n"),
        ("  amount: 1.5\n", "  amount: 1.6\n"),
        ("  region: donghu\n", "  key: true\n  region: donghu\n"),
        ("  park: 东湖数字经济产业园\n", "  park: 东湖数字产业园\n"),
        ("    2025: 0.4\n", "    2025: 0.5\n"),
    ] {
        let pages = rebuild_after(|root| edit_file(root, "content/projects/donghu.yaml", from, to));
        assert!(pages.contains(&"projects/hc-2023-104/index.html".to_string()), "{from}: {pages:?}");
        assert!(!pages.contains(&"projects/hc-2024-004/index.html".to_string()), "{from}: {pages:?}");
    }
}

#[test]
fn a_theme_that_shows_more_of_a_row_has_its_list_rewritten_when_that_changes() {
    // The list's fingerprint holds all that a row offers its template,
    // not only what the built-in theme prints of it.
    let example_showing_more = |dir: &Path| {
        let root = example(dir);
        let cell = "<td>{{ p.region.name }}</td>";
        let more = "<td>{{ p.region.name }}</td><td>{{ p.investor }}{% if p.key %}★{% endif %}</td>";
        edit_file(&root, "themes/default/templates/projects.html", cell, more);
        root
    };
    for (from, to) in [
        ("  investor: 播星网络科技有限公司\n", "  investor: 播星网络科技股份有限公司\n"),
        ("  region: donghu\n", "  key: true\n  region: donghu\n"),
    ] {
        let edit = |root: &Path| edit_file(root, "content/projects/donghu.yaml", from, to);
        let pages = rebuild_after_in(example_showing_more, edit, &mut false);
        assert!(pages.contains(&"projects/index.html".to_string()), "{from}: {pages:?}");
    }
}

#[test]
fn a_year_turned_into_a_report_on_months_retitles_the_project_pages_that_link_its_bulletin() {
    // A project page links its year's bulletin by title: 2024 becomes a
    // report on 1—6月. Not the latest year, so no page's menu changes.
    let pages = rebuild_after(|root| edit_file(root, "content/annual/hechuan-2024.yaml", "as_of: 2024-12-31", "as_of: 2024-06-30"));
    assert!(pages.contains(&"projects/hc-2024-004/index.html".to_string()), "signed in 2024: {pages:?}");
    assert!(!pages.contains(&"projects/hc-2025-001/index.html".to_string()), "signed in 2025: {pages:?}");
}

/// A county of `projects` projects, half signed in 2024 and half in 2025:
/// more than one page holds, so the list has a page a year.
fn county(dir: &Path, projects: usize) -> PathBuf {
    use std::fmt::Write as _;
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content/projects")).expect("mkdir");
    std::fs::write(root.join("site.yaml"), "title: 测试县\nbase_url: /\nroot_region: t\nsectors:\n  - id: s\n    name: 新材料\n")
        .expect("write");
    std::fs::write(root.join("content/regions.yaml"), "- id: t\n  name: 测试县\n").expect("write");
    let mut records = String::new();
    for i in 0..projects {
        let year = 2024 + i % 2;
        let _ = write!(
            records,
            "- id: p-{i}\n  name: 第{i}号项目\n  investor: 第{i}号公司\n  region: t\n  sector: s\n  amount: 12\n  scope: local\n  status: signed\n  signed: {year}-03-01\n"
        );
    }
    std::fs::write(root.join("content/projects/p.yaml"), records).expect("write");
    root
}

#[test]
fn editing_a_project_on_a_list_of_a_page_a_year_rewrites_only_its_year() {
    let pages = rebuild_after_in(
        |dir| county(dir, 5_002),
        |root| edit_file(root, "content/projects/p.yaml", "  name: 第1号项目\n", "  name: 第1号项目（一期）\n"),
        &mut false,
    );
    assert!(pages.contains(&"projects/p-1/index.html".to_string()), "{pages:?}");
    assert!(pages.contains(&"projects/by-year/2025/index.html".to_string()), "its year's list: {pages:?}");
    assert!(!pages.iter().any(|p| p.starts_with("projects/by-year/2024/")), "not the other year's: {pages:?}");
}
