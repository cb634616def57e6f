"""The training pages: parse, authorise, call one service, respond.

Every page declares who may use it (the ``Access`` constants of ``training.permissions``), and
looks its programme, cohort or enrolment up through the ``get_*_for_user`` helpers (404 for what
the user may not see, 403 for a change by someone who may only read: a viewer of the provider or
an officer of the linked partnership). Small forms live on the detail pages and post to their own
view; a refused form re-renders the page with that form bound, so nothing typed is lost.
Pages that name participants are never cached.

One module per room: ``programmes``, ``cohorts`` (the board, a cohort and its participants),
``enrolments`` (one participant, and the migrant's own pages), ``certificates`` (the printable
certificate) and ``participant_imports``.
"""
