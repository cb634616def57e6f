"""The skills passport: everything verified about a person, in one place they can share.

Items come from *sources*. The migrants app contributes the language test results on the
profile; training (certificates) and recognition (decisions) register theirs in their
``AppConfig.ready`` through ``migrants.internal.register_passport_source`` (this package imports
neither). Each item has a stable key such as ``"certificate:12"``, ``"decision:5"`` or
``"language:3"``.

The migrant shares a chosen set of items through a link with an expiry of at most
``PassportShare.MAX_DAYS`` days, which they can revoke. The link carries a random token, shown
once; the database keeps only its SHA-256 hash. A shared page re-reads the items live, so a
certificate revoked after sharing shows as revoked, and it shows the holder's initials only.

``selectors`` (the items, the links), ``services`` (create, revoke, open a link), ``forms``,
``views`` and ``urls`` (the owner's pages and the public link pages), ``api`` (shapes, views and
routes under ``/api/v1/migrants/me/passport/``). The model, ``PassportShare``, stays in
``migrants.models``.
"""
