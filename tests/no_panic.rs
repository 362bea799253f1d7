//! No input makes the checker panic: project records broken in random ways,
//! random text and random bytes go through loading, validation and every
//! output format, as project files, annual files and briefings at once.

use std::path::Path;

use gongbao::diag::{Format, render};
use gongbao::model::Date;
use proptest::prelude::*;

const SITE: &str = "title: 测试市\nbase_url: /\nroot_region: city\nsectors:\n  - id: new-energy\n    name: 新能源\n";
const REGIONS: &str = "- id: city\n  name: 测试市\n  children:\n    - id: east\n      name: 东区\n";

/// A valid record, for edits to break.
const RECORD: &str = "id: t-001
name: 光伏组件项目
investor: 某某能源有限公司
region: east
sector: new-energy
amount: \"1,160万元\"
scope: outside_province
status: started
signed: 2025-03-18
started: 2025-06
funds_in_place:
  2025: 0.07
expected:
  jobs: 500
tags: [链主企业]
";

/// What edits insert: YAML's syntax, odd values, Chinese aliases.
const PIECES: &[&str] = &[
    "\n",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "\"",
    "'",
    " #",
    "&a ",
    "*a",
    "*b",
    "!!str ",
    "!!int ",
    "|\n",
    ">-\n",
    "\t",
    "    ",
    "---\n",
    "...\n",
    "? ",
    "~",
    "null",
    "true",
    "二百亿",
    "7000万元",
    "-1",
    "1e400",
    "99999999999999999999999999999",
    "2025-02-30",
    "2025年6月",
    "2021",
    "\u{feff}",
    "\r\n",
    "%YAML 1.2\n",
    "<<: *a\n",
    "状态: 已开工\n",
    "status: stalled\n",
    "status: cancelled\n",
    "producing: 2024-01\n",
    "cancelled: 2020-01\n",
    "funds_in_place: {2026-01: 99}\n",
    "2025: 1\n",
    "名称: 甲\n",
    "id: ../x\n",
    "region: nowhere\n",
    "amount: -3\n",
    "expected: [1]\n",
    "\u{1f}",
    "\0",
    "🀄",
    "𠀀",
];

fn edited_record() -> impl Strategy<Value = String> {
    let edit = (any::<prop::sample::Index>(), prop::sample::select(PIECES), 0..3u8);
    proptest::collection::vec(edit, 0..16).prop_map(|edits| {
        let mut text: Vec<char> = RECORD.chars().collect();
        for (at, piece, how) in edits {
            let i = at.index(text.len() + 1);
            match how {
                0 => drop(text.splice(i..(i + piece.chars().count()).min(text.len()), [])),
                _ => drop(text.splice(i..i, piece.chars())),
            }
        }
        text.into_iter().collect()
    })
}

fn contents() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => edited_record().prop_map(String::into_bytes),
        1 => any::<String>().prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..400),
    ]
}

/// Checks a site whose project file, annual file and briefing front matter
/// are all `bytes`, and renders what it found in every format.
fn check(root: &Path, bytes: &[u8]) {
    let mut briefing = b"---\n".to_vec();
    briefing.extend_from_slice(bytes);
    briefing.extend_from_slice("\n---\n正文\n".as_bytes());
    let files: [(&str, &[u8]); 5] = [
        ("site.yaml", SITE.as_bytes()),
        ("content/regions.yaml", REGIONS.as_bytes()),
        ("content/projects/p.yaml", bytes),
        ("content/annual/a.yaml", bytes),
        ("content/briefings/b.md", &briefing),
    ];
    for (name, data) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, data).expect("write");
    }
    let checked = gongbao::pipeline::check(root, Date::ymd(2026, 9, 21)).expect("a site");
    for format in [Format::Human, Format::Json, Format::Github] {
        render(&checked.diagnostics, format, &checked.sources);
    }
    if !checked.diagnostics.has_errors() {
        assert!(checked.dataset.is_some(), "no errors, yet no dataset");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_content_makes_the_check_panic(bytes in contents()) {
        let dir = tempfile::tempdir().expect("temp dir");
        check(dir.path(), &bytes);
    }
}

#[test]
fn the_unedited_record_passes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("content/projects/p.yaml");
    std::fs::create_dir_all(project.parent().expect("parent")).expect("mkdir");
    std::fs::write(dir.path().join("site.yaml"), SITE).expect("write");
    std::fs::write(dir.path().join("content/regions.yaml"), REGIONS).expect("write");
    std::fs::write(project, RECORD).expect("write");
    let checked = gongbao::pipeline::check(dir.path(), Date::ymd(2026, 9, 21)).expect("a site");
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
}
