//! The reading layer speaks Chinese when asked to: a full-width colon, an
//! unknown key and a missing key are told in Chinese, and the missing key
//! is named the way the record writes its keys.

use std::path::Path;
use std::process::Command;

fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A small site with three slips, each in its own file.
fn site_with_slips(root: &Path) {
    write(root, "site.yaml", "title: 测试市招商引资公报\nbase_url: /\nroot_region: city\nsectors:\n  - id: new-energy\n    name: 新能源\n");
    // A region written with Chinese keys lacks its 名称 (name).
    write(
        root,
        "content/regions.yaml",
        "- id: city\n  name: 测试市\n  children:\n    - id: east\n      name: 东区\n    - 编号: west\n      类型: 区\n",
    );
    write(root, "content/projects/colon.yaml", "- 编号: t-001\n  资金来源：本地\n  名称: 光伏组件项目\n");
    write(root, "content/projects/key.yaml", "- 编号: t-002\n  名城: 光伏组件项目\n");
}

fn check(root: &Path, lang: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", lang)
        .args(["check", "--root"])
        .arg(root)
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    String::from_utf8(output.stderr).expect("UTF-8 stderr")
}

#[test]
fn reading_slips_are_told_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    site_with_slips(dir.path());
    let stderr = check(dir.path(), "zh-Hans");
    assert!(stderr.contains("YAML 语法错误：全角冒号：请改为半角冒号 `:`"), "{stderr}");
    assert!(stderr.contains("在键后面写半角冒号和一个空格：`资金来源: 本地`"), "{stderr}");
    assert!(stderr.contains("未知的键 `名城`"), "{stderr}");
    assert!(stderr.contains("可用的键："), "{stderr}");
    assert!(stderr.contains("缺少必填的键 `名称`"), "{stderr}");
    assert!(stderr.contains("`gongbao explain missing-field`"), "{stderr}");
    assert!(!stderr.contains("missing required key `名称`"), "{stderr}");
    assert!(!stderr.contains("YAML syntax error"), "{stderr}");
}

#[test]
fn the_same_slips_in_english_name_the_key_as_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    site_with_slips(dir.path());
    let stderr = check(dir.path(), "en");
    assert!(stderr.contains("full-width colon `：`"), "{stderr}");
    assert!(stderr.contains("unknown key `名城`"), "{stderr}");
    // The record is written in Chinese: its missing key too, in English.
    assert!(stderr.contains("missing required key `名称`"), "{stderr}");
}
