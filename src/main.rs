//! The `gongbao` command: choose the language, parse the arguments, run,
//! pick the exit code.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let raw: Vec<OsString> = std::env::args_os().collect();
    // The language must be known before clap prints help or an error, so
    // `--lang` and `--root` are read from the raw arguments first.
    let (lang, root) = pre_scan(&raw);
    let root = root.unwrap_or_else(|| PathBuf::from("."));
    gongbao::cli::set_language(lang.as_deref(), Some(&root));
    match gongbao::cli::parse(raw) {
        Ok(args) => ExitCode::from(gongbao::cli::run(args)),
        Err(code) => ExitCode::from(code),
    }
}

/// The values of `--lang` and `--root` (`--x V` or `--x=V`), the last of each.
fn pre_scan(raw: &[OsString]) -> (Option<String>, Option<PathBuf>) {
    let (mut lang, mut root) = (None, None);
    let mut words = raw.iter().skip(1);
    while let Some(word) = words.next() {
        let Some(text) = word.to_str() else { continue };
        if text == "--" {
            break;
        }
        match text.split_once('=') {
            Some(("--lang", value)) => lang = Some(value.to_string()),
            Some(("--root", value)) => root = Some(PathBuf::from(value)),
            _ if text == "--lang" => lang = words.next().and_then(|w| w.to_str()).map(str::to_string),
            _ if text == "--root" => root = words.next().map(PathBuf::from),
            _ => {}
        }
    }
    (lang, root)
}
