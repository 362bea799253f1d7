//! Hostile and careless inputs through the real binary: what a site's files
//! can hold that must never reach the output, and the errors that must name
//! the problem truly.

mod common;
use common::without_notes;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run printed, and how it ended.
#[derive(Debug)]
struct Run {
    code: i32,
    stderr: String,
}

fn gongbao(args: &[&std::ffi::OsStr]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("the binary runs");
    Run {
        // No code means a signal: a crash, which no input may cause.
        code: output.status.code().unwrap_or_else(|| panic!("killed by a signal: {output:?}")),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn check(root: &Path) -> Run {
    gongbao(&["check".as_ref(), "--root".as_ref(), root.as_os_str()])
}

fn build(root: &Path, output: &Path) -> Run {
    gongbao(&["build".as_ref(), "--root".as_ref(), root.as_os_str(), "--output".as_ref(), output.as_os_str()])
}

const SITE: &str = "title: 测试市招商引资公报\nbase_url: /\nroot_region: city\nsectors:\n  - id: new-energy\n    name: 新能源\n";
const REGIONS: &str = "- id: city\n  name: 测试市\n  children:\n    - id: east\n      name: 东区\n";
const PROJECT: &str = "id: t-001\nname: 光伏组件项目\ninvestor: 某某能源有限公司\nregion: east\nsector: new-energy\namount: 10\nscope: outside_province\nstatus: signed\nsigned: 2025-03-18\n";
const BRIEFING: &str = "---\ntitle: 2025年招商工作回顾\ndate: 2025-12-31\n---\n\n全年新签约项目一个。\n";

/// A small valid site in a temporary folder, with `project` (bytes) as its
/// one project file.
fn site(project: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content/projects")).expect("mkdir");
    std::fs::create_dir_all(root.join("content/briefings")).expect("mkdir");
    std::fs::write(root.join("site.yaml"), SITE).expect("write");
    std::fs::write(root.join("content/regions.yaml"), REGIONS).expect("write");
    std::fs::write(root.join("content/projects/p.yaml"), project).expect("write");
    std::fs::write(root.join("content/briefings/2025-review.md"), BRIEFING).expect("write");
    (dir, root)
}

/// Fails with exit 1 in `check`, and `build` writes nothing.
fn refused(root: &Path, dir: &Path) -> String {
    let run = check(root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = dir.join("public");
    let built = build(root, &out);
    assert_eq!(built.code, 1, "{}", built.stderr);
    assert!(!out.exists(), "build wrote {}", out.display());
    run.stderr
}

#[test]
fn the_small_site_is_valid() {
    let (dir, root) = site(PROJECT.as_bytes());
    let run = check(&root);
    assert_eq!((run.code, without_notes(&run.stderr).as_str()), (0, "check: no problems found\n"));
    let built = build(&root, &dir.path().join("public"));
    assert_eq!(built.code, 0, "{}", built.stderr);
}

// ---------------------------------------------------------------------------
// Control characters.

#[test]
fn a_control_character_in_a_project_name_is_refused_where_it_is() {
    let (dir, root) = site(PROJECT.replace("光伏组件", "光伏\u{7}组件").as_bytes());
    let stderr = refused(&root, dir.path());
    assert!(stderr.contains("error[control-character]"), "{stderr}");
    assert!(stderr.contains("U+0007"), "{stderr}");
    assert!(stderr.contains("content/projects/p.yaml:2:9"), "{stderr}");
}

#[test]
fn a_nul_in_a_name_is_refused() {
    let (dir, root) = site(PROJECT.replace("光伏组件", "光伏\0组件").as_bytes());
    let stderr = refused(&root, dir.path());
    assert!(stderr.contains("NUL"), "{stderr}");
    assert!(stderr.contains("content/projects/p.yaml:2:9"), "{stderr}");
}

#[test]
fn an_escaped_control_character_in_yaml_is_refused() {
    for escape in ["\\a", "\\x1b", "\\u0000", "\\e", "\\uFFFF"] {
        let project = PROJECT.replace("name: 光伏组件项目", &format!("name: \"光伏{escape}组件项目\""));
        let (dir, root) = site(project.as_bytes());
        let stderr = refused(&root, dir.path());
        assert!(stderr.contains("error[control-character]"), "{escape}: {stderr}");
        assert!(stderr.contains("content/projects/p.yaml:2:"), "{escape}: {stderr}");
    }
}

#[test]
fn a_control_character_in_site_regions_or_a_briefing_is_refused() {
    let cases = [
        ("site.yaml", SITE.replace("测试市招商", "测试市\u{1b}招商"), "site.yaml:1:"),
        ("content/regions.yaml", REGIONS.replace("东区", "东\u{8}区"), "content/regions.yaml:5:"),
        ("content/briefings/2025-review.md", BRIEFING.replace("2025年招商", "2025年\u{c}招商"), "content/briefings/2025-review.md:2:"),
        ("content/briefings/2025-review.md", BRIEFING.replace("全年", "全\u{7f}年"), "content/briefings/2025-review.md:6:2"),
        ("content/briefings/2025-review.md", BRIEFING.replace("全年", "全\u{85}年"), "content/briefings/2025-review.md:6:2"),
    ];
    for (file, text, at) in cases {
        let (dir, root) = site(PROJECT.as_bytes());
        std::fs::write(root.join(file), text).expect("write");
        let stderr = refused(&root, dir.path());
        assert!(stderr.contains("error[control-character]"), "{file}: {stderr}");
        assert!(stderr.contains(at), "{file}: {stderr}");
    }
}

#[test]
fn tabs_and_windows_line_endings_are_still_fine() {
    let project = PROJECT.replace("name: 光伏组件项目", "name: \"光伏\t组件项目\"").replace('\n', "\r\n");
    let (_dir, root) = site(project.as_bytes());
    let briefing = BRIEFING
        .replace("全年新签约项目一个。", "全年新签约\t项目一个，\n分布在东区。")
        .replace("date: 2025-12-31\n", "date: 2025-12-31\nsummary: |\n  全年新签约项目一个，\n  分布在东区。\n")
        .replace('\n', "\r\n");
    std::fs::write(root.join("content/briefings/2025-review.md"), briefing).expect("write");
    let run = check(&root);
    assert_eq!((run.code, without_notes(&run.stderr).as_str()), (0, "check: no problems found\n"));
}

#[test]
fn a_nul_byte_is_not_called_a_tab() {
    let mut bytes = b"id: t-001\n".to_vec();
    bytes.extend_from_slice(&[0, 0, 0x13, 0x37, 0]);
    bytes.extend_from_slice(b"\nname: x\n");
    let (dir, root) = site(&bytes);
    let stderr = refused(&root, dir.path());
    assert!(!stderr.contains("tab"), "{stderr}");
    assert!(stderr.contains("NUL byte"), "{stderr}");
    assert!(stderr.contains("not a text file"), "{stderr}");
    assert!(stderr.contains("content/projects/p.yaml:2:1"), "{stderr}");
}

// ---------------------------------------------------------------------------
// UTF-16 and UTF-32.

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    units.flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
}

fn utf32(text: &str, big_endian: bool) -> Vec<u8> {
    let chars = std::iter::once('\u{feff}').chain(text.chars()).map(u32::from);
    chars.flat_map(|c| if big_endian { c.to_be_bytes() } else { c.to_le_bytes() }).collect()
}

#[test]
fn utf16_and_utf32_files_are_read() {
    // A character beyond the BMP tests the surrogate pairs of UTF-16.
    let project = PROJECT.replace("某某能源", "某某𠀀能源");
    let cases = [
        ("UTF-16LE", utf16(&project, false, true)),
        ("UTF-16BE", utf16(&project, true, true)),
        ("UTF-16LE without a BOM", utf16(&project, false, false)),
        ("UTF-16BE without a BOM", utf16(&project, true, false)),
        ("UTF-32LE", utf32(&project, false)),
        ("UTF-32BE", utf32(&project, true)),
    ];
    for (encoding, bytes) in cases {
        let (dir, root) = site(&bytes);
        let run = check(&root);
        assert_eq!((run.code, without_notes(&run.stderr).as_str()), (0, "check: no problems found\n"), "{encoding}");
        let out = dir.path().join("public");
        let built = build(&root, &out);
        assert_eq!(built.code, 0, "{encoding}: {}", built.stderr);
        let page = std::fs::read_to_string(out.join("projects/t-001/index.html")).expect("project page");
        assert!(page.contains("某某𠀀能源有限公司"), "{encoding}");
    }
}

#[test]
fn a_problem_in_a_utf16_file_is_shown_at_its_line() {
    let project = PROJECT.replace("amount: 10", "amount: ten");
    let (_dir, root) = site(&utf16(&project, false, true));
    let run = check(&root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/projects/p.yaml:6:9"), "{}", run.stderr);
    assert!(run.stderr.contains("6 | amount: ten"), "{}", run.stderr);
}

#[test]
fn broken_utf16_is_named_as_utf16() {
    let mut bytes = utf16(PROJECT, false, true);
    // A lone high surrogate on line 2.
    let at = utf16("id: t-001\nname: ", false, true).len();
    bytes.splice(at..at, [0x00, 0xD8]);
    let (dir, root) = site(&bytes);
    let stderr = refused(&root, dir.path());
    assert!(stderr.contains("UTF-16LE"), "{stderr}");
    assert!(stderr.contains("content/projects/p.yaml:2:7"), "{stderr}");
    assert!(!stderr.contains("windows-1252"), "{stderr}");
}

// ---------------------------------------------------------------------------
// check and build agree.

#[test]
fn an_empty_site_yaml_is_an_error_naming_what_is_missing() {
    for text in ["", "# nothing yet\n", "---\n", "[]\n"] {
        let (dir, root) = site(PROJECT.as_bytes());
        std::fs::write(root.join("site.yaml"), text).expect("write");
        let stderr = refused(&root, dir.path());
        assert!(stderr.contains("site.yaml"), "{text:?}: {stderr}");
        assert!(stderr.contains("`title`"), "{text:?}: {stderr}");
        assert!(!stderr.contains("no problems found"), "{text:?}: {stderr}");
    }
}

#[test]
fn a_second_site_in_site_yaml_is_not_ignored() {
    let (dir, root) = site(PROJECT.as_bytes());
    std::fs::write(root.join("site.yaml"), format!("{SITE}---\n{SITE}")).expect("write");
    let stderr = refused(&root, dir.path());
    assert!(stderr.contains("site.yaml:8:1"), "{stderr}");
}

// ---------------------------------------------------------------------------
// Well-formed output.

fn parses_as_xml(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if let Err(e) = roxmltree::Document::parse(&text) {
        panic!("{} is not well-formed XML: {e}", path.display());
    }
}

#[test]
fn the_example_feed_and_sitemap_are_well_formed_xml() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let built = build(Path::new(env!("CARGO_MANIFEST_DIR")), &out);
    assert_eq!(built.code, 0, "{}", built.stderr);
    parses_as_xml(&out.join("feed.xml"));
    parses_as_xml(&out.join("sitemap.xml"));
}

/// Bytes that no XML may hold, and that HTML calls errors.
fn has_control(text: &str) -> bool {
    text.chars().any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}'))
}

#[test]
fn a_control_character_written_as_a_reference_never_reaches_the_output() {
    let (dir, root) = site(PROJECT.as_bytes());
    let briefing = BRIEFING.replace("全年新签约项目一个。", "全年&#7;新签约&#x1b;项目&#xFFFF;一个。");
    std::fs::write(root.join("content/briefings/2025-review.md"), briefing).expect("write");
    let out = dir.path().join("public");
    let built = build(&root, &out);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.expect("walk");
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            assert!(!has_control(&text), "{} holds a control character", entry.path().display());
            seen += 1;
        }
    }
    assert!(seen > 10, "{seen} text files");
    let page = std::fs::read_to_string(out.join("briefings/2025-review/index.html")).expect("briefing page");
    assert!(page.contains("新签约"), "the text around is kept");
    parses_as_xml(&out.join("feed.xml"));
}
