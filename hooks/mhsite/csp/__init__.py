"""The Content-Security-Policy of deploy/nginx.conf: the templates' inline
scripts and their hashes (policy.py)."""
