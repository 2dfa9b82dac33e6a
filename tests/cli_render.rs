//! The `margent render` command line and the plain-text reader fallback, through the
//! real binary: output, widths, stdin, encodings, and failures with exit codes.

use std::io::Write;
use std::process::{Command, Stdio};

use assert_cmd::prelude::*;
use predicates::prelude::*;

fn margent() -> Command {
    Command::cargo_bin("margent").unwrap()
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/corpus/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> String {
    format!(
        "{}/examples/en-news-new-development-concept-xinjiang.txt",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn renders_to_the_given_width() {
    let output = margent()
        .args(["render", "--width", "50", &sample()])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.lines().all(|line| line.chars().count() <= 50));
    assert!(text.contains("New Development Concept Leads High-quality"));
}

#[test]
fn width_defaults_to_80_without_a_terminal() {
    let output = margent().args(["render", &sample()]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let widest = text.lines().map(|line| line.chars().count()).max().unwrap();
    assert!((70..=80).contains(&widest), "{widest}");
}

#[test]
fn reads_standard_input_for_a_dash() {
    let mut child = margent()
        .args(["render", "--width", "20", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("中文的句子，很长很长很长很长。\r\n".as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "中文的句子，很长很长\n很长很长。\n"
    );
}

#[test]
fn reader_without_a_terminal_prints_the_text() {
    margent()
        .arg(fixture("zh-xiyouji-gbk.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("《西游记》"));
}

#[test]
fn piped_stdin_without_a_file_is_read() {
    assert_cmd::Command::cargo_bin("margent")
        .unwrap()
        .write_stdin("plain words\n")
        .assert()
        .success()
        .stdout("plain words\n");
}

#[test]
fn encoding_can_be_forced() {
    // Decoding GBK bytes as Big5 gives different text than the detected GBK.
    let detected = margent()
        .args(["render", &fixture("zh-xiyouji-gbk.txt")])
        .output()
        .unwrap();
    let forced = margent()
        .args(["render", "--encoding", "big5", &fixture("zh-xiyouji-gbk.txt")])
        .output()
        .unwrap();
    assert!(detected.status.success() && forced.status.success());
    let (detected, forced) = (
        String::from_utf8(detected.stdout).unwrap(),
        String::from_utf8(forced.stdout).unwrap(),
    );
    assert!(detected.starts_with("《西游记》\n"), "{detected}");
    assert!(!forced.contains("西游记") && !forced.is_empty(), "{forced}");
    margent()
        .args(["render", "--encoding", "klingon", &fixture("zh-xiyouji-gbk.txt")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown encoding"));
}

#[test]
fn cjk_in_utf16_without_a_bom_renders_like_its_utf8() {
    let utf8 = std::fs::read_to_string(fixture("zh-hant-kuangren-riji-luxun-fwindent-crlf.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let render = |path: &std::path::Path| {
        let output = margent()
            .args(["render", "--width", "40"])
            .arg(path)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    };
    let plain = dir.path().join("utf8.txt");
    std::fs::write(&plain, &utf8).unwrap();
    let expected = render(&plain);
    for (name, big_endian) in [("le.txt", false), ("be.txt", true)] {
        let bytes: Vec<u8> = utf8
            .encode_utf16()
            .flat_map(|unit| {
                if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                }
            })
            .collect();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(render(&path), expected, "{name}");
    }
}

#[test]
fn a_missing_file_fails_with_one_line_naming_it() {
    margent()
        .args(["render", "no-such-article.txt"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::is_match("^margent: no-such-article.txt: cannot read: .*\n$").unwrap());
}

#[test]
fn a_directory_fails_with_one_line_naming_it() {
    margent()
        .args(["render", "tests"])
        .assert()
        .code(1)
        .stderr(predicate::str::is_match("^margent: tests: is a directory, not a text file\n$").unwrap());
}

#[test]
fn binary_data_is_refused_as_binary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("image.png");
    let bytes: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    std::fs::write(&path, bytes).unwrap();
    margent()
        .args(["render", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("image.png").and(predicate::str::contains("binary")));
}

#[test]
fn file_names_with_escape_sequences_are_not_echoed_raw() {
    margent()
        .args(["render", "evil\u{1b}]52;c;aGk=\u{7}.txt"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("evil␛]52;c;aGk=␇.txt").and(predicate::str::contains("\u{1b}").not()),
        );
}

#[test]
fn usage_errors_exit_with_2() {
    margent().args(["render"]).assert().code(2);
    margent()
        .args(["render", "--width", "0", "x.txt"])
        .assert()
        .code(2);
    margent().args(["--no-such-flag"]).assert().code(2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let big = "A line of some words that goes on. ".repeat(200_000);
    let mut child = margent()
        .args(["render", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || stdin.write_all(big.as_bytes()));
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{:?}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty());
}

#[test]
fn a_bad_config_fails_with_its_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[reader]\nmesure = 60\n").unwrap();
    margent()
        .args(["render", "--config", config.to_str().unwrap(), &sample()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "config.toml:2:1: unknown key \"mesure\"",
        ));
    margent()
        .env("MARGENT_CONFIG", &config)
        .args(["render", &sample()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("mesure"));
}

#[test]
fn ambiguous_width_from_the_config_changes_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[reader]\nambiguous_width = 2\n").unwrap();
    let input = "“a” “b” “c” “d” “e” “f”";
    // Curly quotes are one column each by default, two with ambiguous_width = 2.
    assert_cmd::Command::cargo_bin("margent")
        .unwrap()
        .args(["render", "--width", "16", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("“a” “b” “c” “d”\n“e” “f”\n");
    assert_cmd::Command::cargo_bin("margent")
        .unwrap()
        .args([
            "render",
            "--width",
            "16",
            "--config",
            config.to_str().unwrap(),
            "-",
        ])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("“a” “b”\n“c” “d”\n“e” “f”\n");
}

#[test]
fn aozora_notation_is_typeset_and_plain_shows_it_as_written() {
    let file = fixture("ja-aozora-sangetsuki-nakajima-sjis.txt");
    let typeset = margent()
        .args(["render", "--width", "40", &file])
        .output()
        .unwrap();
    assert!(typeset.status.success());
    let text = String::from_utf8(typeset.stdout).unwrap();
    assert!(text.contains("李徴（りちょう）"), "{text}");
    assert!(text.contains("袁傪"), "the gaiji is resolved: {text}");
    let body = &text[text.find("隴西（ろうさい）").unwrap()..];
    assert!(!body.contains('《') && !body.contains("［＃"), "{body}");
    let plain = margent()
        .args(["render", "--plain", "--width", "40", &file])
        .output()
        .unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(plain.contains("《") && plain.contains("※［＃"));
}

#[test]
fn readings_can_be_hidden_by_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[reader]\nreading = \"hide\"\n").unwrap();
    let output = margent()
        .args(["render", "--width", "60", "--config"])
        .arg(&config)
        .arg(fixture("ja-aozora-sangetsuki-nakajima-sjis.txt"))
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("隴西の李徴は博学才穎、"), "{text}");
}

#[test]
fn a_quote_of_the_typeset_text_annotates_the_source_span() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("sangetsuki.txt");
    std::fs::copy(fixture("ja-aozora-sangetsuki-nakajima-sjis.txt"), &doc).unwrap();
    margent()
        .args(["annotate"])
        .arg(&doc)
        .args(["--quote", "自ら恃むところ頗る厚く"])
        .assert()
        .success();
    let notes = margent()
        .args(["notes", "--format", "json"])
        .arg(&doc)
        .output()
        .unwrap();
    let notes = String::from_utf8(notes.stdout).unwrap();
    assert!(
        notes.contains("自《みずか》ら恃《たの》むところ頗《すこぶ》る厚く"),
        "{notes}"
    );
}

#[test]
fn several_files_without_a_terminal_are_rendered_in_turn() {
    let chinese = format!("{}/examples/kuangren-riji-luxun.txt", env!("CARGO_MANIFEST_DIR"));
    let output = margent().args([&sample(), &chinese]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let english = text.find("New Development Concept").unwrap();
    let diary = text.find("狂人日記").unwrap();
    assert!(english < diary, "in the order given");
}
