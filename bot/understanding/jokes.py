"""The writer marks a message as their own joke ("lol", "haha", "😂", "💀", "jk", "(tuller)"),
unless it says it is not one ("skämtar inte", "not kidding", "men seriöst"): see
bot/understanding/framing.py for what the framing does with it. A module of its own because the
joke model (bot/understanding/train.py) is trained on the messages so marked: its fingerprint
covers this file, and the rest of the framing can change without retraining."""
from __future__ import annotations

import re

from bot.text import fold_letters

MARKERS = re.compile(r"\U0001F602|\U0001F923|\U0001F480|\U0001F644|\U0001F605|\b(?:lol|lmao|haha\w*|hihi\w*|jk|xd|"
                     # the writer's own joke, not others' ("kusinerna skämtar om mitt bröllop")
                     # nor shame ("skämt ut familjen")
                     r"just kidding|kidding|im joking|jag skamtar|jag skojar|skamtar bara|skojar bara|"
                     r"bara skamt|bara skoj|jeg tuller|tuller bare|bare tull|bare kodda|jeg kodder|kodder bare)\b|"
                     r"\((?:tuller|tull|skamt|skamtar|skojar|kidding|joking|joke|jk)\)")
# "han skämtar inte", "not kidding", "no joke", "ingen spøk", "men seriöst", "ok it's not actually
# funny": a real message (in the project's labelled messages, "not funny" and its Swedish and
# Norwegian forms beside a laugh: 2 danger messages, no near-miss)
NOT_JOKING = re.compile(r"\b(?:skamtar inte|skojar inte|inget skamt|inte skamt|tuller ikke|tuller ikkje|"
                        r"ikke tull|ingen spok|not kidding|not joking|no joke|seriost|seriost talat|"
                        r"seriously|for real|pa riktigt|pa ekte|"
                        r"(?:not|isn'?t) (?:actually |really |even |that )?funny|inte (?:ens |alls )?roligt|"
                        r"ikke (?:noe |engang )?morsomt|ikkje morsamt)\b")


def joking(text: str) -> bool:
    folded = fold_letters(text)
    return bool(MARKERS.search(folded)) and not NOT_JOKING.search(folded)
