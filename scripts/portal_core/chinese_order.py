"""Chinese words in the order Chinese readers look them up: by pinyin, as a dictionary does.

Sorting by code point puts 廉政 before 党建 and scatters words that sound alike; readers expect
the order of 拼音: 党建, 扫黑除恶, 食品安全, 廉政 … → dǎng, lián, sǎo, shí.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_key(text: str) -> tuple:
    """Letters first, tones to break ties, the text itself last (so the order never wavers)."""
    syllables = lazy_pinyin(text, style=Style.TONE3, errors="default")
    letters = tuple(syllable.rstrip("12345").lower() for syllable in syllables)
    tones = tuple(syllable[-1] if syllable[-1:].isdigit() else "0" for syllable in syllables)
    return letters, tones, text
