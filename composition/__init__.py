"""The layer that composes the domains into one product: the app factory, the command line,
each role's home page, account administration, the demo data and the migrations.

It is the only code that imports every domain, and nothing imports it (tests aside).
Beneath it: reports → deals → sales, visitors → booths → events, exhibitors → ocopfair (core).
"""
