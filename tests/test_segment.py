"""Sentence splitting and the tokenizer's user dictionary."""
from pipeline.text.segment import make_tokenizer, quoted_names, split_sentences


def sentences(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_end_at_marks_outside_quotes_and_at_newlines():
    text = "他说:“要抓实。要落细!”大家赞同。\n新段落没有句号\n《指南。第二版》已印发?是的。"
    assert sentences(text) == ["他说:“要抓实。要落细!”大家赞同。", "新段落没有句号", "《指南。第二版》已印发?", "是的。"]


def test_end_marks_inside_quotes_do_not_split_but_marks_after_them_do():
    assert sentences("口号是“我们一起干。”然后散会。") == ["口号是“我们一起干。”然后散会。"]
    assert sentences("要求“干实事”。然后散会!!下次再议") == ["要求“干实事”。", "然后散会!!", "下次再议"]


def test_quoted_names_are_collected_for_the_tokenizer():
    assert quoted_names(["实施“双创双高”工程和《某某指南》,他说“我们要干,一起干”。"]) == ["双创双高", "某某指南"]


def test_user_words_stay_whole_and_plain_jieba_splits_them():
    text = "实施双创双高组织力提升工程,落实六有一徽要求"
    plain = make_tokenizer().lcut(text)
    assert "双创双高" not in plain and "六有一徽" not in plain
    tok = make_tokenizer([("双创双高", "nz"), ("六有一徽", "nz")])
    words = tok.lcut(text)
    assert "双创双高" in words and "六有一徽" in words


def test_tokenizers_do_not_share_state():
    make_tokenizer([("红烛先锋岗", "nz")])
    assert "红烛先锋岗" not in make_tokenizer().lcut("设立红烛先锋岗")
