//! `gongbao init` makes a site that checks and builds cleanly, and refuses
//! to write into a folder that holds files.

use std::process::Command;

fn gongbao(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao")
}

#[test]
fn init_then_check_and_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = gongbao(&["init", "site"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("gongbao serve --root site --open"), "{stderr}");
    assert!(dir.path().join("site/README.md").is_file());

    let check = gongbao(&["check", "--root", "site"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let build = gongbao(&["build", "--root", "site"], dir.path());
    assert_eq!(build.status.code(), Some(0), "{}", String::from_utf8_lossy(&build.stderr));
    assert!(dir.path().join("site/public/index.html").is_file());

    let again = gongbao(&["init", "site"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}
