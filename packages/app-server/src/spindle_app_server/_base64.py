"""Strict standard base64, failing with the reference's messages.

The reference decodes ``dataBase64`` (``fs/writeFile``) and ``deltaBase64``
(``command/exec/write``) with a canonical, padded standard-alphabet decoder and puts the
decoder's error text into its JSON-RPC error, e.g. ``Invalid symbol 33, offset 0.``,
``Invalid padding`` or ``Invalid last symbol 108, offset 2.``. Python's decoder accepts and
rejects the same inputs but says other things, so the input is checked here first, in the
same order as the reference's decoder checks it:

0. when the length is 1 or 5 modulo 8, a last byte that is neither data nor ``=``;
1. every byte before the last group of eight must be a data symbol (``=`` included as bad);
2. in the last group, ``=`` may only close a quad after two or three symbols and nothing
   may follow it;
3. a last quad of one symbol is a bad length; the data and padding must fill whole quads;
   and the bits the last symbol carries beyond the last whole byte must be zero.
"""

from __future__ import annotations

import base64
import binascii

__all__ = ["Base64Error", "decode_standard"]

_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_PAD = ord("=")
_GROUP = 8
# Whole bytes decoded from the number of symbols in the last group.
_BITS_KEPT = {0: 0, 2: 8, 3: 16, 4: 24, 6: 32, 7: 40, 8: 48}


class Base64Error(ValueError):
    """Not canonical standard base64; ``str()`` is the reference's description."""


def _bad_symbol(offset: int, byte: int) -> Base64Error:
    return Base64Error(f"Invalid symbol {byte}, offset {offset}.")


def decode_standard(text: str) -> bytes:
    """Decode ``text`` or raise :class:`Base64Error` with the reference's message."""
    data = text.encode("utf-8")
    length = len(data)
    if length % _GROUP in (1, 5) and data[-1] != _PAD and data[-1] not in _ALPHABET:
        # A length that can never decode: the decoder first names a garbage last byte
        # (typically a trailing newline).
        raise _bad_symbol(length - 1, data[-1])
    start = ((length + _GROUP - 1) // _GROUP - 1) * _GROUP if length else 0
    for offset in range(start):
        if data[offset] not in _ALPHABET:
            raise _bad_symbol(offset, data[offset])
    _check_last_group(data, start)
    try:
        return base64.b64decode(data, validate=True)
    except binascii.Error as exc:  # pragma: no cover - the checks above are stricter
        raise Base64Error(str(exc)) from None


def _check_last_group(data: bytes, start: int) -> None:
    padding = 0
    first_pad = 0
    symbols = 0
    accumulated = 0
    last_symbol = 0
    for i, byte in enumerate(data[start:]):
        if byte == _PAD:
            if i % 4 < 2:
                raise _bad_symbol(start + (first_pad if padding else i), byte)
            if not padding:
                first_pad = i
            padding += 1
            continue
        if padding:
            raise _bad_symbol(start + first_pad, _PAD)
        if byte not in _ALPHABET:
            raise _bad_symbol(start + i, byte)
        last_symbol = byte
        accumulated = (accumulated << 6) | _value(byte)
        symbols += 1
    if symbols % 4 == 1:
        raise Base64Error(f"Invalid input length: {len(data)}")
    if (padding + symbols) % 4:
        raise Base64Error("Invalid padding")
    spare = symbols * 6 - _BITS_KEPT[symbols]
    if accumulated & ((1 << spare) - 1):
        raise Base64Error(f"Invalid last symbol {last_symbol}, offset {start + symbols - 1}.")


def _value(byte: int) -> int:
    if 65 <= byte <= 90:
        return byte - 65
    if 97 <= byte <= 122:
        return byte - 71
    if 48 <= byte <= 57:
        return byte + 4
    return 62 if byte == ord("+") else 63
