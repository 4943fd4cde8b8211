"""Who is writing, said outright (bot/understanding/audience_cues.yaml): no model needed. The
professions and roles here were missing when the third blind set's reviewers found a dentist,
a preschool teacher, an HR officer and a youth-club leader answered as young people."""
from __future__ import annotations

import pytest

from bot.understanding.audience import stated


@pytest.mark.parametrize("text, audience", [
    ("Jeg er tannlege og har en pasient på ti år med blåmerker", "professional"),
    ("En elev på 8. trinn (13 år) fortalte meg i dag at faren slår henne", "professional"),
    ("En elev i min klass, 9 år, har blåmärken på överarmarna igen", "professional"),
    ("elev 11 år säger att pappa slår, vad gör jag", "professional"),
    ("Jag är tandläkare och såg något hos ett barn i dag", "professional"),
    ("Jeg er barnehagelærer. Hva gjør vi hvis et barn forteller noe?", "professional"),
    ("Jeg er lærer på ungdomsskolen", "professional"),
    ("Socialsekreterare här. Vi har fått en anmälan från skolan", "professional"),
    ("HR at a logistics firm in Norway. An employee asked for leave", "professional"),
    ("I teach Grade 7 at an international school in Stockholm", "professional"),
    ("I volunteer at an NGO homework club for newly arrived kids", "professional"),
    ("Jeg leder en fritidsklubb og flere jenter får ikke komme", "professional"),
    ("Jeg ble omskåret som barn og har hatt smerter i mange år", "adult"),
    ("I was cut as a little girl and now I'm pregnant", "adult"),
    ("jeg er 15 og ble slått som barn", "young"),
    ("hva er sperret adresse her og kan man få det når man er 17?", "young"),
    ("Finns det någon chatt här i Norge för unga som har det jobbigt hemma?", "young"),
    ("is there a helpline for young people whose parents control everything", "young"),
    # the fifth blind set's relatives read as the writer themselves (held-out: python -m bot.eval.held_out_audience)
    ("I'm an aunt living in Norway. My sister says the school nurse offered her daughter a check-up", "relative"),
    ("I'm 22 and my younger sister (16) isn't allowed to do anything", "relative"),
    ("Min mor mener at døtrene mine bør omskjæres", "relative"),
    ("My mother-in-law keeps saying our daughter (4) should be 'done'", "relative"),
    ("jeg så at faren til bestevenninna mi slo henne. hvis hun anmelder, må jeg vitne? jeg er 16", "relative"),
    ("Jag är pojkvän till en tjej vars pappa läser alla hennes meddelanden", "relative"),
    ("Jeg er 16 og jente. Jeg må gå rett hjem, og lillebroren min på 14 sier hvem jeg får snakke med", "young"),
    # the seventh blind set's big brothers, colleague and mother, once spent
    ("Jag vill skydda henne men inte bryta med familjen. Vad kan jag göra som storebror?", "relative"),
    ("Jeg er storebror, 24. Foreldrene våre vil at lillesøstra mi skal gifte seg", "relative"),
    ("My colleague keeps coming to work with bruises and says she fell", "relative"),
    ("can i go to a krisesenter with my 15 year old son?", "adult"),
    ("Kan jag ta med mina barn till skyddat boende?", "adult"),
    # the ninth blind set's big brother and grandmother who give their age first, and a boy of 16
    ("Jag är 24 och storasyster till en tjej på 14 som inte får gå ut", "relative"),
    ("Jeg er 70 år og bestemor, og barnebarnet mitt sier at hun skal giftes bort", "relative"),
    ("æ e storebror te ei jente som ikke får gå på fest", "relative"),
    ("Jeg er en gutt på 15 og faren min sier jeg skal passe på søstra mi", "young"),
    ("im a girl, 14, and my mum reads all my messages", "young"),
    ("jeg er 12 og mormor sier at alle jentene i familien må bli rene", "young"),   # an age under 18: the writer's own story
    ("Kan barna mine bli med på krisesenter – også den eldste sønnen min?", "adult"),
    ("jag pratade med min dotter i går och hon sa att pappa hotar henne", "relative"),
    ("my mother-in-law wants to take my daughter to Somalia this summer", "relative"),
    ("Min flickvän får inte träffa mig för sin familj, så vi ses i hemlighet. Jag är 20", "relative"),
    # the fourteenth set's religious leaders, compound professions and men giving their age
    ("Jag är imam i en församling i Stockholm. Ibland ber familjer mig att förrätta nikah", "professional"),
    ("Sjukhuspräst here. A young man told me in a pastoral conversation", "professional"),
    ("Familjerättssekreterare här. I en vårdnadsutredning uppger mamman", "professional"),
    ("BVC-sjuksköterska. Hur tar jag upp frågan vid hembesök?", "professional"),
    ("Jeg er programrådgiver i introduksjonsprogrammet", "professional"),
    ("Jeg er en mann på 27. Familien bestemmer hvem jeg skal gifte meg med", "adult"),
    ("Jag heter Johan, 38. Min fru slår mig när hon blir arg", "adult"),
    ("28, gay, from a religious family in Göteborg", "adult"),
    # the fifteenth set's GP and witnesses of someone else's violence
    ("Fastlege. En 17 år gammel pasient ber om en attest på at hun er jomfru", "professional"),
    ("Jag såg när min svåger slog min syster på en släktfest. Måste jag vittna?", "relative"),
    ("Last week I saw my neighbour's husband drag her by the hair to their car", "relative"),
    ("my mum's new boyfriend shouts at her all the time. i'm 19 and moved out to study", "relative"),
])
def test_a_role_said_outright_is_the_audience(text: str, audience: str) -> None:
    assert stated(text) == audience


@pytest.mark.parametrize("text", [
    "Polisen kom hem till oss i går",
    "mamma är polis och pappa är lärare",
    "I ran a lot yesterday",
    "can helsesykepleier tell my parents what I say?",
    "min lärare sa att man ska spara ambassadens nummer innan man reser",
    "min kollega och jag undrar hur man skriver en orosanmälan",
    "Hennes skolsköterska sa att hon måste berätta",
    "min tränare sa att jag inte får åka med på cupen",
])
def test_a_profession_mentioned_in_passing_is_not_the_writer(text: str) -> None:
    assert stated(text) != "professional"


def test_a_partner_in_the_writers_own_story_does_not_make_a_relative() -> None:
    assert stated("min pojkvän kollar min telefon varje kväll") is None


@pytest.mark.parametrize("text", ["Mammas kjæreste slår meg og lillebroren min", "i saw my dad hit me again last night"])
def test_violence_against_the_writer_does_not_make_a_relative(text: str) -> None:
    assert stated(text) != "relative"
