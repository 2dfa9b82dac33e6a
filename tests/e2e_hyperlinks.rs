//! End-to-end: a Markdown article's links reach the terminal as OSC 8 hyperlinks when
//! asked (`[reader] hyperlinks`), around exactly the cells of their text, and never
//! when not asked; what the screen shows is the same either way.

mod common;

use common::pty::Session;

const ARTICLE: &str = "# Links\n\nRead [the guide](https://example.org/guide?a=1&b=two%20words) first, \
then [論文を読む](https://example.jp/論文) and <https://example.com/auto>.\n\n\
Nothing here but words, words and more words to fill the screen.\n";

fn session(dir: &std::path::Path, setting: &str, cols: u16) -> Session {
    let article = dir.join("links.md");
    let filler = "More words to fill the screen, and then some.\n\n".repeat(30);
    std::fs::write(&article, format!("{ARTICLE}\n{filler}")).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, format!("[reader]\nhyperlinks = \"{setting}\"\n")).unwrap();
    let state = dir.join("state");
    let env = [
        ("MARGENT_CONFIG", config.as_path()),
        ("XDG_STATE_HOME", state.as_path()),
    ];
    Session::spawn(&[article.to_str().unwrap()], cols, 12, &env)
}

fn raw_text(session: &Session) -> String {
    String::from_utf8_lossy(&session.raw.lock().unwrap()).into_owned()
}

/// Everything the reader wrote, once it has quit: up to its leaving the alternate
/// screen, the last thing it sends.
fn all_output(session: &Session) -> String {
    let start = std::time::Instant::now();
    loop {
        let raw = raw_text(session);
        if raw.contains("\u{1b}[?1049l") || start.elapsed() > std::time::Duration::from_secs(10) {
            return raw;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn links_are_sent_as_hyperlinks_around_their_text_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = session(dir.path(), "always", 60);
    let screen = session.wait_for("the article", |s| s.contains("more words"));
    assert!(screen.contains("Read the guide[1] first"), "{screen}");
    session.send("q");
    assert!(session.wait_exit().success());
    let raw = all_output(&session);
    let guide = "\u{1b}]8;id=margent0;https://example.org/guide?a=1&b=two%20words\u{1b}\\";
    let at = raw
        .find(guide)
        .unwrap_or_else(|| panic!("no hyperlink in {raw:?}"));
    let close = raw[at..].find("\u{1b}]8;;\u{1b}\\").expect("the link is closed") + at;
    let inside: String = raw[at + guide.len()..close]
        .split('\u{1b}')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('m').map_or("", |(_, rest)| rest)
            }
        })
        .collect();
    assert_eq!(inside, "the guide", "only the link's text is inside it: {raw:?}");
    // Non-ASCII addresses are percent-encoded; autolinks are links too.
    assert!(
        raw.contains(";https://example.jp/%E8%AB%96%E6%96%87\u{1b}\\"),
        "{raw:?}"
    );
    assert!(raw.contains(";https://example.com/auto\u{1b}\\"), "{raw:?}");
}

#[test]
fn a_link_wrapped_over_two_rows_is_one_link_and_scrolling_moves_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = session(dir.path(), "always", 24);
    session.wait_for("the article", |s| s.contains("Links"));
    // The autolink wraps: both of its rows carry the same link. (The frame may come in
    // several writes: wait for the whole of it.)
    let auto = "id=margent2;https://example.com/auto";
    let start = std::time::Instant::now();
    while raw_text(&session).matches(auto).count() < 2 && start.elapsed() < std::time::Duration::from_secs(10)
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    let opened = raw_text(&session);
    assert_eq!(
        opened.matches(auto).count(),
        2,
        "each row of the link: {opened:?}"
    );
    let before = opened.len();
    session.send("j");
    session.wait_until("scrolled", |screen| {
        !screen.contents().lines().next().unwrap_or("").contains("Links")
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send("q");
    assert!(session.wait_exit().success());
    let after = all_output(&session);
    assert!(
        after[before..].contains(auto),
        "sent again where it moved: {:?}",
        &after[before..]
    );
}

#[test]
fn never_means_never_and_the_screen_is_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = session(dir.path(), "never", 60);
    let screen = session.wait_for("the article", |s| s.contains("more words"));
    assert!(screen.contains("Read the guide[1] first"), "{screen}");
    session.send("q");
    assert!(session.wait_exit().success());
    assert!(!all_output(&session).contains("\u{1b}]8;"), "no hyperlink sent");
}
