//! `gongbao diff` through the binary, on a scripted git history of the
//! example city kept in a subfolder of a temporary repository.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A project added by the second commit.
const ADDED: &str = "
- id: hc-2025-901
  name: 东湖智慧物流中心
  investor: 捷运物流有限公司
  region: donghu
  sector: logistics
  amount: 2.5
  scope: local
  status: signed
  signed: 2025-03-18
";

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{} holds {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

/// A repository whose folder `site/` holds the example at HEAD~1, and at
/// HEAD the same with one amount changed (12 → 13), one project added and
/// one removed. Returns the site folder.
fn history(dir: &Path) -> PathBuf {
    let site = common::example_copy(dir);
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "the example"]);
    let donghu = site.join("content/projects/donghu.yaml");
    edit(&donghu, "  amount: 12\n", "  amount: 13\n");
    let mut text = std::fs::read_to_string(&donghu).expect("read");
    text.push_str(ADDED);
    std::fs::write(&donghu, text).expect("write");
    std::fs::remove_file(site.join("content/projects/hc-etdz-copper-foil.yaml")).expect("remove");
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "the ledger of March"]);
    site
}

fn diff(site: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .arg("diff")
        .arg("--root")
        .arg(site)
        .args(args)
        .env("GONGBAO_LANG", lang)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8")
}

#[test]
fn a_commit_in_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = history(dir.path());
    let out = diff(&site, "en", &["--base", "HEAD~1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("+ hc-2025-901 东湖智慧物流中心"), "{text}");
    assert!(text.contains("- hc-2025-050 高端电解铜箔产业园"), "{text}");
    assert!(text.contains("amount: 12 → 13"), "{text}");
    insta::assert_snapshot!("human.en", text);
}

#[test]
fn a_commit_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = history(dir.path());
    let out = diff(&site, "zh-Hans", &["--base", "HEAD~1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("协议投资额：12 → 13"), "{text}");
    insta::assert_snapshot!("human.zh-Hans", text);
}

#[test]
fn a_commit_as_markdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = history(dir.path());
    let out = diff(&site, "zh-Hans", &["--base", "HEAD~1", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    insta::assert_snapshot!("markdown.zh-Hans", text);
    // Rendered as a pull-request comment would be, for a look.
    let mut html = String::from(COMMENT_HEAD);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_TABLES));
    html.push_str("</div></body></html>\n");
    assert!(html.contains("<table>") && html.contains("<details>"), "{html}");
    std::fs::write(std::env::temp_dir().join("diff-comment.html"), html).expect("write");
}

/// GitHub's comment look, near enough for a screenshot.
const COMMENT_HEAD: &str = r#"<!doctype html><html><head><meta charset="utf-8"><title>gongbao diff</title><style>
body{font:14px/1.5 -apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;background:#f6f8fa;padding:24px;color:#1f2328}
.comment{max-width:900px;margin:auto;background:#fff;border:1px solid #d1d9e0;border-radius:6px;padding:16px 24px}
table{border-collapse:collapse;margin:12px 0}th,td{border:1px solid #d1d9e0;padding:6px 13px}th{background:#f6f8fa}
tr:nth-child(2n) td{background:#f6f8fa}h3,h4{border-bottom:1px solid #d1d9e0;padding-bottom:.3em}
details summary{cursor:pointer;font-weight:600}</style></head><body><div class="comment">
"#;

#[test]
fn json_keys_are_english_and_values_exact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = history(dir.path());
    let out = diff(&site, "zh-Hans", &["--base", "HEAD~1", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["changed"], true);
    assert_eq!(json["unit"], "亿元");
    let amount = json["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .find(|f| f["region"] == "donghu" && f["year"] == 2024 && f["metric"] == "signed_amount")
        .expect("donghu's 2024 signed amount");
    assert_eq!((amount["old"].as_str(), amount["new"].as_str(), amount["difference"].as_str()), (Some("79"), Some("80"), Some("+1")));
    assert_eq!(json["projects"]["added"][0]["id"], "hc-2025-901");
    assert_eq!(json["projects"]["removed"][0]["id"], "hc-2025-050");
    assert_eq!(json["projects"]["changed"][0]["fields"][0], serde_json::json!({"field": "amount", "old": "12", "new": "13"}));
}

#[test]
fn fail_on_change_is_a_publish_gate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = history(dir.path());
    assert_eq!(diff(&site, "en", &["--base", "HEAD~1", "--fail-on-change"]).status.code(), Some(1));
    let same = diff(&site, "en", &["--base", "HEAD", "--fail-on-change"]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert!(stdout(&same).contains("nothing changed"), "{}", stdout(&same));
}

#[test]
fn another_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = history(dir.path());
    let other = tempfile::tempdir().expect("tempdir");
    let base = common::example_copy(other.path());
    let out = diff(&site, "en", &["--base-root", base.to_str().expect("UTF-8 path")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out).replace(base.to_str().expect("UTF-8 path"), "[BASE]");
    assert!(text.starts_with("compared with `[BASE]` (public; money in 亿元"), "{text}");
    // The same changes as against the commit before.
    let against_git = stdout(&diff(&site, "en", &["--base", "HEAD~1"]));
    assert_eq!(text.replace("`[BASE]`", "`HEAD~1`"), against_git);
}

#[test]
fn confidential_projects_show_only_in_an_internal_diff() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = common::example_copy(dir.path());
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "the example"]);
    // A negotiation's amount and a private investor's name.
    edit(&site.join("content/projects/pipeline.yaml"), "  amount: 50\n", "  amount: 60\n");
    git(dir.path(), &["commit", "-q", "-a", "-m", "a negotiation"]);
    let public = diff(&site, "en", &["--base", "HEAD~1", "--fail-on-change"]);
    assert_eq!(public.status.code(), Some(0), "{}", stderr(&public));
    let text = stdout(&public);
    assert!(!text.contains("hc-2026-001") && !text.contains("固态电池"), "{text}");
    assert!(text.contains("nothing changed"), "{text}");
    let internal = diff(&site, "en", &["--base", "HEAD~1", "--internal"]);
    let text = stdout(&internal);
    assert!(text.contains("~ hc-2026-001 固态电池研发制造基地") && text.contains("amount: 50 → 60"), "{text}");
    assert!(text.starts_with("compared with `HEAD~1` (internal"), "{text}");
}

#[test]
fn the_site_at_the_top_of_the_repository() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = common::example_copy(dir.path());
    git(&site, &["init", "-q"]);
    git(&site, &["add", "-A"]);
    git(&site, &["commit", "-q", "-m", "the example"]);
    edit(&site.join("content/projects/donghu.yaml"), "  amount: 12\n", "  amount: 13\n");
    // Not committed: the working folder is compared with HEAD.
    let out = diff(&site, "en", &["--base", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["projects"]["changed"][0]["id"], "hc-2024-004");
}

#[test]
fn usage_errors_are_clear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = history(dir.path());
    let out = diff(&site, "en", &["--base", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown revision `no-such-branch`"), "{}", stderr(&out));
    let out = diff(&site, "zh-Hans", &["--base", "no-such-branch"]);
    assert!(stderr(&out).contains("找不到版本 `no-such-branch`"), "{}", stderr(&out));
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let plain = common::example_copy(elsewhere.path());
    let out = diff(&plain, "en", &["--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not in a git repository"), "{}", stderr(&out));
    // Neither base given, or both.
    assert_eq!(diff(&site, "en", &[]).status.code(), Some(2));
    assert_eq!(diff(&site, "en", &["--base", "HEAD", "--base-root", "."]).status.code(), Some(2));
}

#[test]
fn content_errors_of_the_base_are_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = common::example_copy(dir.path());
    let donghu = site.join("content/projects/donghu.yaml");
    edit(&donghu, "  amount: 12\n", "  amount: twelve\n");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "broken"]);
    edit(&donghu, "  amount: twelve\n", "  amount: 12\n");
    let out = diff(&site, "en", &["--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/projects/donghu.yaml") && err.contains("twelve"), "{err}");
    assert!(err.contains("the site at `HEAD` has errors"), "{err}");
}

#[test]
fn a_base_before_the_site_folder_existed_is_an_empty_site() {
    // The first commit holds only a README; the second adds the site.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("README.md"), "招商公报\n").expect("write");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "a readme"]);
    let site = common::example_copy(dir.path());
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "the site"]);
    let out = diff(&site, "en", &["--base", "HEAD~1", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["changed"], true);
    let added = json["projects"]["added"].as_array().expect("added");
    assert!(added.iter().any(|p| p["id"] == "hc-2023-104"), "{added:?}");
    assert_eq!(json["projects"]["removed"].as_array().map(Vec::len), Some(0));
    assert_eq!(json["projects"]["changed"].as_array().map(Vec::len), Some(0));
    // Every figure is new: nothing before it.
    let figures = json["figures"].as_array().expect("figures");
    assert!(!figures.is_empty());
    assert!(figures.iter().all(|f| f["old"].is_null()), "{figures:?}");
    // A gate still sees a change; the human form says what was added.
    assert_eq!(diff(&site, "en", &["--base", "HEAD~1", "--fail-on-change"]).status.code(), Some(1));
}
