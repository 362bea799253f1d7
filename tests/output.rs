//! The output folder's one rule, through the real binary: gongbao deletes
//! or replaces only what it wrote itself. Files it did not write, a planted
//! marker, the other kind of build, the site's own files for `handout -o`:
//! each is refused with exit 2 and nothing lost. Leftovers of killed builds
//! go at the next build, and a write that fails is an I/O error (exit 2,
//! naming the path), not the theme's.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongbao"));
    command.env("GONGBAO_LANG", "en");
    command.env("SOURCE_DATE_EPOCH", "1790000000");
    command
}

fn gongbao(args: &[&str]) -> Output {
    bin().args(args).output().expect("run gongbao")
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8")
}

fn build(root: &Path, output: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--root", s(root), "--output", s(output)];
    args.extend_from_slice(extra);
    gongbao(&args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A county with `projects` projects signed in 2024.
fn site(dir: &Path, projects: usize) -> PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content/projects")).expect("mkdir");
    std::fs::write(root.join("site.yaml"), "title: 测试县\nbase_url: /\nroot_region: t\nsectors:\n  - id: s\n    name: 新材料\n")
        .expect("write");
    std::fs::write(root.join("content/regions.yaml"), "- id: t\n  name: 测试县\n").expect("write");
    let mut records = String::new();
    for i in 0..projects {
        let _ = write!(
            records,
            "- id: p-{i}\n  name: 第{i}号项目\n  investor: 第{i}号公司\n  region: t\n  sector: s\n  amount: 12\n  scope: local\n  status: signed\n  signed: 2024-03-01\n"
        );
    }
    std::fs::write(root.join("content/projects/p.yaml"), records).expect("write");
    root
}

fn built(dir: &Path) -> (PathBuf, PathBuf) {
    let root = site(dir, 2);
    let out = dir.join("public");
    let made = build(&root, &out, &[]);
    assert!(made.status.success(), "{}", stderr(&made));
    (root, out)
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).expect("list").filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn staging_left(dir: &Path) -> Vec<String> {
    names(dir).into_iter().filter(|n| n.contains(".gongbao-staging-")).collect()
}

#[test]
fn files_gongbao_did_not_write_are_refused_and_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (root, out) = built(dir.path());
    std::fs::write(out.join("CNAME"), "tzcj.example.gov.cn\n").expect("write");
    std::fs::create_dir_all(out.join(".git/objects")).expect("mkdir");
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").expect("write");
    std::fs::write(out.join("2024/notes.txt"), "mine").expect("write");
    let refused = build(&root, &out, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    let message = stderr(&refused);
    assert!(message.contains("holds files gongbao did not write: .git/, 2024/notes.txt, CNAME;"), "{message}");
    assert!(message.contains("--clean"), "{message}");
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).expect("kept"), "tzcj.example.gov.cn\n");
    assert!(out.join(".git/HEAD").is_file() && out.join("2024/notes.txt").is_file() && out.join("index.html").is_file());
    assert!(staging_left(dir.path()).is_empty());
}

#[test]
fn a_refusal_names_ten_files_and_counts_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (root, out) = built(dir.path());
    for i in 0..25 {
        std::fs::write(out.join(format!("note-{i:02}.txt")), "mine").expect("write");
    }
    let message = stderr(&build(&root, &out, &[]));
    assert!(message.contains("note-00.txt, note-01.txt") && message.contains("note-09.txt and 15 more;"), "{message}");
    assert!(!message.contains("note-10.txt"), "{message}");
}

#[test]
fn a_planted_marker_does_not_make_a_folder_deletable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), 2);
    let documents = dir.path().join("documents");
    std::fs::create_dir_all(&documents).expect("mkdir");
    std::fs::write(documents.join("letter.docx"), "mine").expect("write");
    std::fs::write(documents.join(".gongbao-output"), "").expect("write");
    let refused = build(&root, &documents, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("letter.docx"), "{}", stderr(&refused));
    assert_eq!(std::fs::read_to_string(documents.join("letter.docx")).expect("kept"), "mine");
    // A marker copied from a real build does not help either: it vouches for another manifest.
    let (_, out) = built(&dir.path().join("other"));
    std::fs::copy(out.join(".gongbao-output"), documents.join(".gongbao-output")).expect("copy");
    assert_eq!(build(&root, &documents, &[]).status.code(), Some(2));
    assert!(documents.join("letter.docx").exists());
}

#[test]
fn clean_replaces_the_folder_whatever_it_holds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (root, out) = built(dir.path());
    std::fs::write(out.join("CNAME"), "tzcj.example.gov.cn\n").expect("write");
    let cleaned = build(&root, &out, &["--clean"]);
    assert!(cleaned.status.success(), "{}", stderr(&cleaned));
    assert!(!out.join("CNAME").exists() && out.join("index.html").is_file());
    // The folder is ours again: the next build needs no --clean.
    assert!(build(&root, &out, &[]).status.success());
    // Never the site itself, --clean or not.
    let refused = build(&root, &root, &["--clean"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(root.join("site.yaml").is_file());
}

#[test]
fn internal_and_public_builds_do_not_replace_each_other_unless_forced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (root, out) = built(dir.path());
    let refused = build(&root, &out, &["--internal"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("holds a public build") && stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert!(!std::fs::read_to_string(out.join("index.html")).expect("read").contains("内部版本"), "the public site is untouched");
    let forced = build(&root, &out, &["--internal", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(std::fs::read_to_string(out.join("index.html")).expect("read").contains("内部版本"));
    let refused = build(&root, &out, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("holds an internal build"), "{}", stderr(&refused));
    // --clean is about foreign files, not about the kind: it does not replace --force.
    assert_eq!(build(&root, &out, &["--clean"]).status.code(), Some(2));
    assert!(build(&root, &out, &["--force"]).status.success());
    // The same kind again needs nothing.
    assert!(build(&root, &out, &[]).status.success());
}

#[test]
fn handout_never_overwrites_the_site_or_a_foreign_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), 2);
    let settings = std::fs::read(root.join("site.yaml")).expect("read");
    let handout = |file: &Path| gongbao(&["handout", "--root", s(&root), "--region", "t", "--year", "2024", "-o", s(file)]);
    for file in [root.join("site.yaml"), root.join("content/projects/p.yaml"), root.join("content/h.html"), root.join("themes/x.html")] {
        let refused = handout(&file);
        assert_eq!(refused.status.code(), Some(2), "{}: {}", file.display(), stderr(&refused));
        assert!(stderr(&refused).contains("refusing to write the handout"), "{}", stderr(&refused));
    }
    assert_eq!(std::fs::read(root.join("site.yaml")).expect("read"), settings, "site.yaml unchanged");
    assert!(!root.join("content/h.html").exists());

    let file = dir.path().join("t-2024.html");
    assert!(handout(&file).status.success());
    let again = handout(&file);
    assert!(again.status.success(), "a handout gongbao wrote may be replaced: {}", stderr(&again));
    assert!(std::fs::read_to_string(&file).expect("read").contains("<meta name=\"generator\" content=\"gongbao\">"));

    let notes = dir.path().join("notes.html");
    std::fs::write(&notes, "<!DOCTYPE html><p>my notes</p>").expect("write");
    let refused = handout(&notes);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("is not a handout gongbao wrote"), "{}", stderr(&refused));
    assert_eq!(std::fs::read_to_string(&notes).expect("read"), "<!DOCTYPE html><p>my notes</p>");
    assert_eq!(names(dir.path()), ["notes.html", "site", "t-2024.html"], "no temporary file left");
}

#[test]
fn stale_staging_of_a_dead_build_is_removed_at_the_next_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (root, out) = built(dir.path());
    // The id of a process that has ended.
    let mut ended = Command::new("true").spawn().expect("spawn");
    let dead = ended.id();
    ended.wait().expect("wait");
    let marker = "This folder was written by gongbao and is replaced by each build.\nstaging: pid 1\n";
    for name in [format!(".public.gongbao-staging-{dead}"), format!(".public.gongbao-staging-{dead}.old")] {
        let stale = dir.path().join(name);
        std::fs::create_dir_all(stale.join("2024")).expect("mkdir");
        std::fs::write(stale.join(".gongbao-output"), marker).expect("write");
        std::fs::write(stale.join("2024/index.html"), vec![b'x'; 100_000]).expect("write");
    }
    // Named like a leftover but without our marker: not ours, kept.
    let unmarked = dir.path().join(format!(".public.gongbao-staging-{}", dead + 1_000_000));
    std::fs::create_dir_all(&unmarked).expect("mkdir");
    std::fs::write(unmarked.join("notes.txt"), "mine").expect("write");
    let rebuilt = build(&root, &out, &[]);
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    assert_eq!(staging_left(dir.path()), [unmarked.file_name().expect("name").to_string_lossy()]);
    assert!(unmarked.join("notes.txt").is_file());
}

#[test]
fn a_previous_site_set_aside_by_a_killed_build_is_put_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (root, out) = built(dir.path());
    let before = std::fs::read(out.join("index.html")).expect("read");
    // Killed between the two renames of the fallback swap: no site at the target.
    std::fs::rename(&out, dir.path().join(".public.gongbao-staging-999999999.old")).expect("rename");
    // The next build puts it back first, then replaces it as usual; a
    // failing one leaves it in place.
    std::fs::write(root.join("content/projects/broken.yaml"), "- id: x\n  amount: 二百亿\n").expect("write");
    assert_eq!(build(&root, &out, &[]).status.code(), Some(1));
    std::fs::remove_file(root.join("content/projects/broken.yaml")).expect("remove");
    assert!(!out.exists(), "a build that fails its check touches no folder");
    let rebuilt = build(&root, &out, &[]);
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    assert_eq!(std::fs::read(out.join("index.html")).expect("read"), before);
    assert!(staging_left(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_build_leaves_no_staging_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, out) = built(dir.path());
    let before = std::fs::read(out.join("index.html")).expect("read");
    let big = site(&dir.path().join("big"), 3_000);
    let child = bin().args(["build", "--root", s(&big), "--output", s(&out)]).stderr(std::process::Stdio::piped()).spawn().expect("spawn");
    // Wait for the staging folder to hold some pages, then stop the build as CI does on cancel.
    let staging = dir.path().join(format!(".public.gongbao-staging-{}", child.id()));
    let started = std::time::Instant::now();
    while !staging.join("projects").exists() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let ended = child.wait_with_output().expect("wait");
    assert_eq!(ended.status.code(), Some(143), "stopped by the signal: {}", stderr(&ended));
    assert!(stderr(&ended).contains("interrupted"), "{}", stderr(&ended));
    assert!(staging_left(dir.path()).is_empty(), "{:?}", names(dir.path()));
    assert_eq!(std::fs::read(out.join("index.html")).expect("read"), before, "the previous site is as it was");
}

/// Runs gongbao with a file size limit of 512 bytes: every page write fails
/// as on a full disk (EFBIG instead of ENOSPC), for root too.
#[cfg(unix)]
fn limited(args: &[&str]) -> Output {
    let mut command = Command::new("sh");
    command.args(["-c", "ulimit -f 1 && trap '' XFSZ && exec \"$@\"", "sh", env!("CARGO_BIN_EXE_gongbao")]).args(args);
    command.env("SOURCE_DATE_EPOCH", "1790000000").env("GONGBAO_LANG", "en").output().expect("run gongbao under sh")
}

#[cfg(unix)]
#[test]
fn a_failed_write_is_an_io_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (root, out) = built(dir.path());
    let before = std::fs::read(out.join("index.html")).expect("read");
    // Changed inputs, so that the build has something to write (the same
    // inputs again would leave the folder as it is, writing nothing).
    let mut settings = std::fs::read_to_string(root.join("site.yaml")).expect("read");
    settings.push_str("# edited\n");
    std::fs::write(root.join("site.yaml"), settings).expect("write");
    let failed = limited(&["build", "--root", s(&root), "--output", s(&out)]);
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    let message = stderr(&failed);
    assert!(message.starts_with("error: cannot write "), "{message}");
    assert!(message.contains(".public.gongbao-staging-") && message.contains("File too large"), "{message}");
    assert!(!message.contains("theme"), "{message}");
    assert_eq!(std::fs::read(out.join("index.html")).expect("read"), before);
    assert!(staging_left(dir.path()).is_empty());

    // A handout: onto a full device, into a "folder" that is a file, and
    // over a previous handout through the size limit (which stays whole).
    let handout = |file: &str| gongbao(&["handout", "--root", s(&root), "--region", "t", "--year", "2024", "-o", file]);
    let full = handout("/dev/full");
    assert_eq!(full.status.code(), Some(2));
    assert!(stderr(&full).contains("cannot write /dev/full: No space left on device"), "{}", stderr(&full));
    let under_a_file = out.join("index.html/t.html");
    let failed = handout(s(&under_a_file));
    assert_eq!(failed.status.code(), Some(2));
    assert!(stderr(&failed).contains(&format!("cannot write {}", under_a_file.display())), "{}", stderr(&failed));
    let file = dir.path().join("t-2024.html");
    assert!(handout(s(&file)).status.success());
    let previous = std::fs::read(&file).expect("read");
    let failed = limited(&["handout", "--root", s(&root), "--region", "t", "--year", "2024", "-o", s(&file)]);
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    assert!(stderr(&failed).contains(&format!("cannot write {}", file.display())), "{}", stderr(&failed));
    assert_eq!(std::fs::read(&file).expect("read"), previous, "the old handout is whole");
    assert!(!names(dir.path()).iter().any(|n| n.contains("gongbao-tmp")), "{:?}", names(dir.path()));
}

#[test]
fn an_output_under_a_regular_file_is_an_io_error_naming_the_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), 2);
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").expect("write");
    let failed = build(&root, &file.join("public"), &[]);
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    let message = stderr(&failed);
    assert!(message.starts_with(&format!("error: cannot write {}", file.display())), "{message}");
    assert!(message.contains("os error"), "the system's reason: {message}");
    assert!(!message.contains("theme"), "{message}");
}

/// A template that compiles but fails on a page is the theme's error
/// (exit 1, a `render` diagnostic naming the template), not an I/O one.
#[test]
fn a_template_failing_on_a_page_is_a_theme_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), 2);
    let settings = std::fs::read_to_string(root.join("site.yaml")).expect("read");
    std::fs::write(root.join("site.yaml"), format!("{settings}theme: gov\n")).expect("write");
    std::fs::create_dir_all(root.join("themes/gov/templates")).expect("mkdir");
    std::fs::write(root.join("themes/gov/templates/project.html"), "{{ page.no_such_field.deeper }}").expect("write");
    let out = dir.path().join("public");
    let failed = build(&root, &out, &[]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    let message = stderr(&failed);
    assert!(message.starts_with("error[render]: themes/gov/templates/project.html: "), "{message}");
    assert!(message.ends_with("build failed: the theme has errors; nothing was written\n"), "{message}");
    assert!(!out.exists(), "nothing was written");
}
