"""Literal data behind the demo database (see composition.demo).

`seeds` holds facts copied by hand from the shared seed dataset (localities, named producers,
named products, named buyers), with the seed file each came from. `pools` holds the material the
demo generator draws from to fill the gaps up to the province's published totals: name parts,
communes and local specialities. The app reads only these modules, never the shared folder.
"""
