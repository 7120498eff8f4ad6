"""Literal data behind the demo database (see composition.demo).

`seeds` holds facts copied by hand from the shared seed dataset (localities, named producers,
named products, named buyers), with the seed file each came from. The rest is the material the
demo generator draws from to fill the gaps up to the province's published totals: `pools` (how
many producers to make up, where, and their local specialities), `places` (communes, venues) and
`names` (name parts). The app reads only these modules, never the shared folder.
"""
