use margent::document::{Document, Source};
fn main() {
    let bytes = std::fs::read("/tmp/md64k.md").unwrap();
    for name in ["x.md", "x.txt", "x.md", "x.txt"] {
        let t = std::time::Instant::now();
        let doc = Document::from_bytes(bytes.clone(), None, Source::File(name.into())).unwrap();
        let a = t.elapsed();
        let t = std::time::Instant::now();
        let m = margent::markup::Markup::detect_in(doc.text(), Some(std::path::Path::new(name)));
        let b = t.elapsed();
        let t = std::time::Instant::now();
        let _ = margent::document::TextStyle::detect(doc.text());
        let c = t.elapsed();
        eprintln!(
            "{name}: from_bytes {a:?} markup {b:?} style {c:?} {}",
            matches!(m, margent::markup::Markup::Plain)
        );
    }
}
