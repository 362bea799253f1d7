//! The messages of validation and statistics in Chinese, through the binary
//! with `GONGBAO_LANG=zh-Hans` on a small county site: a unit slip shown in
//! both units, and keys named as a record written with Chinese keys wrote
//! them.

use std::path::Path;
use std::process::Command;

const SITE: &str = "\
标题: 西山县招商引资公报
网址: /
根区域: xishan
产业:
  - id: energy
    name: 新能源
";

const REGIONS: &str = "\
- id: xishan
  name: 西山县
  children:
    - id: dongcheng
      name: 东城街道
";

const ANNUAL: &str = "\
区域: xishan
年度: 2025
目标任务:
  协议投资额: 60
";

/// One signed project written with Chinese keys, as its own YAML document;
/// `extra` lines are added, and a line starting with one of `drop` left out.
fn project(id: &str, amount: &str, extra: &str, drop: &str) -> String {
    let lines = [
        format!("编号: {id}"),
        format!("名称: 项目{id}"),
        "投资方: 某公司".to_string(),
        "区域: dongcheng".to_string(),
        "产业: energy".to_string(),
        format!("协议投资额: {amount}"),
        "资金来源: 本地".to_string(),
        "状态: 已签约".to_string(),
        "签约日期: 2025-03-01".to_string(),
    ];
    let kept: Vec<String> = lines.into_iter().filter(|l| drop.is_empty() || !l.starts_with(drop)).collect();
    let mut text = String::from("---\n");
    for (i, line) in kept.iter().chain(extra.lines().map(str::to_string).collect::<Vec<_>>().iter()).enumerate() {
        text.push_str(if i == 0 { "- " } else { "  " });
        text.push_str(line);
        text.push('\n');
    }
    text
}

fn site(dir: &Path, projects: &str) -> std::path::PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content/projects")).expect("mkdir");
    std::fs::create_dir_all(root.join("content/annual")).expect("mkdir");
    std::fs::write(root.join("site.yaml"), SITE).expect("write");
    std::fs::write(root.join("content/regions.yaml"), REGIONS).expect("write");
    std::fs::write(root.join("content/annual/xishan-2025.yaml"), ANNUAL).expect("write");
    std::fs::write(root.join("content/projects/p.yaml"), projects).expect("write");
    root
}

/// `gongbao check` in Simplified Chinese: its exit code and stderr.
fn check_in_chinese(root: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .arg("check")
        .arg("--root")
        .arg(root)
        .env("GONGBAO_LANG", "zh-Hans")
        .env("SOURCE_DATE_EPOCH", "1767139200") // 2025-12-31
        .output()
        .expect("run gongbao");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The `[code]`s of the problems printed, in order (info notes left out).
fn codes(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("error[") || l.contains("warning[") || l.contains("错误[") || l.contains("警告["))
        .filter_map(|l| l.split_once('[').and_then(|(_, rest)| rest.split_once(']')).map(|(code, _)| code))
        .collect()
}

#[test]
fn a_unit_slip_is_said_in_chinese_with_both_units_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let projects = [project("a", "12", "", ""), project("b", "5000", "", "")].concat();
    let root = site(dir.path(), &projects);
    let (code, stderr) = check_in_chinese(&root);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(codes(&stderr), ["implausible-amount"], "exactly one diagnostic: {stderr}");
    assert!(stderr.contains("`b` 的协议投资额 5000亿元，超过了西山县2025年全年的协议投资额目标（60亿元）"), "{stderr}");
    assert!(stderr.contains("5000亿元 — 若为5000万元请写 `5000万元`"), "both units: {stderr}");
    assert!(!stderr.contains("has an `amount`"), "no English: {stderr}");
}

#[test]
fn dates_out_of_order_are_named_as_the_record_wrote_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let projects =
        project("a", "12", "开工日期: 2025-01-10", "状态").replace("签约日期: 2025-03-01", "签约日期: 2025-03-01\n  状态: 已开工");
    let root = site(dir.path(), &projects);
    let (code, stderr) = check_in_chinese(&root);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(codes(&stderr), ["date-order"], "{stderr}");
    assert!(stderr.contains("`开工日期` 2025-01-10 早于 `签约日期` 2025-03-01"), "{stderr}");
    assert!(!stderr.contains("started"), "no English key: {stderr}");
}

#[test]
fn a_missing_investor_is_named_as_the_record_wrote_keys() {
    let dir = tempfile::tempdir().expect("temp dir");
    let projects = project("a", "12", "", "投资方");
    let root = site(dir.path(), &projects);
    let (code, stderr) = check_in_chinese(&root);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(codes(&stderr), ["missing-field"], "{stderr}");
    assert!(stderr.contains("缺少必填的键 `投资方`"), "{stderr}");
    assert!(stderr.contains("`投资方: 某某有限公司`"), "the hint says what to type: {stderr}");
    assert!(stderr.contains("gongbao explain missing-field"), "{stderr}");
    assert!(!stderr.contains("investor"), "no English key: {stderr}");
}

#[test]
fn a_status_without_its_date_names_both_in_chinese() {
    let dir = tempfile::tempdir().expect("temp dir");
    let projects = project("a", "12", "状态: 已开工", "状态");
    let root = site(dir.path(), &projects);
    let (code, stderr) = check_in_chinese(&root);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(codes(&stderr), ["missing-date"], "{stderr}");
    assert!(stderr.contains("状态为 `已开工` 的项目要有 `开工日期`"), "{stderr}");
}
