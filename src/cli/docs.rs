//! The generated documentation in `man/` and `completions/` is rendered
//! from the clap definitions. This test regenerates it and fails on any
//! drift; `TICKET_UPDATE_DOCS=1` rewrites the files instead.

use std::collections::BTreeMap;
use std::path::Path;

use clap_complete::Shell;

const REFRESH: &str = "TICKET_UPDATE_DOCS=1 cargo test --bin ticket docs";

fn man_pages(cmd: &clap::Command, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    let name = if prefix.is_empty() {
        cmd.get_name().to_string()
    } else {
        format!("{prefix}-{}", cmd.get_name())
    };
    let mut page = Vec::new();
    let titled = cmd.clone().name(name.clone());
    clap_mangen::Man::new(titled)
        .render(&mut page)
        .expect("render man page");
    out.insert(format!("man/{name}.1"), page);
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        man_pages(sub, &name, out);
    }
}

fn generated() -> BTreeMap<String, Vec<u8>> {
    let mut cmd = super::command();
    cmd.build();
    let mut files = BTreeMap::new();
    man_pages(&cmd, "", &mut files);
    for (shell, file) in [
        (Shell::Bash, "ticket.bash"),
        (Shell::Zsh, "_ticket"),
        (Shell::Fish, "ticket.fish"),
        (Shell::Elvish, "ticket.elv"),
        (Shell::PowerShell, "_ticket.ps1"),
    ] {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut super::command(), "ticket", &mut script);
        files.insert(format!("completions/{file}"), script);
    }
    files
}

#[test]
fn docs_match_the_command_definitions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = generated();
    if std::env::var_os("TICKET_UPDATE_DOCS").is_some() {
        for dir in ["man", "completions"] {
            let _ = std::fs::remove_dir_all(root.join(dir));
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        for (path, body) in &files {
            std::fs::write(root.join(path), body).unwrap();
        }
        return;
    }
    let mut drift = Vec::new();
    for (path, body) in &files {
        if std::fs::read(root.join(path)).ok().as_ref() != Some(body) {
            drift.push(path.clone());
        }
    }
    for dir in ["man", "completions"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            if !files.contains_key(&path) {
                drift.push(format!("{path} (stale)"));
            }
        }
    }
    assert!(
        drift.is_empty(),
        "generated docs are out of date: {}\nrefresh them with: {REFRESH}",
        drift.join(", ")
    );
}

#[test]
fn every_subcommand_has_a_man_page_with_the_exit_codes_on_the_main_one() {
    let files = generated();
    for sub in super::command()
        .get_subcommands()
        .filter(|s| s.get_name() != "help")
    {
        assert!(
            files.contains_key(&format!("man/ticket-{}.1", sub.get_name())),
            "{}",
            sub.get_name()
        );
    }
    let main = String::from_utf8(files["man/ticket.1"].clone()).unwrap();
    assert!(main.contains("75"), "exit codes documented in ticket.1");
}
