"""Fixed development / held-out splits by hash, for every measured set the project tunes on.

The case bank, the retrieval table and the project's own leader questions are
split this way once and for all: what is tuned may look at the development
part only, and the held-out part stays a figure. A training input (the case
reader is fitted on the bank's development part).
"""

from __future__ import annotations

import hashlib


def in_development(key: str, share: int, buckets: int = 100) -> bool:
    """True for the development part (`share` of `buckets` hash buckets), False for the held-out part.

    The retrieval table was split in tenths and the bank in hundredths; changing either would move
    tuned rows into the held-out part.
    """
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % buckets < share
