//! The `gongbao` command: parse the arguments, run, pick the exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = gongbao::cli::Args::parse();
    ExitCode::from(gongbao::cli::run(args))
}
