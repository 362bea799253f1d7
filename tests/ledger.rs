//! Excel ledgers (项目台账) as a source of projects, through the real binary:
//! workbooks made here with rust_xlsxwriter as an office's would be (a
//! merged title row, a unit in a header, serial dates and date cells, a
//! column of the office's own name), a CSV export, the exact messages of a
//! bad cell, and the same ledger as YAML and as xlsx building the same bytes.

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// 2026-09-21 in China: the "today" that future dates are measured against.
const TODAY_EPOCH: &str = "1790000000";

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn gongbao(args: &[&str], lang: &str) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .env("GONGBAO_LANG", lang)
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or_else(|| panic!("killed by a signal: {output:?}")),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// A site with two counties and two sectors, whose ledger names the county
/// column its own way (`所在县区`), and no projects yet.
fn site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content/projects")).expect("mkdir");
    std::fs::write(
        root.join("site.yaml"),
        "标题: 测试市招商引资公报\n网址: /\n根区域: city\n单位: 万元\n产业:\n  - 编号: new-energy\n    名称: 新能源\n  - 编号: materials\n    名称: 新材料\n台账列名:\n  所在县区: region\n",
    )
    .expect("write");
    std::fs::write(
        root.join("content/regions.yaml"),
        "- 编号: city\n  名称: 测试市\n  下级:\n    - 编号: east\n      名称: 东区\n    - 编号: west\n      名称: 西县\n",
    )
    .expect("write");
    root
}

const HEADERS: [&str; 10] =
    ["序号", "编号", "项目名称", "投资方", "所在县区", "产业", "协议投资额（万元）", "资金来源", "状态", "签约日期"];

/// A project of the ledger: id, name, investor, region, sector, amount in
/// 万元, scope, status, and the signing date as (y, m, d).
type Project = (&'static str, &'static str, &'static str, &'static str, &'static str, f64, &'static str, &'static str, (u16, u8, u8));

const PROJECTS: [Project; 3] = [
    ("p-001", "光伏组件项目", "某某能源有限公司", "east", "新能源", 8000.0, "省外", "已签约", (2025, 6, 3)),
    ("p-002", "锂电材料项目", "某某材料集团", "west", "新材料", 12500.5, "外资", "已签约", (2025, 3, 18)),
    ("p-003", "储能电站项目", "某某电力公司", "east", "new-energy", 9000.0, "本地", "已签约", (2024, 11, 2)),
];

/// The ledger as an office keeps it: a merged title row, the header in row
/// 2, dates as date cells except the first (a serial number, as a pasted
/// value leaves it), amounts as numbers, and two empty rows at the end.
fn write_xlsx(path: &Path, bad_amount: Option<&str>) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("签约项目").expect("name");
    sheet.merge_range(0, 0, 0, 9, "测试市2025年招商引资签约项目台账", &Format::new()).expect("merge");
    for (col, header) in HEADERS.iter().enumerate() {
        sheet.write_string(1, col as u16, *header).expect("header");
    }
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (i, (id, name, investor, region, sector, amount, scope, status, (y, m, d))) in PROJECTS.iter().enumerate() {
        let row = i as u32 + 2;
        sheet.write_number(row, 0, (i + 1) as f64).expect("cell");
        for (col, text) in [(1, id), (2, name), (3, investor), (4, region), (5, sector), (7, scope), (8, status)] {
            sheet.write_string(row, col, *text).expect("cell");
        }
        match (i, bad_amount) {
            (1, Some(bad)) => sheet.write_string(row, 6, bad).map(|_| ()).expect("cell"),
            _ => sheet.write_number(row, 6, *amount).map(|_| ()).expect("cell"),
        }
        if i == 0 {
            // 2025-06-03 as Excel counts days.
            sheet.write_number(row, 9, 45811.0).expect("cell");
        } else {
            let date = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
            sheet.write_datetime_with_format(row, 9, &date, &date_format).expect("cell");
        }
    }
    sheet.write_string(6, 0, "").expect("cell");
    workbook.save(path).expect("save");
}

/// The same projects as YAML records.
fn write_yaml(path: &Path) {
    let mut text = String::new();
    for (id, name, investor, region, sector, amount, scope, status, (y, m, d)) in PROJECTS {
        text.push_str(&format!(
            "- 编号: {id}\n  项目名称: {name}\n  投资方: {investor}\n  区域: {region}\n  产业: {sector}\n  协议投资额: {amount}万元\n  资金来源: {scope}\n  状态: {status}\n  签约日期: {y:04}-{m:02}-{d:02}\n"
        ));
    }
    std::fs::write(path, text).expect("write");
}

/// Every file under `dir`, by its path inside, with its bytes.
/// The published files of an output folder: gongbao's own bookkeeping
/// (`.gongbao-*`: the manifest records what each page was made from, so it
/// differs with the source format) is left out.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                if !name.starts_with(".gongbao-") {
                    out.push((name, std::fs::read(&path).expect("read")));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_same_ledger_as_yaml_and_as_xlsx_builds_the_same_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let yaml_site = site(&dir.path().join("yaml"));
    write_yaml(&yaml_site.join("content/projects/台账2025.yaml"));
    let xlsx_site = site(&dir.path().join("xlsx"));
    write_xlsx(&xlsx_site.join("content/projects/台账2025.xlsx"), None);

    let (yaml_out, xlsx_out) = (dir.path().join("out-yaml"), dir.path().join("out-xlsx"));
    let from_yaml = gongbao(&["build", "--root", s(&yaml_site), "--output", s(&yaml_out)], "en");
    assert_eq!(from_yaml.code, 0, "{}", from_yaml.stderr);
    let from_xlsx = gongbao(&["build", "--root", s(&xlsx_site), "--output", s(&xlsx_out)], "en");
    assert_eq!(from_xlsx.code, 0, "{}", from_xlsx.stderr);
    assert!(!from_xlsx.stderr.contains("warning"), "{}", from_xlsx.stderr);

    // The site's files; gongbao's own (marker, manifest) also record a
    // fingerprint of the inputs, which are not the same files.
    let site_files = |out: &Path| files(out).into_iter().filter(|(name, _)| !name.starts_with(".gongbao-")).collect::<Vec<_>>();
    let (yaml_files, xlsx_files) = (site_files(&yaml_out), site_files(&xlsx_out));
    assert!(yaml_files.len() > 5, "{:?}", yaml_files.iter().map(|f| &f.0).collect::<Vec<_>>());
    assert_eq!(yaml_files.iter().map(|f| &f.0).collect::<Vec<_>>(), xlsx_files.iter().map(|f| &f.0).collect::<Vec<_>>());
    for ((name, yaml), (_, xlsx)) in yaml_files.iter().zip(&xlsx_files) {
        assert!(yaml == xlsx, "{name} differs");
    }
    // The projects are really there: the amounts of all three, in 万元.
    let all: String = xlsx_files.iter().map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned()).collect();
    assert!(all.contains("光伏组件项目") && all.contains("锂电材料项目") && all.contains("储能电站项目"));
}

#[test]
fn a_bad_cell_is_named_by_file_sheet_and_cell_with_its_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path());
    write_xlsx(&root.join("content/projects/台账2025.xlsx"), Some("二百亿"));
    let run = gongbao(&["check", "--root", s(&root)], "en");
    assert_eq!(
        run.stderr,
        "error[wrong-type]: `协议投资额`: `二百亿` is not an amount of money
  --> content/projects/台账2025.xlsx › 签约项目!G4
   |
G4 | 二百亿
   | ^^^^^^
   = hint: write it in digits, e.g. `200`, or with its unit, e.g. \"3.5亿元\"

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"
    );
    assert_eq!(run.code, 1);

    let run = gongbao(&["check", "--root", s(&root), "--format", "github"], "en");
    assert_eq!(
        run.stdout,
        "::error file=content/projects/台账2025.xlsx,title=wrong-type::签约项目!G4: `协议投资额`: `二百亿` is not an amount of money (hint: write it in digits, e.g. `200`, or with its unit, e.g. \"3.5亿元\")\n"
    );
    let run = gongbao(&["check", "--root", s(&root), "--format", "json"], "en");
    let json: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("one JSON line");
    assert_eq!(
        (&json["file"], &json["sheet"], &json["cell"], &json["line"], &json["column"]),
        (&"content/projects/台账2025.xlsx".into(), &"签约项目".into(), &"G4".into(), &4.into(), &7.into())
    );
}

#[test]
fn every_problem_of_a_csv_ledger_at_once_in_chinese() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path());
    // As Excel saves "CSV UTF-8": a BOM, a serial date as text, an unknown
    // column, a region that does not exist, an amount with its unit.
    let csv = "\u{feff}编号,项目名称,投资方,所在县区,产业,协议投资额,资金来源,状态,签约日期,负责人\r\n\
               p-001,光伏组件项目,某某能源有限公司,east,新能源,8000万元,省外,已签约,45811,张三\r\n\
               p-002,锂电材料项目,某某材料集团,north,新材料,1.25亿元,外资,已签约,2025-13-01,李四\r\n\
               ,,,,,,,,,\r\n";
    std::fs::write(root.join("content/projects/台账.csv"), csv).expect("write");
    let run = gongbao(&["check", "--root", s(&root)], "zh-Hans");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let stderr = &run.stderr;
    // The unknown column once, at its header, with the site's way out.
    assert!(
        stderr.contains("警告[unknown-column]：列 `负责人` 不是项目的字段，没有读取\n  --> content/projects/台账.csv › J1\n"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("unknown-column").count(), 1, "{stderr}");
    // The bad date and the unknown region, each at its cell with its value.
    assert!(stderr.contains("  --> content/projects/台账.csv › I3\n   |\nI3 | 2025-13-01\n"), "{stderr}");
    assert!(stderr.contains("  --> content/projects/台账.csv › D3\n   |\nD3 | north\n"), "{stderr}");
    // The serial date of the first row was read as 2025-06-03: no problem there.
    assert!(!stderr.contains("I2"), "{stderr}");
}

#[test]
fn a_ledger_without_a_header_row_and_a_wrong_column_mapping_are_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path());
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).expect("read");
    std::fs::write(root.join("site.yaml"), site_yaml.replace("所在县区: region", "所在县区: regoin")).expect("write");
    std::fs::write(root.join("content/projects/a.csv"), "项目,老板,钱\n光伏,某某,1\n").expect("write");
    let run = gongbao(&["check", "--root", s(&root), "--format", "json"], "en");
    assert_eq!(run.code, 1);
    let codes: Vec<(String, String)> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON"))
        .map(|v| (v["code"].as_str().unwrap_or_default().to_string(), v["message"].as_str().unwrap_or_default().to_string()))
        .collect();
    assert_eq!(
        codes,
        [
            ("unknown-column".to_string(), "`regoin`, given for the column `所在县区`, is no key of a project".to_string()),
            ("no-header-row".to_string(), "the ledger has no header row".to_string()),
        ]
    );
}

#[test]
fn a_total_row_at_the_bottom_is_no_project() {
    // As offices add them: `合计` in the xlsx under the projects (the
    // 序号 cell empty, the amount a sum), `合  计` and `小计` in a CSV.
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path());
    let xlsx = root.join("content/projects/台账.xlsx");
    write_xlsx(&xlsx, None);
    let plain = dir.path().join("plain");
    let run = gongbao(&["build", "--root", s(&root), "--output", s(&plain)], "en");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("签约项目").expect("name");
    sheet.merge_range(0, 0, 0, 9, "测试市2025年招商引资签约项目台账", &Format::new()).expect("merge");
    for (col, header) in HEADERS.iter().enumerate() {
        sheet.write_string(1, col as u16, *header).expect("header");
    }
    for (i, (id, name, investor, region, sector, amount, scope, status, (y, m, d))) in PROJECTS.iter().enumerate() {
        let row = i as u32 + 2;
        sheet.write_number(row, 0, (i + 1) as f64).expect("cell");
        for (col, text) in [(1, id), (2, name), (3, investor), (4, region), (5, sector), (7, scope), (8, status)] {
            sheet.write_string(row, col, *text).expect("cell");
        }
        sheet.write_number(row, 6, *amount).expect("cell");
        sheet.write_string(row, 9, format!("{y:04}-{m:02}-{d:02}")).expect("cell");
    }
    sheet.write_string(5, 1, "合计").expect("cell");
    sheet.write_number(5, 6, PROJECTS.iter().map(|p| p.5).sum::<f64>()).expect("cell");
    workbook.save(&xlsx).expect("save");
    let run = gongbao(&["build", "--root", s(&root), "--output", s(&dir.path().join("with-total"))], "en");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning").count(), 0, "{}", run.stderr);
    assert_eq!(files(&plain), files(&dir.path().join("with-total")), "the total row adds nothing");
    std::fs::remove_file(&xlsx).expect("remove");
    let csv = "编号,项目名称,投资方,所在县区,产业,协议投资额,资金来源,状态,签约日期\n\
               p-001,光伏组件项目,某某能源有限公司,east,新能源,8000,省外,已签约,2025-06-03\n\
               ,小计,,,,8000,,,\n\
               合  计,,,,,8000,,,\n";
    std::fs::write(root.join("content/projects/台账.csv"), csv).expect("write");
    let run = gongbao(&["check", "--root", s(&root)], "en");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
}
