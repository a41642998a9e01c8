"""Translation stage: :mod:`~ansum.translation.translate` (aligned, batched translation
over a Translator) and :mod:`~ansum.translation.guards` (checks of each output)."""
