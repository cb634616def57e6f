"""The data subject's rights over a migrant profile: a copy of everything (GDPR art. 15 and 20)
and erasure (art. 17), for the person themself.

``selectors`` (what the copy holds), ``services`` (export, erase), ``forms``, ``views`` and
``urls`` (the pages under ``/migrants/profile/``), ``api`` (``/api/v1/migrants/me/export/`` and
``.../me/erase/``).
Other apps' part of an erasure registers in ``migrants.hooks.ERASURE_HOOKS``, their part of the
copy in ``migrants.hooks.EXPORT_SECTIONS`` (each from its own ``erasure``/``export`` module).
"""
