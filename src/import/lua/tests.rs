//! The Lua data reader: every form KOReader writes, and code refused as not data.

use super::*;

fn table(source: &str) -> Table {
    let read = parse(source);
    assert_eq!(read.error, None, "{source}");
    match read.value {
        Some(Value::Table(table)) => table,
        other => panic!("not a table: {other:?}"),
    }
}

#[test]
fn reads_strings_numbers_booleans_and_nested_tables() {
    let t = table(
        "-- a comment\n--[[ a long\ncomment ]]\nreturn {\n  [\"a\"] = \"x\\\"y\\n\\65\\u{1F9E0}\\z\n   z\",\n  b = 'it\\'s'\n}",
    );
    assert_eq!(t.str("a"), Some("x\"y\nA🧠z"));
    assert_eq!(t.str("b"), Some("it's"));
    let t = table(
        "return { n = -12, f = 0.25, h = 0x1F, e = 1e3, yes = true, no = false, gone = nil, [3] = 'c', 'one', 'two'; }",
    );
    assert_eq!(t.int("n"), Some(-12));
    assert_eq!(t.get("f"), Some(&Value::Float(0.25)));
    assert_eq!(t.int("h"), Some(31));
    assert_eq!(t.int("e"), Some(1000));
    assert_eq!(t.get("yes"), Some(&Value::Bool(true)));
    assert_eq!(t.get("gone"), None);
    let list: Vec<(i64, &Value)> = t.values_by_index().collect();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0], (1, &Value::Str("one".into())));
    assert_eq!(list[2], (3, &Value::Str("c".into())));
}

/// Hexadecimal numerals as Lua reads them: floats with a binary exponent or a fraction,
/// integers wrapping past 64 bits.
#[test]
fn hexadecimal_floats_and_wrapping_integers() {
    let t = table(
        "return { a = 0x1p4, b = 0xA.8, c = 0x.1P-2, d = -0X1P+1, e = 0xffffffffffffffff, f = 0x10000000000000001 }",
    );
    assert_eq!(t.get("a"), Some(&Value::Float(16.0)));
    assert_eq!(t.get("b"), Some(&Value::Float(10.5)));
    assert_eq!(t.get("c"), Some(&Value::Float(1.0 / 64.0)));
    assert_eq!(t.get("d"), Some(&Value::Float(-2.0)));
    assert_eq!(t.int("e"), Some(-1));
    assert_eq!(t.int("f"), Some(1));
    for bad in ["0x", "0xg", "0x1p", "0x1.2.3", "0xp1"] {
        let read = parse(&format!("return {{ x = {bad} }}"));
        assert!(read.error.is_some(), "{bad} read as {:?}", read.value);
    }
}

#[test]
fn long_strings_and_backslash_newlines() {
    let t = table("return { a = [[\nfirst\n]], b = [==[ has ]] inside ]==], c = \"one\\\ntwo\" }");
    assert_eq!(t.str("a"), Some("first\n"));
    assert_eq!(t.str("b"), Some(" has ]] inside "));
    assert_eq!(t.str("c"), Some("one\ntwo"));
}

#[test]
fn code_is_refused_as_not_data() {
    for code in [
        "os.execute('rm -rf /')\nreturn {}",
        "return { a = os.getenv('HOME') }",
        "return { a = f() }",
        "return { a = 1 + 2 }",
        "return { a = x }",
        "local t = {} return t",
        "return (function() return {} end)()",
        "return { a = function() end }",
        "for i = 1, 10 do end return {}",
        "return {} ; print('x')",
    ] {
        let read = parse(code);
        let error = read.error.unwrap_or_else(|| panic!("accepted: {code}"));
        assert!(error.is_code, "{code}: {error}");
    }
}

#[test]
fn a_cut_file_gives_what_came_before_with_the_line() {
    let read =
        parse("return {\n  [\"a\"] = \"kept\",\n  [\"b\"] = {\n    [1] = \"also kept\",\n    [2] = \"cut");
    let error = read.error.unwrap();
    assert!(!error.is_code);
    assert_eq!(error.line, 5);
    let Some(Value::Table(t)) = read.value else {
        panic!()
    };
    assert_eq!(t.str("a"), Some("kept"));
    assert_eq!(
        t.table("b")
            .and_then(|b| b.values_by_index().next())
            .map(|v| v.1.clone()),
        Some(Value::Str("also kept".into()))
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing() {
    let source = format!("return {}{}", "{".repeat(100_000), "}".repeat(100_000));
    let read = parse(&source);
    assert!(read.error.is_some());
}

#[test]
fn lone_carriage_returns_end_lines_and_comments() {
    let source = "-- a comment\r-- another\rreturn {\r  [\"a\"] = \"kept\", -- note\r  [\"b\"] = 2,\r}\r";
    let t = table(source);
    assert_eq!(t.str("a"), Some("kept"));
    assert_eq!(t.get("b"), Some(&Value::Int(2)));

    let crlf = "-- c\r\nreturn {\r\n  [\"a\"] = \"x\",\r\n  [\"b\"] = \"cut";
    let cr = crlf.replace("\r\n", "\r");
    for source in [crlf, cr.as_str()] {
        let error = parse(source).error.unwrap();
        assert_eq!(error.line, 4, "{source:?}");
    }
    let broken = parse("return { [\"a\"] = \"one\rtwo\" }").error.unwrap();
    assert!(broken.message.contains("line break"), "{broken:?}");
}
