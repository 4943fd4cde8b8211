"""How a message frames what it tells (bot/understanding/framing.py): as a joke, or as the past of
someone safe now."""
from __future__ import annotations

import pytest

from bot.understanding.framing import (abroad_by_choice, abroad_now, adults_only, asks_after_joking, back_home,
                                       denies_self_harm, fiction, joking, looks_forward, ordinary_trip, past_and_safe,
                                       says_not_in_danger, trip_ahead, writes_as_man)


@pytest.mark.parametrize("text", ["bro says he'll sell me on ebay 😂", "mamma dreper meg hvis jeg kommer sent lol",
                                  "pappa dödar mig haha", "if I fail maths he'll murder me jk", "(tuller)",
                                  "broren min skal drepe meg fordi jeg spiste pizzaen hans 💀",
                                  "jag skämtar bara, han är snäll"])
def test_marked_jokes(text: str) -> None:
    assert joking(text)


@pytest.mark.parametrize("text", ["han skämtar inte, han har slagit henne förut 😂",
                                  "nationella prov nästa vecka lol men seriöst jag är rädd",
                                  "dette er ingen spøk, haha, jeg er redd", "he locked me in, not kidding",
                                  "he locked me in and took my phone", "I laughed at the lollipop",
                                  # shame, not a joke; others' jokes about a real wedding
                                  "de ska döda mig för att jag har skämt ut familjen",
                                  "vi åker nästa vecka och kusinerna skämtar hela tiden om mitt bröllop",
                                  "søskenbarna tuller hele tiden om bryllupet mitt",
                                  "han slår mig 😭",
                                  # the seventeenth blind set's, once spent
                                  "lol he'll kill me when he gets home tonight 😂😂 ok it's not actually funny",
                                  "haha pappa hotar mig igen, det är inte ens roligt", "lol det er ikke noe morsomt"])
def test_not_jokes(text: str) -> None:
    assert not joking(text)


@pytest.mark.parametrize("text, joy", [
    ("pappa har passet mitt fordi han ordner visum, vi drar til pakistan i juli og jeg gleder meg sykt", True),
    ("we fly to somalia in two weeks, so excited to see my grandma!!", True),
    ("vi åker till Irak i sommar och jag ser verkligen fram emot det", True),
    ("vi skal til Pakistan i sommer, og jeg gleder meg ikke i det hele tatt", False),
    ("i'm not looking forward to this trip at all, they took my passport", False),
    ("jag ser inte fram emot resan", False),
])
def test_joy_said_outright(text: str, joy: bool) -> None:
    assert looks_forward(text) is joy


@pytest.mark.parametrize("text", [
    "min bror spårar mig på snap map som om han vore FBI 😂 det är inte allvarligt. men är det lagligt?",
    "mamma dreper meg når hun ser matteprøven lol. uansett, har helsesykepleieren taushetsplikt?",
    "my dad took my phone until exams are over 🙄 the drama. but is that even allowed in Sweden?",
])
def test_a_question_of_its_own_after_a_joke(text: str) -> None:
    assert asks_after_joking(text)


@pytest.mark.parametrize("text", [
    "haha my dad will kill me if I'm late, what do I do?",            # the joke is the question
    "is it legal to marry your cousin? for a school assignment haha",  # the question comes first
    "pappa dödar mig om jag kommer hem sent igen haha",
    "han skämtar inte lol. men vad gör jag?",                         # not a joke at all
])
def test_no_question_of_its_own_after_a_joke(text: str) -> None:
    assert not asks_after_joking(text)


@pytest.mark.parametrize("text", [
    "För sex år sedan satt jag fast hos svärmor i fyra månader. Nu är jag skild och mår bra.",
    "When I was 15 they kept me abroad for 8 months. I'm 23 now and live on my own in Malmö.",
    "Last year my husband threw a glass at me; we have lived in our own flat for eight months now.",
    "satt fast utomlands i fjol, dom hade tagit passet. e hemma i sverige sen i våras o bor själv nu",
    "var der for to år siden. nå bor jeg trygt for meg selv, men jeg får mareritt",
    # the eighth blind set's, once spent
    "for tre år siden sa eksen min at han skulle drepe meg. nå har han besøksforbud og jeg har flyttet til en annen by.",
])
def test_past_events_of_someone_safe_now(text: str) -> None:
    assert past_and_safe(text)


@pytest.mark.parametrize("text", [
    "Han slog mig för sex år sedan och nu har han hittat min adress och står utanför",
    "I'm safe now but he says he'll come tonight",
    "when I was 15 he started hitting me and he still does",
])
def test_danger_now_is_not_past(text: str) -> None:
    assert not past_and_safe(text)


def test_a_joke_early_in_a_story_does_not_make_its_danger_a_joke() -> None:
    from bot.understanding.read import danger

    story = ("hi so i'm 17 and i've been talking to a guy from my class, my friends think it's cute lol. "
             "update: my brother saw us, now my dad is hitting me and says he will kill me. "
             "i locked myself in the bathroom, what do i do")
    assert danger(story).level == "immediate_danger"


@pytest.mark.parametrize("text", ["Jag är inte i fara, jag vill bara veta hur det funkar", "I'm not in danger and no one is forcing me.",
                                  "Inget akut, ingen hotar mig", "han slår mig inte men han styr allt",
                                  "nobody is forcing me, i picked him myself",
                                  "Min lillasyster får inte göra något, direkt hem efter skolan. Ingen slår henne.",
                                  "Nobody hits her, it is all rules", "Mannen min har aldri slått meg, men han bestemmer over pengene", "faren slår henne aldri, men hun får ikke gå ut"])
def test_says_not_in_danger(text: str) -> None:
    assert says_not_in_danger(text)


@pytest.mark.parametrize("text", ["jag är i fara", "ingen vet att jag är här och han slår mig", "no one believes me",
                                  "ingen tror på henne och pappa slår henne varje kväll",
                                  # danger messages of the corpus: the writer's own denial, and "never before today"
                                  "Jeg har aldri slått henne, hun vil bare skilles. De venter utenfor med et balltre",
                                  "han har aldri slått meg før i dag. I dag tok han meg rundt halsen"])
def test_danger_told_is_not_denied(text: str) -> None:
    assert not says_not_in_danger(text)


@pytest.mark.parametrize("text", ["jag tänker INTE ta livet av mig", "jag tänker inte göra mig själv illa eller så",
                                  "Jag är inte i fara och har inga självmordstankar, bara så ni vet.", "jeg vil ikke dø, jeg vil bare bort",
                                  "I don't want to die, I want to live my own life", "jag tänker inte göra nåt dumt"])
def test_denies_self_harm(text: str) -> None:
    assert denies_self_harm(text)


def test_wanting_to_die_is_not_denied() -> None:
    assert not denies_self_harm("I want to die, nobody understands")


def test_fiction() -> None:
    assert fiction("I'm writing a novel where the main character is locked in her room")
    assert not fiction("he locked me in my room")


def test_a_denial_of_self_harm_leaves_other_danger() -> None:
    from bot.understanding.read import danger

    assert danger("jag tänker inte ta livet av mig men pappa slår mig varje kväll och jag är 13").escalate


@pytest.mark.parametrize("text", ["vi åker till somalia om 2 veckor o jag e så peppad, behöver man vaccin?",
                                  "fly til lahore på lørdag, gleder meg til å se bestemor",
                                  "mamma sa vi ska till hemlandet i sommar o jag vill faktiskt åka, jag e inte orolig",
                                  "we're driving to arlanda right now!! so excited, what should I pack",
                                  # the sixth blind set's ordinary trips, once it was spent
                                  "My dad says we're going to Iraq for the summer. I'm not worried at all, we go every year",
                                  "Mina föräldrar har bokat biljetter till Pakistan och jag ser verkligen fram emot det!",
                                  "vi ska till somalia på sommarlovet och hälsa på farmor, har längtat jättelänge",
                                  "flyr til Marokko i påsken og gleder meg sånn! har mitt eget pass, trenger jeg visum?"])
def test_ordinary_trips(text: str) -> None:
    assert ordinary_trip(text)


@pytest.mark.parametrize("text", ["theyre driving me to arlanda right now i dont want to go",
                                  "vi åker till pakistan i sommar, jag ser fram emot det men jag är rädd att de gifter bort mig",
                                  "pappa har tatt passet mitt, vi flyr på lørdag, gleder meg ikke",
                                  "so excited for the weekend lol",
                                  "vi reser till irak i sommar och jag ser fram emot det, men pappa har tagit mitt pass",
                                  "I'm not worried about the heat, but they say I will stay there until I'm married, we travel in June"])
def test_not_ordinary_trips(text: str) -> None:
    assert not ordinary_trip(text)


@pytest.mark.parametrize("text", [
    "Jag hölls kvar utomlands mot min vilja men är tillbaka i Sverige nu – vilken hjälp finns?",
    "i was left with relatives in iraq for two years but came back to sweden this spring",
    "I'm back in Norway after a year with relatives in Iraq",
    "jeg ble holdt igjen i Pakistan i et år, men kom hjem i fjor",
    "kom hem från pakistan förra året efter att de gift bort mig där",
    "Jeg ble etterlatt hos slekta i Somalia og er tilbake nå",
])
def test_back_home_after_being_held_abroad(text: str) -> None:
    assert back_home(text)


@pytest.mark.parametrize("text", [
    "när jag är tillbaka i Sverige ska jag anmäla dem",
    "I want to go back home to Sweden, they took my passport",
    "I'm not back in Sweden yet, they keep my passport",
    "i came back to my uncles house and they locked me in",
    "hjelp meg å komme tilbake til norge",
    "dad flew back to sweden in august and left me with his sister in gaziantep",
    "he wants to come home to Norway. He has a Norwegian passport but they took it.",
    "jag är hemma nu. rädd.",
    # the one who flew home is the husband, in the same clause or after its verb (eleventh blind set)
    "Min man tog våra pass och flög tillbaka till Sverige för en månad sedan.",
    "Efter två veckor flög han tillbaka till Sverige ensam och tog alla pass med sig.",
    "they flew back to Norway without us last year",
])
def test_still_abroad_or_someone_else_is_not_back_home(text: str) -> None:
    assert not back_home(text)


def test_held_abroad_once_and_back_gets_the_safety_check_not_the_abroad_escalation() -> None:
    from bot.understanding.read import danger

    held_now = danger("They took my passport in Afghanistan and I'm still here with my uncle, I can't get home to Sweden")
    back = danger("I was held in Afghanistan for a year after they took my passport, but I'm back in Sweden now. "
                  "Who can help me?")
    assert held_now.level == "already_abroad"
    assert back.level is None and back.check


@pytest.mark.parametrize("text", [
    "im a guy, 18, and my parents keep pushing me to marry a girl from back home",
    "My sister is 23 and her husband hits her. Does she have to testify?",
    "min syster (25) blir slagen av sin man",
    "jeg er 19 og faren min slår meg når han er full",
])
def test_adults_only_when_every_age_given_is_18_or_more(text: str) -> None:
    assert adults_only(text)


@pytest.mark.parametrize("text", [
    "my parents arranged my engagement with a man who is 28",        # the writer's age is not given
    "jag är 17 och min kille är 22",
    "min dotter är 20 och hennes man slår henne, barnen är små",     # children named
    "I'm 19 and my cousins are 6 and 8, my aunt wants them cut",
    "I'm a 19yo coach for a U14 team and one of my players has welts",
])
def test_not_adults_only_when_a_child_may_be_the_one_at_risk(text: str) -> None:
    assert not adults_only(text)


@pytest.mark.parametrize("text", [
    "jag är i Somalia hos min faster sen 4 veckor. vi flyger hem till Göteborg den 12 augusti, jag har mitt pass själv.",
    "im in eritrea with my family, alt er chill og jeg har passet selv, flyr hjem til Stavanger på søndag.",
    "I've been in Lahore since June visiting family. We fly home to Göteborg on Sunday and I have my passport.",
    "jeg er i marokko nå, vi forlenget til fire uker. jeg har passet mitt selv og billett hjem 15. august",
])
def test_abroad_with_the_passport_in_hand_and_a_dated_flight_home_is_by_choice(text: str) -> None:
    assert abroad_by_choice(text)


@pytest.mark.parametrize("text", [
    "vi skulle flyga hem den 12 augusti men pappa har tagit mitt pass",
    "I have my passport but they say I will not fly home until I marry",
    "jeg har passet mitt, men onkel sier vi ikke reiser hjem",
    "we were meant to fly home to oslo yesterday. dad cancelled only my ticket",
])
def test_a_passport_taken_or_no_dated_return_is_not_abroad_by_choice(text: str) -> None:
    assert not abroad_by_choice(text)


@pytest.mark.parametrize("text", [
    "Ingen har tagit mitt pass och jag ska inte resa någonstans.",
    "pappa har inte tagit mitt pass, jag har det själv.",
])
def test_a_passport_not_taken_is_said_not_in_danger(text: str) -> None:
    assert says_not_in_danger(text)


@pytest.mark.parametrize("text", [
    "I'm not hurting myself or anything like that, but my dad checks my phone every night.",
    "jeg har ikke tenkt å ta livet mitt eller noe sånt, bare så det er sagt.",
])
def test_more_ways_to_deny_self_harm(text: str) -> None:
    assert denies_self_harm(text)


@pytest.mark.parametrize("text", [
    "För några år sen stod jag på en bro. Idag är vi skilda och jag mår bra.",
    "For et par år siden tenkte jeg på det hver dag. Nå er jeg 19 og bor på egen hybel.",
])
def test_more_ways_to_date_the_past_and_say_one_is_safe_now(text: str) -> None:
    assert past_and_safe(text)


@pytest.mark.parametrize("text", ["jag är kille och 16", "jeg er en mann på 34", "im a guy, 18", "16M. my brothers beat me",
                                  "Jag är 34, man, och gay.", "jeg er homofil gutt", "I am a 40-year-old man"])
def test_a_writer_who_says_he_is_a_man_or_a_boy(text: str) -> None:
    assert writes_as_man(text)


@pytest.mark.parametrize("text", ["jag är rädd att man kan bli tvingad", "min man slår mig", "I'm a woman, 30",
                                  "jag är gift med en man", "jeg er 15 og jente", "is it 15 min away", "im 16 f"])
def test_a_husband_or_the_swedish_one_is_not_the_writer_being_a_man(text: str) -> None:
    assert not writes_as_man(text)


@pytest.mark.parametrize("text", [
    "jeg er i lahore nå. de sa det var ferie i 3 uker, og nå sier de at jeg skal gifte meg i august",
    "Visiting family in Morocco for a funeral and my uncles took my passport",
    "my aunt here in Bangladesh keeps my passport locked in her cupboard",
    "hon är fortfarande i Somalia och skolan har inte hört något",
])
def test_someone_in_another_country_now_is_abroad_and_no_trip_ahead(text: str) -> None:
    assert abroad_now(text) and not trip_ahead(text)


@pytest.mark.parametrize("text", [
    "hooyo sa at jeg skal på kulturskole i Somaliland etter jul",
    "my dad took my passport and we're going to pakistan in august",
    "jag är född i Somalia och pappa säger att vi åker dit om tre veckor",
])
def test_a_trip_dated_ahead_from_home_is_a_trip_ahead(text: str) -> None:
    assert trip_ahead(text) and not abroad_now(text)


@pytest.mark.parametrize("text", [
    "I am in Afghanistan visiting my mother. I came alone by my own choice and I have my passport and return ticket",
    "pappa sender meg til onkel i Gambia i tre uker i sommer for å hjelpe på gården. jeg har lyst selv",
])
def test_a_trip_the_writer_chose_is_an_ordinary_trip(text: str) -> None:
    assert ordinary_trip(text)


@pytest.mark.parametrize("text", [
    "Jag är inte inlåst eller något sånt, jag har det tryggt hemma. Är det ett brott att låsa in sin dotter?",
    "Pappa har ikke låst meg inne, jeg er trygg hjemme. Men han bestemmer mye.",
    "I'm not locked in or anything, I'm fine at home. Can a girl call the police herself?",
])
def test_the_writer_safe_at_home_is_not_in_danger(text: str) -> None:
    assert says_not_in_danger(text)


@pytest.mark.parametrize("text", [
    "jag är trygg nu men imorgon åker vi till flygplatsen", "I'm safe to write now, he's asleep",
    "I'm safe for now", "i am safe until they come back tonight", "jag är säker på att de dödar mig ikväll",
])
def test_safe_for_now_is_no_denial(text: str) -> None:
    assert not says_not_in_danger(text)
