"""Names that two sides of the project must spell alike, defined once.

The intents, actions and slots the code acts on are declared in domain.yml
for Rasa; here they get one Python name each, and `make validate` (through
bot.assistant) fails when domain.yml no longer declares one of them. The
REST channel (channels/rest.py, inside the Rasa server) and the terminal
tools that talk to it (tools/demo.py, tools/shell.py) share the secret header
and its variable; the demo names its conversations with a prefix that the
insight report leaves out. The channels import Rasa and the tools must not,
so the names live here, in the library both import.
"""

from __future__ import annotations


class Intents:
    """Intents the code acts on (domain.yml)."""

    AFFIRM = "affirm"
    DENY = "deny"
    GREET = "greet"
    GOODBYE = "goodbye"
    THANKS = "thanks"
    CAPABILITIES = "ask_capabilities"
    EXAMPLES = "ask_examples"
    MORE = "ask_more"
    SOURCES = "ask_sources"
    IS_IT_COCREATION = "ask_is_it_cocreation"
    WHICH_FORM = "ask_which_form"
    WHICH_PHASE = "ask_which_phase"
    PHASE_MODEL = "ask_phase_model"
    STEP_HELP = "ask_step_help"
    SKIP_STEP = "skip_step"
    GO_BACK = "go_back"
    STOP = "stop"
    DELETE = "delete_conversation"
    QUIZ = "quiz"
    QUIZ_ANSWER = "quiz_answer"
    OUT_OF_SCOPE = "out_of_scope"
    # Rasa's own: what FallbackClassifier predicts below its threshold (never declared in domain.yml).
    FALLBACK = "nlu_fallback"


class Actions:
    """Actions the code names (domain.yml; the last five are Rasa's own)."""

    ANSWER = "action_answer"
    ASSESS = "action_assess"
    YES_NO = "action_yes_no"
    RECOMMEND = "action_recommend"
    PHASE_GUIDE = "action_phase_guide"
    CONFIRM_DELETE = "action_confirm_delete"
    LEDETRAADE_FORM = "ledetraade_form"  # the walk-through, a Rasa form
    LEDETRAADE_START = "action_ledetraade_start"
    LEDETRAADE_VALIDATE = "validate_ledetraade_form"
    LEDETRAADE_HELP = "action_ledetraade_help"
    LEDETRAADE_BACK = "action_ledetraade_back"
    LEDETRAADE_STOP = "action_ledetraade_stop"
    LEDETRAADE_SUMMARY = "action_ledetraade_summary"
    QUIZ_START = "action_quiz_start"
    QUIZ_ANSWER = "action_quiz_answer"
    STOP = "action_stop"
    ASK_AFFIRMATION = "action_default_ask_affirmation"
    ASK_REPHRASE = "action_default_ask_rephrase"
    DEFAULT_FALLBACK = "action_default_fallback"
    TWO_STAGE_FALLBACK = "action_two_stage_fallback"
    LISTEN = "action_listen"


class Slots:
    """Slots the code reads or sets (domain.yml), besides the walk-through's own (data/knowledge/guided/)."""

    LAST_ENTRY = "last_entry"
    ASSESSMENT = "assessment"
    RECOMMENDATION = "recommendation"
    QUIZ = "quiz"
    DELETE_PENDING = "delete_pending"
    # The marker that makes the tracker store delete the conversation (store/tracker_store.py).
    DELETE_REQUESTED = "delete_requested"
    # Rasa's own: the slot a form asks for next.
    REQUESTED = "requested_slot"


class ChannelMessages:
    """Texts in data/knowledge/conversation.yml that the input channels answer with themselves."""

    EMPTY = "input_empty"
    TOO_LONG = "input_too_long"
    UNREADABLE = "input_unreadable"
    TECHNICAL_ERROR = "technical_error"
    NO_SESSION = "webchat_no_session"
    REQUEST_NOT_OBJECT = "request_not_object"
    REQUEST_BAD_SENDER = "request_bad_sender"
    REQUEST_BAD_MESSAGE = "request_bad_message"
    REQUEST_BAD_METADATA = "request_bad_metadata"
    REQUEST_UNAUTHORIZED = "request_unauthorized"
    REQUEST_NOT_JSON = "request_not_json"
    REQUEST_TOO_LARGE = "request_too_large"
    ENGLISH_NOTE = "english_note"


# Rasa's own names, which domain.yml need not declare.
RASA_INTENTS = frozenset({Intents.FALLBACK})
RASA_ACTIONS = frozenset({Actions.TWO_STAGE_FALLBACK, Actions.LISTEN})
RASA_SLOTS = frozenset({Slots.REQUESTED})


def declared(namespace: type) -> dict[str, str]:
    """A namespace's names and their values (Intents → {"AFFIRM": "affirm", …})."""
    return {key: value for key, value in vars(namespace).items() if key.isupper() and isinstance(value, str)}


# The REST channel's shared secret: the environment variable it is read from and the request header it travels in.
SECRET_ENV = "REST_SHARED_SECRET"
SECRET_HEADER = "X-Samskabelse-Secret"

# `make report` leaves conversations with this prefix out (trainers' demos are not real use).
DEMO_SENDER_PREFIX = "demo-"
