//! Re-anchoring annotations on real articles after realistic edits. The texts are
//! excerpts of the developer corpus kept in `tests/fixtures/anchor/` (see SOURCES.md
//! there), so these tests need nothing outside the repository.

mod common;

use common::char_offset_of;
use margent::anchor::{AnchorStatus, Anchoring, anchor_all};
use margent::annotation::{Annotation, Kind};
use margent::document::{Document, Source};

const EN_NEWS: &str = include_str!("fixtures/anchor/en-news-xinjiang.txt");
const EN_HARDWRAPPED: &str = include_str!("fixtures/anchor/en-common-sense-hardwrapped.txt");
const ZH_FWINDENT: &str = include_str!("fixtures/anchor/zh-hant-kuangren-riji.txt");
const ZH_HARDWRAPPED: &str = include_str!("fixtures/anchor/zh-hant-nahan-hardwrapped.txt");
const JA: &str = include_str!("fixtures/anchor/ja-wagahai-wa-neko.txt");
const KO: &str = include_str!("fixtures/anchor/ko-unsu-joeun-nal.txt");
const WAR_AND_PEACE: &str = include_str!("fixtures/anchor/en-war-and-peace-hardwrapped.txt");

/// What the issue "Notes you can trust" saw: notes moving by themselves to a place
/// that is not theirs. (A crate root's modules sit beside it: hence the paths.)
#[path = "anchoring/honesty.rs"]
mod honesty;
#[path = "anchoring/properties.rs"]
mod properties;
#[path = "anchoring/random_edits.rs"]
mod random_edits;

fn document(text: &str) -> Document {
    Document::from_text(text, Source::Stdin)
}

/// An annotation on the `nth` occurrence of `quote`, as the reader would store it.
fn annotate_nth(text: &str, quote: &str, nth: usize) -> Annotation {
    common::quoting(document(text).text(), quote, nth)
}

/// An annotation on a char range, as the reader would store it.
fn annotate_chars(text: &str, chars: std::ops::Range<usize>) -> Annotation {
    Annotation::in_text(Kind::Highlight, document(text).text(), chars)
}

fn annotate(text: &str, quote: &str) -> Annotation {
    annotate_nth(text, quote, 0)
}

/// One anchoring per annotation, in order (checked, so that a loop over them zipped
/// with the annotations cannot pass by checking none).
fn anchor_in(text: &str, annotations: &[Annotation]) -> Vec<Anchoring> {
    let anchored = anchor_all(&document(text), annotations, None);
    assert_eq!(anchored.len(), annotations.len(), "one anchoring per annotation");
    anchored
}

fn anchor_one(text: &str, annotation: &Annotation) -> Anchoring {
    anchor_in(text, std::slice::from_ref(annotation))[0]
}

fn text_at(text: &str, anchoring: Anchoring) -> String {
    text.chars()
        .skip(anchoring.start)
        .take(anchoring.end - anchoring.start)
        .collect()
}

/// Whitespace runs made one space, as the reader shows hard-wrapped lines.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text with `inserted` put before the first occurrence of `before`.
fn insert_before(text: &str, before: &str, inserted: &str) -> String {
    let byte = text.find(before).expect("insertion point");
    format!("{}{inserted}{}", &text[..byte], &text[byte..])
}

/// Quotes in each language, with an edit of a word inside each (original, replacement).
const SAMPLES: [(&str, &str, (&str, &str)); 6] = [
    (
        EN_NEWS,
        "We must fully, accurately and comprehensively implement the new development concept",
        ("accurately", "faithfully"),
    ),
    (
        EN_HARDWRAPPED,
        "Society in every state is a blessing, but government even in its\nbest state is but a necessary evil",
        ("blessing", "gift"),
    ),
    (
        ZH_FWINDENT,
        "我不見他，已是三十多年；今天見了，精神分外爽快。",
        ("精神", "心情"),
    ),
    (
        ZH_HARDWRAPPED,
        "所謂回憶者，雖說可以使人歡欣，有時也不免使人寂寞，使精神的絲縷還牽著己逝\n    的寂寞的時光",
        ("歡欣", "快樂"),
    ),
    (
        JA,
        "吾輩はここで始めて人間というものを見た。",
        ("始めて", "初めて"),
    ),
    (
        KO,
        "이날이야말로 동소문 안에서 인력거꾼 노릇을 하는 김첨지에게는",
        ("인력거꾼", "인력거군"),
    ),
];

#[test]
fn text_inserted_before_relocates_in_every_language() {
    for (text, quote, _) in SAMPLES {
        let annotation = annotate(text, quote);
        let inserted = "An editor's note, inserted at the top.\n\n";
        let edited = format!("{inserted}{text}");
        let anchoring = anchor_one(&edited, &annotation);
        assert_eq!(anchoring.status, AnchorStatus::Relocated, "{quote}");
        assert_eq!(anchoring.start, annotation.start + inserted.chars().count());
        assert_eq!(text_at(&edited, anchoring), quote);
    }
}

#[test]
fn a_word_changed_inside_a_quote_is_fuzzy_and_covers_the_new_words() {
    for (text, quote, (word, replacement)) in SAMPLES {
        let annotation = annotate(text, quote);
        let edited_quote = quote.replacen(word, replacement, 1);
        let edited = text.replacen(quote, &edited_quote, 1);
        let anchoring = anchor_one(&edited, &annotation);
        assert_eq!(anchoring.status, AnchorStatus::Fuzzy, "{quote}");
        assert_eq!(text_at(&edited, anchoring), edited_quote);
    }
}

#[test]
fn an_edit_at_the_edge_of_a_quote_moves_its_ends_with_the_context() {
    let quote = "We must fully, accurately and comprehensively implement the new development concept";
    let annotation = annotate(EN_NEWS, quote);
    let edited_quote =
        "They must fully, accurately and comprehensively implement the new development concepts";
    let edited = EN_NEWS.replacen(quote, edited_quote, 1);
    let anchoring = anchor_one(&edited, &annotation);
    assert_eq!(anchoring.status, AnchorStatus::Fuzzy);
    assert_eq!(text_at(&edited, anchoring), edited_quote);
}

/// Greedy re-wrap of each paragraph of an English text to `width` columns.
fn rewrap_english(text: &str, width: usize) -> String {
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|paragraph| {
            let mut lines = vec![String::new()];
            for word in paragraph.split_whitespace() {
                let line = lines.last_mut().expect("one line at least");
                if !line.is_empty() && line.len() + 1 + word.len() > width {
                    lines.push(word.to_string());
                } else {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                }
            }
            lines.join("\n")
        })
        .collect();
    paragraphs.join("\n\n")
}

/// Re-wrap of a hard-wrapped Chinese text: lines rejoined, then cut every `width`
/// chars, each line indented with four spaces as in the source.
fn rewrap_chinese(text: &str, width: usize) -> String {
    let joined: String = text.lines().map(str::trim).collect();
    let chars: Vec<char> = joined.chars().collect();
    chars
        .chunks(width)
        .map(|line| format!("    {}", line.iter().collect::<String>()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn rewrapped_english_quotes_are_found_exactly_never_fuzzy() {
    let quotes = [
        "Society is produced by our\nwants, and government by our wickedness",
        "Government, like dress, is the badge\nof lost innocence",
        "the palaces of kings are built on the ruins of\nthe bowers of paradise",
        "Some writers have so confounded society with government",
    ];
    let annotations: Vec<Annotation> = quotes.iter().map(|q| annotate(EN_HARDWRAPPED, q)).collect();
    for width in [50, 72, 200] {
        let rewrapped = rewrap_english(EN_HARDWRAPPED, width);
        for (anchoring, quote) in anchor_in(&rewrapped, &annotations).into_iter().zip(quotes) {
            assert!(
                matches!(anchoring.status, AnchorStatus::Exact | AnchorStatus::Relocated),
                "{quote:?} at width {width}: {anchoring:?}"
            );
            assert_eq!(squeezed(&text_at(&rewrapped, anchoring)), squeezed(quote));
        }
    }
}

#[test]
fn rewrapped_chinese_quotes_are_found_exactly_never_fuzzy() {
    let quotes = [
        "所謂回憶者，雖說可以使人歡欣，有時也不免使人寂寞，使精神的絲縷還牽著己逝\n    的寂寞的時光",
        "然而我的父親終于日重一日的亡故了。",
        "仿佛是想走異路，逃異地，去尋求別樣的人們。",
    ];
    let annotations: Vec<Annotation> = quotes.iter().map(|q| annotate(ZH_HARDWRAPPED, q)).collect();
    for width in [11, 30, 1000] {
        let rewrapped = rewrap_chinese(ZH_HARDWRAPPED, width);
        for (anchoring, quote) in anchor_in(&rewrapped, &annotations).into_iter().zip(quotes) {
            assert!(
                matches!(anchoring.status, AnchorStatus::Exact | AnchorStatus::Relocated),
                "{quote:?} at width {width}: {anchoring:?}"
            );
            let found: String = text_at(&rewrapped, anchoring).split_whitespace().collect();
            let expected: String = quote.split_whitespace().collect();
            assert_eq!(found, expected);
        }
    }
}

#[test]
fn rewrapped_korean_keeps_its_spaces_and_its_anchors() {
    let quote = "새침하게 흐린 품이 눈이 올 듯하더니 눈은 아니 오고 얼다가 만 비가";
    let annotation = annotate(KO, quote);
    let rewrapped = KO.replacen("눈이 올 듯하더니", "눈이\n올 듯하더니", 1);
    let anchoring = anchor_one(&rewrapped, &annotation);
    assert_eq!(anchoring.status, AnchorStatus::Exact, "same length: same offsets");
    let rewrapped = KO.replacen("눈이 올 듯하더니", "눈이\n  올 듯하더니", 1);
    let anchoring = anchor_one(&rewrapped, &annotation);
    assert_eq!(anchoring.status, AnchorStatus::Relocated);
    assert_eq!(squeezed(&text_at(&rewrapped, anchoring)), quote);
}

#[test]
fn a_long_passage_moved_far_away_and_edited_is_found_in_the_whole_text() {
    // 1,200 chars: half its length (600 edits) is over the whole-text search's cap.
    let start = EN_HARDWRAPPED.find("Society in every state").unwrap();
    let end = start + EN_HARDWRAPPED[start..].char_indices().nth(1200).unwrap().0;
    let quote = &EN_HARDWRAPPED[start..end];
    let annotation = annotate(EN_HARDWRAPPED, quote);
    // The passage moves, with its context, behind 10,000 chars of other articles.
    let (block_start, block_end) = (start - 40, end + 40);
    let block = EN_HARDWRAPPED[block_start..block_end].replacen("blessing", "gift", 1);
    let others = [EN_NEWS, ZH_FWINDENT, ZH_HARDWRAPPED, JA, KO, EN_NEWS].join("\n\n");
    let edited = format!(
        "{}{}\n\n{others}\n\n{block}",
        &EN_HARDWRAPPED[..block_start],
        &EN_HARDWRAPPED[block_end..]
    );
    let anchoring = anchor_one(&edited, &annotation);
    assert_eq!(anchoring.status, AnchorStatus::Fuzzy);
    assert_eq!(text_at(&edited, anchoring), quote.replacen("blessing", "gift", 1));
    assert!(
        anchoring.start > annotation.start + 10_000,
        "found far from where it was"
    );
}

#[test]
fn a_deleted_paragraph_orphans_its_annotation_and_nothing_else() {
    let doomed = "Society in every state is a blessing, but government even in its\nbest state is but a necessary evil";
    let kept = "Some writers have so confounded society with government";
    let after = "Government, like dress, is the badge\nof lost innocence";
    let annotations = [annotate(EN_HARDWRAPPED, kept), annotate(EN_HARDWRAPPED, doomed)];
    let paragraph_start = EN_HARDWRAPPED.find("Society in every state").unwrap();
    let paragraph_end = paragraph_start + EN_HARDWRAPPED[paragraph_start..].find("\n\n").unwrap() + 2;
    let edited = format!(
        "{}{}",
        &EN_HARDWRAPPED[..paragraph_start],
        &EN_HARDWRAPPED[paragraph_end..]
    );
    assert!(!edited.contains(after));
    let anchored = anchor_in(&edited, &annotations);
    assert_eq!(anchored[0].status, AnchorStatus::Exact);
    assert_eq!(anchored[1].status, AnchorStatus::Orphaned);
    assert_eq!(
        (anchored[1].start, anchored[1].end),
        (annotations[1].start, annotations[1].end)
    );
}

#[test]
fn a_deleted_cjk_paragraph_is_orphaned() {
    for (text, paragraph) in [
        (
            ZH_FWINDENT,
            "\u{3000}\u{3000}我不見他，已是三十多年；今天見了，精神分外爽快。纔知道以前的三十多年，全是發昏；然而須十分小心。不然，那趙家的狗，何以看我兩眼呢？\n",
        ),
        (
            JA,
            "\u{3000}この書生の掌の裏でしばらくはよい心持に坐っておったが、しばらくすると非常な速力で運転し始めた。書生が動くのか自分だけが動くのか分らないが無暗に眼が廻る。胸が悪くなる。到底助からないと思っていると、どさりと音がして眼から火が出た。それまでは記憶しているがあとは何の事やらいくら考え出そうとしても分らない。\n",
        ),
    ] {
        let quote: String = paragraph.trim().chars().skip(3).take(20).collect();
        let annotation = annotate(text, &quote);
        let edited = text.replacen(paragraph, "", 1);
        let anchoring = anchor_one(&edited, &annotation);
        assert_eq!(anchoring.status, AnchorStatus::Orphaned, "{quote}");
    }
}

#[test]
fn a_duplicated_quote_is_relocated_by_its_context() {
    // The article repeats its lead paragraph: once alone, once opening the next
    // paragraph. The same sentence ends the first and continues in the second.
    let sentence =
        "and is related to the overall situation of building a strong country and national rejuvenation.";
    let in_lead = annotate_nth(EN_NEWS, sentence, 0);
    let in_body = annotate_nth(EN_NEWS, sentence, 1);
    let edited = insert_before(
        EN_NEWS,
        "High-quality development is",
        "A new opening paragraph.\n\n",
    );
    let anchored = anchor_in(&edited, &[in_lead, in_body]);
    assert_eq!(anchored[0].status, AnchorStatus::Relocated);
    assert_eq!(anchored[0].start, char_offset_of(&edited, sentence, 0));
    assert_eq!(anchored[1].status, AnchorStatus::Relocated);
    assert_eq!(anchored[1].start, char_offset_of(&edited, sentence, 1));
}

#[test]
fn a_quote_edited_in_one_copy_of_a_repeated_paragraph_stays_there_as_fuzzy() {
    let sentence =
        "and is related to the overall situation of building a strong country and national rejuvenation.";
    let in_body = annotate_nth(EN_NEWS, sentence, 1);
    let body = EN_NEWS.match_indices(sentence).nth(1).unwrap().0;
    let edited_sentence = sentence.replace("a strong country", "a powerful country");
    let edited = format!(
        "{}{edited_sentence}{}",
        &EN_NEWS[..body],
        &EN_NEWS[body + sentence.len()..]
    );
    let anchoring = anchor_one(&edited, &in_body);
    assert_eq!(
        anchoring.status,
        AnchorStatus::Fuzzy,
        "not relocated to the lead's copy"
    );
    assert_eq!(anchoring.start, in_body.start);
    assert_eq!(text_at(&edited, anchoring), edited_sentence);
}

#[test]
fn a_duplicated_quote_with_identical_context_is_ambiguous() {
    for (text, quote) in [
        (ZH_FWINDENT, "今天全沒月光，我知道不妙。"),
        (
            EN_NEWS,
            "Xinjiang faces new opportunities and needs to make new achievements",
        ),
    ] {
        let annotation = annotate(text, quote);
        // A passage pasted twice, with more than the stored context on both sides.
        let start = text.find(quote).unwrap();
        let passage_start = text[..start].char_indices().rev().nth(40).unwrap().0;
        let passage_end = start + quote.len() + text[start + quote.len()..].char_indices().nth(40).unwrap().0;
        let passage = &text[passage_start..passage_end];
        let edited = format!(
            "Note.\n{}{passage}\n{}",
            &text[..passage_end],
            &text[passage_end..]
        );
        let anchoring = anchor_one(&edited, &annotation);
        assert_eq!(anchoring.status, AnchorStatus::Ambiguous, "{quote}");
        assert_eq!(
            anchoring.start,
            char_offset_of(&edited, quote, 0),
            "reports the nearest to where it was: the first"
        );
    }
}

#[test]
fn every_annotation_of_an_article_survives_an_edit_elsewhere() {
    let sentences: Vec<&str> = EN_NEWS
        .split(['.', '\n'])
        .map(str::trim)
        .filter(|s| s.len() > 20)
        .collect();
    let annotations: Vec<Annotation> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let nth = sentences[..i].iter().filter(|t| t == &s).count();
            annotate_nth(EN_NEWS, s, nth)
        })
        .collect();
    assert_eq!(annotations.len(), 14, "the sentences of the article");
    let original = document(EN_NEWS);
    let unchanged = anchor_all(&original, &annotations, Some(&original.content_hash()));
    assert_eq!(unchanged.len(), annotations.len());
    assert!(unchanged.iter().all(|a| a.status == AnchorStatus::Exact));

    let edited = insert_before(EN_NEWS, "Xinjiang faces", "A paragraph the editor added.\n\n");
    let shift = "A paragraph the editor added.\n\n".chars().count();
    let anchored = anchor_all(&document(&edited), &annotations, Some(&original.content_hash()));
    assert_eq!(anchored.len(), annotations.len());
    let moved = annotations
        .iter()
        .filter(|a| a.start >= char_offset_of(EN_NEWS, "Xinjiang faces", 0))
        .count();
    assert!(
        0 < moved && moved < annotations.len(),
        "the edit is among the annotations"
    );
    for (annotation, anchoring) in annotations.iter().zip(anchored) {
        let moved = annotation.start >= char_offset_of(EN_NEWS, "Xinjiang faces", 0);
        let (status, start) = if moved {
            (AnchorStatus::Relocated, annotation.start + shift)
        } else {
            (AnchorStatus::Exact, annotation.start)
        };
        assert_eq!(
            (anchoring.status, anchoring.start),
            (status, start),
            "{}",
            annotation.exact
        );
    }
}

#[test]
fn a_fuzzy_match_never_ends_inside_a_word() {
    let original = "Out on the plain we saw zebras crossing roads. Then the light went down.\n";
    let annotation = annotate(original, "zebras crossing roads");
    let edited = original.replace("roads", "streets");
    let anchoring = anchor_one(&edited, &annotation);
    assert_eq!(anchoring.status, AnchorStatus::Fuzzy);
    assert_eq!(text_at(&edited, anchoring), "zebras crossing streets");
}
