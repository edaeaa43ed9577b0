//! The `ticket` binary: parse, run, map errors to exit codes. Everything
//! else lives in the library (`ticket`) and the `cli`/`render` modules.

mod cli;
mod render;

fn main() -> std::process::ExitCode {
    cli::main()
}
