"""SQL tracker store that can forget a conversation ("Slet min samtale").

Deleting rows from inside an action would not work: Rasa saves the turn's
events after the action, and the SQL store would write the whole tracker
back. So the delete action only sets a marker slot, and this store, when it
sees the marker in the turn it is asked to save, deletes every stored event
of that sender instead of saving.
"""
from __future__ import annotations

import logging

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

DELETE_MARKER_SLOT = "delete_requested"


def deletion_requested(tracker: DialogueStateTracker) -> bool:
    """True if the current turn (since the last user message) set the marker slot."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, SlotSet) and event.key == DELETE_MARKER_SLOT and event.value:
            return True
    return False


class PrivacySQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        if not deletion_requested(tracker):
            await super().save(tracker)
            return
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete()
            session.commit()
        logger.info("Deleted a conversation on the user's request (%d events).", deleted)
