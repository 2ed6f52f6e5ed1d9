"""The native half of ``dyad`` (Rust, PyO3): use ``dyad.Coder``, which wraps it."""

from typing import List, Optional, Tuple

_Row = Tuple[str, Optional[str], Optional[str], Optional[str], Optional[str]]

class Coder:
    """The coder: embedded lexicons (or those of ``lexicons``), tagger and parser."""

    def __init__(self, lexicons: Optional[str] = None, syntax: bool = True) -> None: ...
    def code_json(self, row: _Row) -> str:
        """The events of one article (id, text, published, url, title) as a JSON array."""
    def code_batch_json(self, rows: List[_Row], threads: Optional[int] = None) -> Tuple[bytes, int]:
        """The events of many articles as JSON Lines, in input order, coded with the GIL
        released, and the length of the longest line."""
