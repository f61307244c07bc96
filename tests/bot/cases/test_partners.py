"""bot/cases/partners.py: whether a case names an actor outside the public sector, with the real word lists."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from bot.cases.reading_settings import SETTINGS_FILE, load_settings
from bot.cases.statements import CaseReadingError


@pytest.mark.parametrize(
    "text",
    [
        "Borgerne og kommunen har sammen defineret problemet.",
        "Vi samarbejder med Lungeforeningen og et fitnesscenter om træningen.",
        "Paarorende, personalet og en lokal vognmand kører ordningen sammen.",
        "Skolen har lavet det med eleverne og en lokal virksomhed.",
        "Foreningerne er ikke spurgt, men beboerne er med fra start.",  # one mention taken back, one not
        "Vi har sammen med de unge fundet ud af, hvorfor de ikke kommer i klubben.",  # "ikke" about the problem
        # "for" inside a frame is not those served; the list after it takes part
        "Inden for budgettet har pædagoger, forældre og børnene selv tegnet den nye legeplads.",
        "Hjemmeplejen og en lokal købmand har sammen startet en madordning.",
        "Vi har sammen med børn og unge lavet en skatepark.",  # young people, written small
        # men and families as words for people, a village as a party
        "Mændene fra bådelauget og vi har sammen bygget den nye bro.",
        "Vi har sammen med børnefamilierne designet forløbet.",
        "Landsbyrådet og kommunen har sammen lavet en plan for forsamlingshuset.",
        # served first, then a participant later in the sentence
        "Et tilbud til enlige ældre, som vi har lavet sammen med pensionistforeningen.",
        "Sammen med beboerne har vi fundet ud af, hvorfor affaldet hober sig op.",
        # a genitive that names their people, or an organisation's name
        "Borgernes repræsentanter og forvaltningen har sammen defineret problemet.",
        "Sammen med Kirkens Korshær har vi lavet et nyt natvarmested.",
        "Forældrenes bestyrelse og skolen har sammen lavet nye regler for mobiltelefoner.",
        # taking part, not just gaining
        "Borgerne får indflydelse på alt og er med til at drive det nye tilbud.",
        "Borgerne kan deltage i alle beslutninger sammen med forvaltningen.",
        # taking part said by joining them to the work, or by their doing it, without "sammen"
        "Vi har haft beboere, pårørende og frivillige med fra første dag.",
        "Lokalplanen for havnen er skrevet af sejlklubben, fiskerne og planafdelingen.",
        "Parter: kommunen, to grundejerforeninger og en landmand.",
        "Beboerne byggede bålhytten, og vi betalte materialerne.",
        # what the work is about, then who it is done with
        "Kommunen har et samarbejde om klimatilpasning med borgerne og foreningerne.",
        "Kommunen og boligforeningen har samen fundet ud af det, og beboerne har samen med os malet opgangene.",
        "Vi har sammen med de unge undersøgt, hvordan vi får flere med i klubben.",
        "Kommunen har sammen med borgerne kortlagt, hvor der mangler stier.",
        "Kommunen, tre grundejerforeninger og to landmænd har siddet i en styregruppe, hvor alle har én stemme.",
        # doctors outside the public sector: general practitioners
        "Sygehuset og de praktiserende læger har sammen lavet en ny udskrivelsesaftale.",
        "Forebyggelsesteamet og to lægehuse har sammen kortlagt problemet.",
        "Vores afdeling og fire lægepraksisser har i fællesskab designet forløbet.",
        # a list of parties may be long
        "Parter: kommunen, havnen, to fiskeeksportører og den lokale surfklub.",
        # parents named as fathers or mothers; councils of citizens; associations known by their names
        "Vuggestuen og en gruppe fædre fandt sammen ud af, hvorfor fædrene sjældent kom.",
        "Sundhedsplejen og mødrene i området har sammen lavet mødregrupperne.",
        "Ældrerådet og forvaltningen har sammen lavet planen for aktivitetscentret.",
        "Røde Kors og jobcentret har i fællesskab startet en lektiecafé.",
        "Kommunen og DGI har sammen lavet bevægelsesforløbet.",
        # citizens named by their situation, and pupils in compounds
        "Jobcentret og en gruppe sygemeldte har sammen lavet den nye model.",
        "Integrationsafdelingen og en gruppe flygtninge har sammen startet netværket.",
        "Vi har sammen med de hjemløse indrettet varmestuen.",
        "Skolen og skoleeleverne har sammen lavet en ny frikvartersordning.",
        "Lokalsamfundet og kommunen har i fællesskab genåbnet forsamlingshuset.",
        # a branch or a federation of an association is the association, not those it serves
        "Den lokale afdeling af Kræftens Bekæmpelse og sundhedscentret har sammen lavet et nyt tilbud.",
        "En sammenslutning af grundejerforeninger og klimaafdelingen har sammen lavet en dræningsplan.",
        # a village council, not a policy named after villages
        "Landsbyrådet og kommunen har sammen lavet en plan for den tomme skole.",
        # a relative clause on the last of a list serves that one only
        "Vi har sammen med ældreforeningen, en gruppe pårørende og fem borgere, der får hjælp, lavet ordningen.",
        # users renamed as citizens are still citizens
        "Vi har lavet det nye flow sammen med brugerne, det vil sige borgerne i Vestbyen.",
    ],
)
def test_a_named_partner_is_found(settings, text):
    assert settings.names_partner(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ungdomsskolen og kulturskolen har sammen designet et nyt hold. Kun vores egne medarbejdere har været med.",
        "Vi har et tæt partnerskab med nabokommunen og regionen om fælles akutpladser.",
        "Fritidsafdelingen og ejendomscentret har lavet en ny bookingmodel. Foreningerne er ikke spurgt.",
        "Hverken borgere eller foreninger er med i arbejdsgruppen.",
        "Politi, kommune og region har lavet et fælles projekt uden borgere.",
        "Byrådet vedtog planen, og forvaltningen gennemfører den.",
        # those the service is for, not who makes it
        "Sundhedsplejen og jordemoderkonsultationen har lavet et nyt tilbud til gravide familier.",
        "Brandvæsenet og teknisk forvaltning har lavet en ny plan for evakuering af beboerne på plejehjemmet.",
        "Skolen og PPR har et tæt samarbejde om elever med ordblindhed.",
        "Vi har undersøgt, hvorfor så mange ledige ikke dukker op til samtalerne.",
        "Kommunen og regionen har et fælles projekt for unge med angst.",
        # a negation reaches along its list
        "Der er ingen patienter, pårørende eller foreninger med i gruppen.",
        "Hverken de ansatte, borgerne eller erhvervslivet har været spurgt.",
        "Patientforeningen og de pårørende har vi ikke spurgt denne gang.",
        # public words that only look like private actors
        "IT-afdelingen og borgerservice har sammen lavet en ny selvbetjening.",
        "Sygeplejerskerne og fysioterapeuterne på afdelingen har lavet en ny rutine.",
        "Vores to børnehuse bruger for mange vikarer, så vi har lavet en fælles pulje.",
        "Forvaltningen og det kommunale forsyningsselskab har lavet klimaplanen sammen.",
        "Ældre- og sundhedsforvaltningen og familieafdelingen har lavet en fælles indsats.",
        "Lægerne, sygeplejerskerne og lægesekretærerne på afdelingen har sammen lavet en ny stuegang.",
        "Overlægen og sygeplejerskerne har på lige fod udviklet en ny tjekliste.",
        # whose needs or problem it is, not who works on it
        "Forvaltningens medarbejdere har sammen defineret borgernes behov og designet en ny løsning.",
        "Sundhedsplejen og PPR har sammen kortlagt familiernes udfordringer og lavet et nyt forløb.",
        "Tre afdelinger har sammen fundet ud af, hvad patienternes største problem er.",
        "Hjemmeplejen og sygeplejen har sammen omlagt den ældres forløb efter udskrivelsen.",
        # those who gain or lack something by it, or were only talked with
        "Hjemmeplejen og træningsenheden har lavet et nyt forløb, så borgerne hurtigere bliver selvhjulpne.",
        "Ledelsen og medarbejderne har sammen lavet en løsning, som borgerne får glæde af.",
        "Skolens lærere og pædagoger har udviklet en ny model, hvor eleverne får mere bevægelse.",
        "Afdelingen har sammen med ledelsen lavet en ny model, og patienterne oplever nu kortere ventetid.",
        "De ansatte på biblioteket har selv fundet på nye aktiviteter, som borgerne kan deltage i.",
        "Tre kommunale afdelinger har sammen fundet ud af, hvad de unge mangler, og lavet et nyt tilbud.",
        "En intern arbejdsgruppe har defineret problemet ud fra borgerhenvendelser og designet en løsning.",
        "Sagsbehandlerne og afdelingslederne har fundet en ny måde at møde de ledige på.",
        "Vi har talt med mange borgere undervejs, men forvaltningen har selv lavet løsningen.",
        "Sagsbehandlere og ledere har sammen defineret, hvad familierne har brug for.",
        "Medarbejderne og ledelsen har fundet frem til, hvad beboerne savner, og lavet nye aktiviteter.",
        "Kulturforvaltningen og biblioteket har sammen defineret, hvordan vi får flere unge på biblioteket.",
        # named only in a sentence that says nothing of their taking part: target group, gain, told, users
        "Skolen og PPR har sammen lavet en ny fraværsindsats. Forældrene er målgruppen.",
        "Vej og Park og Plan har på lige fod lavet en ny plan. De handlende i bymidten får en bedre by ud af det.",
        "Tandplejen og sundhedsplejen har sammen lavet en ny indsats. Familierne får en folder med posten.",
        "Hjemmeplejen og sygeplejen har sammen designet en ny overlevering. Borgerne blev orienteret bagefter.",
        # ... or in a main clause of its own after "…, og"
        "Skolen og SFO'en har sammen lavet nye regler for frikvarteret, og eleverne skal bare følge dem.",
        # what the work is about, however many words describe them
        "Træningsenheden og hjemmeplejen har lavet en fælles indsats om de mest skrøbelige ældre borgere.",
        # "sammen" only as a word: a "sammenhængende" day is not working together
        "Hjemmeplejen og sygeplejen har lavet en ny plan. De ældre får en mere sammenhængende hverdag.",
        # used by them, not made by them; a meeting for them; what is done for patients
        "Park og Vej og Kultur har sammen bygget en ny skaterbane, og nu bruges den hver aften af de unge fra bydelen.",
        "Dagplejen og sundhedsplejen har lavet et fælles sprogforløb. Forældrene får en folder med hjem og bliver "
        "orienteret på et forældremøde.",
        "Akutafdelingen og røntgen har i fællesskab lavet et nyt patientflow.",
        # whose problem it is ("hos"), and who gains, a word or two after "får"
        "Hjemmeplejen og træningsenheden sidder på lige fod og har sammen fundet ud af, hvordan vi forebygger "
        "ensomhed hos de ældre.",
        "Sygeplejen og jordemødrene har sammen lavet et nyt forløb, hvor familierne får så et bedre tilbud.",
        # nouns of what is done to them ("genindlæggelser af ældre")
        "Regionen og kommunen har sammen set på genindlæggelser af ældre og lavet et nyt forløb.",
        # what is found out about them, after a verb of finding out
        "Regionen og vi har sammen fundet ud af, hvor patienterne falder mellem to stole, og lavet en ny model.",
        "Skolen og PPR har sammen undersøgt, hvornår eleverne melder sig syge, og lavet en ny indsats.",
        # "udsatte" about a place, not people; "relevante" holds no pupil
        "Boligsocial enhed og forvaltningen har sammen lavet en plan for de udsatte boligområder.",
        "Skolen og PPR har sammen lavet relevante tilbud.",
        # staff named after whom they serve, the municipality's own trainees and clubs, a policy named after
        # villages
        "Kulturforvaltningens frivillighedskoordinator og biblioteket har sammen lavet en ny ordning.",
        "Foreningskonsulenten og fritidsafdelingen har sammen lavet en ny hjemmeside.",
        # what is done for associations
        "Fritidsafdelingen og biblioteket vil sammen understøtte foreningslivet med en ny foreningsportal.",
        "Plejecentrets SOSU-elever og deres vejledere har sammen lavet en ny introduktion.",
        "Den kommunale fritidsklub og skolen har sammen lavet et nyt tilbud.",
        "Udvalget og forvaltningen har sammen skrevet en ny landsbypolitik.",
        # ownership, not owners; staff named by where they work; a back-reference to parties named before
        "Skattestyrelsen og vi har arbejdet tæt sammen med fælles ejerskab til den nye vejledning.",
        "Vi har holdt værksteder med sygeplejersker og folk fra regionen, og de samme folk afprøver nu ideerne.",
        "Styrelsen og kommunen har lavet metoden sammen på tværs af de to organisationer.",
        # a department named with capitals, not the young people or the elderly
        "Børn og Unge og Sundhed og Ældre har sammen lavet en ny indsats.",
        "Vi i Boern og Unge har sammen med jobcentret lavet et forløb.",
        # users renamed as the organisation's own people; citizens only sent on by them
        "IT-afdelingen har lavet portalen sammen med brugerne – altså sagsbehandlerne i familieafdelingen.",
        "Vi har lavet et nyt flow sammen med vores brugere, det vil sige medarbejderne fra jobcentret.",
        "Brugerne – altså pædagogerne og medhjælperne i vores huse – har sammen defineret udfordringen.",
        "Vi har samskabt rutinen med brugerne – altså social- og sundhedsassistenterne, der bruger systemet.",
        # renamed as the public side's own people elsewhere in the case
        "Brugerne var med hele vejen, og vi har sammen lavet planen. Brugerne er her de ansatte på centrene.",
        "Vi har sammen med lokalsamfundet lavet indsatsen. Med lokalsamfundet mener jeg de kommunale enheder.",
        "Vi har lavet det sammen med brugerne. Det er de ansatte, som vi kalder brugerne.",
        "Vi har sammen med jobcentret, der sender borgere videre til os, lavet en ny modtagelse.",
        # those it is aimed at, and what makes them unsafe; those it helps
        "Nyankomne kvinder var målgruppen for vores nye møder, som sprogcentret og vi holder sammen.",
        "Patienterne var hele tiden vores pejlemærke, da vi sammen lavede samtalen.",
        "Vi kortlagde sammen, hvad der gør folk utrygge om aftenen.",
        "Vi vil sammen med byggesagsafdelingen hjælpe boligejere med at energirenovere.",
        # staff named as volunteers or pupils employed by the municipality, in a clause of their own
        "Vi har lavet det sammen med de frivillige. De frivillige er vores egne medarbejdere fra dagvagten.",
        "Vi har sammen med de frivillige lavet velkomstture. De frivillige er kolleger fra andre afdelinger.",
        "Vi har lavet caféen sammen med eleverne, som er ansat hos kommunen under uddannelsen.",
        # "as equals"; a unit or an effort named after families; a village as the place; those asked about
        "Vi har som ligemænd udviklet en ny vagtplan på tværs af afsnittene.",
        "Familiecentret og sundhedsplejen har sammen lavet en ny familieindsats.",
        "I en af vores landsbyer har skolen og biblioteket sammen indrettet et læsehjørne.",
        "Skolen og vi har sammen indkredset, hvad der får de unge til at droppe ud.",
        "Vi interviewede tolv pårørende, og sagsbehandlerne og vi har sammen lavet den nye pjece.",
    ],
)
def test_no_partner_when_only_public_actors_or_negated_mentions(settings, text):
    assert not settings.names_partner(text)


@pytest.mark.parametrize(
    "text",
    [
        "Regionen er slet ikke med i det.",
        "Det kører helt uden kommunen.",
        "Ingen offentlige myndigheder deltager.",
        "Vi blander os ikke i, hvad de vælger.",
        "Kun kommunale medarbejdere sidder i gruppen.",
        "Bestyrelsen i klubben bestemmer helt selv.",
        "Forvaltningen har trukket sig fra projektet.",
        "Borgerne er ikke inddraget endnu.",
        "Vi har ikke haft pårørende, frivillige eller foreninger med.",
        "Kommunen deltager ikke i møderne.",
        "Der er ingen andre med i gruppen.",
    ],
)
def test_a_party_said_to_take_no_part_is_found(settings, text):
    assert settings.partners.says_absent(text)


@pytest.mark.parametrize(
    "text",
    [
        # negations about power or the problem, not about who takes part
        "Kommunen har ingen vetoret i styregruppen.",
        "Ingen part har det sidste ord.",
        "Det er ikke forvaltningen, der bestemmer.",
        "Pengene giver ikke kommunen mere magt.",
        "Vi fandt sammen ud af, hvorfor de unge ikke kommer.",
        "Beboerne, boligselskabet og kommunen har sammen lavet grønne gårde.",
    ],
)
def test_no_party_said_to_take_no_part(settings, text):
    assert not settings.partners.says_absent(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kommunen og idrætsforeningen har sammen lavet en ny hal.",
        "erhvervsafd. og handelsforeningen har sammen lavet en plan",
        "miljoeafd + dykkerklubben rydder op sammen",
        "Vi har sammen med beboerne lavet nye bede.",  # the leader's own public body
        "Sagsbehandlerne og de ledige har sammen lavet et nyt forløb.",
        "Ungdomsklubben og de unge har sammen lavet en café.",
        "Landsbyrådet og jeg har sammen lavet en plan.",
        "dagtilbuddet og forældrene definerede sammen problemet",
        "klimasekr. og energifællesskabet i landsbyen har lavet det sammen",
        "integrationsomr. og en lokal kulturforening har sammen lavet en indsats",
        # an administration by its common short name
        "TMF, Landboforeningen og lodsejerne har sammen sat målet for vådområderne.",
        "Idrætsforeningerne og Kultur & Fritid har sammen designet planen.",
    ],
)
def test_a_public_actor_is_named(settings, text):
    assert settings.names_public(text)


@pytest.mark.parametrize(
    "text",
    [
        "Røde Kors og en idrætsforening har sammen fundet problemet og kører nu et nyt tilbud.",
        "Beboerne og grundejerforeningen har selv plantet en frugtlund på fællesarealet.",
        "To virksomheder og en fond har i et ligeværdigt partnerskab lavet et nyt tilbud til unge.",
        "Ældre Sagens lokalafdeling og to kirker har sammen startet en besøgsordning.",  # an association's branch
        # a housing association's section and its board; a board is no agency ("bestyrelse", not "styrelse");
        # "vores" naming a place, not the leader's body
        "Beboerne i afdeling 7 og afdelingsbestyrelsen har sammen lavet en vaskeklub.",
        "Bestyrelsen i grundejerforeningen og naboerne har sammen ryddet stien.",
        "Spejderne og en fond har sammen bygget en shelter i vores lokalområde.",
    ],
)
def test_no_public_actor_where_only_citizens_associations_or_businesses_act(settings, text):
    assert not settings.names_public(text)
    assert settings.names_partner(text)  # they do name partners outside the public sector


def test_partner_words_are_the_sentence_naming_one_when_no_one_stays_out(settings):
    text = "Vi har et nyt mødested. Foreningen og kommunen laver det sammen. Ingen har vetoret."
    assert settings.partner_words(text) == "Foreningen og kommunen laver det sammen"  # as written, not folded
    assert settings.partner_words("Foreningen laver det. Kommunen er ikke med.") is None  # someone stays out
    assert settings.partner_words("Nabokommunen og regionen laver det sammen.") is None  # no partner named
    assert dataclasses.replace(settings, partners=None).partner_words("Foreningen og kommunen laver det.") is None


@pytest.mark.parametrize(
    "text, words",
    [
        # a partner left out of a part only: both sectors still take part where the case says so
        (
            "Foreningen og kommunen har sammen lavet løsningen. "
            "Men problemet definerede vi, foreningen var ikke med til det.",
            "Foreningen og kommunen har sammen lavet løsningen",
        ),
        (
            "Vi har sammen med Ældre Sagen tegnet et nyt tilbud. Udrulningen har vi klaret selv, uden foreningen.",
            "Vi har sammen med Ældre Sagen tegnet et nyt tilbud",
        ),
        # a public body staying out, those named acting alone, or the naming itself leaving out
        ("Foreningen har sammen med os lavet løsningen. Kommunen er ikke med i driften, uden foreningen.", None),
        ("Foreningen og borgerne har gjort det helt selv.", None),
        (
            "Politiet og beredskabet har lavet en plan. Vi har ikke haft borgere, barejere eller foreninger med.",
            None,
        ),
    ],
)
def test_partner_words_where_someone_is_left_out(settings, text, words):
    assert settings.partner_words(text) == words


@pytest.mark.parametrize(
    "change, message",
    [
        ({"actors": []}, "'partners.actors' must be a non-empty list"),
        ({"unit_names": ["boern og unge"]}, "'partners.unit_names' must be a non-empty list of names starting with"),
        ({"unit_names": "Boern og Unge"}, "'partners.unit_names' must be a non-empty list"),
        ({"unit_names": ["Børn og Unge"]}, "'partners.unit_names' must be spelled out"),
        ({"actors": ["Borger"]}, "'partners.actors' must be folded"),
        ({"negated_before": "(ikke"}, "'partners.negated_before'"),
        ({"negated_after": None}, "'partners.negated_after' must be a pattern"),
        ({"served_before": None}, "'partners.served_before' must be a pattern"),
        ({"possessive": ""}, "'partners.possessive' must be a pattern"),
        ({"served_after": "(oplever"}, "'partners.served_after'"),
        ({"list_glue": "(,"}, "'partners.list_glue'"),
        ({"absent": "ikke med"}, "'partners.absent' must be a non-empty list"),
        ({"absent": ["Ikke med"]}, "'partners.absent' must be folded"),
        ({"together": None}, "'partners.together' must be a non-empty list"),
        ({"together": ["(sammen"]}, "'partners.together'"),
        ({"acts_after": ["byggede"]}, "'partners.acts_after' must be a pattern"),
        ({"joined_before": ["Med"]}, "'partners.joined_before' must be folded"),
        ({"public_bodies": None}, "'partners.public_bodies' must be a pattern"),
        ({"absent_between": None}, "'partners.absent_between' must be a pattern"),
        ({"public_absent": ["<public> (ikke"]}, "'partners.public_absent'"),
        ({"public_absent": ["<public> Ikke med"]}, "'partners.public_absent' must be folded"),
        ({"public_party": None}, "'partners.public_party' must be a pattern"),
        ({"party_joiner": "(,"}, "'partners.party_joiner'"),
        ({"party_stops": "Hvor"}, "'partners.party_stops' must be folded"),
        ({"public_units": []}, "'partners.public_units' must be a non-empty list"),
        ({"public_units": ["Skole"]}, "'partners.public_units' must be folded"),
        ({"public_named": None}, "'partners.public_named' must be a non-empty list"),
        ({"public_named": ["Kommun"]}, "'partners.public_named' must be folded"),
    ],
)
def test_a_partners_mistake_names_the_file_and_key(tmp_path, change, message):
    data = yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))
    data["partners"].update(change)
    path = tmp_path / "case_reading.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CaseReadingError) as raised:
        load_settings(path)
    assert str(path) in str(raised.value) and message in str(raised.value)
