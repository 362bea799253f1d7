//! `gongbao check` as a user runs it: the real binary over the fixture sites
//! of tests/fixtures, pinning the exact text each problem prints (file,
//! line and column, the line itself, the caret, the hint) and the exit code.
//!
//! Each folder of tests/fixtures/invalid is a whole site with one problem
//! (many-errors has several, in several files); warnings/ holds sites with one
//! warning each, valid/ sites that must pass untouched.

mod common;
use common::without_notes;
use std::path::{Path, PathBuf};
use std::process::Command;

/// 2026-09-21 in China: the "today" that future dates are measured against.
const TODAY_EPOCH: &str = "1790000000";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// What a run printed, and how it ended.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn gongbao<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    gongbao_in(args, None)
}

/// `workspace`, when given, is `GITHUB_WORKSPACE`: the fixtures are sites
/// in this repository, and annotations name files from the repository
/// root (tests/github_paths.rs); here they are read from the site's own.
fn gongbao_in<S: AsRef<std::ffi::OsStr>>(args: &[S], workspace: Option<&Path>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongbao"));
    command.env("GONGBAO_LANG", "en").args(args).env("SOURCE_DATE_EPOCH", TODAY_EPOCH).current_dir(env!("CARGO_MANIFEST_DIR"));
    match workspace {
        Some(workspace) => command.env("GITHUB_WORKSPACE", workspace),
        None => command.env_remove("GITHUB_WORKSPACE"),
    };
    let output = command.output().expect("the binary runs");
    Run {
        // No code means a signal: a crash, which no input may cause.
        code: output.status.code().unwrap_or_else(|| panic!("killed by a signal: {output:?}")),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

fn check(root: &Path, flags: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec!["check".as_ref(), "--root".as_ref(), root.as_os_str()];
    args.extend(flags.iter().map(std::ffi::OsStr::new));
    gongbao_in(&args, Some(root))
}

/// The invalid fixture `case` fails with exactly `expected` on stderr (the
/// text starts on the line after the opening quote).
fn fails_with(case: &str, expected: &str) {
    let run = check(&fixtures().join("invalid").join(case), &[]);
    let expected = expected.strip_prefix('\n').unwrap_or(expected);
    assert_eq!(run.stderr, expected, "stderr of {case}");
    assert_eq!(run.code, 1, "exit code of {case}");
    assert_eq!(run.stdout, "", "stdout of {case}");
}

// ---------------------------------------------------------------------------
// One problem each.

#[test]
fn missing_field() {
    fails_with(
        "missing-field",
        r#"
error[missing-field]: missing required key `investor`
  --> content/projects/p.yaml:1:1
  |
1 | id: t-001
  | ^
   = hint: add `investor: 某某有限公司` to this project; `gongbao explain missing-field` lists a project's keys

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn wrong_type() {
    fails_with(
        "wrong-type",
        r#"
error[wrong-type]: `jobs` should be a whole number, not `三千人`
  --> content/projects/p.yaml:11:9
   |
11 |   jobs: 三千人
   |         ^^^^^^

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn unknown_key() {
    fails_with(
        "unknown-key",
        r#"
error[unknown-key]: unknown key `summry`
  --> content/projects/p.yaml:10:1
   |
10 | summry: 年产2GW光伏组件
   | ^^^^^^
   = hint: did you mean `summary`?

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn duplicate_id_names_both_files() {
    fails_with(
        "duplicate-id",
        r#"
error[duplicate-id]: the project id `t-001` is used twice
  --> content/projects/b.yaml:1:5
  |
1 | id: t-001
  |     ^^^^^
   = note: first used here
  --> content/projects/a.yaml:1:5
  |
1 | id: t-001
  |     ^^^^^

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
    let root = fixtures().join("invalid/duplicate-id");
    let github = check(&root, &["--format", "github"]);
    assert_eq!(
        github.stdout,
        "::error file=content/projects/b.yaml,line=1,col=5,title=duplicate-id::the project id `t-001` is used twice (first used here: content/projects/a.yaml:1:5)\n"
    );
    let json: serde_json::Value = serde_json::from_str(check(&root, &["--format", "json"]).stdout.trim()).expect("JSON");
    assert_eq!(json["related"]["file"], "content/projects/a.yaml");
    assert_eq!((json["related"]["line"].as_u64(), json["related"]["column"].as_u64()), (Some(1), Some(5)));
}

#[test]
fn unknown_region() {
    fails_with(
        "unknown-region",
        r#"
error[unknown-region]: unknown region `eest`
  --> content/projects/p.yaml:4:9
  |
4 | region: eest
  |         ^^^^
   = hint: did you mean `east`?

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn unknown_sector() {
    fails_with(
        "unknown-sector",
        r#"
error[unknown-sector]: unknown sector `新材料`
  --> content/projects/p.yaml:5:9
  |
5 | sector: 新材料
  |         ^^^^^^
   = hint: the sectors of site.yaml: new-energy (新能源)

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn negative_amount() {
    fails_with(
        "negative-amount",
        r#"
error[negative-amount]: `amount` is negative: -10
  --> content/projects/p.yaml:6:9
  |
6 | amount: -10
  |         ^^^
   = hint: amounts are never below zero; record a withdrawal as a cancellation

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn non_numeric_amount() {
    fails_with(
        "non-numeric-amount",
        r#"
error[wrong-type]: `amount`: `二百亿` is not an amount of money
  --> content/projects/p.yaml:6:9
  |
6 | amount: 二百亿
  |         ^^^^^^
   = hint: write it in digits, e.g. `200`, or with its unit, e.g. "3.5亿元"

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn dates_out_of_order() {
    fails_with(
        "date-order",
        r#"
error[date-order]: started 2025-01-06 is before signed 2025-03-18
  --> content/projects/p.yaml:10:10
   |
10 | started: 2025-01-06
   |          ^^^^^^^^^^
   = hint: a project is signed, then started, then producing: check the two dates

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn status_without_its_date() {
    fails_with(
        "missing-date",
        r#"
error[missing-date]: status `started` needs a `started` date
  --> content/projects/p.yaml:8:9
  |
8 | status: started
  |         ^^^^^^^
   = hint: add `started: 2024-03-18` (a day or just the month)

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn duplicate_key_names_both_places() {
    fails_with(
        "duplicate-key",
        r#"
error[duplicate-key]: the key `name` appears twice in this mapping
  --> content/projects/p.yaml:10:1
   |
10 | name: 光伏组件二期项目
   | ^^^^
   = note: first given here
  --> content/projects/p.yaml:2:1
  |
2 | name: 光伏组件项目
  | ^^^^
   = hint: remove one of them; only one value can count

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn yaml_syntax_error_points_at_the_open_bracket() {
    fails_with(
        "yaml-syntax",
        r#"
error[yaml-syntax]: YAML syntax error: the list opened with `[` here is not closed
  --> content/projects/p.yaml:2:7
  |
2 | name: [光伏组件项目
  |       ^
   = hint: close it with `]`, or put a value starting with `[` in quotes

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn gbk_file() {
    fails_with(
        "encoding-gbk",
        r#"
error[encoding]: the file is not UTF-8; it looks like GBK
  --> content/projects/p.yaml:2:7
  |
2 | name: 光伏组件项目
  |       ^^
   = hint: convert it, e.g. `iconv -f GBK -t UTF-8`, or save it as UTF-8 in your editor

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn gb18030_file() {
    // 𠀀 (U+20000) is outside GBK: GB18030 writes it in four bytes.
    fails_with(
        "encoding-gb18030",
        r#"
error[encoding]: the file is not UTF-8; it looks like GB18030
  --> content/projects/p.yaml:2:7
  |
2 | name: 𠀀光伏组件项目
  |       ^^
   = hint: convert it, e.g. `iconv -f GB18030 -t UTF-8`, or save it as UTF-8 in your editor

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn big5_file() {
    fails_with(
        "encoding-big5",
        r#"
error[encoding]: the file is not UTF-8; it looks like BIG5
  --> content/projects/p.yaml:2:7
  |
2 | name: 光伏組件項目
  |       ^^
   = hint: convert it, e.g. `iconv -f BIG5 -t UTF-8`, or save it as UTF-8 in your editor

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn id_that_is_a_path() {
    fails_with(
        "bad-id",
        r#"
error[bad-id]: `../../etc/passwd` cannot be a project id
  --> content/projects/p.yaml:1:5
  |
1 | id: ../../etc/passwd
  |     ^^^^^^^^^^^^^^^^
   = hint: ids use only lowercase letters a-z, digits and `-`, e.g. `etc-passwd`

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn briefing_front_matter_with_a_syntax_error_names_the_line_of_the_file() {
    fails_with(
        "briefing-front-matter",
        r#"
error[yaml-syntax]: YAML syntax error: a value holds `: `, which YAML reads as the start of another key
  --> content/briefings/2025-review.md:4:17
  |
4 | summary: 全年新签约项目: 12个
  |                        ^
   = hint: put the whole value in quotes, e.g. `key: "text: more text"`

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn briefing_front_matter_never_closed() {
    fails_with(
        "briefing-unclosed",
        r#"
error[front-matter]: the front matter is never closed by a `---` line
  --> content/briefings/2025-review.md:1:1
  |
1 | ---
  | ^^^
   = hint: a briefing starts with a `---` line, then `title:` and `date:`, then another `---` line

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn alias_bomb() {
    // The eighth copy of b2 (11,111 values each) passes the 100,000 mark.
    fails_with(
        "alias-bomb",
        r#"
error[yaml-too-large]: aliases expand this file to more than 100000 values
  --> content/projects/p.yaml:5:45
  |
5 | b3: &b3 [*b2, *b2, *b2, *b2, *b2, *b2, *b2, *b2, *b2, *b2]
  |                                             ^^^
   = hint: an alias (`*name`) repeats the value of its anchor (`&name`); write the values out instead

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"#,
    );
}

#[test]
fn ten_thousand_deep_nesting_shows_the_line_around_the_caret() {
    // The line is 20,000 characters long: only the part around the caret is shown.
    let expected = format!(
        "error[yaml-too-deep]: values are nested more than 64 levels deep
  --> content/projects/p.yaml:1:256
  |
1 | …{}…
  |                                          ^
   = hint: content needs only a few levels; check the brackets and the indentation

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
",
        "[".repeat(99)
    );
    fails_with("deep-nesting", &expected);
}

#[test]
fn fifty_megabyte_file_is_refused_unread() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = fixtures().join("invalid/missing-field");
    for file in ["site.yaml", "content/regions.yaml"] {
        std::fs::create_dir_all(dir.path().join(file).parent().expect("parent")).expect("mkdir");
        std::fs::copy(site.join(file), dir.path().join(file)).expect("copy");
    }
    let size = 50 * 1024 * 1024;
    assert!(size > gongbao::source::MAX_FILE_BYTES as usize);
    // A real ledger, record after record, cut at exactly 50 MB.
    let record = "- id: t-000\n  name: guangfu\n  investor: mou\n  region: east\n  sector: new-energy\n  amount: 10\n";
    let mut text = record.repeat(size / record.len() + 1);
    text.truncate(size);
    std::fs::create_dir_all(dir.path().join("content/projects")).expect("mkdir");
    std::fs::write(dir.path().join("content/projects/big.yaml"), text).expect("write");

    let run = check(dir.path(), &[]);
    assert_eq!(
        run.stderr,
        "error[file-too-large]: the file is 50.0 MB, more than the limit of 16 MB
  --> content/projects/big.yaml
   = hint: split the records into several files, for example one per county or per year

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 1 error, 0 warnings
"
    );
    assert_eq!(run.code, 1);
}

// ---------------------------------------------------------------------------
// Every error of a site at once, in every format.

const MANY_ERRORS_HUMAN: &str = r#"error[unknown-key]: unknown key `thme`
  --> site.yaml:7:1
  |
7 | thme: default
  | ^^^^
   = hint: did you mean `theme`?

error[wrong-type]: `signed_amount`: `三十亿` is not an amount of money
  --> content/annual/city-2025.yaml:4:18
  |
4 |   signed_amount: 三十亿
  |                  ^^^^^^
   = hint: write it in digits, e.g. `200`, or with its unit, e.g. "3.5亿元"

error[unknown-region]: unknown region `west`
  --> content/projects/a.yaml:4:9
  |
4 | region: west
  |         ^^^^
   = hint: did you mean `east`?

error[negative-amount]: `amount` is negative: -10
  --> content/projects/a.yaml:6:9
  |
6 | amount: -10
  |         ^^^
   = hint: amounts are never below zero; record a withdrawal as a cancellation

error[wrong-type]: `signed`: `2025-13-01` is not a date
  --> content/projects/b.yaml:9:9
  |
9 | signed: 2025-13-01
  |         ^^^^^^^^^^
   = hint: write dates like `2021-03-18`, or `2021-03` when the day is not known

For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)
check: 5 errors, 0 warnings
"#;

#[test]
fn reports_every_error_of_every_file() {
    fails_with("many-errors", MANY_ERRORS_HUMAN);
}

#[test]
fn github_format_annotates_every_error() {
    let run = check(&fixtures().join("invalid/many-errors"), &["--format", "github"]);
    assert_eq!(
        run.stdout,
        r#"::error file=site.yaml,line=7,col=1,title=unknown-key::unknown key `thme` (hint: did you mean `theme`?)
::error file=content/annual/city-2025.yaml,line=4,col=18,title=wrong-type::`signed_amount`: `三十亿` is not an amount of money (hint: write it in digits, e.g. `200`, or with its unit, e.g. "3.5亿元")
::error file=content/projects/a.yaml,line=4,col=9,title=unknown-region::unknown region `west` (hint: did you mean `east`?)
::error file=content/projects/a.yaml,line=6,col=9,title=negative-amount::`amount` is negative: -10 (hint: amounts are never below zero; record a withdrawal as a cancellation)
::error file=content/projects/b.yaml,line=9,col=9,title=wrong-type::`signed`: `2025-13-01` is not a date (hint: write dates like `2021-03-18`, or `2021-03` when the day is not known)
"#
    );
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, 1);
}

#[test]
fn json_format_is_one_object_per_diagnostic() {
    let run = check(&fixtures().join("invalid/many-errors"), &["--format", "json"]);
    let objects: Vec<serde_json::Value> =
        run.stdout.lines().map(|line| serde_json::from_str(line).expect("a JSON object per line")).collect();
    let fields: Vec<(&str, u64, u64, &str, &str, &str)> = objects
        .iter()
        .map(|o| {
            (
                o["file"].as_str().unwrap(),
                o["line"].as_u64().unwrap(),
                o["column"].as_u64().unwrap(),
                o["severity"].as_str().unwrap(),
                o["code"].as_str().unwrap(),
                o["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("site.yaml", 7, 1, "error", "unknown-key", "unknown key `thme`"),
            ("content/annual/city-2025.yaml", 4, 18, "error", "wrong-type", "`signed_amount`: `三十亿` is not an amount of money"),
            ("content/projects/a.yaml", 4, 9, "error", "unknown-region", "unknown region `west`"),
            ("content/projects/a.yaml", 6, 9, "error", "negative-amount", "`amount` is negative: -10"),
            ("content/projects/b.yaml", 9, 9, "error", "wrong-type", "`signed`: `2025-13-01` is not a date"),
        ]
    );
    assert_eq!(objects[0]["hint"], "did you mean `theme`?");
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, 1);
}

// ---------------------------------------------------------------------------
// Warnings: printed, fatal only with --strict.

/// The warning fixture `case` passes with exactly `expected` on stderr, and
/// fails with --strict.
fn warns_with(case: &str, expected: &str) {
    let root = fixtures().join("warnings").join(case);
    let run = check(&root, &[]);
    let expected = expected.strip_prefix('\n').unwrap_or(expected);
    assert_eq!(
        without_notes(&run.stderr),
        format!(
            "{expected}For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)\ncheck: 1 warning (not fatal; `--strict` makes them errors)\n"
        ),
        "{case}"
    );
    assert_eq!(run.code, 0, "exit code of {case}");

    let strict = check(&root, &["--strict"]);
    assert_eq!(
        without_notes(&strict.stderr),
        format!(
            "{expected}For more about a problem, run `gongbao explain CODE` (e.g. `gongbao explain unknown-key`)\ncheck: 0 errors, 1 warning\n"
        ),
        "{case} --strict"
    );
    assert_eq!(strict.code, 1, "exit code of {case} --strict");
}

#[test]
fn funds_above_the_agreed_amount() {
    warns_with(
        "funds-above-amount",
        r#"
warning[funds-above-amount]: `funds_in_place` add up to 12.5亿元, more than the agreed `amount` of 10亿元
  --> content/projects/p.yaml:6:9
  |
6 | amount: 10
  |         ^^
   = hint: check the amounts and their units (万元 or 亿元), e.g. `2024: 3000万元`

"#,
    );
}

#[test]
fn date_in_the_future() {
    warns_with(
        "future-date",
        r#"
warning[future-date]: signed 2026-10-08 is in the future (today is 2026-09-21)
  --> content/projects/p.yaml:9:9
  |
9 | signed: 2026-10-08
  |         ^^^^^^^^^^
   = hint: a planned date does not belong here until it happens

"#,
    );
}

#[test]
fn stalled_more_than_a_year() {
    warns_with(
        "stalled-long",
        r#"
warning[stalled-long]: the project has been stalled since 2025-01, more than a year
  --> content/projects/p.yaml:8:9
  |
8 | status: stalled
  |         ^^^^^^^
   = hint: decide with the investor whether it resumes or is cancelled (`status: cancelled`)

"#,
    );
}

#[test]
fn file_that_is_not_yaml() {
    warns_with(
        "ignored-file",
        r#"
warning[ignored-file]: this file is not read
  --> content/projects/说明.txt
   = hint: only files ending in .yaml, .yml, .xlsx, .xlsm, .xls, .ods or .csv are read here

"#,
    );
}

// ---------------------------------------------------------------------------
// Exit codes, and what passes.

#[test]
fn example_site_has_no_problems() {
    let run = check(Path::new(env!("CARGO_MANIFEST_DIR")), &[]);
    // Notes only: 2024 has no whole year before it in the ledger, and some
    // counties record no cancellation (docs/indicators.md).
    assert_eq!(without_notes(&run.stderr), "check: no problems found\n");
    assert!(run.stderr.ends_with("check: no problems found; 11 notes\n"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.code, 0);
}

/// Images beside the briefings, as docs/content.md says to keep them, are
/// no stray files; a stray file there still is.
#[test]
fn briefing_images_in_their_folder_are_not_stray_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("site.yaml"), root.join("site.yaml")).expect("site.yaml");
    std::fs::create_dir_all(root.join("content/briefings/images")).expect("mkdir");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/regions.yaml"), root.join("content/regions.yaml")).expect("regions");
    std::fs::write(root.join("content/briefings/images/site.jpg"), [0xFF, 0xD8, 0xFF, 0xE0]).expect("image");
    std::fs::write(root.join("content/briefings/notes.txt"), "草稿").expect("stray");
    let run = check(root, &["--strict"]);
    assert!(!run.stderr.contains("site.jpg"), "{}", run.stderr);
    assert!(run.stderr.contains("content/briefings/notes.txt"), "{}", run.stderr);
}

#[test]
fn valid_edge_cases_pass_without_a_word() {
    for case in ["bom-crlf", "chinese-keys", "money-notations"] {
        let run = check(&fixtures().join("valid").join(case), &["--strict"]);
        assert_eq!(without_notes(&run.stderr), "check: no problems found\n", "{case}");
        assert_eq!(run.code, 0, "{case}");
    }
}

#[test]
fn a_folder_that_is_not_a_site_is_a_usage_error() {
    let run = gongbao(&["check", "--root", "tests/fixtures"]);
    assert_eq!(
        run.stderr,
        "error: tests/fixtures is not a gongbao site: it has no site.yaml (is `--root` right? `gongbao init DIR` starts a new site)\n"
    );
    assert_eq!(run.code, 2);
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let run = gongbao(&["check", "--format", "xml"]);
    assert!(run.stderr.contains("invalid value 'xml' for '--format <FORMAT>'"), "{}", run.stderr);
    assert_eq!(run.code, 2);
    let run = gongbao(&["check", "--strcit"]);
    assert!(run.stderr.contains("unexpected argument '--strcit'"), "{}", run.stderr);
    assert_eq!(run.code, 2);
}

/// Every invalid fixture, including any added later without a test of its
/// own: exit 1, never a panic.
#[test]
fn every_invalid_fixture_fails_cleanly() {
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(fixtures().join("invalid")).expect("fixtures").map(|entry| entry.expect("entry").path()).collect();
    cases.sort();
    assert!(cases.len() >= 21, "{cases:?}");
    for case in cases {
        let run = check(&case, &[]);
        assert!(!run.stderr.contains("panicked"), "{}: {}", case.display(), run.stderr);
        assert_eq!(run.code, 1, "{}: {}", case.display(), run.stderr);
        assert!(run.stderr.starts_with("error["), "{}: {}", case.display(), run.stderr);
    }
}

// ---------------------------------------------------------------------------
// The valid edge cases read as meant, not merely without complaint.

fn dataset(case: &str) -> gongbao::model::Dataset {
    let today = gongbao::model::Date::ymd(2026, 9, 21);
    let checked = gongbao::pipeline::check(&fixtures().join("valid").join(case), today).expect("a site");
    checked.dataset.expect("no errors")
}

#[test]
fn bom_and_crlf_leave_no_trace_in_the_values() {
    let data = dataset("bom-crlf");
    assert_eq!(data.site.title, "测试市招商引资公报");
    assert_eq!(data.projects[0].id, "t-001");
    assert_eq!(data.projects[0].investor, "某某能源有限公司");
    assert_eq!(data.briefings[0].title, "2025年招商工作回顾");
    assert_eq!(data.briefings[0].body, "\r\n全年新签约项目。\r\n");
}

#[test]
fn chinese_keys_and_values_mean_the_english_ones() {
    use gongbao::model::{Date, Kind, RegionKind, Scope, Status};
    let data = dataset("chinese-keys");
    assert_eq!(data.site.sectors[0].name, "新能源");
    assert_eq!(data.regions.list[1].kind, Some(RegionKind::Park));
    let p = &data.projects[0];
    assert_eq!((p.name.as_str(), p.region), ("光伏组件项目", 1));
    assert_eq!((p.kind, p.scope, p.status), (Kind::FixedAsset, Scope::OutsideProvince, Status::Started));
    assert_eq!(p.signed, Some(Date::ymd(2025, 3, 18)));
    assert_eq!(p.started, Some(Date { year: 2025, month: 6, day: None }));
    assert_eq!((p.amount.to_string(), p.planned_investment.to_string()), ("10".into(), "8".into()));
    assert_eq!(p.expected.jobs, Some(500));
    assert!(p.key);
}

#[test]
fn money_notations_are_read_exactly_in_the_site_unit() {
    let data = dataset("money-notations");
    let p = &data.projects[0];
    assert_eq!(p.amount.to_string(), "3.5");
    let funds: Vec<String> = p.funds_in_place.iter().map(|f| f.amount.to_string()).collect();
    assert_eq!(funds, ["0.7", "0.116"]);
    assert_eq!(p.expected.output_value.map(|d| d.to_string()).as_deref(), Some("12.5"));
    assert_eq!(p.expected.tax.map(|d| d.to_string()).as_deref(), Some("0.02"));
}
