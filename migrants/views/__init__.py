"""The migrant profile pages: parse, authorise, call one service, respond.

``profile`` (the profile, its steps, entries, documents and consents, for the migrant and for
staff reaching it through a consent), ``intake`` (counsellor-assisted registration and the
handover), ``duplicates`` (the officers' review). The passport's and the data rights' pages are
in ``migrants.passport.views`` and ``migrants.rights.views``. Pages hold personal data, so none
of them may be cached (shared computers, proxies).
"""
