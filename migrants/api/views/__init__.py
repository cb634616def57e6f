"""Migrants API: parse, authorise, call one service, respond.

Most endpoints exist twice: under ``/me/`` for the caller's own profile, and under
``/profiles/{pk}/`` for a profile the caller reaches through a consent (counselling, recognition
share). One class serves both; ``urls.py`` says per route whose profile it is (``whose``) and
who may call it (``access``). Every view resolves the profile first (404 for what the caller may
not see; 403 for what they may only read) before it reads the body, so a stranger learns nothing
from validation errors. The services check again under their own lookups and own every business
rule.

``base`` (shared pieces), ``profiles`` (the profile, intake, handover), ``entries`` (education,
skills, languages, experience, qualifications and their documents, disability), ``consent``.
The passport's and the data rights' endpoints are in ``migrants.passport.api`` and
``migrants.rights.api``.
"""
