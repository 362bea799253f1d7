//! `periods: [month]`: a site publishes its 1—N月 bulletins (月度通报) for
//! every region, with a page, a JSON file and an archive per year, and
//! only for the months whose data is complete.

use std::path::Path;
use std::process::Command;

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn build(root: &Path, output: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(["build", "--root", root.to_str().expect("utf-8"), "--output", output.to_str().expect("utf-8")])
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// 某县 with two towns; 2025 runs to 30 April but only 1—3月 is released.
fn fixture(root: &Path, site_extra: &str, annual_extra: &str) {
    write(
        root,
        "site.yaml",
        &format!(
            "title: 某县招商引资公报\nbase_url: https://example.gov.cn/\nroot_region: mouxian\nunit: 亿元\nmin_project_amount: 0.1\n{site_extra}sectors:\n  - id: new-energy\n    name: 新能源\n"
        ),
    );
    write(
        root,
        "content/regions.yaml",
        "- id: mouxian\n  name: 某县\n  children:\n    - id: jia\n      name: 甲镇\n    - id: yi\n      name: 乙镇\n",
    );
    write(
        root,
        "content/projects/p.yaml",
        "
- {id: a, name: 甲项目, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: signed, signed: 2024-01-15}
- {id: b, name: 乙项目, investor: 乙公司, region: yi, sector: new-energy, amount: 20, scope: local, status: signed, signed: 2024-03-05}
- {id: c, name: 丙项目, investor: 丙公司, region: jia, sector: new-energy, amount: 12, scope: local, status: signed, signed: 2025-01-10}
- {id: d, name: 丁项目, investor: 丁公司, region: yi, sector: new-energy, amount: 0.5, scope: local, status: signed, signed: 2025-02-10}
- {id: e, name: 戊项目, investor: 戊公司, region: jia, sector: new-energy, amount: 30, scope: local, status: signed, signed: 2025-03-20}
- {id: g, name: 庚项目, investor: 庚公司, region: jia, sector: new-energy, amount: 7, scope: local, status: signed, signed: 2025-04-02}
",
    );
    write(root, "content/annual/mouxian-2024.yaml", "region: mouxian\nyear: 2024\n");
    write(
        root,
        "content/annual/mouxian-2025.yaml",
        &format!("region: mouxian\nyear: 2025\nas_of: 2025-04-30\ntargets:\n  signed_amount: 100\n{annual_extra}"),
    );
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn monthly_bulletins_are_published_up_to_the_released_months() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (root, out) = (dir.path().join("site"), dir.path().join("public"));
    fixture(&root, "periods: [month]\n", "published_months: [1, 2, 3]\n");
    build(&root, &out);

    // The period page: title, cumulative, this month, last year, growth, pace.
    let page = read(&out.join("2025/01-03/index.html"));
    assert!(page.contains("某县2025年1—3月招商引资工作情况通报"), "{page}");
    for figure in ["42.50", "30.00", "41.67%", "42.50%", "17.50"] {
        assert!(page.contains(figure), "the 1—3月 page lacks {figure}");
    }
    let town = read(&out.join("2025/jia/01-03/index.html"));
    assert!(town.contains("甲镇2025年1—3月招商引资工作情况通报"));

    // Its JSON: exact figures, with the month's own column.
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("data/2025/01-03/mouxian.json"))).expect("JSON");
    assert_eq!(json["months"], 3);
    assert_eq!(json["as_of"], "2025-03-31");
    let amount = json["figures"].as_array().expect("figures").iter().find(|f| f["metric"] == "signed_amount").expect("signed_amount");
    assert_eq!(amount["value"], "42.5");
    assert_eq!(amount["this_period"], "30");
    assert_eq!(amount["previous"], "30");
    assert_eq!(amount["completion_percent"], "42.5");
    assert_eq!(amount["pace_points"], "17.5");

    // Its offline handout: the same figures in one file, nothing loaded
    // from elsewhere, linked from the page.
    let handout = read(&out.join("handouts/2025/01-03/mouxian.html"));
    assert!(handout.contains("<h1>某县2025年1—3月招商引资工作情况通报</h1>"), "{handout}");
    for figure in ["42.50", "30.00", "41.67%", "42.50%", "17.50"] {
        assert!(handout.contains(figure), "the 1—3月 handout lacks {figure}");
    }
    assert!(!handout.contains("<script") && !handout.contains(" src=\"http") && !handout.contains("stylesheet"));
    assert!(page.contains("handouts/2025/01-03/mouxian.html"));
    assert!(!out.join("handouts/2025/01-04").exists());

    // The archive lists the released months and the annual bulletin.
    let index = read(&out.join("2025/periods/index.html"));
    for href in ["01-01/", "01-02/", "01-03/"] {
        assert!(index.contains(href), "the archive lacks {href}");
    }
    assert!(!index.contains("01-04/"));
    // April's data is in (as_of 30 April) but not released; no 1—12月.
    assert!(!out.join("2025/01-04").exists());
    assert!(!out.join("data/2025/01-04").exists());
    assert!(!out.join("2024/01-12").exists());
    assert!(out.join("2024/01-11/index.html").exists());

    // The bulletin links its archive; the sitemap lists the pages.
    assert!(read(&out.join("2025/index.html")).contains("periods/"));
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.contains("https://example.gov.cn/2025/jia/01-03/"));
    assert!(sitemap.contains("https://example.gov.cn/2025/periods/"));
}

#[test]
fn without_the_setting_there_are_no_period_bulletins() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (root, out) = (dir.path().join("site"), dir.path().join("public"));
    fixture(&root, "", "");
    build(&root, &out);
    assert!(out.join("2025/index.html").exists());
    assert!(!out.join("2025/01-01").exists());
    assert!(!out.join("2025/periods").exists());
}

#[test]
fn quarters_in_chinese_follow_as_of() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (root, out) = (dir.path().join("site"), dir.path().join("public"));
    fixture(&root, "通报周期: [季]\n", "");
    build(&root, &out);
    // as_of 30 April: 1—3月 is complete, 1—6月 not yet.
    let page = read(&out.join("2025/01-03/index.html"));
    assert!(page.contains("42.50"));
    assert!(!out.join("2025/01-01").exists());
    assert!(!out.join("2025/01-06").exists());
    // 2024 is over: its three quarters, the fourth being the annual bulletin.
    for q in ["01-03", "01-06", "01-09"] {
        assert!(out.join(format!("2024/{q}/index.html")).exists(), "2024 {q}");
    }
}
