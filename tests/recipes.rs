//! The CI recipes (ci/, docs/ci.md) cannot rot: the script they call runs
//! here on a copy of the example with the real binary on PATH, and their
//! YAML parses and holds the steps.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use gongbao::yaml::{Node, NodeKind};

/// 2026-09-21 in China, as in the other tests.
const TODAY_EPOCH: &str = "1790000000";

fn script() -> PathBuf {
    common::repo().join("ci/gongbao-ci.sh")
}

/// `sh ci/gongbao-ci.sh ARGS` in `dir`, with the built gongbao first on PATH.
fn run_script(dir: &Path, args: &[&str]) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_gongbao")).parent().expect("bin dir").to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())))
        .expect("PATH");
    Command::new("sh")
        .arg(script())
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .env("GONGBAO_LANG", "en")
        .env_remove("GONGBAO")
        .env_remove("GONGBAO_BASE")
        .env_remove("GITHUB_WORKSPACE")
        .output()
        .expect("sh runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Whether the gongbao under test has `diff` (made by another part of the
/// work): the script's pull-request step is tested only when it does.
fn has_diff() -> bool {
    Command::new(env!("CARGO_BIN_EXE_gongbao")).args(["diff", "--help"]).output().is_ok_and(|o| o.status.success())
}

#[test]
fn the_script_checks_builds_and_keeps_the_handouts_of_the_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = common::example_copy(dir.path());
    let run = run_script(&site, &["--no-diff"]);
    let (stdout, stderr) = (text(&run.stdout), text(&run.stderr));
    assert_eq!(run.status.code(), Some(0), "stdout:\n{stdout}\nstderr:\n{stderr}");
    // The example has notes and no errors: annotations, none an error.
    assert!(stdout.contains("::notice file=content/"), "{stdout}");
    assert!(!stdout.contains("::error"), "{stdout}");
    assert!(site.join("public/index.html").is_file());
    // Every bulletin's handout, in the build and in the download folder.
    let handouts: Vec<PathBuf> = walkdir::WalkDir::new(site.join("handouts"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(site.join("handouts")).expect("inside").to_path_buf())
        .collect();
    // 7 regions × 2 years: the annual handouts, and those of 11 months.
    assert_eq!(handouts.len(), 14 * 12, "{handouts:?}");
    for handout in &handouts {
        assert!(site.join("public/handouts").join(handout).is_file(), "{handout:?}");
    }
    assert!(handouts.contains(&PathBuf::from("2025/hechuan.html")), "{handouts:?}");
    assert!(stderr.contains("handouts → handouts (168)"), "{stderr}");
    assert!(!site.join("diff.md").exists());

    // A second run (a CI cache of the folder) rebuilds over its own output.
    let run = run_script(&site, &["--no-diff", "--output", "public"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
}

#[test]
fn content_errors_fail_the_script_with_an_annotation_and_build_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = common::example_copy(dir.path());
    std::fs::write(site.join("content/projects/bad.yaml"), "- id: bad-001\n  name: 测试项目\n  amount: 很多\n").expect("write");
    let run = run_script(&site, &["--no-diff"]);
    let stdout = text(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}\n{}", text(&run.stderr));
    assert!(stdout.contains("::error file=content/projects/bad.yaml,line="), "{stdout}");
    assert!(!site.join("public").exists());
    assert!(!site.join("handouts").exists());
}

#[test]
fn a_wrong_argument_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [&["--frobnicate"][..], &["--root"][..]] {
        let run = run_script(dir.path(), args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(text(&run.stderr).contains("gongbao-ci.sh"), "{args:?}");
    }
}

/// On a pull request the script writes the Markdown diff against the base.
#[test]
fn on_a_pull_request_the_script_writes_the_markdown_diff() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = common::example_copy(dir.path());
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(&site)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "base"]);
    let run = run_script(&site, &["--base", "HEAD", "--output", "../public", "--handouts", "../handouts"]);
    if has_diff() {
        assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
        assert!(site.join("diff.md").is_file());
    } else {
        // Without `gongbao diff` the step fails loudly rather than posting nothing.
        assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    }
    // Check, build and handouts ran before it either way.
    assert!(dir.path().join("public/index.html").is_file());
    assert!(dir.path().join("handouts/2025/hechuan.html").is_file());
    // `GONGBAO_DIFF=0` skips the step.
    let mut command = Command::new("sh");
    command.arg(script()).args(["--base", "HEAD", "--output", "../public", "--handouts", "../handouts", "--diff-out", "../skipped.md"]);
    let bin = Path::new(env!("CARGO_BIN_EXE_gongbao"));
    let out = command.current_dir(&site).env("GONGBAO", bin).env("GONGBAO_DIFF", "0").env("GONGBAO_LANG", "en").output().expect("sh");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!dir.path().join("skipped.md").exists());
}

/// A mapping's value at `key`.
fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.kind {
        NodeKind::Map(pairs) => pairs.iter().find(|(k, _)| gongbao::yaml::scalar_text(k) == Some(key)).map(|(_, v)| v),
        _ => None,
    }
}

fn parse(name: &str) -> (String, Node) {
    let text = std::fs::read_to_string(common::repo().join("ci").join(name)).expect("read");
    let (mut docs, problems) = gongbao::yaml::parse(&text, &Arc::from(name));
    assert!(problems.is_empty(), "{name}: {problems:?}");
    assert_eq!(docs.len(), 1, "{name}");
    (text, docs.remove(0))
}

#[test]
fn the_recipes_parse_and_hold_the_steps() {
    let (github, workflow) = parse("github-actions.yml");
    let jobs = get(&workflow, "jobs").expect("jobs");
    let steps = get(get(jobs, "site").expect("site job"), "steps").expect("steps");
    let NodeKind::Seq(steps) = &steps.kind else { panic!("steps is a list") };
    let runs: Vec<&str> = steps.iter().filter_map(|s| get(s, "run").and_then(gongbao::yaml::scalar_text)).collect();
    let uses: Vec<&str> = steps.iter().filter_map(|s| get(s, "uses").and_then(gongbao::yaml::scalar_text)).collect();
    assert!(runs.iter().any(|r| r.starts_with("cargo install --locked --git") && r.contains("--tag")), "{runs:?}");
    assert!(runs.contains(&"sh ci/gongbao-ci.sh"), "{runs:?}");
    assert!(runs.iter().any(|r| r.starts_with("gh pr comment") && r.contains("--body-file diff.md")), "{runs:?}");
    for action in ["actions/checkout@v4", "actions/cache@v4", "actions/upload-artifact@v4", "actions/upload-pages-artifact@v3"] {
        assert!(uses.contains(&action), "{action}: {uses:?}");
    }
    assert!(github.contains("actions/deploy-pages@v4"));

    let (gitlab, pipeline) = parse("gitlab-ci.yml");
    let job = get(&pipeline, "gongbao").expect("gongbao job");
    let NodeKind::Seq(lines) = &get(job, "script").expect("script").kind else { panic!("script is a list") };
    assert!(lines.iter().any(|s| gongbao::yaml::scalar_text(s) == Some("sh ci/gongbao-ci.sh")));
    let pages = get(&pipeline, "pages").expect("pages job");
    let paths = get(get(pages, "artifacts").expect("artifacts"), "paths").expect("paths");
    assert!(matches!(&paths.kind, NodeKind::Seq(p) if p.iter().any(|p| gongbao::yaml::scalar_text(p) == Some("public/"))));
    assert!(gitlab.contains("cargo install --locked --git"));

    // The steps the recipes run by way of the script.
    let script = std::fs::read_to_string(script()).expect("read");
    for step in [
        "check --root \"$root\" --format github",
        "build --root \"$root\" --output \"$output\"",
        "diff --root \"$root\" --base \"$base\" --format markdown",
    ] {
        assert!(script.contains(step), "{step}");
    }
    // docs/ci.md shows the workflow as it is in ci/.
    let doc = std::fs::read_to_string(common::repo().join("docs/ci.md")).expect("read docs/ci.md");
    assert!(doc.contains(github.trim_end()), "docs/ci.md shows ci/github-actions.yml");
    assert!(doc.contains(gitlab.trim_end()), "docs/ci.md shows ci/gitlab-ci.yml");
}
