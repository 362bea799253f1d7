//! `gongbao ledger template` and `gongbao ledger export`, through the real
//! binary: the example's ledger exported as xlsx, csv and yaml builds the
//! same site byte for byte; the template has the site's lists and reads as
//! an empty ledger; nothing is ever overwritten or written into the public
//! folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Reader, SheetVisible};

const TODAY_EPOCH: &str = "1790000000";

fn gongbao(args: &[&str], dir: &Path) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .env("GONGBAO_LANG", "en")
        .output()
        .expect("the binary runs");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// The example site (the repository's own) in `dir`.
fn example(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &root.join("content"));
    copy_dir(&repo.join("themes"), &root.join("themes"));
    std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).expect("copy");
    root
}

/// The published files of an output folder, without gongbao's bookkeeping
/// (`.gongbao-*` records the input files, which differ by format).
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".gongbao-")) {
                out.insert(path.strip_prefix(dir).expect("inside").to_path_buf(), std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

#[test]
fn the_exported_ledger_builds_the_same_site_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = example(dir.path());
    for internal in [false, true] {
        let original = dir.path().join(format!("original-{internal}"));
        let mut args = vec!["build", "--root", s(&root), "-o", s(&original)];
        if internal {
            args.push("--internal");
        }
        let (code, err) = gongbao(&args, dir.path());
        assert_eq!(code, 0, "{err}");
        let expected = files(&original);
        for format in ["xlsx", "csv", "yaml"] {
            let export = dir.path().join(format!("ledger-{internal}.{format}"));
            let (code, err) = gongbao(&["ledger", "export", "--root", s(&root), "--format", format, "-o", s(&export)], dir.path());
            assert_eq!(code, 0, "{err}");
            assert!(err.contains("exported 128 projects"), "{err}");
            // The copy holds the export in place of every YAML project file.
            let copy = dir.path().join(format!("copy-{format}-{internal}"));
            copy_dir(&root, &copy);
            for entry in std::fs::read_dir(copy.join("content/projects")).expect("read_dir") {
                std::fs::remove_file(entry.expect("entry").path()).expect("rm");
            }
            std::fs::copy(&export, copy.join("content/projects").join(format!("台账.{format}"))).expect("copy");
            let built = dir.path().join(format!("built-{format}-{internal}"));
            let mut args = vec!["build", "--root", s(&copy), "-o", s(&built)];
            if internal {
                args.push("--internal");
            }
            let (code, err) = gongbao(&args, dir.path());
            assert_eq!(code, 0, "{format}: {err}");
            let got = files(&built);
            assert_eq!(got.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "{format}");
            for (path, bytes) in &expected {
                assert!(got[path] == *bytes, "{format} (internal: {internal}): {} differs", path.display());
            }
        }
    }
}

#[test]
fn the_template_has_the_sites_lists_and_reads_as_an_empty_ledger() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = example(dir.path());
    let (code, err) = gongbao(&["ledger", "template", "--root", s(&root)], dir.path());
    assert_eq!(code, 0, "{err}");
    let file = dir.path().join("项目台账模板.xlsx");
    let mut book = calamine::open_workbook_auto(&file).expect("an xlsx");
    let sheets: Vec<(String, bool)> = book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible == SheetVisible::Visible)).collect();
    assert_eq!(
        sheets,
        [("项目台账".to_string(), true), ("填表说明".to_string(), true), ("选项".to_string(), false)],
        "the data, the notes, and the hidden lists"
    );
    let data = book.worksheet_range("项目台账").expect("sheet");
    let headers: Vec<String> = data.rows().next().expect("a header").iter().map(|c| c.to_string()).collect();
    for header in [
        "编号",
        "项目名称",
        "投资方",
        "区域",
        "产业",
        "协议投资额（亿元）",
        "资金来源",
        "状态",
        "签约日期",
        "开工日期",
        "投产日期",
        "年产值（亿元）",
    ] {
        assert!(headers.iter().any(|h| h == header), "{header} in {headers:?}");
    }
    assert!(headers.iter().any(|h| h.starts_with("到位资金2026")), "{headers:?}");
    let lists = book.worksheet_range("选项").expect("sheet");
    let column = |name: &str| -> Vec<String> {
        let at = lists.rows().next().expect("names").iter().position(|c| *c == name).expect("a list");
        lists.rows().skip(1).map(|r| r[at].to_string()).filter(|t| !t.is_empty()).collect()
    };
    assert_eq!(column("status"), ["在谈", "签约", "开工", "投产", "停滞", "终止"]);
    assert_eq!(column("scope"), ["境外", "省外", "市外", "本地"]);
    assert!(column("region").contains(&"donghu".to_string()));
    assert!(column("sector").contains(&"新能源".to_string()));
    let notes = book.worksheet_range("填表说明").expect("sheet");
    assert!(notes.rows().any(|r| r[0] == "签约日期"));

    // In a site's ledger folder, the template is an empty ledger: no problem.
    std::fs::copy(&file, root.join("content/projects/空白.xlsx")).expect("copy");
    let (code, err) = gongbao(&["check", "--root", s(&root)], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("check: no problems found"), "{err}");

    // Never over an existing file.
    let before = std::fs::read(&file).expect("read");
    std::fs::write(&file, b"mine").expect("write");
    let (code, err) = gongbao(&["ledger", "template", "--root", s(&root)], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("exists already and is not overwritten"), "{err}");
    assert_eq!(std::fs::read(&file).expect("read"), b"mine");
    assert_ne!(before, b"mine");
}

#[test]
fn export_refuses_the_public_folder_and_content_with_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = example(dir.path());
    std::fs::create_dir_all(root.join("public")).expect("mkdir");
    let inside = root.join("public/ledger.csv");
    let (code, err) = gongbao(&["ledger", "export", "--root", s(&root), "--format", "csv", "-o", s(&inside)], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("will not write into the site's published folder"), "{err}");
    assert!(!inside.exists());

    std::fs::write(root.join("content/projects/bad.yaml"), "- id: x\n  amount: 二百亿\n").expect("write");
    let out = dir.path().join("out.csv");
    let (code, err) = gongbao(&["ledger", "export", "--root", s(&root), "--format", "csv", "-o", s(&out)], dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("nothing exported: the content has errors"), "{err}");
    assert!(!out.exists());
}

#[test]
fn csv_export_has_a_bom_and_guards_formulas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = example(dir.path());
    let path = root.join("content/projects/donghu.yaml");
    let text = std::fs::read_to_string(&path).expect("read").replacen(
        "summary: 孵化本地主播团队，带动农特产品线上销售",
        "summary: \"=HYPERLINK(\\\"x\\\")\"",
        1,
    );
    std::fs::write(&path, text).expect("write");
    let out = dir.path().join("out.csv");
    let (code, err) = gongbao(&["ledger", "export", "--root", s(&root), "--format", "csv", "-o", s(&out)], dir.path());
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&out).expect("read");
    assert!(bytes.starts_with("\u{feff}编号,项目名称".as_bytes()));
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(text.contains(r#""'=HYPERLINK(""x"")""#), "{text}");
}
