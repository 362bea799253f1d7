//! The three rates (三率), figures by industrial chain, configurable size
//! brackets and the totals of projects in negotiation, built through the
//! binary from a small county site: what the bulletin page and its JSON
//! data file say, and that no output file names a negotiation.

use std::path::{Path, PathBuf};
use std::process::Command;

const SITE: &str = "\
title: 南岭县招商引资公报
base_url: /
root_region: nanling
min_project_amount: 0.1
lede: [signed, start_rate, 履约率, 投产率]
sectors:
  - id: pv
    name: 光伏
    chain: 新能源产业链
  - id: storage
    name: 储能
    产业链: 新能源产业链
  - id: food
    name: 食品加工
";

const REGIONS: &str = "\
- id: nanling
  name: 南岭县
  children:
    - id: east
      name: 东镇
    - id: west
      name: 西镇
";

/// Five projects signed in 2025 (a cancelled after starting, d starting only
/// in 2026) and one negotiation.
const PROJECTS: &str = "\
- {id: nl-1, name: 组件项目, investor: 甲公司, region: east, sector: pv, amount: 10, scope: local, status: producing, signed: 2025-02-01, started: 2025-03-01, producing: 2025-10-01}
- {id: nl-2, name: 电芯项目, investor: 乙公司, region: east, sector: storage, amount: 8, scope: local, status: started, signed: 2025-03-01, started: 2025-05-01}
- {id: nl-3, name: 支架项目, investor: 丙公司, region: west, sector: pv, amount: 0.6, scope: local, status: cancelled, signed: 2025-04-01, started: 2025-06-01, cancelled: 2025-11-01}
- {id: nl-4, name: 罐头项目, investor: 丁公司, region: west, sector: food, amount: 5, scope: local, status: signed, signed: 2025-09-01}
- {id: nl-5, name: 饮料项目, investor: 戊公司, region: west, sector: food, amount: 4, scope: local, status: producing, signed: 2025-12-01, producing: 2025-12-20}
- {id: nl-9, name: 绝密氢能项目, investor: 秘密投资集团, region: west, sector: storage, amount: 30, scope: local, status: negotiating}
";

fn site(dir: &Path, extra: &str) -> PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content/projects")).unwrap();
    std::fs::create_dir_all(root.join("content/annual")).unwrap();
    std::fs::write(root.join("site.yaml"), format!("{SITE}{extra}")).unwrap();
    std::fs::write(root.join("content/regions.yaml"), REGIONS).unwrap();
    std::fs::write(root.join("content/projects/nanling.yaml"), PROJECTS).unwrap();
    std::fs::write(root.join("content/annual/nanling-2025.yaml"), "region: nanling\nyear: 2025\n").unwrap();
    root
}

fn build(root: &Path, internal: bool) -> PathBuf {
    let output = root.join(if internal { "internal" } else { "public" });
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongbao"));
    command.env("GONGBAO_LANG", "en");
    command.arg("build").arg("--root").arg(root).arg("--output").arg(&output);
    if internal {
        command.arg("--internal");
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    output
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(path: PathBuf) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap()
}

fn figure<'a>(data: &'a serde_json::Value, metric: &str) -> &'a serde_json::Value {
    data["figures"].as_array().unwrap().iter().find(|f| f["metric"] == metric).unwrap_or_else(|| panic!("no {metric}"))
}

#[test]
fn the_three_rates_show_with_their_numerators() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(&site(dir.path(), ""), false);
    let page = read(out.join("index.html"));
    // Of 5 signed: 3 started in 2025 (nl-3's start stands though it was
    // cancelled); under way at the year's end nl-1, nl-2, nl-5 (nl-3 was
    // cancelled: it stays in the denominator); in production nl-1, nl-5.
    assert!(page.contains("开工项目3个，当年签约当年开工率60.00%"), "{page}");
    assert!(page.contains("履约项目3个，履约率60.00%"), "{page}");
    assert!(page.contains("投产项目2个，投产率40.00%"), "{page}");
    assert!(page.contains("<th scope=\"row\">投产率</th>"), "a row of the table");
    let handout = read(out.join("handouts/2025/nanling.html"));
    assert!(handout.contains("履约项目3个，履约率60.00%") && handout.contains("<th scope=\"row\">投产率</th>"), "{handout}");
    let data = json(out.join("data/2025/nanling.json"));
    assert_eq!(figure(&data, "fulfilment_rate")["value"], "60");
    assert_eq!(figure(&data, "fulfilment_rate")["numerator"], 3);
    assert_eq!(figure(&data, "producing_rate")["value"], "40");
    assert_eq!(figure(&data, "producing_rate")["numerator"], 2);
    assert_eq!(figure(&data, "start_rate")["numerator"], 3);
    // 西镇: nl-3 cancelled, nl-4 signed only, nl-5 in production: 1 of 3.
    let west = json(out.join("data/2025/west.json"));
    assert_eq!(figure(&west, "fulfilment_rate")["numerator"], 1);
}

/// Every file of a build, as text.
fn every_file(out: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned()))
        .collect()
}

#[test]
fn negotiating_totals_are_published_as_numbers_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(&site(dir.path(), "publish_negotiating_totals: true\n"), false);
    for (path, text) in every_file(&out) {
        for secret in ["绝密氢能项目", "秘密投资集团", "nl-9"] {
            assert!(!text.contains(secret), "{} names the negotiation: {secret}", path.display());
        }
    }
    let page = read(out.join("index.html"));
    assert!(page.contains("在谈项目1个，意向投资额30.00亿元"), "{page}");
    let west = read(out.join("2025/west/index.html"));
    assert!(west.contains("在谈项目1个"), "the region of the negotiation");
    let east = read(out.join("2025/east/index.html"));
    assert!(east.contains("在谈项目0个"), "a region with none, in a ledger that records negotiations");
    assert!(read(out.join("handouts/2025/nanling.html")).contains("在谈项目1个，意向投资额30.00亿元"), "the handout");
    let data = json(out.join("data/2025/nanling.json"));
    assert_eq!(data["negotiating"]["count"], 1);
    assert_eq!(data["negotiating"]["amount"], "30");
    // Not counted in any figure: five signed, 27.6亿元.
    assert_eq!(figure(&data, "signed_count")["value"], "5");
    assert_eq!(figure(&data, "signed_amount")["value"], "27.6");
}

#[test]
fn negotiating_totals_are_absent_unless_the_site_enables_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(&site(dir.path(), ""), false);
    for (path, text) in every_file(&out) {
        for secret in ["绝密氢能项目", "秘密投资集团", "nl-9", "在谈项目1个", "h-negotiating"] {
            assert!(!text.contains(secret), "{}: {secret}", path.display());
        }
    }
    assert!(json(out.join("data/2025/nanling.json")).get("negotiating").is_none());
}

#[test]
fn bulletins_show_figures_by_chain() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(&site(dir.path(), ""), false);
    let page = read(out.join("index.html"));
    let start = page.find("id=\"h-chains\"").expect("a chain table");
    let table = &page[start..start + page[start..].find("</section>").unwrap()];
    // 新能源产业链: 光伏 10 + 0.6, 储能 8 = 18.60亿元 of 27.60, 3 projects;
    // 食品加工 is in no chain: 9.00亿元, 2 projects.
    assert!(table.contains("<th scope=\"row\">新能源产业链</th><td>光伏、储能</td><td class=\"num\">3</td><td class=\"num\">18.60</td><td class=\"num\">67.39%</td>"), "{table}");
    assert!(
        table.contains("<th scope=\"row\">其他产业</th><td>食品加工</td><td class=\"num\">2</td><td class=\"num\">9.00</td>"),
        "{table}"
    );
    let data = json(out.join("data/2025/nanling.json"));
    let chains = data["breakdowns"]["by_chain"].as_array().unwrap();
    assert_eq!(chains.len(), 2);
    assert_eq!(chains[0]["key"], "新能源产业链");
    assert_eq!(chains[0]["count"], 3);
    assert_eq!(chains[0]["amount"], "18.6");
    assert_eq!(chains[1]["key"], "");
    assert_eq!(chains[1]["amount"], "9");
    let handout = read(out.join("handouts/2025/nanling.html"));
    assert!(handout.contains("<th scope=\"row\">新能源产业链</th><td>光伏、储能</td>"), "the handout's chain table");
}

#[test]
fn size_brackets_are_the_sites_and_signed_over_1_follows_them() {
    let dir = tempfile::tempdir().unwrap();
    // 0.6, 4, 5, 8, 10 亿元 against brackets 0.5, 2, 5, 10: the first at or
    // above 1亿元 is 2亿元, so 亿元以上项目 counts 4, 5, 8 and 10.
    let out = build(&site(dir.path(), "规模分档: [0.5, 2, 5, 10]\n"), false);
    let data = json(out.join("data/2025/nanling.json"));
    let sizes: Vec<(String, u64)> = data["breakdowns"]["by_size"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["key"].as_str().unwrap().to_string(), p["count"].as_u64().unwrap()))
        .collect();
    let expected = [("below_0.5", 0), ("0.5_to_2", 1), ("2_to_5", 1), ("5_to_10", 2), ("from_10", 1)];
    assert_eq!(sizes, expected.map(|(k, n)| (k.to_string(), n)));
    assert_eq!(figure(&data, "signed_over_1")["value"], "4");
    assert_eq!(figure(&data, "signed_over_1_amount")["value"], "27");
    let page = read(out.join("index.html"));
    assert!(page.contains("0.5亿—2亿元") && page.contains("10亿元以上"), "the size chart's labels");

    // The default keeps the brackets of 1, 10, 50 and 100 亿元.
    let dir = tempfile::tempdir().unwrap();
    let data = json(build(&site(dir.path(), ""), false).join("data/2025/nanling.json"));
    let keys: Vec<&str> = data["breakdowns"]["by_size"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["below_1", "1_to_10", "10_to_50", "50_to_100", "from_100"]);
    assert_eq!(figure(&data, "signed_over_1")["value"], "4");
}

#[test]
fn size_brackets_must_ascend_and_be_positive() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), "size_brackets: [1, 0.5, 0]\n");
    let out = Command::new(env!("CARGO_BIN_EXE_gongbao")).env("GONGBAO_LANG", "en").arg("check").arg("--root").arg(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("size brackets must ascend: 0.5 is not above 1"), "{stderr}");
    assert!(stderr.contains("a size bracket must be above zero: 0"), "{stderr}");
    assert!(stderr.contains("site.yaml:15:20"), "file and line: {stderr}");
}
