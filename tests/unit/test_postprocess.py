from generator.quality.postprocess import finish_sentences


def test_drops_unfinished_tail():
    assert finish_sentences("One. Two is cut") == "One."


def test_keeps_complete_text_and_closing_quotes():
    assert finish_sentences('He said "hi." ') == 'He said "hi."'
    assert finish_sentences("Done!") == "Done!"


def test_text_without_any_sentence_end_is_kept():
    assert finish_sentences("no full stop here") == "no full stop here"


def test_decimal_points_are_not_sentence_ends():
    assert finish_sentences("Holds 0.75 l. It weighs 1.5") == "Holds 0.75 l."
