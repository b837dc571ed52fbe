"""Open data for other systems: the service directory as Open Referral's
Human Services Data Specification (HSDS 3.0), hsds.py."""
