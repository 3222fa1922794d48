"""Writing a segment with its postings held in memory, written once at commit.

Whoosh's own writer puts every posting in a pool that it sorts, writes sorted runs of
it to disk whenever the pool reaches its memory limit, and merges those runs at
commit. A build adds releases in order, so the postings of each term come in
document order already: here they are kept per term, packed in two byte strings
(document number, weight and where the value ends; the values themselves), and at
commit only the terms are sorted. Weights are kept as 32-bit floats, as Whoosh's
postings store them. The field lengths are kept in memory too, so that the commit
does not read them back from disk. The segment files are byte for byte those
Whoosh's writer makes of the same documents. A build bounds what its segments hold in
memory at once (:data:`BUILD_MB`, shared by its pipelines) and starts another segment
when a pipeline reaches its share.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PerDocWriter, W3PostingsWriter
from whoosh.fields import Schema
from whoosh.index import FileIndex
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

#: The postings a build holds in memory at most, in MB, over all its pipelines; a pipeline that
#: reaches its share writes its segment and starts another.
BUILD_MB = 640
#: A posting as a field's ``index()`` gives it: term (UTF-8), frequency, weight, encoded value.
Posting = tuple[bytes, int, float, bytes]
#: A posting's head: document number, weight (as Whoosh stores it) and the end of its value.
_HEAD = struct.Struct("<IfI")
#: What a term costs beyond its postings: its key, two byte strings, a dictionary slot.
_TERM_BYTES = 200
#: Each length byte's length, as Whoosh decodes it.
_LENGTHS = [byte_to_length(byte) for byte in range(256)]


class MemoryPool:
    """The postings of one segment by field and term, in document order, packed in bytes."""

    def __init__(self) -> None:
        self._fields: dict[str, dict[bytes, tuple[bytearray, bytearray]]] = {}
        #: What the postings take in memory, in bytes (an estimate a little above the truth).
        self.size = 0

    def add_postings(self, fieldname: str, docnum: int, postings: Iterable[Posting]) -> int:
        """Add a document's postings in one field, documents in order; the sum of their frequencies."""
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
        pack, length, size = _HEAD.pack, 0, 0
        for text, frequency, weight, value in postings:
            found = terms.get(text)
            if found is None:
                found = terms[text] = (bytearray(), bytearray())
                size += _TERM_BYTES + len(text)
            heads, values = found
            if value:
                values += value
                size += len(value)
            heads += pack(docnum, weight, len(values))
            size += _HEAD.size
            length += frequency
        self.size += size
        return length

    def write(self, fieldwriter: W3FieldWriter, schema: Schema, lengths: dict[str, bytearray]) -> None:
        """Write every posting to ``fieldwriter``, fields and terms in order, with its field length."""
        for fieldname in sorted(self._fields):
            terms = self._fields[fieldname]
            column = lengths.get(fieldname)
            fieldwriter.start_field(fieldname, schema[fieldname])
            for text in sorted(terms):
                heads, values = terms[text]
                fieldwriter.start_term(text)
                _write_postings(fieldwriter._postwriter, heads, bytes(values), column)
                fieldwriter.finish_term()
            fieldwriter.finish_field()

    def cleanup(self) -> None:
        """Forget every posting."""
        self._fields.clear()
        self.size = 0


def _write_postings(postwriter: W3PostingsWriter, heads: bytearray, values: bytes, column: bytearray | None) -> None:
    """Give Whoosh's postings writer one term's postings a block at a time, its statistics (highest
    weight, shortest and longest field length) worked out as its ``add_posting`` works them out
    posting by posting; it encodes and writes each block itself, the last when the term ends."""
    postings = list(_HEAD.iter_unpack(heads))
    limit, start = postwriter._blocklimit, 0
    alike: dict[bytes, bytes] = {}  # equal values as one object, which a block's pickle stores once
    for first in range(0, len(postings), limit):
        block = postings[first : first + limit]
        ends = [end for _, _, end in block]
        weights = array("f", [weight for _, weight, _ in block])
        postwriter._ids = array("I", [docnum for docnum, _, _ in block])
        postwriter._weights = weights
        postwriter._values = [alike.setdefault(value, value) for value in _slices(values, start, ends)]
        postwriter._maxweight = max(0, *weights)
        lengths = [] if column is None else [_LENGTHS[byte] for byte in _bytes_at(column, postwriter._ids) if byte]
        postwriter._minlength = min(lengths) if lengths else None  # as Whoosh's length reader answers
        postwriter._maxlength = max(lengths) if lengths else 0
        start = ends[-1]
        if first + limit < len(postings):
            postwriter._write_block()


def _slices(values: bytes, start: int, ends: list[int]) -> Iterator[bytes]:
    """The non-empty values that end at ``ends``, the first starting at ``start``."""
    return (values[a:b] for a, b in zip([start, *ends], ends) if b > a)


def _bytes_at(column: bytearray, docnums: Iterable[int]) -> list[int]:
    """The length bytes of the documents (0 for one past the end: it has no length there)."""
    return [column[docnum] if docnum < len(column) else 0 for docnum in docnums]


class _LengthKeepingWriter(W3PerDocWriter):
    """Whoosh's per-document writer that also keeps each field's length bytes in memory."""

    def __init__(self, codec: W3Codec, storage: Any, segment: Segment) -> None:
        super().__init__(codec, storage, segment)
        self.lengths: dict[str, bytearray] = {}

    def add_field(self, fieldname: str, fieldobj: Any, value: Any, length: int) -> None:
        super().add_field(fieldname, fieldobj, value, length)
        if length:
            column = self.lengths.setdefault(fieldname, bytearray())
            if len(column) < self._docnum:
                column.extend(bytes(self._docnum - len(column)))
            column.append(length_to_byte(length))


class _BuildCodec(W3Codec):
    """Whoosh's codec with its own defaults, whose per-document writer keeps the lengths in memory.

    It is stored in the index as the plain codec, so readers never need this class.
    """

    def per_document_writer(self, storage: Any, segment: Segment) -> _LengthKeepingWriter:
        return _LengthKeepingWriter(self, storage, segment)

    def __reduce__(self) -> tuple[type, tuple[int, int, int]]:
        return W3Codec, (self._blocklimit, self._compression, self._inlinelimit)


class SegmentBuilder(SegmentWriter):
    """A writer of one new segment of an index whose postings stay in memory until :meth:`finish`.

    It takes no lock and writes no table of contents: the build that runs it holds the
    index directory's lock and lists the finished segments itself.
    """

    def __init__(self, ix: FileIndex) -> None:
        super().__init__(ix, _lk=False, codec=_BuildCodec(), compound=False)
        self.pool = MemoryPool()

    @property
    def documents(self) -> int:
        """How many documents the segment has."""
        return self.docnum - self.docbase

    def add_document(self, **fields: Any) -> None:
        """Add a document as Whoosh's writer does, each field's postings to the pool in one call.

        Whoosh's per-document options (``_boost``, ``_stored_<field>``) are unknown fields here,
        and no field has term vectors.
        """
        self._check_state()
        names = sorted(fields)
        self._check_fields(self.schema, names)
        perdocwriter, docnum = self.perdocwriter, self.docnum
        perdocwriter.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = self.schema[name]
                length = self.pool.add_postings(name, docnum, field.index(value)) if field.indexed else 0
                perdocwriter.add_field(name, field, value if field.stored else None, length if field.scorable else 0)
                if field.column_type:
                    perdocwriter.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def finish(self) -> Segment:
        """Write the postings and close the segment's files; the finished segment."""
        self._check_state()
        self._flush_segment()
        self._close_segment()
        self.is_closed = True
        return self.get_segment()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self.pool.write(self.fieldwriter, self.schema, self.perdocwriter.lengths)
        self.fieldwriter.close()
