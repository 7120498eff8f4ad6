"""Notices people read in the app and by e-mail, their delivery worker, reminders and personal
calendar feeds (issue 18). The outbox rows are written by ocopfair.notices, below the domains;
this package reads and sends them, so it sits above every domain."""
