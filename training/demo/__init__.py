"""Demo training: programmes, cohorts and enrolments for the seed corridors of the GFMD 2020
paper, run by the demo training providers.

- An ICT bootcamp in Casablanca on a home and an away track (ICT Skills Academy Casablanca,
  provider@demo.example.org), funded per trainee by Enabel and the Moroccan ministry. PALIM, the
  pilot it continues, is concluded in the partnerships demo and its ledger is closed, so the
  bootcamp belongs to a follow-up partnership created here through the partnerships services,
  with the academy as training provider. Five cohorts: completed (with 3-, 6- and 12-month
  outcomes), in training, recruiting, planned and cancelled.
- Building services installers (electricians and plumbers, ISCO-08 7411 and 7126) trained to the
  German standard in Prizren for the Kosovo Skills Partnership for Mobility, on both tracks.
- A nursing adaptation course in Cologne (a compensation measure for recognition, away track
  only) for Filipino nurses of the Germany-Philippines agreement; the Cologne school joins the
  partnership as training provider, added by the German officer who governs it.
- Pre-departure orientation in Colombo and Kathmandu (no certification, away track only).

Providers marked "(demo)" are illustrative; each has a staff login with the demo password
(provider@, provider.xk@, provider.de@, provider.lk@ and provider.np@demo.example.org). The
trainees are the demo migrants of each corridor (``migrants.demo``): those with a login consent
on the portal to the provider keeping their profile (the counselling consent) and apply; those
the academy registered in person already hold it. Each provider also registers a newcomer or
two in person, with what the counsellor noted at intake; only a few, since most demo people
signed up themselves. The demo login migrant@demo.example.org (Amina Haddad) finished the
bootcamp's first cohort: her certificate is on her skills passport and verifiable at /verify/.

Everything goes through the training services as the provider's staff would, in the order a
real cohort runs; the services' notices to trainees are skipped (as in ``recognition.demo``).
Then the training's own dates are set back: the day each trainee completed is the cohort's last
day, and follow-ups are dated when they fell due. Certificates keep the day of seeding, like the
verified qualification they put on the profile. Cohort dates are relative to the day of seeding.

Trainees, statuses, tracks and outcomes are drawn from fixed seeds per programme, so every run
on the same demo migrants plans the same. A programme that exists already (same provider and
title) is left alone, so a second run creates nothing.
"""

from training.demo.seeding import seed

__all__ = ["seed"]
