//! `completions`, `man`, help texts and usage errors.

use super::*;

#[test]
fn completions_for_bash_and_zsh() {
    let ws = Workspace::sample();
    ws.margent()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_margent()").and(predicate::str::contains("annotate")));
    ws.margent()
        .args(["completions", "zsh"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("#compdef margent").and(predicate::str::contains("--occurrence")),
        );
    ws.margent().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_prints_a_roff_page() {
    let ws = Workspace::sample();
    ws.margent().arg("man").assert().success().stdout(
        predicate::str::contains(".TH margent")
            .and(predicate::str::contains(".SH COMMANDS"))
            .and(predicate::str::contains("occurrence"))
            .and(predicate::str::contains("EXIT STATUS"))
            .and(predicate::str::contains("MARGENT_CONFIG"))
            .and(predicate::str::contains("margent-render(1)").not()),
    );
}

#[test]
fn usage_errors_exit_2() {
    let ws = Workspace::sample();
    for args in [
        vec!["annotate", ws.doc()],
        vec!["annotate", ws.doc(), "--quote", "x", "--occurrence", "0"],
        vec!["annotate", ws.doc(), "--quote", "x", "--kind", "star"],
        vec!["notes", ws.doc(), "--format", "xml"],
        vec!["export", ws.doc(), "--format", "pdf"],
        vec!["export"],
        vec!["completions"],
    ] {
        ws.margent().args(&args).assert().code(2);
    }
}

#[test]
fn a_missing_document_fails_naming_it() {
    let ws = Workspace::sample();
    for command in ["notes", "export"] {
        ws.margent()
            .args([command, "missing.txt"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("missing.txt"));
    }
}

#[test]
fn help_of_each_subcommand_has_examples() {
    let ws = Workspace::sample();
    for command in ["annotate", "notes", "export", "completions", "man"] {
        ws.margent()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn global_options_may_come_before_the_subcommand() {
    let ws = Workspace::sample();
    let config = ws.dir.path().join("config.toml");
    ws.margent()
        .env_remove("MARGENT_CONFIG")
        .args([
            "--config",
            config.to_str().unwrap(),
            "--encoding",
            "utf-8",
            "notes",
            ws.doc(),
        ])
        .assert()
        .success();
    ws.margent()
        .args(["--encoding", "utf-8", "render", "--width", "30", ws.doc()])
        .assert()
        .success();
    ws.margent().args([ws.doc(), "notes", ws.doc()]).assert().code(2);
}

#[test]
fn an_empty_margent_config_counts_as_unset() {
    let ws = Workspace::sample();
    ws.margent()
        .env("MARGENT_CONFIG", "")
        .args(["notes", ws.doc()])
        .assert()
        .success();
}
