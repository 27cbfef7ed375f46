"""generated — do not edit; source schema/, regenerate with `nox -s schema`
(scripts/generate_protocol.py).

Every protocol model lives in :mod:`.models`; import them from
``spindle_protocol.models``, which re-exports this module."""
