//! The slips a clerk makes with a Chinese input method, through the binary
//! on a small county site: a number typed in the wrong unit, a full-width
//! colon, and a wrong value that must not set off a cascade of errors.

use std::path::Path;
use std::process::Command;

const SITE: &str = "\
title: 西山县招商引资公报
base_url: /
root_region: xishan
sectors:
  - id: energy
    name: 新能源
";

const REGIONS: &str = "\
- id: xishan
  name: 西山县
  children:
    - id: qinglong
      name: 青龙镇
      类型: 乡镇
      下级:
        - id: jiacun
          name: 甲村
    - id: dongcheng
      name: 东城街道
";

const ANNUAL: &str = "\
区域: xishan
年度: 2025
目标任务:
  协议投资额: 60
";

/// One signed project of `region`, as its own YAML document.
fn project(id: &str, region: &str, amount: &str, extra: &str) -> String {
    format!(
        "---\n- id: {id}\n  name: 项目{id}\n  investor: 某公司\n  region: {region}\n  sector: energy\n  协议投资额: {amount}\n  scope: local\n  status: signed\n  signed: 2025-03-01\n{extra}"
    )
}

fn site(dir: &Path, regions: &str, projects: &str) -> std::path::PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content/projects")).expect("mkdir");
    std::fs::create_dir_all(root.join("content/annual")).expect("mkdir");
    std::fs::write(root.join("site.yaml"), SITE).expect("write");
    std::fs::write(root.join("content/regions.yaml"), regions).expect("write");
    std::fs::write(root.join("content/annual/xishan-2025.yaml"), ANNUAL).expect("write");
    std::fs::write(root.join("content/projects/p.yaml"), projects).expect("write");
    root
}

/// Runs the binary; its exit code and stderr.
fn run(args: &[&str], root: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run gongbao");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The `[code]`s of the problems printed, in order.
fn codes(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
        .filter_map(|l| l.split_once('[').and_then(|(_, rest)| rest.split_once(']')).map(|(code, _)| code))
        .collect()
}

#[test]
fn an_amount_in_wan_on_a_yi_site_is_one_warning_in_both_units() {
    let dir = tempfile::tempdir().expect("temp dir");
    let projects = [project("a", "jiacun", "12", ""), project("b", "dongcheng", "5000", "")].concat();
    let root = site(dir.path(), REGIONS, &projects);
    let (code, stderr) = run(&["check"], &root);
    assert_eq!(code, 0, "{stderr}");
    // One warning, where the slip was typed: no growth or completion noise.
    assert_eq!(codes(&stderr), ["implausible-amount"], "{stderr}");
    assert!(
        stderr.contains("`b` has an `amount` of 5000亿元, more than 西山县's whole 2025 target for agreed investment (60亿元)"),
        "{stderr}"
    );
    assert!(stderr.contains("p.yaml:17:"), "the caret is on the amount: {stderr}");
    assert!(stderr.contains("5000亿元 — if you meant 5000万元, write `5000万元`"), "{stderr}");
    assert!(stderr.contains("warning: 1 figure looks like a slip of units"), "{stderr}");
    let (_, chinese) = run(&["check", "--lang", "zh-Hans"], &root);
    assert!(chinese.contains("疑似单位错误 1 处"), "{chinese}");

    // `build` counts it on one line, and `--strict` refuses it.
    let (code, stderr) = run(&["build"], &root);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning: 1 figure looks like a slip of units: check them before publishing"), "{stderr}");
    let (code, stderr) = run(&["build", "--strict"], &root);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("1 figure looks like a slip of units"), "{stderr}");
}

#[test]
fn an_amount_far_above_its_neighbours_is_caught_without_a_target() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut projects: String = (1..=5).map(|i| project(&format!("p{i}"), "dongcheng", &format!("{}", i + 1), "")).collect();
    projects.push_str(&project("big", "dongcheng", "8000", ""));
    // Four projects make no reliable median: no warning there.
    projects.extend((1..=3).map(|i| project(&format!("q{i}"), "jiacun", "1", "")));
    projects.push_str(&project("small-group", "jiacun", "1500", ""));
    let root = site(dir.path(), REGIONS, &projects);
    let annual = root.join("content/annual/xishan-2025.yaml");
    std::fs::write(&annual, "区域: xishan\n年度: 2025\n").expect("write");
    let (_, stderr) = run(&["check"], &root);
    assert_eq!(codes(&stderr), ["implausible-amount"], "{stderr}");
    assert!(
        stderr.contains("`big` has an `amount` of 8000亿元, more than 1000× the median (4.5亿元) of the 6 新能源 projects of 东城街道"),
        "{stderr}"
    );

    // The threshold is the site's.
    let site_yaml = root.join("site.yaml");
    std::fs::write(&site_yaml, format!("{SITE}数值核查:\n  中位数倍数: 10000\n")).expect("write");
    let (code, stderr) = run(&["check", "--strict"], &root);
    assert_eq!((code, codes(&stderr)), (0, vec![]), "{stderr}");
}

#[test]
fn funds_typed_in_wan_are_named_as_a_slip_not_twice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let projects = project("a", "dongcheng", "1.2", "  funds_in_place:\n    2025: 6800\n");
    let root = site(dir.path(), REGIONS, &projects);
    let (_, stderr) = run(&["check"], &root);
    assert_eq!(codes(&stderr), ["implausible-funds"], "{stderr}");
    assert!(stderr.contains("6800亿元 — if you meant 6800万元, write `6800万元`"), "{stderr}");
}

#[test]
fn a_growth_of_more_than_500_percent_is_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let projects = project("a", "dongcheng", "12", "");
    let root = site(dir.path(), REGIONS, &projects);
    let annual = root.join("content/annual/xishan-2025.yaml");
    std::fs::write(&annual, "区域: xishan\n年度: 2025\nbaseline:\n  协议投资额: 1.5\n").expect("write");
    let (_, stderr) = run(&["check"], &root);
    assert_eq!(codes(&stderr), ["implausible-growth"], "{stderr}");
    assert!(stderr.contains("signed_amount of 西山县 in 2025 grows by 700% (12亿元 against 1.5亿元), more than 500%"), "{stderr}");
}

#[test]
fn a_full_width_colon_is_named_where_it_is_and_hides_no_other_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = project("a", "dongcheng", "1", "").replace("  scope: local", "  资金来源：本地");
    let projects = [broken, project("b", "dongcheng", "1", "").replace("energy", "energyy")].concat();
    let root = site(dir.path(), REGIONS, &projects);
    let (code, stderr) = run(&["check"], &root);
    assert_eq!(code, 1);
    assert_eq!(codes(&stderr), ["yaml-syntax", "unknown-sector"], "{stderr}");
    assert!(stderr.contains("error[yaml-syntax]: YAML syntax error: full-width colon `：` (全角冒号：请改为半角冒号:)"), "{stderr}");
    assert!(stderr.contains("p.yaml:8:7"), "at the colon itself, not on the next line: {stderr}");
    assert!(stderr.contains("`资金来源: 本地`"), "{stderr}");
    assert!(!stderr.contains("simple key"), "{stderr}");
}

#[test]
fn a_wrong_region_kind_keeps_its_children() {
    let dir = tempfile::tempdir().expect("temp dir");
    let regions = REGIONS.replace("类型: 乡镇", "类型: 乡镇x");
    let projects = [project("a", "jiacun", "1", ""), project("b", "qinglong", "1", ""), project("c", "dongcheng", "1", "")].concat();
    let root = site(dir.path(), &regions, &projects);
    let (code, stderr) = run(&["check"], &root);
    assert_eq!(code, 1);
    // One error, the root cause: no "unknown region" for 青龙镇, 甲村 or 东城街道.
    assert_eq!(codes(&stderr), ["unknown-value"], "{stderr}");
    assert!(stderr.contains("unknown value `乡镇x` for `类型`"), "{stderr}");
}

#[test]
fn a_wrong_sector_key_keeps_the_sector() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), REGIONS, &project("a", "dongcheng", "1", ""));
    std::fs::write(root.join("site.yaml"), SITE.replace("    name: 新能源", "    name: 新能源\n    英文名: New energy")).expect("write");
    let (code, stderr) = run(&["check"], &root);
    assert_eq!(code, 1);
    assert_eq!(codes(&stderr), ["unknown-key"], "no unknown sector follows: {stderr}");
    assert!(stderr.contains("site.yaml:7:5"), "{stderr}");
}

#[test]
fn a_wrong_date_is_one_error_first_in_its_file_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let projects = [project("a", "dongcheng", "1", "").replace("2025-03-01", "2025-13-01"), project("b", "dongcheng", "1", "")].concat();
    let regions = REGIONS.replace("类型: 乡镇", "类型: 乡镇x");
    let root = site(dir.path(), &regions, &projects);
    let (_, stderr) = run(&["check"], &root);
    // regions.yaml, which the records are read against, comes first; the
    // bad date is one error, not also a "missing date" for its status.
    assert_eq!(codes(&stderr), ["unknown-value", "wrong-type"], "{stderr}");
    assert!(stderr.contains("`signed`: `2025-13-01` is not a date"), "{stderr}");
}
