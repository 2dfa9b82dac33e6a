//! Notes move by themselves only when the evidence says the new place is theirs
//! (DESIGN §1.5): their context still agrees there, or the edits around them predict
//! the move. Each "seen" test reproduces a case from the issue "Notes you can trust" on
//! War and Peace, where names and dialogue tags recur thousands of chars apart.

use super::*;

/// The text with the first occurrence of `old` replaced by `new`, which has as many
/// chars: the text after it does not move.
fn rewritten_in_place(text: &str, old: &str, new: &str) -> String {
    assert_eq!(old.chars().count(), new.chars().count(), "{new:?}");
    text.replacen(old, new, 1)
}

/// Seen: the sentence holding a short quote was deleted, and the note moved by itself
/// to another occurrence 23,000 chars away, marked relocated.
#[test]
fn seen_a_name_whose_sentence_was_deleted_does_not_move_to_a_far_occurrence() {
    let annotation = annotate_nth(WAR_AND_PEACE, "Russia", 0);
    let edited = WAR_AND_PEACE.replacen("Russia alone must save Europe. ", "", 1);
    // The other three occurrences are 14,800 chars away and more.
    let anchoring = anchor_one(&edited, &annotation);
    assert_eq!(anchoring.status, AnchorStatus::Orphaned, "{anchoring:?}");
    assert_eq!(
        (anchoring.start, anchoring.end),
        (annotation.start, annotation.end),
        "an orphan keeps its offsets"
    );
}

/// Seen: the same with a dialogue tag, which moved 12,000 chars, into "said the
/// princess". Other occurrences near where it was are candidates for review, never a
/// place to move to by itself; the nearest is reported.
#[test]
fn seen_a_dialogue_tag_whose_sentence_was_deleted_waits_for_review_at_the_nearest_occurrence() {
    let annotation = annotate_nth(WAR_AND_PEACE, "said the prince", 1);
    let sentence = "“If they had known that you wished it, the entertainment would have been\n\
        put off,” said the prince, who, like a wound-up clock, by force of habit\n\
        said things he did not even wish to be believed.\n\n";
    let edited = WAR_AND_PEACE.replacen(sentence, "", 1);
    let anchoring = anchor_one(&edited, &annotation);
    assert_eq!(anchoring.status, AnchorStatus::Ambiguous, "{anchoring:?}");
    // The first occurrence is 265 chars before, the next 2,500 after.
    let nearest = char_offset_of(&edited, "said the prince", 0);
    assert_eq!((anchoring.start, anchoring.end), (nearest, nearest + 15));
}

/// Seen: the context around a word was rewritten and the word is one char from where it
/// was; the note moved by itself. Its offsets no longer hold it (not exact); nothing
/// around it agrees and nothing predicts a shift of one (not relocated): it is found
/// there, for review.
#[test]
fn seen_a_name_whose_context_was_rewritten_one_char_away_waits_for_review_there() {
    let annotation = annotate_nth(WAR_AND_PEACE, "Russia", 1);
    let edited = WAR_AND_PEACE.replacen(
        "was the first he had attended in Russia. He knew that all the\nintellectual lights of Petersburg",
        "was his very first evening out in Russia; he had heard that the cleverest people of the capital",
        1,
    );
    let anchoring = anchor_one(&edited, &annotation);
    assert_eq!(anchoring.status, AnchorStatus::Fuzzy, "{anchoring:?}");
    assert_eq!(anchoring.start, annotation.start + 1);
    assert_eq!(text_at(&edited, anchoring), "Russia");
}

/// A short quote at its stored offsets with everything around it rewritten may be
/// another occurrence that happens to sit there: its offsets hold it, but it waits for
/// review instead of being exact.
#[test]
fn a_short_quote_whose_context_was_rewritten_in_place_is_not_exact() {
    let annotation = annotate_nth(WAR_AND_PEACE, "Russia", 1);
    let edited = rewritten_in_place(
        WAR_AND_PEACE,
        "was the first he had attended in Russia. He knew that all the\nintellectual",
        "was his first big evening out in Russia, and the cleverest men in the town",
    );
    let anchoring = anchor_one(&edited, &annotation);
    assert_eq!(anchoring.status, AnchorStatus::Fuzzy, "{anchoring:?}");
    assert_eq!(
        (anchoring.start, anchoring.end),
        (annotation.start, annotation.end)
    );
}

/// Short quotes still move by themselves when their context comes along.
#[test]
fn short_quotes_relocate_with_their_context() {
    let inserted = "A translator's preface, added at the top.\n\n";
    let edited = format!("{inserted}{WAR_AND_PEACE}");
    let shift = inserted.chars().count();
    for (quote, nth) in [("Russia", 0), ("said the prince", 1), ("Pierre", 2)] {
        let annotation = annotate_nth(WAR_AND_PEACE, quote, nth);
        let anchoring = anchor_one(&edited, &annotation);
        assert_eq!(anchoring.status, AnchorStatus::Relocated, "{quote}");
        assert_eq!(anchoring.start, annotation.start + shift, "{quote}");
    }
}

/// A long quote whose context on both sides was rewritten moves by itself only to
/// where the shift of its neighbours puts it; alone, nothing predicts its move.
#[test]
fn a_long_quote_with_its_context_rewritten_relocates_only_where_its_neighbours_predict() {
    let quote = "Seeing the self-confident and\nrefined expression on the faces of those present he was always expecting\nto hear something very profound";
    let before = "But amid these cares her anxiety about\nPierre was evident";
    let after = "Anna Pávlovna’s reception was in full swing";
    let annotations = [
        annotate(WAR_AND_PEACE, before),
        annotate(WAR_AND_PEACE, quote),
        annotate(WAR_AND_PEACE, after),
    ];
    let rewritten = rewritten_in_place(
        WAR_AND_PEACE,
        "afraid of missing any\nclever conversation that was to be heard. ",
        "anxious not to lose a single\nword that anybody there might say. ",
    );
    let rewritten = rewritten_in_place(
        &rewritten,
        ". At last he came up to Morio. Here the",
        ". He finally joined the abbé. There the",
    );
    let inserted = "A translator's preface, added at the top.\n\n";
    let edited = format!("{inserted}{rewritten}");
    let shift = inserted.chars().count();

    let together = anchor_in(&edited, &annotations);
    let statuses: Vec<AnchorStatus> = together.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [AnchorStatus::Relocated; 3]);
    assert_eq!(together[1].start, annotations[1].start + shift);

    let alone = anchor_one(&edited, &annotations[1]);
    assert_eq!(alone.status, AnchorStatus::Fuzzy, "{alone:?}");
    assert_eq!(
        alone.start,
        annotations[1].start + shift,
        "found there, for review"
    );
}

/// Found by the property test (`properties.rs`): a note on the "다" that ends a Korean
/// sentence moved to the one ending the sentence before when its own sentence was
/// deleted, the text after it agreeing. Next to a syllable that ends every sentence,
/// one side proves nothing: a short quote needs both.
#[test]
fn a_sentence_final_syllable_whose_sentence_was_deleted_waits_for_review() {
    let sentence = "앓는 어미 곁에서 배고파 보채는 개똥이 (세살먹이)에게 죽을 사줄 수도 있다 - 팔십 전을 손에 쥔 김 첨지의 마음은 푼푼하였다.";
    let in_sentence = KO.find(sentence).expect("the sentence") + sentence.len() - "다.".len();
    let nth = KO
        .match_indices('다')
        .take_while(|&(byte, _)| byte < in_sentence)
        .count();
    let annotation = annotate_nth(KO, "다", nth);
    let edited = KO.replacen(sentence, "", 1);
    let anchoring = anchor_one(&edited, &annotation);
    assert_eq!(anchoring.status, AnchorStatus::Ambiguous, "{anchoring:?}");
}
