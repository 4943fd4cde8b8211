"""Which community language a message is written in (Arabic, Somali, Persian/Dari, Tigrinya,
Sorani), or None for anything else.

By script first: Ge'ez letters are Tigrinya (Amharic shares them; the bot offers Tigrinya).
In Arabic script, letters only Sorani uses (ڕ ڵ ێ ۆ ە ڤ) make it Sorani, then letters Persian
and Dari use and Arabic does not (پ چ ژ گ and the Persian forms of yeh and kaf) make it
Persian; otherwise Arabic. Sorani typed on an Arabic keyboard reads as Arabic or Persian: the
escalations are then in a related language, which is the honest limit of a letter count.
Somali is written in Latin letters: lingua decides between Somali, Swedish, Norwegian and
English, and the message must also hold a frequent word only Somali uses ("i'm in norway"
and "hiii" are not Somali). Measured on the Swedish, Norwegian and English corpora in the README.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

_GEEZ = re.compile("[\u1200-\u137f\u2d80-\u2ddf\uab00-\uab2f]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[a-zA-Z]")
_SORANI = re.compile("[ڕڵێۆەڤ]")
_PERSIAN = re.compile("[پچژگیک]")
_WORD = re.compile(r"[a-z']+")

# Frequent Somali words, none of them a Swedish, Norwegian or English word.
_SOMALI = frozenset("""
waxaan waxay wuxuu waxaad waxa ayaa ayuu ayay ayey ayaan iyo iyada isaga aniga adiga annaga
waan wuu maxaan maxay maxaad sidee sideen xagee halkee goorma immisa hadda haddii haddaan
laakiin ahay tahay yahay yihiin kuma kama uma ima ila iga igu ii waxba maanta berri shalay
aabahay hooyaday walaashay walaalkay qoyskayga caawi caawiya caawimaad dil khatar haa
mahadsanid fadlan inaan yaad yaa ma ku baa rabo rabaa gudniinka gabdhaha soomaali bilaash
nolosha guriga turjubaan dugsiga
""".split())
_SOMALI_SURE = 0.5  # lingua's confidence
_SCRIPT_SHARE = 0.3


@lru_cache(maxsize=1)
def _somali_detector():
    from lingua import Language, LanguageDetectorBuilder

    return (LanguageDetectorBuilder.from_languages(Language.SOMALI, Language.SWEDISH, Language.BOKMAL,
                                                   Language.ENGLISH).with_preloaded_language_models().build())


def _somali(text: str) -> bool:
    if not set(_WORD.findall(text.lower().replace("’", "'"))) & _SOMALI:
        return False
    from lingua import Language

    return _somali_detector().compute_language_confidence(text[:1000], Language.SOMALI) >= _SOMALI_SURE


def warm_up() -> None:
    _somali_detector()


def _share(pattern: re.Pattern[str], text: str, letters: int) -> float:
    return len(pattern.findall(text)) / letters if letters else 0.0


def community_language(text: str) -> Optional[str]:
    """ar, so, fa, ti or ckb when the message is written in one of them, else None."""
    letters = sum(ch.isalpha() for ch in text or "")
    if not letters:
        return None
    # A third of the letters: "is Kvinnofridslinjen free?" names the line in Latin letters.
    if _share(_GEEZ, text, letters) >= _SCRIPT_SHARE:
        return "ti"
    if _share(_ARABIC, text, letters) >= _SCRIPT_SHARE:
        if _SORANI.search(text):
            return "ckb"
        return "fa" if _PERSIAN.search(text) else "ar"
    if _share(_LATIN, text, letters) > 0.5:
        if _somali(text):
            return "so"
    return None
