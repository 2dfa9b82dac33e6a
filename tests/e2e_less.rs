//! End-to-end, as a less user types: the real binary in a pseudo-terminal
//! (`common::pty`), driven with the default keys.

mod common;

use common::pty::{Home, Session, copy_to_temp};

const SAMPLE: &str = "examples/en-news-new-development-concept-xinjiang.txt";

#[test]
fn the_search_history_is_recalled_with_up_in_a_later_run() {
    let (_dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    let mut first = Session::open_at_home(&[&sample], 80, 24, &home);
    first.wait_for("the article", |s| s.contains("High-quality development"));
    first.send("/absolute pov\r");
    first.wait_for("the search done", |s| !s.contains("/absolute pov"));
    first.send("q");
    assert!(first.wait_exit().success());

    let history = home.state.path().join("margent/search-history");
    let kept = std::fs::read_to_string(&history).unwrap();
    assert_eq!(kept, "absolute pov\n");

    let mut second = Session::open_at_home(&[&sample], 80, 24, &home);
    second.wait_for("the article where it was left", |s| {
        s.contains("Development Concept")
    });
    second.send("/");
    std::thread::sleep(std::time::Duration::from_millis(200));
    second.send("\x1b[A");
    second.wait_for("the earlier search recalled", |s| {
        s.lines()
            .last()
            .is_some_and(|status| status.contains("/absolute pov"))
    });
    second.send("\r");
    second.send("q");
    assert!(second.wait_exit().success());
}
