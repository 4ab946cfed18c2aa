#!/usr/bin/env python3
"""Writes the built-in sample corpora `corpora/en.txt` and `corpora/ko.txt`.

The sentences come from hand-written templates (`corpora_en.py`, `corpora_ko.py`); this script only
fills their slots and strings them into short paragraphs, one sentence per line, with a fixed seed so
the output is the same on every run. See `corpora/README.md` for the design.

    python3 scripts/make_corpora.py          # rewrites corpora/en.txt and corpora/ko.txt
    python3 scripts/make_corpora.py --check  # exits 1 if the committed files differ
"""

import os
import random
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpora_en  # noqa: E402
import corpora_ko  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLOT = re.compile(r"\{([A-Za-z_0-9]+)(?:\|([^}]+))?\}")


def has_final(word):
    """True when the last Hangul syllable has a final consonant (받침)."""
    c = ord(word[-1])
    return 0xAC00 <= c <= 0xD7A3 and (c - 0xAC00) % 28 != 0


def final_is_rieul(word):
    c = ord(word[-1])
    return 0xAC00 <= c <= 0xD7A3 and (c - 0xAC00) % 28 == 8


# Korean particles that change with the final consonant of the word before them.
JOSA = {
    "은": ("은", "는"), "는": ("은", "는"),
    "이": ("이", "가"), "가": ("이", "가"),
    "을": ("을", "를"), "를": ("을", "를"),
    "과": ("과", "와"), "와": ("과", "와"),
    "이랑": ("이랑", "랑"), "랑": ("이랑", "랑"),
}


def attach(word, josa):
    if josa in ("으로", "로"):
        return word + ("로" if not has_final(word) or final_is_rieul(word) else "으로")
    if josa in JOSA:
        with_final, without = JOSA[josa]
        return word + (with_final if has_final(word) else without)
    return word + josa


def article(word):
    return ("an " if word[0] in "aeiou" else "a ") + word


class Filler:
    """Fills one template: each slot name resolves once per sentence; `x2` differs from `x`."""

    def __init__(self, rng, lists, ctx):
        self.rng, self.lists, self.ctx = rng, lists, ctx

    def resolve(self, name, seen):
        if name in seen:
            return seen[name]
        if name in self.ctx:
            value = self.ctx[name]
        elif name.startswith("a_"):
            value = article(self.resolve(name[2:], seen))
        else:
            base = name.rstrip("23")
            options = [w for w in self.lists[base] if w != seen.get(base) or base == name]
            value = self.rng.choice(options)
        seen[name] = value
        return value

    def fill(self, template):
        seen = {}
        out = SLOT.sub(lambda m: self.finish(self.resolve(m.group(1), seen), m.group(2)), template)
        return out[0].upper() + out[1:]

    @staticmethod
    def finish(word, josa):
        return attach(word, josa) if josa else word


def paragraph(rng, lang, topic):
    """One short scene: an opening line, a few body lines about the same hero, a closing line."""
    group = rng.choice(topic["who"])
    pair = rng.choice(lang.PAIRS[group])
    female = rng.random() < 0.5
    ctx = lang.person_context(pair, female)
    filler = Filler(rng, lang.LISTS, ctx)
    lo, hi = topic.get("length", (4, 7))
    body = rng.sample(topic["body"], min(len(topic["body"]), rng.randint(lo, hi)))
    lines = [rng.choice(topic["open"])] + body + [rng.choice(topic["close"])]
    return [filler.fill(t) for t in lines]


def generate(lang, target_words, seed):
    rng = random.Random(seed)
    topics = lang.TOPICS
    weights = [t["weight"] for t in topics]
    paragraphs, words = [], 0
    # Topics are dealt in shuffled rounds so every topic is spread over the whole text.
    while words < target_words:
        deck = [t for t, w in zip(topics, weights) for _ in range(w)]
        rng.shuffle(deck)
        for topic in deck:
            if words >= target_words:
                break
            lines = paragraph(rng, lang, topic)
            paragraphs.append("\n".join(lines))
            words += sum(len(s.split()) for s in lines)
    text = "\n\n".join(paragraphs) + "\n"
    return unicodedata.normalize("NFC", text)


def check_unseen(text, unseen, lang_id):
    tokens = set(re.findall(r"\w+", text.lower()))
    present = [w for w in unseen if w in tokens]
    if present:
        sys.exit(f"{lang_id}: words meant to stay unseen appear in the text: {present}")


def main():
    check = "--check" in sys.argv
    ok = True
    for lang_id, lang, target in (("en", corpora_en, 14_000), ("ko", corpora_ko, 12_000)):
        text = generate(lang, target, seed=20261127)
        check_unseen(text, lang.UNSEEN, lang_id)
        path = os.path.join(ROOT, "corpora", f"{lang_id}.txt")
        if check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    print(f"{path} differs from the generator's output")
                    ok = False
            continue
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"{path}: {len(text.split())} words, {len(text.encode())} bytes")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
