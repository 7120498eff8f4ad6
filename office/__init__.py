"""The office that runs the installation: its province profile and first-run setup, its
localities (add, rename, retire, merge, import), its people (accounts, roles, invitations)."""
