//! `gongbao handout`: one self-contained file per bulletin, that needs
//! nothing from anywhere and stays small for a big city.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

fn gongbao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao")
}

/// A city with 14 counties and 600 projects signed in 2025, amounts from
/// 0.2 to 150 亿元, with funds, briefings-free.
fn big_city(root: &Path) {
    let sectors = ["new-energy", "new-materials", "equipment", "biomedicine", "food", "logistics"];
    let mut site = String::from("title: 大城市招商引资公报\nbase_url: https://tzcj.example.gov.cn/\nroot_region: city\nsectors:\n");
    for s in sectors {
        let _ = writeln!(site, "  - id: {s}\n    name: 产业{s}");
    }
    let mut regions = String::from("- id: city\n  name: 大城市\n  children:\n");
    for c in 0..14 {
        let _ = writeln!(regions, "    - id: county-{c}\n      name: 第{c}号阿克塞哈萨克族自治县");
    }
    let mut projects = String::new();
    for i in 0..600u32 {
        let amount = 0.2 + f64::from((i * 37) % 1500) / 10.0;
        let started = if i % 4 == 0 { String::new() } else { format!("  started: 2025-{:02}\n", 1 + i % 12) };
        let status = if i % 4 == 0 { "signed" } else { "started" };
        let _ = write!(
            projects,
            "- id: p-{i}\n  name: 第{i}号新能源装备制造产业园建设项目\n  investor: 第{i}号投资集团有限公司\n  region: county-{}\n  sector: {}\n  amount: {amount:.1}\n  scope: outside_province\n  status: {status}\n  signed: 2025-{:02}-01\n{started}  funds_in_place:\n    2025: 0.1\n",
            i % 14,
            sectors[(i % 6) as usize],
            1 + i % 12
        );
    }
    for (path, text) in [("site.yaml", site), ("content/regions.yaml", regions), ("content/projects/all.yaml", projects)] {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let annual = "region: city\nyear: 2025\ntargets:\n  signed_amount: 40000\n  start_rate: 60%\n";
    std::fs::create_dir_all(root.join("content/annual")).expect("mkdir");
    std::fs::write(root.join("content/annual/city-2025.yaml"), annual).expect("write");
}

#[test]
fn a_big_city_handout_is_one_small_self_contained_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    big_city(dir.path());
    let file = dir.path().join("city-2025.html");
    let root = dir.path().to_str().expect("utf-8");
    let out = gongbao(&["handout", "--root", root, "--region", "city", "--year", "2025", "-o", file.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&file).expect("the handout");
    println!("big city handout: {} KB", html.len() / 1024);
    assert!(html.len() < 600 * 1024, "{} KB", html.len() / 1024);
    assert!(html.contains("<h1>大城市2025年招商引资公报</h1>"));
    assert_eq!(html.matches("<figure class=\"chart").count(), 6, "every chart but the trend of a single year");
    // Everything inline: no script, no stylesheet or image to fetch, and the
    // only address is the online copy's.
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link rel=\"stylesheet"));
    assert!(!html.contains(" src="));
    let addresses: Vec<&str> = html
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .filter(|address| !address.starts_with("data:"))
        .collect();
    assert_eq!(addresses, ["https://tzcj.example.gov.cn/2025/"]);
}

#[test]
fn asks_for_a_region_and_year_that_exist() {
    let repo = env!("CARGO_MANIFEST_DIR");
    let out = gongbao(&["handout", "--root", repo, "--region", "nowhere", "--year", "2025", "-o", "/dev/null"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no region `nowhere`; the regions are hechuan, donghu"));
    let out = gongbao(&["handout", "--root", repo, "--region", "xishan", "--year", "2019", "-o", "/dev/null"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no bulletin for 2019; the years are 2024, 2025"));
}
