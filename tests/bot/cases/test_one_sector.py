"""bot/cases/partners.py: whether only one sector takes part, no public body or public bodies alone, with the
real word lists (ReadingSettings.one_sector)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, words",
    [
        (
            "Foreningen og Brugsen kører det sammen. Kommunen er slet ikke involveret. Er det samskabelse?",
            "Kommunen er slet ikke involveret",
        ),
        ("Vi i kommunen blander os ikke, de styrer det selv.", "Vi i kommunen blander os ikke, de styrer det selv"),
        ("Beboerne har bygget det hele. Ingen offentlige aktører var med.", "Ingen offentlige aktører var med"),
        ("Tre foreninger har lavet en festival – helt uden kommunen.", "helt uden kommunen"),
        ("Kommunens tandpleje er ikke med.", "Kommunens tandpleje er ikke med"),
        ("ingen fra kommunen eller regionen deltager", "ingen fra kommunen eller regionen deltager"),
        # "vi" and "os": the leader's own public body
        (
            "En forening og et firma har lavet en app, helt uden os. Vi overvejer at bruge den.",
            "En forening og et firma har lavet en app, helt uden os",
        ),
        (
            "Foreningen bestemmer alt selv, og vi er ikke med i arbejdet.",
            "Foreningen bestemmer alt selv, og vi er ikke med i arbejdet",
        ),
        ("De beslutter alt. Vi blander os ikke.", "Vi blander os ikke"),
        ("Kommunen er ikke involveret på nogen måde.", "Kommunen er ikke involveret på nogen måde"),
        ("Vi er ikke på nogen måde med.", "Vi er ikke på nogen måde med"),
        ("Kommunen har slet ikke været med.", "Kommunen har slet ikke været med"),
        # "inde over" written apart as often as "indover"
        ("Kommunen har ikke været inde over på nogen måde.", "Kommunen har ikke været inde over på nogen måde"),
        ("Vi har aldrig været inde over det.", "Vi har aldrig været inde over det"),
        (
            "Foreningerne har genoprettet åen, uden at kommunen eller andre myndigheder har været med.",
            "Foreningerne har genoprettet åen, uden at kommunen eller andre myndigheder har været med",
        ),
        ("Kommunen har intet med det at gøre.", "Kommunen har intet med det at gøre"),
        # the public side only supporting what the others run on their own (selvbestemmelse)
        (
            "Beboerne har selv startet en natteravne-ordning. Vi har lånt dem et lokale og givet et skulderklap.",
            "Vi har lånt dem et lokale og givet et skulderklap",
        ),
        (
            "Kommunen har givet byggetilladelse og rost dem på Facebook. Alt andet bestemmer de helt selv.",
            "Kommunen har givet byggetilladelse og rost dem på Facebook",
        ),
        (
            "BUF, TMF og SSP har sammen defineret problemet med utryghed.",
            "BUF, TMF og SSP har sammen defineret problemet med utryghed",
        ),
        # known only from outside; a compound public body or a unit; standing outside
        (
            "De har bygget det op sammen. Vi i sundhedsafdelingen har kun hørt om det i lokalavisen.",
            "Vi i sundhedsafdelingen har kun hørt om det i lokalavisen",
        ),
        ("Socialforvaltningen har ikke været involveret.", "Socialforvaltningen har ikke været involveret"),
        (
            "vi blev først opmærksomme på det da det stod i avisen",
            "vi blev først opmærksomme på det da det stod i avisen",
        ),
        (
            "Integrationsafdelingen er ikke en del af samarbejdet.",
            "Integrationsafdelingen er ikke en del af samarbejdet",
        ),
        ("Jobcentret er ikke part i det.", "Jobcentret er ikke part i det"),
        (
            "Kommunen har ikke været indblandet i nogen del af det.",
            "Kommunen har ikke været indblandet i nogen del af det",
        ),
        ("Kommunen står uden for; de kører det selv.", "Kommunen står uden for"),
        # a clause's word order; no need of the public side; nobody from it; told when it was done
        ("Er det samskabelse, selvom vi ikke har været med?", "Er det samskabelse, selvom vi ikke har været med"),
        ("De har ikke haft brug for os.", "De har ikke haft brug for os"),
        (
            "Ingen fra dagtilbud eller kommunen har været invovleret.",
            "Ingen fra dagtilbud eller kommunen har været invovleret",
        ),
        (
            "Vi fik det bare at vide, da de inviterede børnehaverne.",
            "Vi fik det bare at vide, da de inviterede børnehaverne",
        ),
        (
            "Vi i klimaafdelingen fik først kendskab til det, da de sendte en invitation.",
            "Vi i klimaafdelingen fik først kendskab til det, da de sendte en invitation",
        ),
        # public bodies alone: however equal and shared, a collaboration inside the public sector is one sector
        (
            "Tandplejen, sundhedsplejen og to af vores dagtilbud har i fællesskab lavet en ny indsats mod huller i "
            "tænderne hos småbørn.",
            "Tandplejen, sundhedsplejen og to af vores dagtilbud har i fællesskab lavet en ny indsats mod huller i "
            "tænderne hos småbørn",
        ),
        (
            "Vi har et ligeværdigt partnerskab mellem beredskabet, politiet og kommunens vej og park om "
            "glatførebekæmpelse. Borgerne får besked via sms.",
            "Vi har et ligeværdigt partnerskab mellem beredskabet, politiet og kommunens vej og park om "
            "glatførebekæmpelse",
        ),
        (
            "Psykiatrien og vi sidder sammen om hver eneste udskrivning.",
            "Psykiatrien og vi sidder sammen om hver eneste udskrivning",
        ),
        (
            "Ergoterapeuterne og visitatorerne i ældreafdelingen har sammen lavet nye retningslinjer for "
            "hjælpemidler til aeldre borgere.",
            "Ergoterapeuterne og visitatorerne i ældreafdelingen har sammen lavet nye retningslinjer for "
            "hjælpemidler til aeldre borgere",
        ),
        # professions whose names are also verbs, named as parties
        (
            "Skolens lærer og sundhedsplejersken har sammen lavet forløbet.",
            "Skolens lærer og sundhedsplejersken har sammen lavet forløbet",
        ),
        (
            "En planlægger og en sagsbehandler har sammen lavet en ny plan.",
            "En planlægger og en sagsbehandler har sammen lavet en ny plan",
        ),
        # compounds ("nabokommunen", "socialforvaltningen", "naboinstitutionen"), a unit's name with "og", and a
        # list after "når"
        (
            "Nabokommunen og regionen kører det sammen på lige fod.",
            "Nabokommunen og regionen kører det sammen på lige fod",
        ),
        (
            "Teknik og miljø og skoleforvaltningen har i fællesskab lavet nye skoleveje.",
            "Teknik og miljø og skoleforvaltningen har i fællesskab lavet nye skoleveje",
        ),
        (
            "Dagplejen og naboinstitutionen har sammen lavet en legestue.",
            "Dagplejen og naboinstitutionen har sammen lavet en legestue",
        ),
        (
            "Er det samskabelse, når biblioteket og borgerservice sammen har lavet en ny skranke?",
            "Er det samskabelse, når biblioteket og borgerservice sammen har lavet en ny skranke",
        ),
        # the public side only told afterwards
        (
            "Idrætsforeningen og to fonde har bygget en ny bane. Vi i kultur og fritid hørte først om det bagefter.",
            "Vi i kultur og fritid hørte først om det bagefter",
        ),
        ("Beboerne klarede det hele selv; vi fik bare besked bagefter.", "vi fik bare besked bagefter"),
        # the public body "was not there"
        (
            "Spejderne og lodsejerne har sammen lavet en ny sti. Regionen var der ikke.",
            "Regionen var der ikke",
        ),
        # the public body there only for the opening
        (
            "Tre foreninger har sammen bygget en bålhytte. Vi fra forvaltningen kom til indvielsen.",
            "Vi fra forvaltningen kom til indvielsen",
        ),
        ("Beboerne og spejderne har bygget broen. Borgmesteren klippede snoren.", "Borgmesteren klippede snoren"),
        # neither of the public bodies; the public side withdrawn, without a role, or not even aware
        (
            "Lauget og to firmaer byggede kajen. Hverken kommune eller havn var med.",
            "Hverken kommune eller havn var med",
        ),
        (
            "Klubben driver hallen nu, og kommunen har trukket sig helt.",
            "Klubben driver hallen nu, og kommunen har trukket sig helt",
        ),
        ("De unge styrer budgettet selv. Forvaltningen har trukket sig.", "Forvaltningen har trukket sig"),
        ("Menighedsrådet og spejderne laver det. Forvaltningen har ingen rolle.", "Forvaltningen har ingen rolle"),
        ("To foreninger har lavet en festival. Kommunen kender ikke til det.", "Kommunen kender ikke til det"),
        ("Naboerne har plantet træerne. Vi deltager ikke.", "Vi deltager ikke"),
        # the public body named first, or after "haft"
        ("Beboerne har bygget huset. Kommunen har vi ikke haft med.", "Kommunen har vi ikke haft med"),
        (
            "Beboerne har bygget huset, og vi har slet ikke haft kommunen med.",
            "Beboerne har bygget huset, og vi har slet ikke haft kommunen med",
        ),
        (
            "Beboerrådet bestemmer nu alt, og vi er helt ude af det.",
            "Beboerrådet bestemmer nu alt, og vi er helt ude af det",
        ),
        # only the public side's own staff
        (
            "Ældreforvaltningen samarbejder om en ny model. Det er kun kommunale medarbejdere, der deltager.",
            "Det er kun kommunale medarbejdere, der deltager",
        ),
        ("Kun vores egne medarbejdere har været med.", "Kun vores egne medarbejdere har været med"),
        # the partners renamed as the public side's own staff: who they are, said by the case
        (
            "Vi har lavet en ny aftenrutine med brugerne – altså social- og sundhedsassistenterne. De har designet "
            "den sammen med ledelsen.",
            "Vi har lavet en ny aftenrutine med brugerne – altså social- og sundhedsassistenterne",
        ),
        (
            "Vi har lavet en ny portal sammen med brugerne. Brugerne er her de ansatte i borgerservice.",
            "Brugerne er her de ansatte i borgerservice",
        ),
        # staff renamed as volunteers, or as pupils employed by the municipality
        (
            "Vi har lavet det sammen med de frivillige. De frivillige er vores egne medarbejdere fra dagvagten.",
            "De frivillige er vores egne medarbejdere fra dagvagten",
        ),
        (
            "Vi kører caféen sammen med en gruppe elever, som er ansat hos kommunen under uddannelsen.",
            "Vi kører caféen sammen med en gruppe elever, som er ansat hos kommunen under uddannelsen",
        ),
        # the others never took part: nobody came, they withdrew before the start, not asked yet
        (
            "Vi inviterede foreningerne til tre møder. Der dukkede ingen op, så vi lavede det selv.",
            "Der dukkede ingen op, så vi lavede det selv",
        ),
        ("Klubben trak sig dog inden første møde.", "Klubben trak sig dog inden første møde"),
        (
            "Klubberne meldte fra inden første møde, fordi de manglede trænere.",
            "Klubberne meldte fra inden første møde, fordi de manglede trænere",
        ),
        (
            "Ansøgningen skrev vi her i huset, og virksomhederne har vi ikke talt med endnu.",
            "Ansøgningen skrev vi her i huset, og virksomhederne har vi ikke talt med endnu",
        ),
        (
            "Vi har tegnet processen. Invitationen sendes ud efter sommerferien.",
            "Invitationen sendes ud efter sommerferien",
        ),
        (
            "Budgettet blev skåret, så administrationen skrev politikken selv.",
            "Budgettet blev skåret, så administrationen skrev politikken selv",
        ),
        # found out only once it ran; only supporting what the others do among themselves
        ("Vi havde kaffe og kage klar – der kom ingen.", "der kom ingen"),
        (
            "Der kom ikke et eneste svar, så terapeuterne og jeg har lavet det.",
            "Der kom ikke et eneste svar, så terapeuterne og jeg har lavet det",
        ),
        (
            "Klubberne sprang fra, inden vi nåede at holde første møde.",
            "Klubberne sprang fra, inden vi nåede at holde første møde",
        ),
        ("Vi hørte om det i lokalavisen.", "Vi hørte om det i lokalavisen"),
        (
            "Vi har bare givet pengene. Frivillige fra to kirker har selv stablet en natcafé på benene.",
            "Vi har bare givet pengene",
        ),
        (
            "Vi har lavet programmet sammen med de frivillige. De frivillige er alle sammen ansatte her i "
            "forvaltningen.",
            "De frivillige er alle sammen ansatte her i forvaltningen",
        ),
        (
            "Vi har lavet botten sammen med de unge. De unge er kontorelever hos os.",
            "De unge er kontorelever hos os",
        ),
        (
            "Vi har bygget caféen op sammen med ildsjælene. Ildsjælene er social- og sundhedsassistenter herfra huset.",
            "Ildsjælene er social- og sundhedsassistenter herfra huset",
        ),
        (
            "Forløbet blev aflyst, og vejafdelingen lavede chikaner på egen hånd.",
            "Forløbet blev aflyst, og vejafdelingen lavede chikaner på egen hånd",
        ),
        (
            "Vi overvejede at invitere pårørenderådet, men endte med at lave retningslinjerne i ledelsesgruppen.",
            "Vi overvejede at invitere pårørenderådet, men endte med at lave retningslinjerne i ledelsesgruppen",
        ),
        ("Vi opdagede det først, da det var i gang.", "Vi opdagede det først, da det var i gang"),
        (
            "Beboerne fandt det på. De har sammen lavet madplan og indkøbshold. Vi har lånt dem fælleslokalet.",
            "Vi har lånt dem fælleslokalet",
        ),
        (
            "En gruppe borgere og løbeklubben har sammen lavet et træningskoncept. Kommunen har ellers bare heppet.",
            "Kommunen har ellers bare heppet",
        ),
        ("Kvinderne definerede selv behovet og byggede det op. De fik et tilskud hos os.", "De fik et tilskud hos os"),
        (
            "De har sammen formuleret, hvad der mangler. Vores socialrådgivere kender til det og henviser familier.",
            "Vores socialrådgivere kender til det og henviser familier",
        ),
        # the local police, the gymnasium and the leisure clubs are public bodies too; "samspil" is joint work
        (
            "Skolerne, fritidsklubberne og lokalpolitiet sad sammen fra begyndelsen.",
            "Skolerne, fritidsklubberne og lokalpolitiet sad sammen fra begyndelsen",
        ),
        (
            "Vores lærere og gymnasiet har bygget besøgsdagene op i fællesskab.",
            "Vores lærere og gymnasiet har bygget besøgsdagene op i fællesskab",
        ),
        (
            "Vi har haft et godt samspil mellem sprogcentret, jobcentret og sundhedsplejen.",
            "Vi har haft et godt samspil mellem sprogcentret, jobcentret og sundhedsplejen",
        ),
        # the municipality's own recycling site and depot
        (
            "Vejteamet, genbrugspladsen og materielgården har sammen lavet en ny ordning for asfalt.",
            "Vejteamet, genbrugspladsen og materielgården har sammen lavet en ny ordning for asfalt",
        ),
        # offices and trades of a municipality: coordinators, heads, care staff, police officers, service units
        (
            "Skolelederen, SSP-koordinatoren og to betjente fra nærpolitiet har sammen lagt en plan for sommeren.",
            "Skolelederen, SSP-koordinatoren og to betjente fra nærpolitiet har sammen lagt en plan for sommeren",
        ),
        (
            "Hjemmehjælperne, sosu-assistenterne og visitatoren har i fællesskab tegnet nye ruter.",
            "Hjemmehjælperne, sosu-assistenterne og visitatoren har i fællesskab tegnet nye ruter",
        ),
        (
            "Kommunale gartnere, driftschefen og ejendomsservice har på lige fod planlagt beplantningen.",
            "Kommunale gartnere, driftschefen og ejendomsservice har på lige fod planlagt beplantningen",
        ),
        # "as equals" and a unit named after families are no partners
        (
            "Familiecentret og sundhedsplejen har som ligemænd og sammen udviklet en ny familieindsats.",
            "Familiecentret og sundhedsplejen har som ligemænd og sammen udviklet en ny familieindsats",
        ),
        # the joint work never began: put off and then done alone, the invitation not sent or awaiting approval,
        # the first joint meeting not yet planned, only the public side working on since it was cancelled
        (
            "Vi ville lave legepladsen sammen med forældrene. Mødet blev udskudt tre gange, og til sidst tegnede "
            "vores gartner den selv.",
            "Mødet blev udskudt tre gange, og til sidst tegnede vores gartner den selv",
        ),
        (
            "Vi vil designe ruterne sammen med cykelklubben. Indbydelsen er endnu ikke sendt ud.",
            "Indbydelsen er endnu ikke sendt ud",
        ),
        (
            "Alt er klar til et forløb med borgerne. Invitationen ligger stadig hos direktøren.",
            "Invitationen ligger stadig hos direktøren",
        ),
        (
            "Vi skal sammen med landsbyrådet sætte dagsordenen. Det første fællesmøde er endnu ikke planlagt.",
            "Det første fællesmøde er endnu ikke planlagt",
        ),
        (
            "Workshoppen med borgerne blev aflyst, og siden er det kun os i afdelingen, der har arbejdet videre.",
            "Workshoppen med borgerne blev aflyst, og siden er det kun os i afdelingen, der har arbejdet videre",
        ),
        # the others on their own, the public side only lending
        (
            "Spejderne har selv fundet ud af, hvad de ville, og bygget shelteret. Vi lod dem låne grunden.",
            "Vi lod dem låne grunden",
        ),
        # the others withdrew before the first meeting, said the other way round
        (
            "Planen var at gøre det sammen med rideklubben. Før vi nåede at holde det første møde, meldte klubben fra.",
            "Før vi nåede at holde det første møde, meldte klubben fra",
        ),
    ],
)
def test_a_case_where_only_one_sector_takes_part_is_found_with_its_words(settings, text, words):
    """No public body ("kommunen er ikke med"), or public bodies alone ("skolen, PPR og sundhedsplejen")."""
    assert settings.one_sector(text) == words


@pytest.mark.parametrize(
    "text",
    [
        # a phase, not the whole; no longer; about power; others staying out; public bodies taking part
        "Kommunen var ikke med til at definere problemet, men nu designer vi løsningen sammen.",
        "Kommunen er ikke længere med, efter at hallen blev overdraget.",
        "Ingen myndighed har haft det sidste ord.",
        "Borgerne har ikke været med siden høringen.",
        "Kommunen og foreningen har sammen lavet det, og ingen har vetoret.",
        "Vi har lavet det uden kommunens penge, men sammen med forvaltningen.",
        # the public body in the partnership, in a role or on a par with the others
        "Det kunne ikke lade sig gøre uden kommunen.",
        "Vi har gjort det sammen, uden at kommunen bestemmer mere end de andre.",
        "Kommunen er ikke med som myndighed, men som ligeværdig partner.",
        "Kommunen holder sig ikke tilbage.",
        "Vi er ikke kun med for at betale.",
        "Kommunen er ikke med på lige fod med de andre.",
        "Kommunen blander sig ikke mere end de andre parter.",
        # "med" after another verb: who was talked with, not who stays out
        "Vi har ikke drøftet med dem, hvad problemet er; de hjælper til.",
        "Kommunen har ikke talt med foreningerne om det endnu.",
        # a task handed over, not a public body staying out of a partnership
        "Vognmanden får et fast beløb, og vi har ikke mere med det at gøre.",
        "De kører hallen, vi betaler, og vi blander os ikke i hvordan.",
        # public bodies alone not said: a party the words don't know, or an actor outside the public sector in the list
        "Natteravnene og politiet går sammen rundt i byen fredag aften.",
        "Skolen, PPR og Røde Kors har i fællesskab lavet en ny indsats.",
        "Friskolen og kommunen har sammen lavet en ny skolevej.",
        "Kommunen, frivillige medarbejdere og biblioteket har sammen lavet lektiecafeen.",
        # a partner outside the public sector named elsewhere in the case
        "Hjemmeplejen og sygeplejen har sammen lavet et nyt tilbud. Ældresagen er med fra start.",
        "Jobcentret og ungdomsskolen har sammen fundet problemet, og de lokale virksomheder er med til at løse det.",
        # public bodies named, but not as working together
        "Kommunen og regionen har hver deres budget til området.",
        # one public party only
        "Vi har sammen med hjemmeplejen lavet det nye tilbud.",
        # a verb that is also a profession's name: what "we" do, not who takes part
        "Nu planlægger og udfører vi vandløbsprojektet sammen, og alle har lige meget at skulle have sagt.",
        "Nu lærer og arbejder vi sammen om det.",
        # told by the others, and then working together: not staying out
        "Vi fik besked om problemet fra foreningen bagefter, og siden har vi sammen lavet løsningen.",
        # at the opening, and working together too
        "Vi var med til åbningen, som vi har planlagt sammen med foreningen.",
        # withdrawn after a phase together; one of them not aware of a detail; not taking part in one meeting
        "Vi har sammen defineret problemet. Foreningen har så selv lavet tilbuddet, og vi har trukket os ud.",
        "Kommunen ved ikke, hvor mange der kommer, men foreningen og vi planlægger det sammen.",
        "Kommunen og foreningen har sammen lavet en plan, og vi deltager ikke i alle møder.",
        # heard of it and then working together; standing outside one part, or leading from outside
        "Vi hørte kun om det fra foreningen, og så har vi sammen lavet en plan.",
        "Kommunen står uden for og styrer budgettet, mens foreningen og skolen laver resten.",
        # told afterwards, while other public bodies took part; a role, not staying out
        "Forvaltningen hørte først om det bagefter, men på skolen har elevrådet og klubben lavet det sammen.",
        "Vi har ikke været med som myndighed, men som partner.",
        # support beside working together, or support with no one said to run it on their own
        "Kommunen har bevilget pengene. Foreningen har selv fundet på idéen, og så har vi sammen designet forløbet.",
        "Vi har givet et tilskud, og foreningen og vi har sammen lavet planen.",
        # nobody came at first, or a withdrawal after the work together; joint work without a subject, or naming
        # public staff, beside support
        "Der dukkede ingen op første gang, men nu er foreningen med hele vejen.",
        "Klubben trak sig efter to år, da vi sammen havde bygget banen.",
        "Der kom ingen klager, og foreningen og vi har sammen lavet planen.",
        "En fond betaler, og kommunen stiller jorden til rådighed. Problemet blev defineret sammen, og skoven "
        "plantes sammen.",
        "Byrådet har givet os 300.000 kr. Pårørende, personale og en idrætsforening har sammen defineret, hvad der "
        "skal til.",
        # not only staff; staff only in one part, in a case naming partners
        "Det er ikke kun medarbejdere, der deltager – borgerne er med.",
        "Beboerne og vi har sammen lavet modellen, men det er kun vores egne medarbejdere, der driver den.",
        # a withdrawal before the start that a partner taking part follows; a leader of an association
        "Inden vi gik i gang, takkede to foreninger nej, men idrætsforeningen og vi har siden lavet stierne sammen.",
        "Skolelederen og forældrerådet har sammen lavet nye regler for mobiler.",
        "Foreningens koordinator og skolelederen har på lige fod planlagt lejrskolen.",
        "Mødet blev udskudt en uge, men nu bygger vi broen sammen med foreningen.",
        "Vi lod dem låne hallen, og vi har sammen med klubben planlagt stævnet.",
    ],
)
def test_one_sector_is_not_read_where_the_case_does_not_say_so(settings, text):
    assert settings.one_sector(text) is None
