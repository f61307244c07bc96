"""Replies of the guided flows (assessment, recommendation, phase guide, ledetråde walk-through).

Each flow's rules come from bot.flows.guided_rules; the texts from the YAML rule base.
State that must survive between turns is returned as plain dicts for Rasa slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from bot.cases.reading_result import Reading
from bot.flows import quiz as quiz_flow
from bot.flows.answers import Advisor, BotMessage, Button, Reply, payload
from bot.flows.assessment import assess, explain
from bot.flows.cues import prepare
from bot.flows.guided_rules import GuidedRules
from bot.flows.phases import find_phase
from bot.flows.recommendation import merge, recommend, signals
from bot.names import Intents
from bot.text_safety import inert
from bot.vocabulary import canonical_entities

QUIZ_VERDICT_ENTITY = "quiz_verdict"
MIN_CASE_WORDS = 6
# Questions a leader may ask in the middle of the walk-through, besides the topic intents.
FLOW_QUESTION_INTENTS = frozenset(
    {Intents.WHICH_FORM, Intents.WHICH_PHASE, Intents.IS_IT_COCREATION, Intents.SOURCES, Intents.MORE}
)


@dataclass(frozen=True)
class YesNo:
    """What a Ja/Nej outside the walk-through answered (`answered`), and what follows from it.

    DELETION: `confirmed` says whether the conversation goes; the caller deletes or keeps it.
    QUIZ or ASSESSMENT: `reply` to send and the flow's new `state`.
    """

    answered: str
    confirmed: bool | None = None
    reply: Reply | None = None
    state: dict | None = None


DELETION, ASSESSMENT, QUIZ = "deletion", "assessment", "quiz"


class GuidedReplies:
    def __init__(self, advisor: Advisor, guides: GuidedRules) -> None:
        self.advisor = advisor
        self.rules = guides
        self.kb = advisor.kb

    # -- shared ----------------------------------------------------------
    def _entities(self, raw: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
        return canonical_entities(self.advisor.vocabulary, raw)

    def _source_line(self, source_ids: Iterable[str]) -> str:
        names = []
        for sid in source_ids:
            name = self.kb.sources[sid].name
            if name not in names:
                names.append(name)
        return self.kb.message("source_line").text.format(source="; ".join(names))

    def _entry_button(self, entry_id: str) -> Button:
        return Button(self.kb.entries[entry_id].title, self.advisor.entry_payload(entry_id))

    # -- Er det samskabelse? ---------------------------------------------
    def assessment_start(self, text: str, reading: Mapping[str, Any] | None) -> tuple[Reply, dict | None]:
        """The verdict on a described case (read by the NLU, bot/cases/reading.py), a question, or a request for one."""
        rules = self.rules.assessment
        parsed = Reading.from_dict(reading)
        if parsed is None or len(prepare(text).split()) < MIN_CASE_WORDS:
            criteria = self.kb.entries[rules.criteria_entry]
            message = BotMessage(rules.texts["need_case"], (self._entry_button(criteria.id),))
            return Reply((message,)), None
        return self._assessment_step({"text": text, "reading": parsed.as_dict(), "answers": {}, "asked": 0})

    def assessment_answer(self, state: Mapping[str, Any], yes: bool) -> tuple[Reply, dict | None]:
        state = dict(state)
        state["answers"] = {**state.get("answers", {}), state["pending"]: yes}
        return self._assessment_step(state)

    def _assessment_step(self, state: dict) -> tuple[Reply, dict | None]:
        rules = self.rules.assessment
        result = assess(
            rules, state["text"], Reading.from_dict(state.get("reading")), state.get("answers"), state.get("asked", 0)
        )
        if result.verdict is None:
            new_state = {**state, "pending": result.next_question, "asked": state.get("asked", 0) + 1}
            return Reply((self._assessment_question(result.next_question),)), new_state
        pattern_entries = [p.entry for p in rules.patterns if p.id in result.patterns]
        sources = [rules.source] + [self.kb.entries[e].source for e in pattern_entries]
        lines = [rules.headlines[result.verdict], *explain(rules, result), "", self._source_line(sources)]
        entry_ids = pattern_entries[:2] + [rules.criteria_entry]
        if result.step is not None:
            entry_ids.append(rules.staircase_entry)
        buttons = tuple(self._entry_button(e) for e in dict.fromkeys(entry_ids))
        return Reply((BotMessage("\n".join(lines), buttons),)), None

    def _assessment_question(self, criterion: str) -> BotMessage:
        rules = self.rules.assessment
        buttons = (
            Button(rules.texts["yes_button"], payload(Intents.AFFIRM)),
            Button(rules.texts["no_button"], payload(Intents.DENY)),
        )
        return BotMessage(rules.texts["question_intro"].format(question=rules.criterion(criterion).question), buttons)

    def answer_yes_no(
        self,
        intent: str,
        text: str,
        deletion_pending: bool,
        assessment_state: Mapping[str, Any] | None,
        quiz_state: Mapping[str, Any] | None,
    ) -> YesNo:
        """A Ja/Nej answers, in this order: the deletion question just asked, the assessment's open question,
        the running quiz's card; with none of them open it says there is nothing to answer."""
        if deletion_pending:
            confirmed = self.advisor.delete_choice(intent, text)
            if confirmed is not None:
                return YesNo(DELETION, confirmed=confirmed)
        if not (assessment_state and assessment_state.get("pending")) and self.quiz_running(quiz_state):
            reply, state = self.quiz_answer(quiz_state, text)
            return YesNo(QUIZ, reply=reply, state=state)
        reply, state = self.yes_no(intent, assessment_state)
        return YesNo(ASSESSMENT, reply=reply, state=state)

    def yes_no(self, intent: str, assessment_state: Mapping[str, Any] | None) -> tuple[Reply, dict | None]:
        """A Ja/Nej outside the walk-through: answers a pending assessment question, if any."""
        if assessment_state and assessment_state.get("pending"):
            return self.assessment_answer(assessment_state, intent == Intents.AFFIRM)
        message = BotMessage(self.rules.assessment.texts["no_pending"], self.advisor.menu_buttons())
        return Reply((message,)), None

    # -- Kursusquiz "Er det samskabelse?" ---------------------------------
    def _quiz_button(self, button: quiz_flow.QuizButton) -> Button:
        """The quiz names what a button does; here it becomes the payload Rasa routes."""
        if button.action == quiz_flow.ANSWER:
            target = payload(Intents.QUIZ_ANSWER, {QUIZ_VERDICT_ENTITY: button.value})
        elif button.action == quiz_flow.READ_MORE:
            target = self.advisor.entry_payload(button.value)
        else:
            target = payload(Intents.STOP if button.action == quiz_flow.STOP else Intents.QUIZ)
        return Button(button.title, target)

    def _quiz_reply(self, step: quiz_flow.QuizStep) -> tuple[Reply, dict | None]:
        messages = tuple(BotMessage(m.text, tuple(self._quiz_button(b) for b in m.buttons)) for m in step.messages)
        return Reply(messages), step.state

    def quiz_start(self) -> tuple[Reply, dict | None]:
        return self._quiz_reply(quiz_flow.start(self.rules.quiz))

    def quiz_answer(self, state: Mapping[str, Any] | None, text: str) -> tuple[Reply, dict | None]:
        """`text` is the button's verdict or what the learner typed ("ja", "delvis")."""
        return self._quiz_reply(quiz_flow.answer(self.rules.quiz, state, text))

    def quiz_running(self, state: Mapping[str, Any] | None) -> bool:
        return quiz_flow.is_running(self.rules.quiz, state)

    def quiz_stop(self, state: Mapping[str, Any] | None) -> tuple[Reply, dict | None]:
        return self._quiz_reply(quiz_flow.stop(self.rules.quiz, state))

    # -- Slet min samtale -------------------------------------------------
    def deletion_kept(
        self,
        assessment_state: Mapping[str, Any] | None,
        quiz_state: Mapping[str, Any] | None,
        in_ledetraade: bool = False,
    ) -> Reply:
        """«Ikke slettet», then the question a Ja/Nej answers next: the open assessment question, else the quiz card.

        In the walk-through the form asks its step again itself.
        """
        messages = list(self.advisor.delete_answer_reply(False).messages)
        if not in_ledetraade:
            pending = (assessment_state or {}).get("pending")
            if any(c.id == pending for c in self.rules.assessment.criteria):
                messages.append(self._assessment_question(pending))
            elif self.quiz_running(quiz_state):
                messages.extend(self._quiz_reply(quiz_flow.current(self.rules.quiz, quiz_state))[0].messages)
        return Reply(tuple(messages))

    # -- Hvilken ledelsesform passer? ------------------------------------
    def recommendation(
        self, text: str, raw_entities: Iterable[Mapping[str, Any]], stored: Mapping[str, list[str]] | None
    ) -> tuple[Reply, dict | None]:
        rules = self.rules.recommendation
        new = signals(text, self._entities(raw_entities))
        known = merge(stored if text.startswith("/") else None, new)
        result = recommend(rules, known)
        if result.question is not None:
            buttons = tuple(
                Button(o.title, payload(Intents.WHICH_FORM, {o.entity: o.value})) for o in result.question.options
            )
            asked = BotMessage(result.question.text, buttons)
            if result.question is not rules.questions["actors"]:
                return Reply((asked,)), known
            # The first question: nothing is known of the situation yet, and the message may have been a
            # general one ("Hvilke ledelsesformer passer til samskabelse?"), so the forms are named first.
            titles = [self.kb.entries[f.entry].title for f in rules.forms]
            start = rules.texts["start"].format(forms=", ".join(titles[:-1]) + " og " + titles[-1])
            source = self.kb.sources[rules.source].name
            line = self.kb.message("source_line").text.format(source=source)
            return Reply((BotMessage(f"{start}\n\n{line}"), asked)), known
        titles = [self.kb.entries[f.entry].title for f in result.forms]
        head = (
            rules.texts["one"].format(form=titles[0])
            if len(titles) == 1
            else rules.texts["two"].format(forms=" og ".join(titles))
        )
        why = rules.texts["why"].format(reasons=" ".join(f.reason for f in result.forms))
        messages = [BotMessage(f"{head}\n{why}")]
        for form in result.forms:
            for entry_id in filter(None, (form.entry, form.extra_entry)):
                messages.extend(self.advisor.entry_reply(entry_id).messages)
        return Reply(tuple(messages), result.forms[0].entry), None

    # -- Hvor er vi i processen? -----------------------------------------
    def phase(self, text: str, raw_entities: Iterable[Mapping[str, Any]]) -> Reply:
        rules = self.rules.phases
        found = find_phase(rules, text, self._entities(raw_entities))
        if found is None:
            buttons = tuple(Button(p.title, payload(Intents.PHASE_MODEL, {"fase": p.id})) for p in rules.phases)
            return Reply(
                (
                    BotMessage(
                        rules.texts["ask"].format(
                            phases=", ".join(p.title for p in rules.phases[:-1]) + " og " + rules.phases[-1].title
                        ),
                        buttons,
                    ),
                )
            )
        entry = self.advisor.entry_reply(found.entry)
        first = BotMessage(
            rules.texts["found"].format(phase=found.title) + "\n\n" + entry.messages[0].text, entry.messages[0].buttons
        )
        return Reply((first,), found.entry)

    # -- De fem ledetråde, trin for trin ----------------------------------
    def side_question_intents(self) -> set[str]:
        return set(self.kb.routes) | FLOW_QUESTION_INTENTS

    def _ledetraade_buttons(self) -> tuple[Button, ...]:
        return tuple(Button(b.title, payload(b.intent)) for b in self.rules.ledetraade.buttons)

    def ledetraade_start(self) -> Reply:
        return Reply((BotMessage(self.rules.ledetraade.texts["start"]),))

    def ledetraade_ask(self, slot: str) -> Reply:
        rules = self.rules.ledetraade
        step = rules.step(slot)
        text = rules.texts["step"].format(number=step.number, question=step.question)
        return Reply((BotMessage(text, self._ledetraade_buttons()),))

    def ledetraade_help(self, slot: str, intent: str = "", entities: Iterable[Mapping[str, Any]] = ()) -> Reply:
        """Hint and example for the step; a question naming one particular entry gets that entry."""
        named = self.advisor.named_entry(intent, entities)
        if named is not None:
            return self.advisor.entry_reply(named)
        step = self.rules.ledetraade.step(slot)
        return Reply((BotMessage(self.rules.ledetraade.texts["help"].format(hint=step.hint, example=step.example)),))

    def ledetraade_back_at_start(self) -> Reply:
        return Reply((BotMessage(self.rules.ledetraade.texts["back_at_start"]),))

    def ledetraade_stopped(self) -> Reply:
        return Reply((BotMessage(self.rules.ledetraade.texts["stopped"], self.advisor.menu_buttons()),))

    def ledetraade_summary(self, answers: Mapping[str, str | None]) -> Reply:
        rules = self.rules.ledetraade
        t = rules.texts
        lines = [t["summary_intro"]]
        markdown = [t["markdown_title"], ""]
        for step in rules.steps:
            # The leader's own text is echoed as plain text: nothing in it may mention, link or format.
            given = answers.get(step.slot) or ""
            answer = (given if given == t["skipped"] else inert(given)) or t["skipped"]
            lines.append(t["summary_line"].format(number=step.number, question=step.question, answer=answer))
            markdown += [f"## {step.number}. {step.question}", "", answer, ""]
        next_lines = [t["next_steps_intro"]] + [f"• {self.kb.entries[e].title}" for e in rules.next_steps]
        markdown += [f"## {t['next_steps_intro'].rstrip(':')}", ""] + [
            f"- {self.kb.entries[e].title}" for e in rules.next_steps
        ]
        buttons = tuple(self._entry_button(e) for e in rules.next_steps)
        return Reply(
            (
                BotMessage("\n".join(lines)),
                BotMessage("\n".join(next_lines) + "\n\n" + self._source_line([rules.source]), buttons),
                BotMessage(t["markdown_intro"] + "\n" + "\n".join(markdown).strip()),
            )
        )
