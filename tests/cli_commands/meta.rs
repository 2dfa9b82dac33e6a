//! `margent meta`: shows the title and author, sets them in the sidecar's `[document]`
//! table (keeping a hand-written sidecar's other keys and comments), and exports use them.

use super::*;

fn run(ws: &Workspace, args: &[&str]) -> String {
    let output = ws
        .margent()
        .arg("meta")
        .arg(ws.doc())
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn with_no_option_prints_the_detected_title_and_writes_nothing() {
    let ws = Workspace::sample();
    assert_eq!(run(&ws, &[]), format!("title: {TITLE}\nauthor: \n"));
    assert!(!ws.sidecar_path().exists());
}

#[test]
fn a_markdown_article_is_titled_as_it_states_not_by_its_markup() {
    let front_matter = Workspace::with_text(
        "post.md",
        "+++\ntitle = \"Checking cfgs\"\nauthors = [\"Urgau\"]\n+++\n\nText.\n",
    );
    assert_eq!(run(&front_matter, &[]), "title: Checking cfgs\nauthor: Urgau\n");
    let heading = Workspace::with_text("post.md", "# The *Real* Title\n\nText.\n");
    assert_eq!(run(&heading, &[]), "title: The Real Title\nauthor: \n");
    // Neither: the file's name, never a line of Markdown.
    let neither = Workspace::with_text("weekly.md", "---\ndate: 2024\n---\n\n## Tools\n\nText.\n");
    assert_eq!(run(&neither, &[]), "title: weekly\nauthor: \n");
}

#[test]
fn sets_title_and_author_and_exports_use_them() {
    let ws = Workspace::sample();
    ws.annotate(&["--quote", "Xinjiang", "--occurrence", "2"]);
    let shown = run(&ws, &["--title", "Retitled", "--author", "A. Reader"]);
    assert_eq!(shown, "title: Retitled\nauthor: A. Reader\n");
    let toml = std::fs::read_to_string(ws.sidecar_path()).unwrap();
    assert!(
        toml.contains("title = \"Retitled\"\nauthor = \"A. Reader\"\nencoding"),
        "{toml}"
    );
    assert_eq!(ws.annotations().len(), 1, "the annotation is kept");
    let csv = ws
        .margent()
        .args(["export", ws.doc(), "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.contains(",Retitled,A. Reader,"), "{csv}");
    let md = ws
        .margent()
        .args(["export", ws.doc(), "--format", "md"])
        .output()
        .unwrap();
    assert!(String::from_utf8(md.stdout).unwrap().starts_with("# Retitled\n"));
    // Only the author changes; an empty author removes the key, an empty title goes
    // back to the detected one.
    assert_eq!(run(&ws, &["--author", ""]), "title: Retitled\nauthor: \n");
    assert!(
        !std::fs::read_to_string(ws.sidecar_path())
            .unwrap()
            .contains("A. Reader")
    );
    assert_eq!(run(&ws, &["--title", " "]), format!("title: {TITLE}\nauthor: \n"));
}

#[test]
fn a_hand_written_sidecar_keeps_its_comments_and_unknown_keys() {
    let ws = Workspace::sample();
    std::fs::write(
        ws.sidecar_path(),
        "format = \"margent-notes\"\nschema_version = 1\n\n[document]\n# mine\ntitle = 'Old'\nshelf = \"top\"\n",
    )
    .unwrap();
    assert_eq!(
        run(&ws, &["--author", "Someone"]),
        "title: Old\nauthor: Someone\n"
    );
    let toml = std::fs::read_to_string(ws.sidecar_path()).unwrap();
    assert!(toml.contains("# mine\n"), "{toml}");
    assert!(toml.contains("shelf = \"top\""), "{toml}");
    assert!(toml.contains("author = \"Someone\""), "{toml}");
    assert_eq!(run(&ws, &[]), "title: Old\nauthor: Someone\n");
}
