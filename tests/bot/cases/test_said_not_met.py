"""bot/cases/said_not_met.py: whether a case says in so many words that a criterion is not met, with the real
words: one side holding the power, the public side carrying out the solution alone, the joint work stopped.

A mistake in those words is named with file and key: tests/bot/cases/test_reading.py."""

from __future__ import annotations

import pytest

from bot.cases.statements import CaseReadingError


@pytest.mark.parametrize(
    "text, words",
    [
        (
            "Vi har fundet problemet og lavet løsningen sammen. Men det er forvaltningen, der har det sidste ord.",
            "Men det er forvaltningen, der har det sidste ord",
        ),
        (
            "Skolen har altid sidste ord, men ellers gør vi alt sammen.",
            "Skolen har altid sidste ord",
        ),
        ("Regionen har vetoret i styregruppen.", "Regionen har vetoret i styregruppen"),
        ("Kun kommunen har stemmeret; foreningerne er rådgivende.", "Kun kommunen har stemmeret"),
        ("Borgerne har ikke stemmeret i gruppen.", "Borgerne har ikke stemmeret i gruppen"),
        ("Når vi stemmer, vinder forvaltningen altid.", "Når vi stemmer, vinder forvaltningen altid"),
        ("De pårørende kommer sjældent til orde.", "De pårørende kommer sjældent til orde"),
        ("I praksis er det lægerne, der styrer møderne.", "I praksis er det lægerne, der styrer møderne"),
        (
            "Fonden har trukket meget i retning af sin egen model.",
            "Fonden har trukket meget i retning af sin egen model",
        ),
        ("Det er reelt kommunen, der bestemmer.", "Det er reelt kommunen, der bestemmer"),
        ("Vejafdelingen besluttede i sidste ende selv.", "Vejafdelingen besluttede i sidste ende selv"),
        ("vi havde dog det afgoerende ord", "vi havde dog det afgoerende ord"),  # without æøå
        (
            "Hver gang der var uenighed, var det overlægen og afdelingsledelsen, der afgjorde det.",
            "Hver gang der var uenighed, var det overlægen og afdelingsledelsen, der afgjorde det",
        ),
        ("Patientforeningen siger, at de følte sig som gæster.", "Patientforeningen siger, at de følte sig som gæster"),
        # the reach of one side's power, not power shared by all
        (
            "Men ledelsen på Bakkegården har sidste ord i alle spørgsmål.",
            "Men ledelsen på Bakkegården har sidste ord i alle spørgsmål",
        ),
        (
            "Men det er forvaltningen, der træffer alle beslutninger.",
            "Men det er forvaltningen, der træffer alle beslutninger",
        ),
        (
            "Virksomhederne siger, at de føler sig som underleverandører.",
            "Virksomhederne siger, at de føler sig som underleverandører",
        ),
        ("Landsbyrådet har flere gange følt sig overhørt.", "Landsbyrådet har flere gange følt sig overhørt"),
        # feeling like suppliers; power held by one side; words that did not weigh as much; the head of the table
        ("De føler sig mere som leverandører end partnere.", "De føler sig mere som leverandører end partnere"),
        ("Det føltes, som om vi havde magten.", "Det føltes, som om vi havde magten"),
        (
            "Rådet følte ikke altid, at deres ord vejede lige så tungt som vores.",
            "Rådet følte ikke altid, at deres ord vejede lige så tungt som vores",
        ),
        ("Borgernes stemmer vejede ikke lige så meget.", "Borgernes stemmer vejede ikke lige så meget"),
        ("Men det var ledelsen, der sad for bordenden.", "Men det var ledelsen, der sad for bordenden"),
        ("Men kommunen brugte sin vetoret uden forhandling.", "Men kommunen brugte sin vetoret uden forhandling"),
        (
            "Til sidst valgte teknisk udvalg på egen hånd at droppe stierne.",
            "Til sidst valgte teknisk udvalg på egen hånd at droppe stierne",
        ),
    ],
)
def test_one_side_holding_the_power_is_found_with_its_clause(settings, text, words):
    assert settings.not_met_in_words(text) == {"equal_partnership": words}


@pytest.mark.parametrize(
    "text",
    [
        # taken back by a negation
        "Det er ikke kommunen, der har det sidste ord – det har ingen.",
        "Vi driver det sammen, uden at nogen part har sidste ord.",
        "Ingen har vetoret i partnerskabet.",
        "Forvaltningen har ikke det sidste ord.",
        # power held by all alike
        "Alle parter har vetoret i styregruppen.",
        "Hver part har vetoret.",
        "Foreningerne har vetoret på lige fod med os.",
        "Vi har aftalt, at beslutningerne træffes i fællesskab, og begge har vetoret.",
        "Alle parter har vetoret i alle beslutninger.",
        "Vi træffer alle beslutninger i fællesskab.",
        "Vi træffer alle beslutninger sammen med foreningen.",  # "vi" may be the partners
        "Forvaltningen træffer ikke alle beslutninger.",
        "Ingen af parterne føler sig overhørt.",
        "Foreningen har nok følt sig som gæst.",  # a doubt
        "Det var ikke forvaltningen, der bestemte.",
        # not about power in the partnership
        "Vi har sammen defineret problemet og lavet løsningen sammen.",
        "Byrådet godkender planen til sidst.",
        # a doubt, not a statement
        "Hvem der reelt bestemte, er jeg i tvivl om.",
        # everyone's words weighing alike; power not held by one side
        "Alle parters ord vejer lige så tungt.",
        "Foreningens stemme vejede lige så meget som vores.",
        "Kommunen har ikke magten alene.",
        "Det er ikke kommunen, der bestemmer.",
        "Alle parter kan bruge deres veto.",
        "Foreningerne skulle ikke bare godkende planen; de var med til at skrive den.",
        "I praksis var det nok vores koordinator, der trak de store beslutninger.",  # a doubt (test_said_unknown.py)
    ],
)
def test_power_shared_or_taken_back_is_not(settings, text):
    assert "equal_partnership" not in settings.not_met_in_words(text)


@pytest.mark.parametrize(
    "text, words",
    [
        (
            "Designet lavede vi sammen med beboerne, men anlæg og drift står kommunen for alene.",
            "men anlæg og drift står kommunen for alene",
        ),
        ("Da ordningen skulle i gang, tog skolen over.", "Da ordningen skulle i gang, tog skolen over"),
        (
            "Løsningen har forvaltningen lavet og driver den selv.",
            "Løsningen har forvaltningen lavet og driver den selv",
        ),
        ("Men implementeringen står vi helt selv for.", "Men implementeringen står vi helt selv for"),
        ("hjemmeplejen koerer det nu alene", "hjemmeplejen koerer det nu alene"),
        # the joint work stopped, shelved or overruled before the solution
        (
            "Men så kom der en politisk beslutning, og arbejdsgruppen blev nedlagt.",
            "Men så kom der en politisk beslutning, og arbejdsgruppen blev nedlagt",
        ),
        ("Planen blev skrinlagt ved budgettet.", "Planen blev skrinlagt ved budgettet"),
        ("Forældrene og SFO'en gik i gang, men skolen stoppede det.", "men skolen stoppede det"),
        ("Det gik helt i stå efter første møde.", "Det gik helt i stå efter første møde"),
        ("Det blev ved snakken.", "Det blev ved snakken"),
        ("Men byggeafdelingen gik videre uden udvalget.", "Men byggeafdelingen gik videre uden udvalget"),
        ("byraadet skrev bagefter politikken om fra bunden", "byraadet skrev bagefter politikken om fra bunden"),
        # the verb first ("… og den driver kommunen alene"), a design made alone, another solution chosen
        ("Og den driver kommunen alene.", "Og den driver kommunen alene"),
        ("Løsningen tegner og udfører vejafdelingen nu selv.", "Løsningen tegner og udfører vejafdelingen nu selv"),
        (
            "Planen, som forvaltningen havde skrevet alene, blev vedtaget.",
            "Planen, som forvaltningen havde skrevet alene, blev vedtaget",
        ),
        ("Men byrådet vedtog en helt anden løsning.", "Men byrådet vedtog en helt anden løsning"),
        # the plan written by the public side after the others' input
        ("Bagefter skrev forvaltningen politikken.", "Bagefter skrev forvaltningen politikken"),
        # put out to tender or fixed in the contract the provider works to
        (
            "Bagefter besluttede byrådet at sende driften i udbud.",
            "Bagefter besluttede byrådet at sende driften i udbud",
        ),
        (
            "Indholdet stod i vores udbud og i den rammeaftale, vi underskrev.",
            "Indholdet stod i vores udbud og i den rammeaftale, vi underskrev",
        ),
        (
            "Vi fastlagde åbningstider, krav og afregning i kontrakten.",
            "Vi fastlagde åbningstider, krav og afregning i kontrakten",
        ),
        # a choice between what the public side made
        (
            "Kommunen har lavet tre forslag, og borgerne har kunnet stemme om dem i en app.",
            "Kommunen har lavet tre forslag, og borgerne har kunnet stemme om dem i en app",
        ),
        (
            "Vi lader beboerne stemme om, hvilken farve bænkene får.",
            "Vi lader beboerne stemme om, hvilken farve bænkene får",
        ),
    ],
)
def test_the_public_side_carrying_out_alone_or_stopping_the_work_is_found_with_its_clause(settings, text, words):
    assert settings.not_met_in_words(text) == {"design_implement_together": words}


@pytest.mark.parametrize(
    "text",
    [
        "Vi driver det nu sammen med foreningen.",
        "Kommunen står ikke alene for driften.",
        "Foreningen driver caféen selv.",  # the partner alone is not the public side alone
        "Vi har designet og gennemført løsningen sammen med borgerne.",
        # work that goes on
        "Arbejdsgruppen blev aldrig nedlagt; vi fortsætter.",
        "Samarbejdet gik ikke i stå, selv om vi manglede penge.",
        "Frafaldet blev stoppet, da klubben og kommunen sammen fik lavet et nyt tilbud.",
        "Projektet lå stille i et halvt år, men nu er vi i gang igen.",
        "Planen har vi ikke lavet alene.",
        "Tilbuddet driver foreningen selv.",  # the partner alone
        "Hvem der gør hvad, har vi aftalt, og nu gennemfører vi det sammen.",
        # voting among designs made together; voting on everything (a question of power)
        "Sammen med foreningen lavede vi tre modeller, og borgerne kunne stemme om dem.",
        "I styregruppen kan vi stemme om alt.",
        "Løsningen er ikke lavet af kommunen alene, men sammen med beboerne.",
        "Vi har skrevet en samarbejdsaftale sammen med foreningen.",
        "Bagefter skrev vi sammen med foreningen en ny strategi.",
        # not settled yet: unknown, not "nej" (test_said_unknown.py)
        "Hvem der skal føre den ud i livet, er endnu ikke afklaret.",
        "Løsningen har vi dog endnu ikke lavet.",
        # an open answer; a frame fixed beforehand, the content made together
        "Resultatet var ikke givet på forhånd; vi fandt det sammen.",
        "Rammen var givet på forhånd, men indholdet har vi udviklet sammen med foreningen.",
        "Løsningen blev udviklet sammen med borgerne, efter at budgettet var lagt fast i forvejen.",
    ],
)
def test_carrying_out_together_by_others_or_going_on_is_not(settings, text):
    found = settings.not_met_in_words(text)
    assert "design_implement_together" not in found and "define_together" not in found


def test_said_not_met_names_only_criteria_the_rules_know(settings):
    settings.check_criteria(["public_private", "equal_partnership", "define_together", "design_implement_together"])
    with pytest.raises(
        CaseReadingError, match="case_reading.yml: 'said_not_met' names unknown criteria: equal_partnership"
    ):
        settings.check_criteria(["public_private", "define_together", "design_implement_together"])


E, D, I = "equal_partnership", "define_together", "design_implement_together"  # noqa: E741


@pytest.mark.parametrize(
    "text, criteria",
    [
        # an answer fixed beforehand (a forprogrammeret proces): the problem was not defined together, no one else
        # had a say, nor was the solution made together
        ("Konklusionen er reelt skrevet i forvejen.", (E, D, I)),
        ("Men alle trin og svar var bestemt på forhånd af fritidsafdelingen.", (E, D, I)),
        ("Målet, problemet og selve modellen var besluttet af direktionen på forhånd.", (E, D, I)),
        # the others only there to approve, comment or fill in: a token role, and no design made together
        ("Eleverne skulle bare validere den.", (E, I)),
        ("Deltagerne skulle blot udfylde detaljerne.", (E, I)),
        ("De kunne kun prioritere mellem vores forslag.", (E, I)),
    ],
)
def test_a_process_that_leaves_the_others_no_say_meets_several_criteria_not(settings, text, criteria):
    words = text.rstrip(".")
    assert settings.not_met_in_words(text) == {cid: words for cid in criteria}


@pytest.mark.parametrize(
    "text, words",
    [
        # the partners, said in passing, to be the public side's own people
        (
            "Ungdomsrådet har lavet alt sammen med os. De unge er for øvrigt ansat i kommunens fritidsjobordning.",
            "De unge er for øvrigt ansat i kommunens fritidsjobordning",
        ),
        ("Hjælperne var alle ansat hos os som vikarer.", "Hjælperne var alle ansat hos os som vikarer"),
        (
            "De frivillige var faktisk medarbejdere fra borgerservice.",
            "De frivillige var faktisk medarbejdere fra borgerservice",
        ),
        (
            "Ildsjælene er vores egne pædagogmedhjælpere, der har brændt for det.",
            "Ildsjælene er vores egne pædagogmedhjælpere, der har brændt for det",
        ),
        (
            "Deltagerne er social- og sundhedselever i lønnet praktik.",
            "Deltagerne er social- og sundhedselever i lønnet praktik",
        ),
        (
            "Holdet bruger to timer af deres arbejdstid hver fredag.",
            "Holdet bruger to timer af deres arbejdstid hver fredag",
        ),
        # the joint work never begun
        (
            "Invitationerne til foreningerne er endnu ikke sendt ud.",
            "Invitationerne til foreningerne er endnu ikke sendt ud",
        ),
        ("Vi har dog aldrig holdt et eneste møde med klubben.", "Vi har dog aldrig holdt et eneste møde med klubben"),
        ("Grundejerforeningen takkede nej til at være med.", "Grundejerforeningen takkede nej til at være med"),
        ("Borgergruppen oploeste sig inden opstart", "Borgergruppen oploeste sig inden opstart"),  # without æøå
        # the public side only giving leave or lending a room; public bodies alone; citizens only receiving
        (
            "Kommunens eneste rolle var at give dem tilladelse til at bruge pladsen.",
            "Kommunens eneste rolle var at give dem tilladelse til at bruge pladsen",
        ),
        ("Vores rolle har været at låne dem gymnastiksalen.", "Vores rolle har været at låne dem gymnastiksalen"),
        (
            "Arbejdet er foregået mellem regionens afdeling og kommunens jobcenter.",
            "Arbejdet er foregået mellem regionens afdeling og kommunens jobcenter",
        ),
        ("Borgerne deltager kun som modtagere af tilbuddet.", "Borgerne deltager kun som modtagere af tilbuddet"),
        # paid by the public side; the first meeting still ahead; the others gone before it; only a lender
        ("Hjælperne får løn via kommunens lønkontor.", "Hjælperne får løn via kommunens lønkontor"),
        ("De to er i øvrigt af vores kontorelever.", "De to er i øvrigt af vores kontorelever"),
        (
            "Opstartsmødet med foreningerne er planlagt til 2027.",
            "Opstartsmødet med foreningerne er planlagt til 2027",
        ),
        ("Vores kick-off er sat efter sommerferien.", "Vores kick-off er sat efter sommerferien"),
        ("Invitationen til beboerne går ud i næste uge.", "Invitationen til beboerne går ud i næste uge"),
        (
            "Klubben meldte fra, inden vi overhovedet nåede at holde et møde.",
            "Klubben meldte fra, inden vi overhovedet nåede at holde et møde",
        ),
        ("Fra centret har vi stået lidt på sidelinjen.", "Fra centret har vi stået lidt på sidelinjen"),
        ("Mit bidrag har været at låne dem nøglen.", "Mit bidrag har været at låne dem nøglen"),
        ("Vi har givet borgerne lov til at bruge salen.", "Vi har givet borgerne lov til at bruge salen"),
    ],
)
def test_partners_said_to_be_own_staff_or_never_taking_part_are_found_with_their_clause(settings, text, words):
    assert settings.not_met_in_words(text) == {"public_private": words}


@pytest.mark.parametrize(
    "text",
    [
        "De frivillige er ikke ansat hos os, de kommer fra foreningen.",
        "Deltagerne var medarbejdere fra kommunen og borgere fra bydelen.",  # a partner in the list
        "Medarbejderne bruger af deres arbejdstid sammen med beboerne.",
        "Men det er kun vores egne medarbejdere, der driver modellen.",  # who carries it out, not who takes part
        "Invitationerne er sendt ud, og de første møder er holdt.",
        "Vi har aldrig haft så mange gode møder med foreningen.",
        "Vores rolle var at give borgerne lige meget at sige.",
        "Samarbejdet foregik mellem kommunens folk og beboerne.",
        "Borgerne var med fra start og er ikke bare modtagere.",
        "Deltagerne er vores egne elever fra 9. klasse.",  # pupils are the school's users, not its staff
        "Første møde var i marts, og siden har vi mødtes hver uge.",  # a meeting held
        "Inden vi nåede at mødes, havde foreningen allerede lavet en skitse.",
        "Vi har ikke stået på sidelinjen, men været med hele vejen.",
    ],
)
def test_partners_taking_part_or_staff_beside_them_are_not(settings, text):
    assert "public_private" not in settings.not_met_in_words(text)
