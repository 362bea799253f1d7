//! Bounded work on hostile sizes, through the real binary: content built to
//! make a build slow, deep or large ends in the output or in a clear error,
//! never in a hang or a crash.

mod common;
use common::example_copy;
use std::path::Path;
use std::process::{Command, Output};

fn gongbao(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao");
    // No exit code means a signal: a stack overflow, which no input may cause.
    assert!(output.status.code().is_some(), "killed by a signal: {output:?}");
    output
}

fn check(root: &Path) -> (i32, String) {
    let out = gongbao(&["check", "--root", root.to_str().expect("utf-8")]);
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn build(root: &Path, output: &Path) -> Output {
    gongbao(&["build", "--root", root.to_str().expect("utf-8"), "--output", output.to_str().expect("utf-8")])
}

/// Adds the briefing `content/briefings/bounded.md` with `body`; its body
/// starts on line 8 of the file.
fn add_briefing(root: &Path, body: &str) {
    let front = "---\ntitle: 边界\ndate: 2026-01-20\nregion: hechuan\nyear: 2025\nsummary: 边界。\n---\n";
    std::fs::write(root.join("content/briefings/bounded.md"), format!("{front}{body}")).expect("write");
}

#[test]
fn twenty_thousand_equal_headings_get_every_id_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = example_copy(dir.path());
    // 8,000 such headings took 4 s and 20,000 hung the build: each id
    // searched its suffix from 0 again.
    add_briefing(&root, &("## 概况\n\n".repeat(20_000) + "## 概况 {#概况-2}\n"));
    let public = dir.path().join("public");
    let out = build(&root, &public);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let html = std::fs::read_to_string(public.join("briefings/bounded/index.html")).expect("the briefing's page");
    let ids: Vec<&str> = html.split("<h2 id=\"").skip(1).filter_map(|rest| rest.split_once('"').map(|(id, _)| id)).collect();
    let mut expected = vec!["概况".to_string()];
    // The written id is taken first, so no heading of the same text gets it.
    expected.extend((1..=20_000).filter(|&n| n != 2).map(|n| format!("概况-{n}")));
    expected.push("概况-2".to_string());
    assert_eq!(ids, expected);
}

#[test]
fn a_hundred_thousand_nested_brackets_or_dashes_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = example_copy(dir.path());
    let projects = root.join("content/projects");
    std::fs::write(projects.join("deep-flow.yaml"), "[".repeat(100_000) + &"]".repeat(100_000)).expect("write");
    std::fs::write(projects.join("deep-block.yaml"), "- ".repeat(100_000) + "x\n").expect("write");
    // 50,000 levels: a longer `{…}` is refused for its length first (below).
    std::fs::write(projects.join("deep-map.yaml"), "{a: ".repeat(50_000) + &"}".repeat(50_000)).expect("write");

    let (code, stderr) = check(&root);
    assert_eq!(code, 1, "{stderr}");
    for file in ["deep-flow", "deep-block", "deep-map"] {
        let error = format!("error[yaml-too-deep]: values are nested more than 64 levels deep\n  --> content/projects/{file}.yaml:1:");
        assert!(stderr.contains(&error), "{file}: {stderr}");
    }
    assert!(stderr.ends_with("check: 3 errors, 0 warnings\n"), "{stderr}");
}

#[test]
fn markdown_nested_a_hundred_thousand_deep_still_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = example_copy(dir.path());
    let body = [
        ">".repeat(100_000) + " 深",
        "- ".repeat(50_000) + "项",
        "*".repeat(50_000) + "强" + &"*".repeat(50_000),
        "[".repeat(50_000) + "链",
        "![图".repeat(20_000),
    ]
    .join("\n\n");
    add_briefing(&root, &body);
    let public = dir.path().join("public");
    let out = build(&root, &public);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(public.join("briefings/bounded/index.html")).expect("the briefing's page");
    assert_eq!(html.matches("<blockquote>").count(), 100_000);
    assert!(html.contains(" 深</p>") || html.contains(">深</p>"), "the innermost text is kept");
}

#[test]
fn a_value_longer_than_64_kb_is_refused_where_it_starts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = example_copy(dir.path());
    let summary = "长".repeat(30_000);
    std::fs::write(root.join("content/projects/long.yaml"), format!("- id: long-1\n  name: 长\n  summary: {summary}\n")).expect("write");
    let (code, stderr) = check(&root);
    assert_eq!(code, 1, "{stderr}");
    let expected = "error[yaml-too-long]: this value is 87.9 KB, more than the limit of 64 KB\n  --> content/projects/long.yaml:3:12\n";
    assert!(stderr.starts_with(expected), "{stderr}");
    assert!(
        stderr.contains("= hint: a value needs a few sentences at most (the limit is about 20,000 Chinese characters); long texts belong in a briefing\n"),
        "{stderr}"
    );
}

#[test]
fn a_record_of_more_than_100_000_values_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = example_copy(dir.path());
    let mut text = String::from("- id: wide-1\n  name: 宽\n  funds_in_place:\n");
    for n in 0..60_000 {
        text.push_str(&format!("    k{n}: 1\n"));
    }
    std::fs::write(root.join("content/projects/wide.yaml"), text).expect("write");
    let (code, stderr) = check(&root);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.starts_with("error[yaml-too-large]: one record holds more than 100000 values\n  --> content/projects/wide.yaml:"),
        "{stderr}"
    );
    assert!(stderr.ends_with("check: 1 error, 0 warnings\n"), "{stderr}");
}

#[test]
fn more_than_200_charts_in_one_briefing_are_refused_at_the_201st() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = example_copy(dir.path());
    add_briefing(&root, &"{{ chart(name=\"by_sector\") }}\n\n".repeat(250));
    let (code, stderr) = check(&root);
    assert_eq!(code, 1, "{stderr}");
    // Body line 401 (the 201st call) is line 408 of the file.
    let expected = "error[too-many-shortcodes]: a briefing may place at most 200 charts and tables; this is one more\n  --> content/briefings/bounded.md:408:1\n";
    assert!(stderr.starts_with(expected), "{stderr}");
    assert!(stderr.ends_with("check: 1 error, 0 warnings\n"), "{stderr}");
}

#[test]
fn a_flow_list_of_fifteen_megabytes_is_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = example_copy(dir.path());
    // The parser held such a list whole: 2.5 GB of memory for 15 MB.
    let numbers: Vec<String> = (0..1_800_000).map(|i| i.to_string()).collect();
    let list = format!("- id: big\n  tags: [{}]\n", numbers.join(", "));
    std::fs::write(root.join("content/projects/flow.yaml"), list).expect("write");

    let (code, stderr) = check(&root);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[yaml-too-large]: this `[…]` or `{…}` runs over 256 KB\n  --> content/projects/flow.yaml:2:9"),
        "{stderr}"
    );
}
