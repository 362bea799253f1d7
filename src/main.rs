//! The `gongbao` command: parse the arguments, run, pick the exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Provisional: the language of messages from GONGBAO_LANG or the system.
    gongbao::cli::set_language(None, None);
    let args = gongbao::cli::Args::parse();
    ExitCode::from(gongbao::cli::run(args))
}
