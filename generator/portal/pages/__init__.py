"""The portal's pages, one module per kind of visitor; app.py puts their handlers under their URLs.

- common.py  what every handler uses: the Web object (office, templates, unit links), who is asking, forms, downloads
- login.py   the home redirect, login, logout, a unit's personal link
- unit.py    a unit's month: its tasks, uploads and receipts, evidence, extension requests
- clerk.py   the clerk's board and its actions, the audit log
- staff.py   the month as inspectors (and the clerk) read it, its sources, its documents

Every page that changes something is a POST form carrying the session's CSRF token; ids in URLs are looked up in the
database and checked against who is asking (another unit's submission is 403); periods are compared with the known
months; downloads are chosen from lists we make. Nothing from a request becomes a path.
"""
