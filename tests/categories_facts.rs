//! Investor categories, facts that behave like figures (last year's value,
//! sub-items, sums of children, campaign periods) and project service
//! (problems raised and solved), through the real binary on a small county:
//! the bulletin page, its JSON data file and the handout show them, and a
//! public build prints no problem's summary anywhere.

use std::path::Path;
use std::process::Command;

const SITE: &str = "\
title: 西山县招商引资公报
base_url: https://xishan.example.gov.cn/
root_region: xishan
unit: 亿元
sectors:
  - {id: energy, name: 新能源}
investor_categories:
  - {id: fortune500, name: 世界500强, name_en: Fortune Global 500, lede: true}
  - {id: soe, name: 央企, lede: true}
  - {id: listed, name: 上市公司}
";

const REGIONS: &str = "\
- id: xishan
  name: 西山县
  children:
    - {id: dongcheng, name: 东城街道}
    - {id: xicheng, name: 西城街道}
";

const PROJECTS: &str = "\
- {id: a, name: 光伏组件项目, investor: 甲公司, region: dongcheng, sector: energy, amount: 12, scope: local, status: signed, signed: 2025-03-01, categories: [fortune500, listed]}
- {id: b, name: 储能电站项目, investor: 乙公司, region: xicheng, sector: energy, amount: 30, scope: local, status: signed, signed: 2025-10-28, 企业类别: [央企]}
- {id: c, name: 风电项目, investor: 丙公司, region: xicheng, sector: energy, amount: 5, scope: local, status: signed, signed: 2025-06-01}
";

fn gongbao(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("GONGBAO_LANG", "en")
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao")
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

/// Builds the county with `annual` as the root's 2025 file and `extra`
/// files; returns the output folder.
fn build(dir: &Path, extra: &[(&str, &str)], internal: bool) -> std::path::PathBuf {
    let root = dir.join("site");
    write(&root, &[("site.yaml", SITE), ("content/regions.yaml", REGIONS), ("content/projects/p.yaml", PROJECTS)]);
    write(&root, extra);
    let out = dir.join(if internal { "internal" } else { "public" });
    let mut args = vec!["build", "-o", out.to_str().expect("utf-8")];
    if internal {
        args.push("--internal");
    }
    let run = gongbao(&root, &args);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn investor_categories_show_in_the_page_the_json_and_the_handout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = build(dir.path(), &[("content/annual/xishan-2025.yaml", "region: xishan\nyear: 2025\n")], false);
    let page = read(&out.join("2025/index.html"));
    // The lede names the categories marked for it, 央企 without a second 企业.
    assert!(page.contains("引进世界500强企业项目1个、协议投资额12.00亿元，引进央企项目1个、协议投资额30.00亿元"), "{page}");
    let table = &page[page.find("h-categories").expect("the categories table")..];
    let table = &table[..table.find("</table>").expect("its end")];
    for row in [
        "世界500强</th><td class=\"num\">1</td><td class=\"num\">12.00</td>",
        "央企</th><td class=\"num\">1</td><td class=\"num\">30.00</td>",
        "上市公司</th><td class=\"num\">1</td><td class=\"num\">12.00</td>",
    ] {
        assert!(table.contains(row), "{row} in {table}");
    }
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("data/2025/xishan.json"))).expect("json");
    let by_category = &json["breakdowns"]["by_category"];
    assert_eq!(by_category[0]["key"], "fortune500");
    assert_eq!(by_category[0]["count"], 1);
    assert_eq!(by_category[0]["amount"], "12");
    assert_eq!(by_category[1]["amount"], "30");
    // 西城 has only the 央企 project.
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("data/2025/xicheng.json"))).expect("json");
    assert_eq!(json["breakdowns"]["by_category"][0]["count"], 0);
    assert_eq!(json["breakdowns"]["by_category"][1]["count"], 1);
    let handout = read(&out.join("handouts/2025/xishan.html"));
    assert!(handout.contains("h-categories") && handout.contains("引进世界500强企业项目1个"), "{handout}");
}

#[test]
fn an_unknown_category_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    let projects = PROJECTS.replace("categories: [fortune500, listed]", "categories: [fortune500, listd]");
    write(&root, &[("site.yaml", SITE), ("content/regions.yaml", REGIONS), ("content/projects/p.yaml", &projects)]);
    let run = gongbao(&root, &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("error[unknown-category]: unknown investor category `listd`"), "{stderr}");
    assert!(stderr.contains("content/projects/p.yaml:1:"), "{stderr}");
    assert!(stderr.contains("did you mean `listed`?"), "{stderr}");
}

const FACTS_ROOT: &str = "\
region: xishan
year: 2025
facts:
  - {id: visits, label: 拜访企业, value: 1738, unit: 家, previous: 1500, items: [{label: 主要领导带队, value: 12, unit: 次}]}
campaigns:
  - name: 百日攻坚
    from: 2025-10-28
    to: 2026-02-05
    facts:
      - {label: 集中签约活动, value: 3, unit: 场}
";
const FACTS_EAST: &str =
    "region: dongcheng\nyear: 2025\nfacts:\n  - {id: trips, label: 外出招商, value: 12, unit: 次, previous: 10, summable: true}\n";
const FACTS_WEST: &str =
    "region: xicheng\nyear: 2025\nfacts:\n  - {id: trips, label: 外出招商, value: 9, unit: 次, previous: 10, summable: true}\n";

#[test]
fn facts_with_growth_sums_and_campaigns_show_in_the_page_the_json_and_the_handout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        ("content/annual/xishan-2025.yaml", FACTS_ROOT),
        ("content/annual/dongcheng-2025.yaml", FACTS_EAST),
        ("content/annual/xicheng-2025.yaml", FACTS_WEST),
    ];
    let out = build(dir.path(), &files, false);
    let page = read(&out.join("2025/index.html"));
    let facts = &page[page.find("h-facts").expect("the facts")..];
    // 1738 against 1500; the towns' trips summed, 21 against 20.
    assert!(facts.contains("<dd>1738<small>家</small></dd><dd class=\"fact-change\">同比增长15.87%</dd>"), "{facts}");
    assert!(facts.contains("其中：主要领导带队12次"), "{facts}");
    assert!(
        facts.contains("外出招商<small>（下级汇总）</small></dt><dd>21<small>次</small></dd><dd class=\"fact-change\">同比增长5.00%</dd>"),
        "{facts}"
    );
    // The campaign: b (30亿元, 2025-10-28) is in, a and c are not.
    let campaign = &page[page.find("h-campaigns").expect("the campaign")..];
    assert!(campaign.contains("百日攻坚") && campaign.contains("2025年10月28日—2026年2月5日"), "{campaign}");
    assert!(campaign.contains("签约项目1个，协议投资额30.00亿元"), "{campaign}");
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("data/2025/xishan.json"))).expect("json");
    assert_eq!(json["facts"][0]["growth_percent"].as_str().map(|g| &g[..5]), Some("15.86"), "{}", json["facts"]);
    assert_eq!(json["facts"][1]["key"], "trips");
    assert_eq!(json["facts"][1]["value"], "21");
    assert_eq!(json["facts"][1]["summed"], true);
    assert_eq!(json["campaigns"][0]["signed_count"], 1);
    assert_eq!(json["campaigns"][0]["signed_amount"], "30");
    assert_eq!(json["campaigns"][0]["started_count"], serde_json::Value::Null, "no start dates recorded");
    let handout = read(&out.join("handouts/2025/xishan.html"));
    assert!(handout.contains("同比增长15.87%") && handout.contains("签约项目1个，协议投资额30.00亿元"), "{handout}");
}

const WITH_PROBLEMS: &str = "\
- id: d
  name: 新材料项目
  investor: 丁公司
  region: dongcheng
  sector: energy
  amount: 8
  scope: local
  status: started
  signed: 2024-06-01
  started: 2025-02
  problems:
    - {raised: 2025-03-02, solved: 2025-04-10, summary: 机密甲供电接入迟缓}
    - {raised: 2025-06-01, summary: 机密乙环评批复未下}
    - {提出日期: 2025-07-01, 解决日期: 2025-08-01, 问题描述: 机密丙施工许可}
";

#[test]
fn project_service_shows_counts_and_never_a_summary_in_public() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [("content/annual/xishan-2025.yaml", "region: xishan\nyear: 2025\n"), ("content/projects/service.yaml", WITH_PROBLEMS)];
    let out = build(dir.path(), &files, false);
    let page = read(&out.join("2025/index.html"));
    assert!(page.contains("问题收集3个，已解决2个，办结率66.67%；在建项目1个。"), "{page}");
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("data/2025/xishan.json"))).expect("json");
    assert_eq!(json["service"]["problems_raised"], 3);
    assert_eq!(json["service"]["problems_solved"], 2);
    assert!(read(&out.join("handouts/2025/xishan.html")).contains("办结率66.67%"));
    // No summary in any file of the public build: pages, data, index, feed.
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        files += 1;
        let bytes = std::fs::read(entry.path()).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("机密"), "a problem's summary in {}", entry.path().display());
    }
    assert!(files > 10, "{files} files");
}
