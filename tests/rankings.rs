//! County rankings: a parent's rankings page ranks its children by every
//! indicator (competition ranking, unpublished figures last and unranked),
//! a child's bulletin, handout and data file state its place in the parent
//! ("居全市第2位"), and the 红黑榜 shows only when the site turns it on.

use std::path::Path;
use std::process::{Command, Output};

fn gongbao(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run gongbao")
}

const SITE: &str = "title: 某市招商引资公报\nbase_url: https://tzcj.example.gov.cn/\nroot_region: city\nunit: 亿元\nsectors:\n  - id: energy\n    name: 新能源\n";

/// 某市 with five counties. Signed amounts in 2025: 甲县 30, 乙县 20, 丙县
/// 20, 丁县 5, 戊县 0 (it signed only in 2024, and records no start date,
/// so its start rate is not published). 甲县 has a target of 40.
fn city(root: &Path, rankings: &str) {
    let regions = "- id: city\n  name: 某市\n  children:\n    - {id: jia, name: 甲县}\n    - {id: yi, name: 乙县}\n    - {id: bing, name: 丙县}\n    - {id: ding, name: 丁县}\n    - {id: wu, name: 戊县}\n";
    let project = |id: &str, region: &str, amount: u32, signed: &str, started: &str| {
        let (status, started) = if started.is_empty() { ("signed", String::new()) } else { ("started", format!(", started: {started}")) };
        format!(
            "- {{id: {id}, name: {id}项目, investor: {id}公司, region: {region}, sector: energy, amount: {amount}, scope: local, status: {status}, signed: {signed}{started}}}\n"
        )
    };
    let projects = [
        project("a1", "jia", 30, "2025-03-01", "2025-06"),
        project("b1", "yi", 20, "2025-04-01", ""),
        project("c1", "bing", 12, "2025-04-01", "2025-09"),
        project("c2", "bing", 8, "2025-05-01", ""),
        project("d1", "ding", 5, "2025-02-01", "2025-03"),
        project("a0", "jia", 10, "2024-03-01", ""),
        project("e0", "wu", 6, "2024-03-01", ""),
    ]
    .concat();
    let files = [
        ("site.yaml", format!("{SITE}{rankings}")),
        ("content/regions.yaml", regions.to_string()),
        ("content/projects/all.yaml", projects),
        ("content/annual/city-2025.yaml", "region: city\nyear: 2025\n".to_string()),
        ("content/annual/jia-2025.yaml", "region: jia\nyear: 2025\ntargets:\n  signed_amount: 40\n".to_string()),
    ];
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

fn build(root: &Path) -> std::path::PathBuf {
    let out = gongbao(root, &["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    root.join("public")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rows of the table of `metric` on a rankings page: (rank, region).
fn table_rows(html: &str, metric: &str) -> Vec<(String, String)> {
    let start = html.find(&format!("id=\"rank-{metric}\"")).unwrap_or_else(|| panic!("no table of {metric}"));
    let section = &html[start..];
    let section = &section[..section.find("</section>").expect("end of section")];
    let body = &section[section.find("<tbody>").expect("tbody")..];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let cell = |from: &str| {
                let at = row.find(from).expect("cell") + from.len();
                let rest = &row[at..];
                let rest = &rest[rest.find('>').expect(">") + 1..];
                rest[..rest.find('<').expect("<")].trim().to_string()
            };
            (cell("<td class=\"num\""), cell("<a href="))
        })
        .collect()
}

fn pairs(rows: &[(&str, &str)]) -> Vec<(String, String)> {
    rows.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn a_parent_ranks_its_children_by_every_indicator() {
    let dir = tempfile::tempdir().expect("temp dir");
    city(dir.path(), "rankings:\n  place_in_parent: [signed_amount, 新签约项目]\n");
    let public = build(dir.path());
    let html = read(&public.join("2025/rankings/index.html"));

    // Ties share a rank and the next rank is skipped; a zero is ranked.
    assert_eq!(table_rows(&html, "signed_amount"), pairs(&[("1", "甲县"), ("2", "乙县"), ("2", "丙县"), ("4", "丁县"), ("5", "戊县")]));
    // 戊县 records no start date: its start rate is not published, so it is
    // listed last without a rank, not ranked as a zero.
    let rate = table_rows(&html, "start_rate");
    assert_eq!(rate.last(), Some(&("—".to_string(), "戊县".to_string())), "{rate:?}");
    assert_eq!(rate[0], ("1".to_string(), "甲县".to_string()), "{rate:?}");
    // Every headline indicator with a value gets a table, linked from the list.
    for metric in ["signed_count", "signed_amount", "started_count", "start_rate"] {
        assert!(html.contains(&format!("href=\"#rank-{metric}\"")), "{metric}");
    }
    // The columns: a target and its completion where some county has one;
    // untracked funds get no table at all.
    let amount = &html[html.find("id=\"rank-signed_amount\"").expect("table")..];
    let amount = &amount[..amount.find("</section>").expect("end")];
    assert!(amount.contains("年度目标") && amount.contains("75.00%"), "{amount}");
    assert!(!html.contains("id=\"rank-funds_in_place\""), "no county records funds");
    // The 红黑榜 is off by default.
    assert!(!html.contains("红榜") && !html.contains("黑榜"));
    // The city's bulletin links to the page.
    assert!(read(&public.join("2025/index.html")).contains("href=\"../2025/rankings/\""));

    // The child's bulletin and handout state its place in the city.
    let yi = read(&public.join("2025/yi/index.html"));
    assert!(yi.contains("协议投资额居全市第2位"), "{yi}");
    // 丙县 signed two, 甲县, 乙县 and 丁县 one each: 乙县 shares second.
    assert!(yi.contains("新签约项目居全市第2位"), "{yi}");
    assert!(read(&public.join("handouts/2025/yi.html")).contains("协议投资额居全市第2位"));

    // The data files: the city's rankings, the county's place.
    let city: serde_json::Value = serde_json::from_str(&read(&public.join("data/2025/city.json"))).expect("json");
    let table = city["rankings"].as_array().expect("rankings").iter().find(|t| t["metric"] == "signed_amount").expect("signed_amount");
    let ranks: Vec<&serde_json::Value> = table["rows"].as_array().expect("rows").iter().map(|r| &r["rank"]).collect();
    assert_eq!(ranks, [1, 2, 2, 4, 5].map(serde_json::Value::from).iter().collect::<Vec<_>>());
    assert_eq!(table["rows"][0]["completion_percent"], "75");
    assert!(table.get("red").is_none());
    let rate = city["rankings"].as_array().expect("rankings").iter().find(|t| t["metric"] == "start_rate").expect("start_rate");
    assert_eq!(rate["rows"][4]["region"], "wu");
    assert!(rate["rows"][4]["rank"].is_null() && rate["rows"][4]["value"].is_null());
    let yi: serde_json::Value = serde_json::from_str(&read(&public.join("data/2025/yi.json"))).expect("json");
    assert_eq!(yi["place_in_parent"][0]["metric"], "signed_amount");
    assert_eq!(yi["place_in_parent"][0]["rank"], 2);
    assert_eq!(yi["place_in_parent"][0]["of"], 5);
    assert!(yi.get("rankings").is_none(), "a county without children has no rankings");
}

#[test]
fn the_red_and_black_lists_show_only_when_turned_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    city(dir.path(), "排名:\n  指标: [协议投资额]\n  红黑榜: 1\n");
    let public = build(dir.path());
    let html = read(&public.join("2025/rankings/index.html"));
    // Only the indicator asked for.
    assert!(html.contains("id=\"rank-signed_amount\"") && !html.contains("id=\"rank-signed_count\""));
    let red = &html[html.find("红榜").expect("red list")..];
    assert!(red[..red.find("</p>").expect("end")].contains("甲县"), "{red}");
    let black = &html[html.find("黑榜").expect("black list")..];
    assert!(black[..black.find("</p>").expect("end")].contains("戊县"), "{black}");
    let city: serde_json::Value = serde_json::from_str(&read(&public.join("data/2025/city.json"))).expect("json");
    assert_eq!(city["rankings"][0]["red"], serde_json::json!(["jia"]));
    assert_eq!(city["rankings"][0]["black"], serde_json::json!(["wu"]));
    // No place sentence unless asked for.
    assert!(!read(&public.join("2025/yi/index.html")).contains("居全市"));
}

#[test]
fn an_unknown_indicator_is_an_error_with_the_closest_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    city(dir.path(), "rankings:\n  place_in_parent: [signed_amout]\n");
    let out = gongbao(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = SITE.lines().count() + 2;
    assert!(stderr.contains(&format!("site.yaml:{line}:")), "{stderr}");
    assert!(stderr.contains("`signed_amout` is not an indicator") && stderr.contains("did you mean `signed_amount`?"), "{stderr}");
}
